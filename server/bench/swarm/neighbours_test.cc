#include "swarm/neighbours.h"

#include <gtest/gtest.h>

#include <deque>

#include "swarm/behaviour.h"

namespace tsunagu::swarm {
namespace {

proto::Transform at_m(float x, float z) {
  return {static_cast<std::int16_t>(x * 100), 0, static_cast<std::int16_t>(z * 100), 0, 0};
}

// A small world of bots; knowledge is set up per case.
struct World {
  std::deque<KnownAvatars> known;  // stable addresses
  std::vector<BotView> bots;

  BotView& add(std::uint32_t id, float x, float z, int space = 0) {
    known.emplace_back();
    bots.push_back({id, space, at_m(x, z), &known.back()});
    return bots.back();
  }
  // Everyone in the same space knows everyone (itself included) at their true positions.
  void everyone_knows_everyone() {
    for (auto& me : bots) {
      for (const auto& other : bots) {
        if (other.space == me.space && other.space >= 0) {
          const_cast<KnownAvatars*>(me.known)->put(other.id, other.truth);
        }
      }
    }
  }
  KnownAvatars& of(std::size_t i) { return known[i]; }
};

TEST(CheckNeighbours, AllSeenIsAPass) {
  World w;
  w.add(1, 0, 0);
  w.add(2, 5, 0);
  w.add(3, 0, 9.9f);
  w.add(4, 50, 50);  // alone, far away
  w.everyone_knows_everyone();
  const NeighbourReport r = check_neighbours(w.bots, 10);
  EXPECT_EQ(r.observers, 4);
  EXPECT_EQ(r.observers_with_neighbours, 3);
  EXPECT_EQ(r.pairs, 4u);  // 1-2 and 1-3 both ways; 2-3 are 11.1 m apart
  EXPECT_EQ(r.missing, 0u);
  EXPECT_EQ(r.stale, 0u);
  EXPECT_EQ(r.ghosts, 0u);
  EXPECT_DOUBLE_EQ(r.min_fraction, 1.0);
  EXPECT_EQ(r.worst_id, 0u);
}

TEST(CheckNeighbours, CountsWhatIsMissingStaleAndGhostly) {
  struct Case {
    const char* name;
    void (*spoil)(World&);
    std::uint64_t missing, stale, ghosts;
    double min_fraction;
    std::uint32_t worst;
  };
  const Case cases[] = {
      {"nothing wrong", [](World&) {}, 0, 0, 0, 1.0, 0},
      {"bot 1 never heard of bot 2", [](World& w) { w.of(0).erase(2); }, 1, 0, 0, 0.5, 1},
      {"bot 3 heard an old position of bot 1",
       [](World& w) { w.of(2).update(1, at_m(1, 1)); }, 0, 1, 0, 1.0, 0},
      {"bot 2 still knows bot 9, who left the space",
       [](World& w) { w.of(1).put(9, at_m(0, 0)); }, 0, 0, 1, 1.0, 0},
  };
  for (const Case& c : cases) {
    World w;
    w.add(1, 0, 0);
    w.add(2, 3, 0);
    w.add(3, 0, 3);
    w.add(9, 0, 0, /*space=*/-1);  // gone
    w.everyone_knows_everyone();
    c.spoil(w);
    const NeighbourReport r = check_neighbours(w.bots, 10);
    EXPECT_EQ(r.missing, c.missing) << c.name;
    EXPECT_EQ(r.stale, c.stale) << c.name;
    EXPECT_EQ(r.ghosts, c.ghosts) << c.name;
    EXPECT_DOUBLE_EQ(r.min_fraction, c.min_fraction) << c.name;
    EXPECT_EQ(r.worst_id, c.worst) << c.name;
    EXPECT_EQ(r.observers, 3) << c.name;
  }
}

TEST(CheckNeighbours, OtherSpacesAndNonBotsDoNotCount) {
  World w;
  w.add(1, 0, 0, 0);
  w.add(2, 1, 0, 1);  // another space, same coordinates
  w.everyone_knows_everyone();
  w.of(0).put(77, at_m(0, 0));  // a person who is not a bot: unknown truth, ignored
  const NeighbourReport r = check_neighbours(w.bots, 10);
  EXPECT_EQ(r.pairs, 0u);
  EXPECT_EQ(r.ghosts, 0u);
  // Bot 1 knowing bot 2 (of the other space) is a ghost.
  w.of(0).put(2, at_m(1, 0));
  EXPECT_EQ(check_neighbours(w.bots, 10).ghosts, 1u);
}

TEST(CheckNeighbours, FindsNeighboursAcrossGridCells) {
  World w;
  // Pairs straddling cell borders (cells are 10 m), at negative coordinates too.
  w.add(1, 9.5f, 0);
  w.add(2, 10.5f, 0);
  w.add(3, -0.5f, -0.5f);
  w.add(4, 0.5f, 0.5f);
  w.add(5, -19.9f, 0);
  w.add(6, -10.1f, 0);
  const NeighbourReport r = check_neighbours(w.bots, 10);
  // 1-2, 1-3, 1-4, 2-4, 3-4, 3-6, 4-6(10.6: no), 5-6: count by brute force instead.
  std::uint64_t want = 0;
  for (const auto& a : w.bots) {
    for (const auto& b : w.bots) {
      if (&a != &b && distance_m(a.truth, b.truth) <= 10) ++want;
    }
  }
  EXPECT_EQ(r.pairs, want);
  EXPECT_EQ(r.missing, want);  // nobody knows anybody here
  EXPECT_DOUBLE_EQ(r.min_fraction, 0.0);
}

}  // namespace
}  // namespace tsunagu::swarm
