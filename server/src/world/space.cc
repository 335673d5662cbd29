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

bool sorted_contains(const std::vector<std::uint32_t>& sorted, std::uint32_t id) {
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

Space::Space(const SpaceConfig& config, AoiSettings aoi) : config_(config), aoi_(aoi) {
  const auto& b = config_.bounds;
  grid_w_ = std::max(1, static_cast<int>(std::ceil((b.max_x - b.min_x) / aoi_.cell_size)));
  grid_h_ = std::max(1, static_cast<int>(std::ceil((b.max_z - b.min_z) / aoi_.cell_size)));
  cell_start_.assign(static_cast<std::size_t>(grid_w_ * grid_h_ + 1), 0);
  cell_changed_.assign(static_cast<std::size_t>(grid_w_ * grid_h_), 0);
}

Space::~Space() {
  // Frames still queued in connections go back to a pool that is about to die; drop ours
  // first. (Transports are closed before spaces are destroyed.)
}

Space::Member* Space::find(std::uint32_t id) {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &slots_[it->second];
}

const Space::Member* Space::find(std::uint32_t id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &slots_[it->second];
}

core::Status Space::add(std::uint32_t id, std::uint8_t avatar, std::string name,
                        MemberSink& sink, std::uint8_t flags, std::vector<std::uint32_t> hidden) {
  if (contains(id)) {
    return core::fail(core::Code::kAlreadyExists, "already_member", "already in this space");
  }
  if (full()) return core::fail(core::Code::kResourceExhausted, "space_full", "space is full");
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Member& m = slots_[slot];
  std::vector<Seen> seen = std::move(m.seen);  // keep the capacity of a reused slot
  m = Member{};
  m.seen = std::move(seen);
  m.id = id;
  m.avatar = avatar;
  m.flags = flags;
  m.name = std::move(name);
  m.sink = &sink;
  const auto& s = config_.spawn;
  m.transform = quantize(s.x, s.y, s.z, s.yaw, 0);
  m.on_stage = on_stage(m.transform);
  proto::encode_move_record(id, m.transform, m.move_record);
  std::sort(hidden.begin(), hidden.end());
  m.hidden = std::move(hidden);
  m.in_use = true;
  index_.emplace(id, slot);
  active_.push_back(slot);
  published_count_.store(count(), std::memory_order_relaxed);
  return {};
}

void Space::remove(std::uint32_t id) {
  auto it = index_.find(id);
  if (it == index_.end()) return;
  const std::uint32_t slot = it->second;
  Member& m = slots_[slot];
  if (m.announced) left_.push_back(id);
  m.in_use = false;
  m.sink = nullptr;
  m.hidden.clear();
  index_.erase(it);
  std::erase(active_, slot);
  free_slots_.push_back(slot);
  published_count_.store(count(), std::memory_order_relaxed);
}

bool Space::hides(std::uint32_t viewer, std::uint32_t other) const {
  const Member* m = find(viewer);
  return m != nullptr && sorted_contains(m->hidden, other);
}

bool Space::whereabouts(std::uint32_t id, Whereabouts& out) const {
  const Member* m = find(id);
  if (!m) return false;
  out.x = m->transform.x / 100.0f;
  out.z = m->transform.z / 100.0f;
  out.hidden = &m->hidden;
  return true;
}

void Space::set_hidden(std::uint32_t a, std::uint32_t b, bool hidden) {
  auto update = [&](std::uint32_t self, std::uint32_t other) {
    Member* m = find(self);
    if (!m) return;
    if (sorted_contains(m->hidden, other) == hidden) return;
    const Member* o = find(other);
    const bool both_seen = m->announced && o != nullptr && o->announced;
    if (hidden) {
      insert_sorted(m->hidden, other);
      erase_sorted(m->unhidden, other);
      if (both_seen) insert_sorted(m->newly_hidden, other);  // take back what it has seen
    } else {
      erase_sorted(m->hidden, other);
      erase_sorted(m->newly_hidden, other);
      if (both_seen) insert_sorted(m->unhidden, other);
    }
  };
  update(a, b);
  update(b, a);
}

void Space::queue_move(std::uint32_t id, const proto::Transform& transform) {
  if (Member* m = find(id)) {
    m->pending = transform;
    m->has_pending = true;
  }
}

proto::Transform Space::clamp(const proto::Transform& t) const {
  const auto& b = config_.bounds;
  proto::Transform out = t;
  out.x = std::clamp(t.x, to_cm(b.min_x), to_cm(b.max_x));
  out.z = std::clamp(t.z, to_cm(b.min_z), to_cm(b.max_z));
  out.y = std::clamp<std::int16_t>(t.y, -1000, 5000);  // -10 m … 50 m
  return out;
}

bool Space::on_stage(const proto::Transform& t) const {
  if (!config_.stage) return false;
  const auto& s = *config_.stage;
  const float x = t.x * 0.01f, z = t.z * 0.01f;
  return x >= s.min_x && x <= s.max_x && z >= s.min_z && z <= s.max_z;
}

int Space::cell_of(const proto::Transform& t) const {
  const auto& b = config_.bounds;
  int cx = static_cast<int>((t.x * 0.01f - b.min_x) / aoi_.cell_size);
  int cz = static_cast<int>((t.z * 0.01f - b.min_z) / aoi_.cell_size);
  cx = std::clamp(cx, 0, grid_w_ - 1);
  cz = std::clamp(cz, 0, grid_h_ - 1);
  return cz * grid_w_ + cx;
}

int Space::tick() {
  ++tick_;
  // Ingest: this tick's joins and leaves, and the newest queued move of each member.
  events_.clear();
  for (std::uint32_t id : left_) events_.push_back({proto::kRecordLeave, id, 0});
  left_.clear();
  for (std::uint32_t slot : active_) {
    if (!slots_[slot].announced) events_.push_back({proto::kRecordJoin, slots_[slot].id, slot});
  }
  const int moved = ingest();
  // Index, then fan out one frame per listener.
  index();
  fan_out();
  return static_cast<int>(events_.size()) + moved;
}

int Space::ingest() {
  int moved = 0;
  for (std::uint32_t slot : active_) {
    Member& m = slots_[slot];
    if (!m.has_pending) continue;
    if (!m.announced) continue;  // newcomers move from the next tick on (the move waits)
    m.has_pending = false;
    const proto::Transform next = clamp(m.pending);
    if (next == m.transform) continue;
    m.transform = next;
    ++m.version;
    m.on_stage = on_stage(next);
    proto::encode_move_record(m.id, next, m.move_record);  // once, for every listener
    ++moved;
  }
  return moved;
}

void Space::index() {
  std::fill(cell_start_.begin(), cell_start_.end(), 0);
  stage_slots_.clear();
  std::size_t indexed = 0;
  for (std::uint32_t slot : active_) {
    Member& m = slots_[slot];
    const int cell = cell_of(m.transform);
    if (m.version != m.indexed_version || cell != m.cell) {
      cell_changed_[cell] = tick_;  // something new in this cell (and in the one it left)
      cell_changed_[m.cell] = tick_;
      m.indexed_version = m.version;
    }
    m.cell = cell;
    if (!m.announced) continue;  // nobody hears of a newcomer's moves before its JOIN
    if (m.on_stage) stage_slots_.push_back(slot);
    ++cell_start_[m.cell + 1];
    ++indexed;
  }
  for (std::size_t c = 1; c < cell_start_.size(); ++c) cell_start_[c] += cell_start_[c - 1];
  cell_members_.resize(indexed);
  // Fill using a running cursor per cell (cell_start_ is restored afterwards).
  for (std::uint32_t slot : active_) {
    const Member& m = slots_[slot];
    if (!m.announced) continue;
    cell_members_[cell_start_[m.cell]++] =
        CellEntry{slot,   m.id,   m.version, m.transform.x * 0.01f, m.transform.z * 0.01f,
                  m.cell, m.on_stage};
  }
  for (std::size_t c = cell_start_.size() - 1; c > 0; --c) cell_start_[c] = cell_start_[c - 1];
  cell_start_[0] = 0;
}

void Space::fan_out() {
  for (std::uint32_t slot : active_) {
    Member& m = slots_[slot];
    if (!m.announced) continue;
    send_to(m);
  }
  // Newcomers get the whole space (less whom they hide), themselves included.
  for (std::uint32_t slot : active_) {
    if (!slots_[slot].announced) send_snapshot(slots_[slot]);
  }
}

void Space::add_events(Member& listener, proto::WorldFrameWriter& writer) {
  for (std::uint32_t id : listener.newly_hidden) writer.add_leave(id);
  listener.newly_hidden.clear();
  for (std::uint32_t id : listener.unhidden) {
    if (Member* other = find(id)) {
      writer.add_join(other->id, other->avatar, other->flags, other->name, other->transform);
      listener.seen[index_[id]] = Seen{other->id, tick_, other->version};
    }
  }
  listener.unhidden.clear();
  for (const Event& e : events_) {
    if (sorted_contains(listener.hidden, e.id)) continue;
    if (e.kind == proto::kRecordLeave) {
      writer.add_leave(e.id);
      continue;
    }
    const Member& other = slots_[e.slot];
    writer.add_join(other.id, other.avatar, other.flags, other.name, other.transform);
    listener.seen[e.slot] = Seen{other.id, tick_, other.version};
  }
}

void Space::send_to(Member& listener) {
  if (listener.seen.size() < slots_.size()) listener.seen.resize(slots_.size());
  const bool ready = listener.sink->ready_for_world_frame();
  if (ready) {
    listener.not_ready_ticks = 0;
  } else if (++listener.not_ready_ticks > aoi_.slow_ticks_limit) {
    too_slow_.push_back(listener.id);
    listener.not_ready_ticks = 0;
  }
  core::FrameRef frame = pool_.acquire();
  writer_.begin(frame->bytes(), /*snapshot=*/false, tick_);
  add_events(listener, writer_);
  if (ready) {
    choose_moves(listener);
    for (const Candidate& c : candidates_) {
      Member& other = slots_[c.slot];
      writer_.add_encoded(other.move_record, 1);
      listener.seen[c.slot] = Seen{other.id, tick_, other.version};
    }
    stats_.moves_sent += candidates_.size();
  } else {
    ++stats_.frames_held_back;  // its transforms wait; it gets the newest when it catches up
  }
  if (writer_.count() == 0) return;
  writer_.finish();
  stats_.frames_sent += 1;
  stats_.world_bytes_sent += frame->bytes().size();
  listener.sink->send_world_frame(frame);
}

// Picks the transforms this listener hears this tick: near ones every tick, mid ones every
// mid_interval ticks, far ones (looked at in rotating slices) every far_interval ticks, stage
// speakers always; only those changed since the listener last heard; the stalest first
// (weighted by distance) until the byte budget is spent.
void Space::choose_moves(Member& listener) {
  candidates_.clear();
  const auto& b = config_.bounds;
  const float lx = listener.transform.x * 0.01f, lz = listener.transform.z * 0.01f;
  const int cx = std::clamp(static_cast<int>((lx - b.min_x) / aoi_.cell_size), 0, grid_w_ - 1);
  const int cz = std::clamp(static_cast<int>((lz - b.min_z) / aoi_.cell_size), 0, grid_h_ - 1);
  // The near square every tick; the whole mid square only on this listener's mid ticks
  // (staggered by id, so the work spreads evenly over the ticks).
  const int mid_reach = static_cast<int>(std::ceil(aoi_.mid_radius / aoi_.cell_size));
  const int near_reach = static_cast<int>(std::ceil(aoi_.near_radius / aoi_.cell_size));
  const bool mid_turn = (tick_ + listener.id) % static_cast<std::uint32_t>(aoi_.mid_interval) == 0;
  const int reach = mid_turn ? mid_reach : near_reach;
  const int x0 = std::max(0, cx - mid_reach), x1 = std::min(grid_w_ - 1, cx + mid_reach);
  const int z0 = std::max(0, cz - mid_reach), z1 = std::min(grid_h_ - 1, cz + mid_reach);
  for (int z = std::max(0, cz - reach); z <= std::min(grid_h_ - 1, cz + reach); ++z) {
    const int row = z * grid_w_;
    const std::uint32_t first = cell_start_[row + std::max(0, cx - reach)];
    const std::uint32_t last = cell_start_[row + std::min(grid_w_ - 1, cx + reach) + 1];
    // Cells of a row are contiguous in cell_members_: one sequential run per row. A row
    // where nothing changed for a while holds nothing this listener has not heard (unless the
    // budget held something back from it last time), so idle crowds cost nothing.
    const int cx0 = std::max(0, cx - reach), cx1 = std::min(grid_w_ - 1, cx + reach);
    bool quiet = !listener.deferred;
    for (int x = cx0; quiet && x <= cx1; ++x) {
      quiet = cell_changed_[row + x] + kQuietTicks < tick_;
    }
    if (quiet) continue;
    for (std::uint32_t i = first; i < last; ++i) {
      consider(listener, cell_members_[i], /*far_slice=*/false);
    }
  }
  // A slice of everyone, so far avatars are looked at once every far_interval ticks; those
  // inside the square above were already considered.
  const std::size_t n = cell_members_.size();
  if (n > 0) {
    const std::size_t slice = (n + aoi_.far_interval - 1) / aoi_.far_interval;
    for (std::size_t k = 0; k < slice; ++k) {
      const CellEntry& e = cell_members_[(listener.far_cursor + k) % n];
      if (e.on_stage) continue;  // the stage loop below has them
      const int sx = e.cell % grid_w_, sz = e.cell / grid_w_;
      if (sx >= x0 && sx <= x1 && sz >= z0 && sz <= z1) continue;
      consider(listener, e, /*far_slice=*/true);
    }
    listener.far_cursor = (listener.far_cursor + slice) % n;
  }
  // Stage speakers are heard by the whole space: they are candidates wherever they are.
  for (std::uint32_t slot : stage_slots_) {
    const Member& m = slots_[slot];
    const int sx = m.cell % grid_w_, sz = m.cell / grid_w_;
    if (sx >= x0 && sx <= x1 && sz >= z0 && sz <= z1) continue;  // already considered
    consider(listener,
             CellEntry{slot, m.id, m.version, m.transform.x * 0.01f, m.transform.z * 0.01f, m.cell,
                       true},
             /*far_slice=*/false);
  }
  const std::size_t max_records = static_cast<std::size_t>(
      std::max(1, aoi_.move_budget_bytes / static_cast<int>(proto::kMoveRecordSize)));
  listener.deferred = candidates_.size() > max_records;
  if (candidates_.size() > max_records) {
    std::nth_element(candidates_.begin(), candidates_.begin() + max_records, candidates_.end(),
                     [](const Candidate& a, const Candidate& b) { return a.priority > b.priority; });
    stats_.moves_deferred += candidates_.size() - max_records;
    candidates_.resize(max_records);
  }
}

void Space::consider(Member& listener, const CellEntry& other, bool far_slice) {
  if (other.id == listener.id) return;
  const Seen& seen = listener.seen[other.slot];
  if (seen.id == other.id && seen.version == other.version) return;  // nothing new
  if (!listener.hidden.empty() && sorted_contains(listener.hidden, other.id)) return;
  const float dx = other.x - listener.transform.x * 0.01f;
  const float dz = other.z - listener.transform.z * 0.01f;
  const float d2 = dx * dx + dz * dz;
  int interval;
  if (other.on_stage || d2 <= aoi_.near_radius * aoi_.near_radius) {
    interval = 1;
  } else if (!far_slice && d2 <= aoi_.mid_radius * aoi_.mid_radius) {
    interval = aoi_.mid_interval;
  } else {
    interval = aoi_.far_interval;
  }
  const std::uint32_t stale = seen.id == other.id ? tick_ - seen.tick : 1'000'000;
  if (stale < static_cast<std::uint32_t>(interval)) return;
  // Staleness in units of the wanted interval; nearer breaks ties, the stage comes first.
  float priority = static_cast<float>(stale) / static_cast<float>(interval) + 1.0f / (1.0f + d2);
  if (other.on_stage) priority += 1000.0f;
  candidates_.push_back({priority, other.slot});
}

void Space::send_snapshot(Member& m) {
  if (m.seen.size() < slots_.size()) m.seen.resize(slots_.size());
  core::FrameRef frame = pool_.acquire();
  writer_.begin(frame->bytes(), /*snapshot=*/true, tick_);
  for (std::uint32_t slot : active_) {
    const Member& other = slots_[slot];
    if (sorted_contains(m.hidden, other.id)) continue;
    writer_.add_join(other.id, other.avatar, other.flags, other.name, other.transform);
    m.seen[slot] = Seen{other.id, tick_, other.version};
  }
  writer_.finish();
  m.announced = true;
  m.newly_hidden.clear();
  m.unhidden.clear();
  stats_.frames_sent += 1;
  stats_.world_bytes_sent += frame->bytes().size();
  m.sink->send_world_frame(frame);
}

std::vector<std::uint32_t> Space::take_too_slow() {
  std::vector<std::uint32_t> out;
  out.swap(too_slow_);
  return out;
}

}  // namespace tsunagu::world
