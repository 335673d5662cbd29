#pragma once

#include <cstdint>
#include <vector>

#include "proto/world_codec.h"

namespace tsunagu::swarm {

// The avatars one bot knows (a JOIN heard and no LEAVE since) with the last transform it heard
// for each: an open-addressing hash map from avatar id (never 0) to transform, with linear
// probing and backward-shift deletion, 16 bytes a slot. Thousands of bots each know thousands
// of avatars, so this is several times smaller and faster than a node-based map.
// Thread: one owner; not thread-safe.
class KnownAvatars {
 public:
  // Adds or replaces; returns true if the id was new (id 0 is never stored).
  bool put(std::uint32_t id, const proto::Transform& transform);
  // Replaces the transform of a known id; returns false (and changes nothing) if unknown.
  bool update(std::uint32_t id, const proto::Transform& transform);
  bool erase(std::uint32_t id);
  const proto::Transform* find(std::uint32_t id) const;
  bool contains(std::uint32_t id) const { return find(id) != nullptr; }
  std::size_t size() const { return size_; }
  void clear();

  // Visits every (id, transform), in no particular order.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (const Slot& s : slots_) {
      if (s.id != 0) fn(s.id, s.transform);
    }
  }

 private:
  struct Slot {
    std::uint32_t id = 0;  // 0 = empty
    proto::Transform transform;
  };
  std::size_t home(std::uint32_t id) const;
  std::size_t locate(std::uint32_t id) const;  // the slot of id or the empty slot it would take
  void grow();

  std::vector<Slot> slots_;  // size 0 or a power of two, at most 3/4 full
  std::size_t size_ = 0;
};

}  // namespace tsunagu::swarm
