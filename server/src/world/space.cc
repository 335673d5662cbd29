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
                        MemberSink& sink) {
  if (contains(id)) {
    return core::fail(core::Code::kAlreadyExists, "already_member", "already in this space");
  }
  if (full()) return core::fail(core::Code::kResourceExhausted, "space_full", "space is full");
  const auto& s = config_.spawn;
  Member m{id, avatar, std::move(name), &sink, quantize(s.x, s.y, s.z, s.yaw, 0), {}};
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
  for (std::uint32_t id : left_) writer_.add_leave(id);
  left_.clear();
  for (auto& m : members_) {
    if (!m.announced) {
      writer_.add_join(m.id, m.avatar, 0, m.name, m.transform);
      continue;
    }
    if (!m.has_pending) continue;
    m.has_pending = false;
    proto::Transform next = clamp(m.pending);
    if (next == m.transform) continue;
    m.transform = next;
    writer_.add_move(m.id, m.transform);
  }
  const int records = writer_.count();
  // Fan out: the frame is encoded once and shared by every announced member.
  if (records > 0) {
    auto bytes = writer_.finish();
    auto frame = std::make_shared<const std::vector<std::uint8_t>>(bytes.begin(), bytes.end());
    for (auto& m : members_) {
      if (m.announced) m.sink->send_world_frame(frame);
    }
  }
  // Newcomers get the whole space, themselves included, as one snapshot.
  for (auto& m : members_) {
    if (!m.announced) send_snapshot(m);
  }
  return records;
}

void Space::send_snapshot(Member& m) {
  writer_.begin(/*snapshot=*/true, tick_);
  for (const auto& other : members_) {
    writer_.add_join(other.id, other.avatar, 0, other.name, other.transform);
  }
  auto bytes = writer_.finish();
  m.sink->send_world_frame(std::make_shared<const std::vector<std::uint8_t>>(bytes.begin(),
                                                                            bytes.end()));
  m.announced = true;
}

}  // namespace tsunagu::world
