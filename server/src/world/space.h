#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "proto/world_codec.h"
#include "world/world_config.h"

namespace tsunagu::world {

using FrameBytes = std::shared_ptr<const std::vector<std::uint8_t>>;

using TextBytes = std::shared_ptr<const std::string>;

// Where a space delivers to one member: world frames, and control messages (chat, emotes)
// fanned out to the space. Implemented by the realtime layer; must outlive the membership
// (the member is removed before its sink dies).
class MemberSink {
 public:
  virtual ~MemberSink() = default;
  virtual void send_world_frame(const FrameBytes& frame) = 0;
  virtual void send_control(const TextBytes& text) = 0;
};

// Converts metres/radians to the wire's quantised transform and back.
proto::Transform quantize(float x, float y, float z, float yaw, std::uint8_t anim);
float yaw_radians(std::uint16_t yaw);

// One space of the world: its members and their avatars, advanced by a fixed tick in phases
// (ingest queued inputs → simulate → fan out one frame to every member). Thread: owned by
// one event loop; no locks, every call from that loop.
class Space {
 public:
  explicit Space(const SpaceConfig& config);

  const SpaceConfig& config() const { return config_; }
  int count() const { return static_cast<int>(members_.size()); }
  bool full() const { return count() >= config_.capacity; }

  // Adds a member at the spawn point. Errors: space_full, already_member. The member gets a
  // snapshot at the next tick; the others get its JOIN in that tick's frame.
  core::Status add(std::uint32_t id, std::uint8_t avatar, std::string name, MemberSink& sink);
  // Removes a member (no-op if absent); the others get a LEAVE at the next tick.
  void remove(std::uint32_t id);
  bool contains(std::uint32_t id) const { return index_.contains(id); }

  // Queues the newest transform of a member; applied (clamped to bounds) at the next tick.
  void queue_move(std::uint32_t id, const proto::Transform& transform);

  // Advances one tick and sends this tick's frames. Returns the number of records sent in the
  // shared frame (for metrics and tests).
  int tick();
  std::uint32_t tick_number() const { return tick_; }

  // Visits every member's sink (chat and emote fan-out).
  template <typename Fn>
  void for_each_member(Fn&& fn) const {
    for (const auto& m : members_) fn(m.id, *m.sink);
  }

 private:
  struct Member {
    std::uint32_t id;
    std::uint8_t avatar;
    std::string name;
    MemberSink* sink;
    proto::Transform transform;
    proto::Transform pending;
    bool has_pending = false;
    bool announced = false;  // its JOIN has gone out (to others in a frame, to it in a snapshot)
  };

  proto::Transform clamp(const proto::Transform& t) const;
  void send_snapshot(Member& m);

  SpaceConfig config_;
  std::vector<Member> members_;                        // dense, swap-removed
  std::unordered_map<std::uint32_t, std::size_t> index_;  // id → position in members_
  std::vector<std::uint32_t> left_;                    // announced members gone since last tick
  proto::WorldFrameWriter writer_;
  std::uint32_t tick_ = 0;
};

}  // namespace tsunagu::world
