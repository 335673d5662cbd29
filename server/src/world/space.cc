#include "world/space.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tsunagu::world {
namespace {

std::int16_t to_cm(float metres) {
  float cm = std::round(metres * 100.0f);
  return static_cast<std::int16_t>(std::clamp(cm, -32768.0f, 32767.0f));
}

bool contains(const std::vector<std::uint32_t>& sorted, std::uint32_t id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

void insert_sorted(std::vector<std::uint32_t>& sorted, std::uint32_t id) {
  auto at = std::lower_bound(sorted.begin(), sorted.end(), id);
  if (at == sorted.end() || *at != id) sorted.insert(at, id);
}

void erase_sorted(std::vector<std::uint32_t>& sorted, std::uint32_t id) {
  auto at = std::lower_bound(sorted.begin(), sorted.end(), id);
  if (at != sorted.end() && *at == id) sorted.erase(at);
}

}  // namespace

proto::Transform quantize(float x, float y, float z, float yaw, std::uint8_t anim) {
  double turns = yaw / (2 * std::numbers::pi);
  turns -= std::floor(turns);
  auto q = static_cast<std::uint32_t>(std::lround(turns * 65536.0)) & 0xFFFF;
  return proto::Transform{to_cm(x), to_cm(y), to_cm(z), static_cast<std::uint16_t>(q), anim};
}

float yaw_radians(std::uint16_t yaw) {
  return static_cast<float>(yaw / 65536.0 * 2 * std::numbers::pi);
}

Space::Space(const SpaceConfig& config) : config_(config) {}

core::Status Space::add(std::uint32_t id, std::uint8_t avatar, std::string name,
                        MemberSink& sink, std::uint8_t flags,
                        std::vector<std::uint32_t> hidden) {
  if (contains(id)) {
    return core::fail(core::Code::kAlreadyExists, "already_member", "already in this space");
  }
  if (full()) return core::fail(core::Code::kResourceExhausted, "space_full", "space is full");
  std::sort(hidden.begin(), hidden.end());
  const auto& s = config_.spawn;
  Member m{id,     avatar, flags, std::move(name), &sink, quantize(s.x, s.y, s.z, s.yaw, 0),
           {},     std::move(hidden)};
  index_.emplace(id, members_.size());
  members_.push_back(std::move(m));
  return {};
}

void Space::remove(std::uint32_t id) {
  auto it = index_.find(id);
  if (it == index_.end()) return;
  std::size_t at = it->second;
  if (members_[at].announced) left_.push_back(id);
  index_.erase(it);
  if (at != members_.size() - 1) {
    members_[at] = std::move(members_.back());
    index_[members_[at].id] = at;
  }
  members_.pop_back();
}

const Space::Member* Space::find(std::uint32_t id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &members_[it->second];
}

bool Space::hides(std::uint32_t viewer, std::uint32_t other) const {
  const Member* m = find(viewer);
  return m != nullptr && world::contains(m->hidden, other);
}

void Space::set_hidden(std::uint32_t a, std::uint32_t b, bool hidden) {
  auto update = [&](std::uint32_t self, std::uint32_t other) {
    auto it = index_.find(self);
    if (it == index_.end()) return;
    Member& m = members_[it->second];
    const bool was = world::contains(m.hidden, other);
    if (was == hidden) return;
    if (hidden) {
      insert_sorted(m.hidden, other);
      erase_sorted(m.unhidden, other);
      // Only what it has seen needs taking back.
      if (m.announced && index_.contains(other) && members_[index_[other]].announced) {
        insert_sorted(m.newly_hidden, other);
      }
    } else {
      erase_sorted(m.hidden, other);
      erase_sorted(m.newly_hidden, other);
      if (m.announced && index_.contains(other) && members_[index_[other]].announced) {
        insert_sorted(m.unhidden, other);
      }
    }
  };
  update(a, b);
  update(b, a);
}

void Space::queue_move(std::uint32_t id, const proto::Transform& transform) {
  auto it = index_.find(id);
  if (it == index_.end()) return;
  Member& m = members_[it->second];
  m.pending = transform;
  m.has_pending = true;
}

proto::Transform Space::clamp(const proto::Transform& t) const {
  const auto& b = config_.bounds;
  proto::Transform out = t;
  out.x = std::clamp(t.x, to_cm(b.min_x), to_cm(b.max_x));
  out.z = std::clamp(t.z, to_cm(b.min_z), to_cm(b.max_z));
  out.y = std::clamp<std::int16_t>(t.y, -1000, 5000);  // -10 m … 50 m
  return out;
}

int Space::tick() {
  ++tick_;
  // Ingest + simulate + encode: one shared frame for the members already announced.
  writer_.begin(/*snapshot=*/false, tick_);
  tick_records_.clear();
  for (std::uint32_t id : left_) {
    writer_.add_leave(id);
    tick_records_.push_back({proto::kRecordLeave, id});
  }
  left_.clear();
  for (auto& m : members_) {
    if (!m.announced) {
      writer_.add_join(m.id, m.avatar, m.flags, m.name, m.transform);
      tick_records_.push_back({proto::kRecordJoin, m.id});
      continue;
    }
    if (!m.has_pending) continue;
    m.has_pending = false;
    proto::Transform next = clamp(m.pending);
    if (next == m.transform) continue;
    m.transform = next;
    writer_.add_move(m.id, m.transform);
    tick_records_.push_back({proto::kRecordMove, m.id});
  }
  const int records = writer_.count();
  // Fan out: the frame is encoded once and shared by every announced member whose view is
  // the common one; members who hide someone in it get their own copy below.
  world::FrameBytes shared;
  if (records > 0) {
    auto bytes = writer_.finish();
    shared = std::make_shared<const std::vector<std::uint8_t>>(bytes.begin(), bytes.end());
  }
  for (auto& m : members_) {
    if (!m.announced) continue;
    if (needs_own_frame(m)) {
      send_own_frame(m);
    } else if (shared) {
      m.sink->send_world_frame(shared);
    }
  }
  // Newcomers get the whole space (less whom they hide), themselves included, as a snapshot.
  for (auto& m : members_) {
    if (!m.announced) send_snapshot(m);
  }
  return records;
}

bool Space::needs_own_frame(const Member& m) const {
  if (!m.unhidden.empty() || !m.newly_hidden.empty()) return true;
  if (m.hidden.empty()) return false;
  for (const auto& r : tick_records_) {
    if (world::contains(m.hidden, r.id)) return true;
  }
  return false;
}

void Space::send_own_frame(Member& m) {
  writer_.begin(/*snapshot=*/false, tick_);
  for (std::uint32_t id : m.newly_hidden) writer_.add_leave(id);
  for (std::uint32_t id : m.unhidden) {
    if (const Member* other = find(id)) {
      writer_.add_join(other->id, other->avatar, other->flags, other->name, other->transform);
    }
  }
  for (const auto& r : tick_records_) {
    if (world::contains(m.hidden, r.id)) continue;
    if (r.kind == proto::kRecordLeave) {
      writer_.add_leave(r.id);
      continue;
    }
    const Member* other = find(r.id);
    if (!other) continue;
    if (r.kind == proto::kRecordJoin) {
      writer_.add_join(other->id, other->avatar, other->flags, other->name, other->transform);
    } else {
      writer_.add_move(other->id, other->transform);
    }
  }
  m.newly_hidden.clear();
  m.unhidden.clear();
  if (writer_.count() == 0) return;
  auto bytes = writer_.finish();
  m.sink->send_world_frame(
      std::make_shared<const std::vector<std::uint8_t>>(bytes.begin(), bytes.end()));
}

void Space::send_snapshot(Member& m) {
  writer_.begin(/*snapshot=*/true, tick_);
  for (const auto& other : members_) {
    if (world::contains(m.hidden, other.id)) continue;
    writer_.add_join(other.id, other.avatar, other.flags, other.name, other.transform);
  }
  auto bytes = writer_.finish();
  m.sink->send_world_frame(std::make_shared<const std::vector<std::uint8_t>>(bytes.begin(),
                                                                            bytes.end()));
  m.announced = true;
  m.newly_hidden.clear();
  m.unhidden.clear();
}

}  // namespace tsunagu::world
