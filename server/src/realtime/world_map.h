#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "world/space.h"
#include "world/world_config.h"

namespace tsunagu::realtime {

// All the spaces of the world and the event loop ("shard") each one lives on. The structure
// is fixed at start-up; a Space itself may only be touched by its shard's thread, but the
// lookups and the space list (with published counts) are safe from any thread.
class WorldMap {
 public:
  WorldMap(const world::WorldConfig& config, int shards, world::AoiSettings aoi = {});

  int shards() const { return shards_; }
  // The shard of a space, or -1 if there is no such space.
  int shard_of(std::string_view space) const;
  // The space with this id, or nullptr. Only its shard's thread may use it.
  world::Space* space(std::string_view id) const;
  std::vector<world::Space*> spaces_of(int shard) const;
  const std::vector<std::unique_ptr<world::Space>>& all() const { return spaces_; }
  const world::WorldConfig& config() const { return config_; }
  // {"spaces":[…]} as in GET /api/spaces.
  std::string spaces_json() const;

 private:
  world::WorldConfig config_;
  int shards_;
  std::vector<std::unique_ptr<world::Space>> spaces_;  // in content order
  std::vector<int> shard_;                              // by the same index
};

}  // namespace tsunagu::realtime
