#include "swarm/neighbours.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <vector>

#include "swarm/behaviour.h"

namespace tsunagu::swarm {
namespace {

std::uint64_t cell_key(int space, int cx, int cz) {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(space)) << 40 |
         static_cast<std::uint64_t>(static_cast<std::uint32_t>(cx) & 0xFFFFF) << 20 |
         static_cast<std::uint64_t>(static_cast<std::uint32_t>(cz) & 0xFFFFF);
}

}  // namespace

NeighbourReport check_neighbours(std::span<const BotView> bots, float radius_m) {
  NeighbourReport report;
  const float cell = std::max(radius_m, 0.01f);
  auto cell_of = [&](const proto::Transform& t, int& cx, int& cz) {
    cx = static_cast<int>(std::floor(t.x * 0.01f / cell));
    cz = static_cast<int>(std::floor(t.z * 0.01f / cell));
  };

  std::unordered_map<std::uint32_t, const BotView*> by_id;
  std::unordered_map<std::uint64_t, std::vector<const BotView*>> grid;
  for (const BotView& b : bots) {
    if (b.id != 0) by_id.emplace(b.id, &b);
    if (b.space < 0 || b.id == 0 || b.known == nullptr) continue;
    int cx, cz;
    cell_of(b.truth, cx, cz);
    grid[cell_key(b.space, cx, cz)].push_back(&b);
  }

  double fraction_sum = 0;
  for (const BotView& me : bots) {
    if (me.space < 0 || me.id == 0 || me.known == nullptr) continue;
    ++report.observers;
    std::uint64_t neighbours = 0, known = 0;
    int cx, cz;
    cell_of(me.truth, cx, cz);
    for (int dz = -1; dz <= 1; ++dz) {
      for (int dx = -1; dx <= 1; ++dx) {
        auto it = grid.find(cell_key(me.space, cx + dx, cz + dz));
        if (it == grid.end()) continue;
        for (const BotView* other : it->second) {
          if (other == &me || distance_m(me.truth, other->truth) > radius_m) continue;
          ++neighbours;
          const proto::Transform* heard = me.known->find(other->id);
          if (heard == nullptr) continue;
          ++known;
          if (!(*heard == other->truth)) {
            ++report.stale;
            report.max_position_error_m = std::max<double>(report.max_position_error_m,
                                                           distance_m(*heard, other->truth));
          }
        }
      }
    }
    report.pairs += neighbours;
    report.missing += neighbours - known;
    if (neighbours > 0) {
      ++report.observers_with_neighbours;
      const double fraction = static_cast<double>(known) / static_cast<double>(neighbours);
      fraction_sum += fraction;
      if (fraction < report.min_fraction) {
        report.min_fraction = fraction;
        report.worst_id = me.id;
      }
    }
    me.known->for_each([&](std::uint32_t id, const proto::Transform&) {
      auto it = by_id.find(id);
      if (it != by_id.end() && it->second->space != me.space) ++report.ghosts;
    });
  }
  if (report.observers_with_neighbours > 0) {
    report.mean_fraction = fraction_sum / report.observers_with_neighbours;
  }
  return report;
}

}  // namespace tsunagu::swarm
