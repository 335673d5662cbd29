#include "swarm/known_avatars.h"

#include <utility>

namespace tsunagu::swarm {

std::size_t KnownAvatars::home(std::uint32_t id) const {
  // Fibonacci hashing: ids are small consecutive numbers, spread them over the table.
  const std::uint64_t h = static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ull;
  return static_cast<std::size_t>(h >> 32) & (slots_.size() - 1);
}

std::size_t KnownAvatars::locate(std::uint32_t id) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = home(id);
  while (slots_[i].id != 0 && slots_[i].id != id) i = (i + 1) & mask;
  return i;
}

void KnownAvatars::grow() {
  const std::size_t capacity = slots_.empty() ? 16 : slots_.size() * 2;
  std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(capacity));
  size_ = 0;
  for (const Slot& s : old) {
    if (s.id != 0) put(s.id, s.transform);
  }
}

bool KnownAvatars::put(std::uint32_t id, const proto::Transform& transform) {
  if (id == 0) return false;  // not an avatar id; the caller counts it as a server bug
  if ((size_ + 1) * 4 > slots_.size() * 3) grow();
  Slot& s = slots_[locate(id)];
  s.transform = transform;
  if (s.id == id) return false;
  s.id = id;
  ++size_;
  return true;
}

bool KnownAvatars::update(std::uint32_t id, const proto::Transform& transform) {
  if (slots_.empty()) return false;
  Slot& s = slots_[locate(id)];
  if (s.id != id) return false;
  s.transform = transform;
  return true;
}

const proto::Transform* KnownAvatars::find(std::uint32_t id) const {
  if (slots_.empty() || id == 0) return nullptr;
  const Slot& s = slots_[locate(id)];
  return s.id == id ? &s.transform : nullptr;
}

bool KnownAvatars::erase(std::uint32_t id) {
  if (slots_.empty() || id == 0) return false;
  const std::size_t mask = slots_.size() - 1;
  std::size_t hole = locate(id);
  if (slots_[hole].id != id) return false;
  slots_[hole] = Slot{};
  --size_;
  // Backward shift: move later entries of the probe run into the hole when their home allows,
  // so that lookups never stop early at an empty slot.
  for (std::size_t i = (hole + 1) & mask; slots_[i].id != 0; i = (i + 1) & mask) {
    const std::size_t h = home(slots_[i].id);
    // The entry at i may move to `hole` unless its home lies cyclically in (hole, i].
    const bool home_after_hole = hole <= i ? (h > hole && h <= i) : (h > hole || h <= i);
    if (!home_after_hole) {
      slots_[hole] = slots_[i];
      slots_[i] = Slot{};
      hole = i;
    }
  }
  return true;
}

void KnownAvatars::clear() {
  for (Slot& s : slots_) s = Slot{};
  size_ = 0;
}

}  // namespace tsunagu::swarm
