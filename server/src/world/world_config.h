#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tsunagu::world {

struct LocalizedText {
  std::string ja;
  std::string en;
};

struct Spawn {
  float x = 0, y = 0, z = 0, yaw = 0;  // metres, radians
};

// Axis-aligned walkable area in metres; positions are clamped into it.
struct Bounds {
  float min_x = -30, min_z = -30, max_x = 30, max_z = 30;
};

// A closed voice zone (a talk circle's booth): its voices stay inside it (docs/voice.md).
struct Zone {
  std::string id;
  LocalizedText name;
  Bounds area;
};

// How a space's voice carries (docs/voice.md).
struct VoiceConfig {
  float hearing_radius = 15.0f;  // metres
  int max_voices = 8;            // nearest speakers per listener (the stage not counted)
  bool meeting_mode = false;     // distance ignored in the open area
};

struct Portal {
  std::string to;  // target space id
  float x = 0, z = 0, radius = 1;
};

// Who may enter a space (content `access`). The realtime layer maps each value to a permission
// (auth::Action); the world module itself knows no roles.
enum class Access {
  kPublic,      // "public" (default): everyone who accepted the rules
  kClinicians,  // "clinicians": the doctors' lounge, verified clinicians and trainees
  // "consultation": a private consultation room; only whom the consultation desk placed there
  // (docs/consultation.md). Never listed.
  kConsultation,
};
std::string_view access_name(Access access);

// One space of the world, as described in content/world.json. Immutable once loaded.
struct SpaceConfig {
  std::string id;
  std::string kind;  // plaza, circle, …
  LocalizedText name;
  LocalizedText description;
  std::string scene;  // the client's scene key
  int capacity = 50;
  Spawn spawn;
  Bounds bounds;
  std::optional<Bounds> stage;  // whoever stands here is heard (and seen) by the whole space
  std::vector<Zone> zones;
  VoiceConfig voice;
  std::vector<Portal> portals;
  Access access = Access::kPublic;
  bool anonymous_labels = false;  // members may appear as 医師A, 医師B … (docs/security.md)
  bool store_chat = true;         // false: chat is shown, never stored, no history

  // 0 for the open area, else 1 + the index of the zone holding (x, z).
  int zone_at(float x, float z) const;
  bool on_stage(float x, float z) const;
};

struct WorldConfig {
  std::string default_space;
  std::vector<SpaceConfig> spaces;

  const SpaceConfig* find(std::string_view id) const;
  // The ids of the private consultation rooms, in content order.
  std::vector<std::string> consultation_rooms() const;
};

// Parses and validates content/world.json: unique ids of [a-z0-9-]{1,32}, capacity 1–10000,
// spawn inside bounds, stage and zones ordered rectangles, voice settings in range, bounds within the ±327 m the wire can carry, portals naming existing
// spaces, a default space that exists, `access` one of "public"/"clinicians"/"consultation" (the
// default space must be public; consultation rooms need unstored chat, may have "copies": N —
// expanded to <id>-1 … <id>-N — and no portal may lead into one), `anonymous_labels` and `store_chat` booleans (labels only where chat
// is not stored). Errors name the space and field to fix.
core::Result<WorldConfig> parse_world_config(std::string_view json_text);
core::Result<WorldConfig> load_world_config(const std::string& path);

}  // namespace tsunagu::world
