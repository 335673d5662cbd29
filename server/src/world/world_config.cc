#include "world/world_config.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace tsunagu::world {
namespace {

using nlohmann::json;
using core::Code;

constexpr float kWireLimitMetres = 327.0f;  // i16 centimetres

auto invalid(const std::string& what) {
  return core::fail(Code::kInvalidArgument, "bad_world_config", "content/world.json: " + what);
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

LocalizedText text_of(const json& j) {
  return LocalizedText{j.value("ja", ""), j.value("en", "")};
}

core::Result<SpaceConfig> parse_space(const json& j) {
  SpaceConfig s;
  s.id = j.value("id", "");
  if (!valid_id(s.id)) return invalid("space id '" + s.id + "' must be [a-z0-9-]{1,32}");
  const std::string where = "space '" + s.id + "': ";
  s.kind = j.value("kind", "plaza");
  s.scene = j.value("scene", s.kind);
  s.name = text_of(j.value("name", json::object()));
  if (s.name.ja.empty() || s.name.en.empty()) return invalid(where + "name needs ja and en");
  s.description = text_of(j.value("description", json::object()));
  s.capacity = j.value("capacity", 50);
  if (s.capacity < 1 || s.capacity > 10000) return invalid(where + "capacity must be 1–10000");
  const json b = j.value("bounds", json::object());
  s.bounds = Bounds{b.value("min_x", -30.0f), b.value("min_z", -30.0f), b.value("max_x", 30.0f),
                    b.value("max_z", 30.0f)};
  if (s.bounds.min_x >= s.bounds.max_x || s.bounds.min_z >= s.bounds.max_z ||
      s.bounds.min_x < -kWireLimitMetres || s.bounds.max_x > kWireLimitMetres ||
      s.bounds.min_z < -kWireLimitMetres || s.bounds.max_z > kWireLimitMetres) {
    return invalid(where + "bounds must be ordered and within ±327 m");
  }
  const json sp = j.value("spawn", json::object());
  s.spawn = Spawn{sp.value("x", 0.0f), sp.value("y", 0.0f), sp.value("z", 0.0f),
                  sp.value("yaw", 0.0f)};
  if (s.spawn.x < s.bounds.min_x || s.spawn.x > s.bounds.max_x || s.spawn.z < s.bounds.min_z ||
      s.spawn.z > s.bounds.max_z) {
    return invalid(where + "spawn must lie inside bounds");
  }
  if (j.contains("stage")) {
    const json st = j["stage"];
    Bounds stage{st.value("min_x", 0.0f), st.value("min_z", 0.0f), st.value("max_x", 0.0f),
                 st.value("max_z", 0.0f)};
    if (stage.min_x >= stage.max_x || stage.min_z >= stage.max_z) {
      return invalid(where + "stage must be an ordered rectangle");
    }
    s.stage = stage;
  }
  for (const auto& z : j.value("zones", json::array())) {
    const json area = z.value("area", z);
    Zone zone{z.value("id", ""), text_of(z.value("name", json::object())),
              Bounds{area.value("min_x", 0.0f), area.value("min_z", 0.0f),
                     area.value("max_x", 0.0f), area.value("max_z", 0.0f)}};
    if (!valid_id(zone.id)) return invalid(where + "zone id '" + zone.id + "' must be [a-z0-9-]{1,32}");
    if (zone.area.min_x >= zone.area.max_x || zone.area.min_z >= zone.area.max_z) {
      return invalid(where + "zone '" + zone.id + "' must be an ordered rectangle");
    }
    s.zones.push_back(std::move(zone));
  }
  const json v = j.value("voice", json::object());
  s.voice = VoiceConfig{v.value("hearing_radius", 15.0f), v.value("max_voices", 8),
                        v.value("meeting_mode", false)};
  if (s.voice.hearing_radius < 1 || s.voice.hearing_radius > 200) {
    return invalid(where + "voice.hearing_radius must be 1–200 metres");
  }
  if (s.voice.max_voices < 1 || s.voice.max_voices > 32) {
    return invalid(where + "voice.max_voices must be 1–32");
  }
  for (const auto& p : j.value("portals", json::array())) {
    s.portals.push_back(Portal{p.value("to", ""), p.value("x", 0.0f), p.value("z", 0.0f),
                               p.value("radius", 1.0f)});
  }
  const std::string access = j.value("access", "public");
  if (access == "public") {
    s.access = Access::kPublic;
  } else if (access == "clinicians") {
    s.access = Access::kClinicians;
  } else if (access == "consultation") {
    s.access = Access::kConsultation;
  } else {
    return invalid(where + "access must be \"public\", \"clinicians\" or \"consultation\", not '" +
                   access + "'");
  }
  s.anonymous_labels = j.value("anonymous_labels", false);
  s.store_chat = j.value("store_chat", true);
  if (s.anonymous_labels && s.store_chat) {
    // A stored line would keep the person behind a label; labels live only as long as a session.
    return invalid(where + "anonymous_labels needs \"store_chat\": false");
  }
  if (s.access == Access::kConsultation && s.store_chat) {
    // Nothing of a consultation is recorded (docs/consultation.md).
    return invalid(where + "a consultation room needs \"store_chat\": false");
  }
  return s;
}

}  // namespace

namespace {
bool inside(const Bounds& b, float x, float z) {
  return x >= b.min_x && x <= b.max_x && z >= b.min_z && z <= b.max_z;
}
}  // namespace

int SpaceConfig::zone_at(float x, float z) const {
  for (std::size_t i = 0; i < zones.size(); ++i) {
    if (inside(zones[i].area, x, z)) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool SpaceConfig::on_stage(float x, float z) const { return stage && inside(*stage, x, z); }

std::string_view access_name(Access access) {
  switch (access) {
    case Access::kClinicians: return "clinicians";
    case Access::kConsultation: return "consultation";
    default: return "public";
  }
}

std::vector<std::string> WorldConfig::consultation_rooms() const {
  std::vector<std::string> out;
  for (const auto& s : spaces) {
    if (s.access == Access::kConsultation) out.push_back(s.id);
  }
  return out;
}

const SpaceConfig* WorldConfig::find(std::string_view id) const {
  for (const auto& s : spaces) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

core::Result<WorldConfig> parse_world_config(std::string_view json_text) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return invalid("not a JSON object");
  WorldConfig world;
  try {
    std::set<std::string> ids;
    for (const auto& j : doc.value("spaces", json::array())) {
      auto space = parse_space(j);
      if (!space) return std::unexpected(space.error());
      // A consultation room is a template: "copies" rooms <id>-1 … <id>-N.
      const int copies = j.value("copies", 1);
      if (j.contains("copies") && space->access != Access::kConsultation) {
        return invalid("space '" + space->id + "': copies is only for consultation rooms");
      }
      if (copies < 1 || copies > 100) return invalid("space '" + space->id + "': copies must be 1–100");
      for (int n = 1; n <= copies; ++n) {
        SpaceConfig copy = *space;
        if (space->access == Access::kConsultation) copy.id += "-" + std::to_string(n);
        if (!valid_id(copy.id)) return invalid("space id '" + copy.id + "' is too long");
        if (!ids.insert(copy.id).second) return invalid("duplicate space id '" + copy.id + "'");
        world.spaces.push_back(std::move(copy));
      }
    }
    if (world.spaces.empty()) return invalid("no spaces");
    world.default_space = doc.value("default_space", world.spaces.front().id);
  } catch (const json::exception& e) {
    return invalid(std::string("wrong type of a field: ") + e.what());
  }
  if (!world.find(world.default_space)) return invalid("default_space does not exist");
  if (world.find(world.default_space)->access != Access::kPublic) {
    return invalid("default_space must be public (everyone starts there)");
  }
  for (const auto& s : world.spaces) {
    for (const auto& p : s.portals) {
      const SpaceConfig* to = world.find(p.to);
      if (!to) {
        return invalid("space '" + s.id + "' has a portal to unknown space '" + p.to + "'");
      }
      if (to->access == Access::kConsultation) {
        return invalid("space '" + s.id + "': no portal leads into a consultation room");
      }
    }
  }
  return world;
}

core::Result<WorldConfig> load_world_config(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return core::fail(Code::kNotFound, "bad_world_config",
                      "cannot read " + path + " (is --content pointing at content/?)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_world_config(text.str());
}

}  // namespace tsunagu::world
