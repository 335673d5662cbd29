#pragma once

#include <cstdint>
#include <span>

#include "proto/world_codec.h"
#include "swarm/known_avatars.h"

// The swarm's correctness check, "every bot sees its neighbours": since the process knows
// every bot's true position, it can compare what each bot heard with the truth.
namespace tsunagu::swarm {

// One bot as the check sees it.
struct BotView {
  std::uint32_t id = 0;  // its avatar id; 0 if it never got one
  int space = -1;        // index of the space it is in; -1 if in none (failed, closed)
  proto::Transform truth;  // the last transform it sent (the spawn point if it never moved)
  const KnownAvatars* known = nullptr;  // what it heard; required when space ≥ 0
};

struct NeighbourReport {
  int observers = 0;                 // bots in a space
  int observers_with_neighbours = 0;
  std::uint64_t pairs = 0;     // (observer, other bot in its space within the radius)
  std::uint64_t missing = 0;   // pairs where the observer holds no JOIN for the other
  std::uint64_t stale = 0;     // pairs known, but the last transform heard is not the truth
  double max_position_error_m = 0;  // over the stale pairs
  double min_fraction = 1;     // per observer: neighbours known / neighbours (1 if none)
  double mean_fraction = 1;    // over observers with neighbours
  std::uint64_t ghosts = 0;    // known ids of bots that are not in the observer's space
  std::uint32_t worst_id = 0;  // an observer with the smallest fraction (0 if all saw all)
};

// Compares every bot's knowledge with the truth, for neighbours within `radius_m` (by their
// true positions, horizontally). Avatars that are not bots are ignored. Pure.
NeighbourReport check_neighbours(std::span<const BotView> bots, float radius_m);

}  // namespace tsunagu::swarm
