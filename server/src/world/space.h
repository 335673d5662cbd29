#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/frame_pool.h"
#include "proto/world_codec.h"
#include "world/world_config.h"

namespace tsunagu::world {

using TextBytes = std::shared_ptr<const std::string>;

// Where a space delivers to one member: world frames (pooled, one per tick at most), and
// control messages (chat, emotes) fanned out to the space. Implemented by the realtime layer;
// must outlive the membership (the member is removed before its sink dies).
class MemberSink {
 public:
  virtual ~MemberSink() = default;
  virtual void send_world_frame(const core::FrameRef& frame) = 0;
  virtual void send_control(const TextBytes& text) = 0;
  // False while earlier world frames still wait to be written: the space then holds back
  // transforms (the listener later gets only the newest) and sends joins and leaves only.
  virtual bool ready_for_world_frame() const { return true; }
};

// Converts metres/radians to the wire's quantised transform and back.
proto::Transform quantize(float x, float y, float z, float yaw, std::uint8_t anim);
float yaw_radians(std::uint16_t yaw);

// Area of interest: how often a listener hears of others, by distance (docs/protocol.md).
struct AoiSettings {
  float cell_size = 4.0f;        // metres per grid cell
  float near_radius = 12.0f;     // every tick
  float mid_radius = 32.0f;      // every mid_interval ticks
  int mid_interval = 4;          // 5 Hz at 20 Hz
  int far_interval = 20;         // 1 Hz at 20 Hz, and far ones are looked at in slices
  int move_budget_bytes = 560;   // MOVE bytes per listener per tick (≈ 11 KB/s at 20 Hz)
  int slow_ticks_limit = 100;    // a listener not ready for this long is too slow (5 s)
};

// What the space did, for metrics.
struct SpaceStats {
  std::uint64_t frames_sent = 0;
  std::uint64_t world_bytes_sent = 0;
  std::uint64_t moves_sent = 0;
  std::uint64_t moves_deferred = 0;  // over a listener's budget this tick; they go later
  std::uint64_t frames_held_back = 0;  // listener not ready: transforms held back
};

// One space of the world: members and their avatars, advanced by a fixed tick in phases
// (ingest queued moves → simulate → index → fan out one frame per listener). Every avatar is
// visible to every member (joins and leaves always go out), but transforms are sent by area of
// interest: near ones every tick, farther ones less often, stage speakers always, within a
// byte budget per listener, and only when changed since that listener last heard. Blocked
// pairs never hear of each other. Thread: owned by one event loop; no locks, every call (and
// every FrameRef it hands out) stays on that loop.
class Space {
 public:
  explicit Space(const SpaceConfig& config, AoiSettings aoi = {});
  ~Space();

  const SpaceConfig& config() const { return config_; }
  int count() const { return static_cast<int>(active_.size()); }
  // The member count as last published, readable from any thread (space lists, metrics).
  int published_count() const { return published_count_.load(std::memory_order_relaxed); }
  bool full() const { return count() >= config_.capacity; }

  // Adds a member at the spawn point. Errors: space_full, already_member. The member gets a
  // snapshot at the next tick; the others get its JOIN in that tick's frame. `flags` are the
  // JOIN badge bits; `hidden` the ids it must not see, nor be seen by (blocks).
  core::Status add(std::uint32_t id, std::uint8_t avatar, std::string name, MemberSink& sink,
                   std::uint8_t flags = 0, std::vector<std::uint32_t> hidden = {});
  // Removes a member (no-op if absent); the others get a LEAVE at the next tick.
  void remove(std::uint32_t id);
  bool contains(std::uint32_t id) const { return index_.contains(id); }

  // Hides two members from each other (a block) or shows them again, from the next tick.
  void set_hidden(std::uint32_t a, std::uint32_t b, bool hidden);
  bool hides(std::uint32_t viewer, std::uint32_t other) const;

  // Where a member stood at the last tick (metres) and
  // whom they are hidden from (sorted ids), for the voice planner; false if not a member.
  struct Whereabouts {
    float x = 0, z = 0;
    const std::vector<std::uint32_t>* hidden = nullptr;  // valid until the next call on the space
  };
  bool whereabouts(std::uint32_t id, Whereabouts& out) const;

  // Queues the newest transform of a member; applied (clamped to bounds) at the next tick.
  void queue_move(std::uint32_t id, const proto::Transform& transform);

