#include "realtime/world_map.h"

#include <nlohmann/json.hpp>

namespace tsunagu::realtime {

WorldMap::WorldMap(const world::WorldConfig& config, int shards, world::AoiSettings aoi)
    : config_(config), shards_(std::max(1, shards)) {
  // Spaces are dealt to shards in content order; the default space (usually the busiest)
  // goes first, to shard 0.
  int next = 0;
  for (const auto& c : config_.spaces) {
    spaces_.push_back(std::make_unique<world::Space>(c, aoi));
    shard_.push_back(next % shards_);
    ++next;
  }
}

int WorldMap::shard_of(std::string_view space) const {
  for (std::size_t i = 0; i < spaces_.size(); ++i) {
    if (spaces_[i]->config().id == space) return shard_[i];
  }
  return -1;
}

world::Space* WorldMap::space(std::string_view id) const {
  for (const auto& s : spaces_) {
    if (s->config().id == id) return s.get();
  }
  return nullptr;
}

std::vector<world::Space*> WorldMap::spaces_of(int shard) const {
  std::vector<world::Space*> out;
  for (std::size_t i = 0; i < spaces_.size(); ++i) {
    if (shard_[i] == shard) out.push_back(spaces_[i].get());
  }
  return out;
}

std::string WorldMap::spaces_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& space : spaces_) {
    const auto& c = space->config();
    if (c.access == world::Access::kConsultation) continue;  // private rooms are never listed
    list.push_back({{"id", c.id},
                    {"name", {{"ja", c.name.ja}, {"en", c.name.en}}},
                    {"kind", c.kind},
                    {"capacity", c.capacity},
                    {"count", space->published_count()},
                    // who may enter: the client shows a lock, the server refuses a join
                    {"access", world::access_name(c.access)}});
  }
  return nlohmann::json{{"spaces", list}}.dump();
}

}  // namespace tsunagu::realtime
