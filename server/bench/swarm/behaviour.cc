#include "swarm/behaviour.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace tsunagu::swarm {
namespace {

constexpr float kTwoPi = 2.0f * std::numbers::pi_v<float>;
constexpr float kExhibitSpacing = 15.0f;  // metres between exhibits
constexpr float kExhibitMinRadius = 1.5f;  // people stand on a small circle around an exhibit
constexpr float kExhibitMaxRadius = 3.5f;

std::int16_t to_cm(float metres) {
  const float cm = std::round(metres * 100.0f);
  return static_cast<std::int16_t>(std::clamp(cm, -32768.0f, 32767.0f));
}

bool inside(const Bounds& b, Point p) {
  return p.x >= b.min_x && p.x <= b.max_x && p.z >= b.min_z && p.z <= b.max_z;
}

Bounds inset(const Bounds& b, float margin) {
  Bounds out = b;
  const float cx = (b.min_x + b.max_x) / 2, cz = (b.min_z + b.max_z) / 2;
  out.min_x = std::min(cx, b.min_x + margin);
  out.max_x = std::max(cx, b.max_x - margin);
  out.min_z = std::min(cz, b.min_z + margin);
  out.max_z = std::max(cz, b.max_z - margin);
  return out;
}

Point clamp_to(const Bounds& b, Point p) {
  return {std::clamp(p.x, b.min_x, b.max_x), std::clamp(p.z, b.min_z, b.max_z)};
}

}  // namespace

proto::Transform quantize(const Pose& pose) {
  const double turns = static_cast<double>(pose.yaw) / (2.0 * std::numbers::pi);
  long long yaw = std::llround(turns * 65536.0) % 65536;
  if (yaw < 0) yaw += 65536;
  return proto::Transform{to_cm(pose.x), to_cm(pose.y), to_cm(pose.z),
                          static_cast<std::uint16_t>(yaw), pose.anim};
}

float distance_m(const proto::Transform& a, const proto::Transform& b) {
  const float dx = (a.x - b.x) * 0.01f, dz = (a.z - b.z) * 0.01f;
  return std::sqrt(dx * dx + dz * dz);
}

float yaw_towards(float x, float z, float to_x, float to_z) {
  // Facing direction of yaw θ is (−sin θ, −cos θ) in (x, z).
  float yaw = std::atan2(-(to_x - x), -(to_z - z));
  if (yaw < 0) yaw += kTwoPi;
  return yaw;
}

std::optional<Pattern> parse_pattern(std::string_view name) {
  if (name == "wander") return Pattern::kWander;
  if (name == "exhibits") return Pattern::kExhibits;
  if (name == "stage") return Pattern::kStage;
  if (name == "mix") return Pattern::kMix;
  return std::nullopt;
}

std::string_view pattern_name(Pattern pattern) {
  switch (pattern) {
    case Pattern::kWander: return "wander";
    case Pattern::kExhibits: return "exhibits";
    case Pattern::kStage: return "stage";
    case Pattern::kMix: return "mix";
  }
  return "?";
}

Pattern pattern_for(Pattern requested, int index) {
  if (requested != Pattern::kMix) return requested;
  const int k = index % 20;
  if (k < 8) return Pattern::kWander;
  if (k < 15) return Pattern::kExhibits;
  return Pattern::kStage;
}

Layout make_layout(const Bounds& bounds) {
  Layout layout;
  layout.walk = inset(bounds, Layout::kMargin);
  const Bounds& w = layout.walk;
  const float width = w.max_x - w.min_x, depth = w.max_z - w.min_z;
  const float cx = (w.min_x + w.max_x) / 2;

  // The stage is at the −z edge; its audience stands in front of it, facing it.
  layout.stage = {cx, w.min_z};
  const float half_width = std::min(0.3f * width, 25.0f);
  const float front = std::min(3.0f, 0.1f * depth);
  layout.audience = {cx - half_width, w.min_z + front, cx + half_width,
                     std::min(w.max_z, w.min_z + front + std::min(0.35f * depth, 20.0f))};

  const int nx = std::max(1, static_cast<int>(std::lround(width / kExhibitSpacing)));
  const int nz = std::max(1, static_cast<int>(std::lround(depth / kExhibitSpacing)));
  std::vector<Point> all;
  for (int iz = 0; iz < nz; ++iz) {
    for (int ix = 0; ix < nx; ++ix) {
      all.push_back({w.min_x + (ix + 0.5f) * width / nx, w.min_z + (iz + 0.5f) * depth / nz});
    }
  }
  // Not in the audience: exhibits and the crowd before the stage are apart.
  for (const Point& p : all) {
    if (!inside(layout.audience, p)) layout.exhibits.push_back(p);
  }
  if (layout.exhibits.empty()) layout.exhibits = std::move(all);
  return layout;
}

