#include "swarm/known_avatars.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace tsunagu::swarm {
namespace {

proto::Transform t(std::int16_t x) { return {x, 0, 0, 0, 0}; }

TEST(KnownAvatars, PutUpdateEraseFind) {
  KnownAvatars k;
  EXPECT_EQ(k.find(1), nullptr);
  EXPECT_FALSE(k.update(1, t(1)));
  EXPECT_FALSE(k.erase(1));
  EXPECT_TRUE(k.put(1, t(10)));
  EXPECT_FALSE(k.put(1, t(11)));  // replaced, not added
  ASSERT_NE(k.find(1), nullptr);
  EXPECT_EQ(k.find(1)->x, 11);
  EXPECT_TRUE(k.update(1, t(12)));
  EXPECT_EQ(k.find(1)->x, 12);
  EXPECT_FALSE(k.update(2, t(1)));
  EXPECT_EQ(k.size(), 1u);
  EXPECT_TRUE(k.erase(1));
  EXPECT_FALSE(k.contains(1));
  EXPECT_EQ(k.size(), 0u);
  EXPECT_FALSE(k.put(0, t(1)));  // 0 is never an avatar id
  EXPECT_FALSE(k.contains(0));
}

TEST(KnownAvatars, ClearForgetsEverything) {
  KnownAvatars k;
  for (std::uint32_t id = 1; id <= 100; ++id) k.put(id, t(1));
  k.clear();
  EXPECT_EQ(k.size(), 0u);
  for (std::uint32_t id = 1; id <= 100; ++id) EXPECT_FALSE(k.contains(id)) << id;
  EXPECT_TRUE(k.put(5, t(5)));
}

// Random operations against std::map: the probing and backward-shift deletion keep every
// entry reachable, through growth and many collisions (ids drawn from a small range).
TEST(KnownAvatars, AgreesWithAStdMapUnderRandomOperations) {
  for (std::uint32_t range : {20u, 300u, 5000u}) {
    std::mt19937 rng(range);
    KnownAvatars k;
    std::map<std::uint32_t, std::int16_t> ref;
    for (int i = 0; i < 50000; ++i) {
      const std::uint32_t id = 1 + rng() % range;
      const auto x = static_cast<std::int16_t>(rng() % 1000);
      switch (rng() % 4) {
        case 0:
        case 1:
          EXPECT_EQ(k.put(id, t(x)), !ref.contains(id));
          ref[id] = x;
          break;
        case 2:
          EXPECT_EQ(k.update(id, t(x)), ref.contains(id));
          if (ref.contains(id)) ref[id] = x;
          break;
        case 3:
          EXPECT_EQ(k.erase(id), ref.erase(id) == 1);
          break;
      }
    }
    ASSERT_EQ(k.size(), ref.size()) << range;
    for (std::uint32_t id = 1; id <= range; ++id) {
      const proto::Transform* found = k.find(id);
      auto it = ref.find(id);
      ASSERT_EQ(found != nullptr, it != ref.end()) << "range " << range << " id " << id;
      if (found) {
        EXPECT_EQ(found->x, it->second);
      }
    }
    std::size_t visited = 0;
    k.for_each([&](std::uint32_t id, const proto::Transform& tr) {
      ++visited;
      EXPECT_EQ(ref.at(id), tr.x);
    });
    EXPECT_EQ(visited, ref.size());
  }
}

}  // namespace
}  // namespace tsunagu::swarm
