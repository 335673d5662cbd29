#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <algorithm>
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
  // snapshot at the next tick; the others get its JOIN in that tick's frame. `flags` are the
  // JOIN badge bits (docs/protocol.md); `hidden` the ids this member and they must not see of
  // each other (blocks, in either direction).
  core::Status add(std::uint32_t id, std::uint8_t avatar, std::string name, MemberSink& sink,
                   std::uint8_t flags = 0, std::vector<std::uint32_t> hidden = {});
  // Removes a member (no-op if absent); the others get a LEAVE at the next tick.
  void remove(std::uint32_t id);
  bool contains(std::uint32_t id) const { return index_.contains(id); }

  // Hides two members from each other (a block) or shows them again. Takes effect at the next
  // tick: each gets a LEAVE (or JOIN) of the other. Either may be absent from this space.
  void set_hidden(std::uint32_t a, std::uint32_t b, bool hidden);
  // Whether `viewer` must not see or hear `other`.
  bool hides(std::uint32_t viewer, std::uint32_t other) const;

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
    std::uint8_t flags;
    std::string name;
    MemberSink* sink;
    proto::Transform transform;
    proto::Transform pending;
    std::vector<std::uint32_t> hidden;    // sorted
    std::vector<std::uint32_t> unhidden;  // ids to JOIN privately at the next tick
    std::vector<std::uint32_t> newly_hidden;  // ids to LEAVE privately at the next tick
    bool has_pending = false;
    bool announced = false;  // its JOIN has gone out (to others in a frame, to it in a snapshot)
  };

  // One record of this tick's shared frame, kept so that a member who hides someone can get
  // a filtered copy without recomputing the tick.
  struct TickRecord {
    std::uint8_t kind;
    std::uint32_t id;
  };

  proto::Transform clamp(const proto::Transform& t) const;
  void send_snapshot(Member& m);
  bool needs_own_frame(const Member& m) const;
  void send_own_frame(Member& m);
  const Member* find(std::uint32_t id) const;

  SpaceConfig config_;
  std::vector<Member> members_;                        // dense, swap-removed
  std::unordered_map<std::uint32_t, std::size_t> index_;  // id → position in members_
  std::vector<std::uint32_t> left_;                    // announced members gone since last tick
  std::vector<TickRecord> tick_records_;               // this tick's shared records (reused)
  proto::WorldFrameWriter writer_;
  std::uint32_t tick_ = 0;
};

}  // namespace tsunagu::world