Behaviour::Behaviour(Pattern pattern, Layout layout, std::uint64_t seed)
    : pattern_(pattern == Pattern::kMix ? Pattern::kWander : pattern),
      layout_(std::move(layout)),
      rng_(seed) {
  const Bounds& w = layout_.walk;
  switch (pattern_) {
    case Pattern::kWander:
    case Pattern::kMix:
      pose_.x = uniform(w.min_x, w.max_x);
      pose_.z = uniform(w.min_z, w.max_z);
      pose_.yaw = uniform(0, kTwoPi);
      pause_ = uniform(0, 3);
      break;
    case Pattern::kExhibits: {
      exhibit_ = static_cast<std::size_t>(rng_() % layout_.exhibits.size());
      exhibit_angle_ = uniform(0, kTwoPi);
      const Point& e = layout_.exhibits[exhibit_];
      const float r = uniform(kExhibitMinRadius, kExhibitMaxRadius);
      const Point p = clamp_walk({e.x + r * std::cos(exhibit_angle_), e.z + r * std::sin(exhibit_angle_)});
      pose_.x = p.x;
      pose_.z = p.z;
      pose_.yaw = yaw_towards(p.x, p.z, e.x, e.z);
      pause_ = uniform(0, 15);
      break;
    }
    case Pattern::kStage: {
      const Bounds& a = layout_.audience;
      pose_.x = uniform(a.min_x, a.max_x);
      pose_.z = uniform(a.min_z, a.max_z);
      pose_.yaw = yaw_towards(pose_.x, pose_.z, layout_.stage.x, layout_.stage.z);
      pause_ = uniform(0, 10);
      break;
    }
  }
  pose_.anim = static_cast<std::uint8_t>(proto::Anim::kIdle);
}

Point Behaviour::clamp_walk(Point p) const { return clamp_to(layout_.walk, p); }
Point Behaviour::clamp_audience(Point p) const { return clamp_to(layout_.audience, p); }

const Pose& Behaviour::step(double dt) {
  if (dt <= 0) return pose_;
  if (!walking_) {
    pause_ -= dt;
    if (pause_ <= 0) next_target();
    return pose_;
  }
  const float dx = target_.x - pose_.x, dz = target_.z - pose_.z;
  const float dist = std::sqrt(dx * dx + dz * dz);
  const float travel = speed_ * static_cast<float>(dt);
  if (travel >= dist) {
    pose_.x = target_.x;
    pose_.z = target_.z;
    arrive();
  } else {
    pose_.x += dx / dist * travel;
    pose_.z += dz / dist * travel;
    pose_.yaw = yaw_towards(pose_.x, pose_.z, target_.x, target_.z);
    pose_.anim = static_cast<std::uint8_t>(proto::Anim::kWalk);
  }
  return pose_;
}

void Behaviour::arrive() {
  walking_ = false;
  pose_.anim = static_cast<std::uint8_t>(proto::Anim::kIdle);
  pose_.yaw = face_yaw_;
}

void Behaviour::next_target() {
  const Point here{pose_.x, pose_.z};
  speed_ = uniform(kMinSpeed, kMaxSpeed);
  switch (pattern_) {
    case Pattern::kWander:
    case Pattern::kMix: {
      // A random walk: a leg of 3–15 m in any direction, then a short look around.
      for (int attempt = 0; attempt < 8; ++attempt) {
        const float angle = uniform(0, kTwoPi), leg = uniform(3, 15);
        target_ = clamp_walk({here.x + leg * std::cos(angle), here.z + leg * std::sin(angle)});
        if (std::hypot(target_.x - here.x, target_.z - here.z) >= 1.0f) break;
      }
      face_yaw_ = yaw_towards(here.x, here.z, target_.x, target_.z);
      pause_ = uniform(0.5f, 4.0f);
      break;
    }
    case Pattern::kExhibits: {
      // Mostly a step around the same exhibit; now and then on to another one.
      if (std::uniform_real_distribution<float>(0, 1)(rng_) < 0.25f) {
        exhibit_ = static_cast<std::size_t>(rng_() % layout_.exhibits.size());
        exhibit_angle_ = uniform(0, kTwoPi);
      } else {
        exhibit_angle_ += uniform(-0.5f, 0.5f);
        speed_ = uniform(0.6f, 1.0f);
      }
      const Point& e = layout_.exhibits[exhibit_];
      const float r = uniform(kExhibitMinRadius, kExhibitMaxRadius);
      target_ = clamp_walk({e.x + r * std::cos(exhibit_angle_), e.z + r * std::sin(exhibit_angle_)});
      face_yaw_ = yaw_towards(target_.x, target_.z, e.x, e.z);
      pause_ = uniform(4.0f, 20.0f);
      break;
    }
    case Pattern::kStage: {
      // Mostly still: a small shuffle or a turn of the head, facing the stage.
      pause_ = uniform(3.0f, 12.0f);
      if (std::uniform_real_distribution<float>(0, 1)(rng_) < 0.6f) {
        const float angle = uniform(0, kTwoPi), step = uniform(0.2f, 0.6f);
        target_ = clamp_audience({here.x + step * std::cos(angle), here.z + step * std::sin(angle)});
        speed_ = uniform(0.5f, 0.8f);
        face_yaw_ = yaw_towards(target_.x, target_.z, layout_.stage.x, layout_.stage.z) +
                    uniform(-0.2f, 0.2f);
      } else {
        pose_.yaw = yaw_towards(here.x, here.z, layout_.stage.x, layout_.stage.z) +
                    uniform(-0.3f, 0.3f);
        return;  // stays where it is
      }
      break;
    }
  }
  walking_ = true;
  if (target_.x == here.x && target_.z == here.z) arrive();
}

}  // namespace tsunagu::swarm