  // Advances one tick and sends this tick's frames. Returns the number of join, leave and
  // move records that changed the world this tick.
  int tick();
  std::uint32_t tick_number() const { return tick_; }
  const SpaceStats& stats() const { return stats_; }
  // Ids of members that stayed too slow to take frames (the caller disconnects them).
  std::vector<std::uint32_t> take_too_slow();

  // Visits every member's sink (chat and emote fan-out).
  template <typename Fn>
  void for_each_member(Fn&& fn) const {
    for (std::uint32_t slot : active_) fn(slots_[slot].id, *slots_[slot].sink);
  }

 private:
  // What one listener last heard of one slot.
  struct Seen {
    std::uint32_t id = 0;  // the occupant it was about (slots are reused)
    std::uint32_t tick = 0;
    std::uint32_t version = 0;  // the occupant's transform version it heard
  };
  // One member as the area-of-interest scan reads it: compact and sorted by cell, so each
  // listener's scan walks contiguous memory instead of the member table.
  struct CellEntry {
    std::uint32_t slot;
    std::uint32_t id;
    std::uint32_t version;
    float x, z;
    int cell;
    bool on_stage;
  };
  struct Member {
    std::uint32_t id = 0;
    std::uint8_t avatar = 0;
    std::uint8_t flags = 0;
    std::string name;
    MemberSink* sink = nullptr;
    proto::Transform transform;
    proto::Transform pending;
    std::uint32_t version = 1;  // bumped on every applied change of transform
    std::uint32_t indexed_version = 0;  // the version the grid last saw
    bool deferred = false;  // (as a listener) the budget held transforms back last tick
    bool has_pending = false;
    bool announced = false;  // its JOIN has gone out
    bool in_use = false;
    bool on_stage = false;
    int cell = 0;
    int not_ready_ticks = 0;
    std::array<std::uint8_t, proto::kMoveRecordSize> move_record{};  // encoded once per change
    std::vector<std::uint32_t> hidden;        // sorted
    std::vector<std::uint32_t> unhidden;      // ids to JOIN privately at the next tick
    std::vector<std::uint32_t> newly_hidden;  // ids to LEAVE privately at the next tick
    std::vector<Seen> seen;                   // by slot
    std::size_t far_cursor = 0;               // where its slice of far avatars starts
  };
  struct Candidate {
    float priority;
    std::uint32_t slot;
  };
  struct Event {
    std::uint8_t kind;  // join or leave
    std::uint32_t id;
    std::uint32_t slot;  // join only
  };

  proto::Transform clamp(const proto::Transform& t) const;
  bool on_stage(const proto::Transform& t) const;
  int cell_of(const proto::Transform& t) const;
  int ingest();  // returns how many members moved
  void index();
  void fan_out();
  void send_to(Member& listener);
  void add_events(Member& listener, proto::WorldFrameWriter& writer);
  void choose_moves(Member& listener);
  void consider(Member& listener, const CellEntry& other, bool far_slice);
  void send_snapshot(Member& m);
  Member* find(std::uint32_t id);
  const Member* find(std::uint32_t id) const;

  SpaceConfig config_;
  AoiSettings aoi_;
  std::vector<Member> slots_;                // stable slots; free ones are reused
  std::vector<std::uint32_t> free_slots_;
  std::vector<std::uint32_t> active_;         // slots in use, dense
  std::unordered_map<std::uint32_t, std::uint32_t> index_;  // id → slot
  std::vector<Event> events_;                // this tick's joins and leaves (reused)
  std::vector<std::uint32_t> left_;          // announced ids gone since the last tick
  std::vector<std::uint32_t> too_slow_;
  // The grid: members sorted by cell (counting sort each tick, no allocation once warm).
  int grid_w_ = 1, grid_h_ = 1;
  std::vector<std::uint32_t> cell_start_;    // grid_w_*grid_h_ + 1
  std::vector<CellEntry> cell_members_;      // announced members by cell
  std::vector<std::uint32_t> cell_changed_;  // the last tick anything changed in each cell
  // A row of cells quiet for longer than the slowest interval (plus margin) has nothing new.
  static constexpr std::uint32_t kQuietTicks = 60;
  std::vector<Candidate> candidates_;        // reused per listener
  std::vector<std::uint32_t> stage_slots_;   // members on the stage this tick
  core::FramePool pool_;
  proto::WorldFrameWriter writer_;
  SpaceStats stats_;
  std::uint32_t tick_ = 0;
  std::atomic<int> published_count_{0};
};

}  // namespace tsunagu::world
