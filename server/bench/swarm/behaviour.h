#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "proto/world_codec.h"

// How bots move: wandering, clusters around exhibits, a crowd facing a stage. Pure (no I/O, no
// clock): a behaviour is advanced by `step(dt)` and its randomness comes from its own seeded
// generator, so a run is reproducible and the tests are exact.
namespace tsunagu::swarm {

// The walkable rectangle of a space in metres, as in the `joined` message.
struct Bounds {
  float min_x = -30, min_z = -30, max_x = 30, max_z = 30;
};

struct Point {
  float x = 0, z = 0;
};

// A pose in metres and radians (yaw 0 faces −z, counter-clockwise seen from above).
struct Pose {
  float x = 0, y = 0, z = 0, yaw = 0;
  std::uint8_t anim = 0;  // proto::Anim
};

// The wire's quantised transform (centimetres, 16-bit yaw; docs/protocol.md).
proto::Transform quantize(const Pose& pose);
// Horizontal distance in metres between two wire transforms.
float distance_m(const proto::Transform& a, const proto::Transform& b);
// The yaw that faces from (x, z) towards (to_x, to_z).
float yaw_towards(float x, float z, float to_x, float to_z);

enum class Pattern { kWander, kExhibits, kStage, kMix };
std::optional<Pattern> parse_pattern(std::string_view name);
std::string_view pattern_name(Pattern pattern);
// The concrete pattern of bot `index` (never kMix): for kMix, of every 20 bots 8 wander,
// 7 visit exhibits and 5 stand in the crowd before the stage.
Pattern pattern_for(Pattern requested, int index);

// Where things are in a space, derived from its bounds alone so that every bot of a space
// agrees: exhibits on a grid about 15 m apart, a stage at the far (−z) edge with its audience
// area in front of it. Everything lies at least `kMargin` inside the bounds, so the server
// never clamps a bot's position (a clamped transform could not be matched for latency).
struct Layout {
  static constexpr float kMargin = 1.0f;
  Bounds walk;                 // the bounds less the margin
  std::vector<Point> exhibits;  // at least one
  Point stage;                 // the point the audience faces
  Bounds audience;             // where the crowd stands
};
Layout make_layout(const Bounds& bounds);

// One bot's movement: walk to a target at walking speed, pause, pick the next target, as its
// pattern says. Thread: one owner; not thread-safe.
class Behaviour {
 public:
  static constexpr float kMinSpeed = 1.1f;  // m/s, a stroll
  static constexpr float kMaxSpeed = 1.5f;  // m/s, a brisk walk

  // `pattern` must not be kMix (see pattern_for). The bot starts somewhere its pattern puts it,
  // pausing for a random part of a pause so that bots do not all set off at once.
  Behaviour(Pattern pattern, Layout layout, std::uint64_t seed);

  // Advances by `dt` seconds (≥ 0) and returns the new pose.
  const Pose& step(double dt);
  const Pose& pose() const { return pose_; }
  Pattern pattern() const { return pattern_; }
  bool walking() const { return walking_; }

 private:
  void next_target();  // chooses where to go next (or to stay) and sets walking_/pause_
  void arrive();
  float uniform(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng_); }
  Point clamp_walk(Point p) const;
  Point clamp_audience(Point p) const;

  Pattern pattern_;
  Layout layout_;
  std::mt19937_64 rng_;
  Pose pose_;
  bool walking_ = false;
  Point target_;
  float speed_ = kMinSpeed;
  float face_yaw_ = 0;  // the yaw to take on arrival
  double pause_ = 0;    // seconds left standing
  std::size_t exhibit_ = 0;
  float exhibit_angle_ = 0;
};

}  // namespace tsunagu::swarm
