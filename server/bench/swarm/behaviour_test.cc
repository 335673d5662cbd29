#include "swarm/behaviour.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace tsunagu::swarm {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;

TEST(Quantize, FollowsTheWireFormat) {
  struct Case {
    const char* name;
    Pose pose;
    proto::Transform want;
  };
  const Case cases[] = {
      {"origin", {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
      {"centimetres round", {1.234f, 0.005f, -2.345f, 0, 1}, {123, 1, -235, 0, 1}},
      {"quarter turn", {0, 0, 0, kPi / 2, 0}, {0, 0, 0, 16384, 0}},
      {"negative yaw wraps", {0, 0, 0, -kPi / 2, 0}, {0, 0, 0, 49152, 0}},
      {"full turn is zero", {0, 0, 0, 2 * kPi, 0}, {0, 0, 0, 0, 0}},
      {"beyond the wire clamps", {400, 0, -400, 0, 2}, {32767, 0, -32768, 0, 2}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(quantize(c.pose), c.want) << c.name;
  }
}

TEST(YawTowards, ZeroFacesMinusZAndTurnsCounterClockwise) {
  struct Case {
    const char* name;
    float to_x, to_z, want;
  };
  const Case cases[] = {
      {"ahead (-z)", 0, -5, 0},
      {"left (-x) is a quarter turn", -5, 0, kPi / 2},
      {"behind (+z)", 0, 5, kPi},
      {"right (+x)", 5, 0, 3 * kPi / 2},
  };
  for (const Case& c : cases) {
    EXPECT_NEAR(yaw_towards(0, 0, c.to_x, c.to_z), c.want, 1e-5) << c.name;
  }
}

TEST(DistanceM, IsHorizontalInMetres) {
  EXPECT_FLOAT_EQ(distance_m({0, 0, 0, 0, 0}, {300, 999, 400, 0, 0}), 5.0f);
}

TEST(Patterns, ParseAndMix) {
  EXPECT_EQ(parse_pattern("wander"), Pattern::kWander);
  EXPECT_EQ(parse_pattern("mix"), Pattern::kMix);
  EXPECT_EQ(parse_pattern("crowd"), std::nullopt);
  EXPECT_EQ(pattern_name(Pattern::kStage), "stage");
  int counts[3] = {};
  for (int i = 0; i < 200; ++i) ++counts[static_cast<int>(pattern_for(Pattern::kMix, i))];
  EXPECT_EQ(counts[0], 80);  // wander
  EXPECT_EQ(counts[1], 70);  // exhibits
  EXPECT_EQ(counts[2], 50);  // stage
  EXPECT_EQ(pattern_for(Pattern::kStage, 3), Pattern::kStage);
}

bool inside(const Bounds& b, const Pose& p) {
  return p.x >= b.min_x && p.x <= b.max_x && p.z >= b.min_z && p.z <= b.max_z;
}

TEST(Layout, IsInsideTheBoundsWithExhibitsApartFromTheAudience) {
  const Bounds plaza{-30, -30, 30, 30};
  const Layout layout = make_layout(plaza);
  EXPECT_FLOAT_EQ(layout.walk.min_x, -29);
  EXPECT_FLOAT_EQ(layout.walk.max_z, 29);
  ASSERT_FALSE(layout.exhibits.empty());
  for (const Point& e : layout.exhibits) {
    EXPECT_TRUE(e.x >= layout.walk.min_x && e.x <= layout.walk.max_x) << e.x;
    const Bounds& a = layout.audience;
    EXPECT_FALSE(e.x >= a.min_x && e.x <= a.max_x && e.z >= a.min_z && e.z <= a.max_z);
  }
  EXPECT_GT(layout.audience.min_z, layout.stage.z);  // the crowd is in front of the stage
  // A tiny space still has one exhibit and sane rectangles.
  const Layout tiny = make_layout({-1, -1, 1, 1});
  EXPECT_FALSE(tiny.exhibits.empty());
  EXPECT_LE(tiny.walk.min_x, tiny.walk.max_x);
}

// Every pattern stays inside the walkable area, never moves faster than a brisk walk, and
// actually moves in a minute.
TEST(Behaviour, StaysInBoundsAtWalkingSpeed) {
  const Bounds bounds{-30, -30, 30, 30};
  const Layout layout = make_layout(bounds);
  for (Pattern p : {Pattern::kWander, Pattern::kExhibits, Pattern::kStage}) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      Behaviour b(p, layout, seed);
      Pose last = b.pose();
      float travelled = 0;
      for (int i = 0; i < 20 * 120; ++i) {  // two minutes at 20 Hz
        const Pose& now = b.step(0.05);
        ASSERT_TRUE(inside(layout.walk, now)) << pattern_name(p) << " seed " << seed;
        const float step = std::hypot(now.x - last.x, now.z - last.z);
        ASSERT_LE(step, Behaviour::kMaxSpeed * 0.05f + 1e-4f) << pattern_name(p);
        travelled += step;
        last = now;
      }
      EXPECT_GT(travelled, 0.1f) << pattern_name(p) << " seed " << seed;
    }
  }
}

// How much of the time each pattern changes its transform (and so sends a MOVE).
double moving_share(Pattern p) {
  const Layout layout = make_layout({-50, -50, 50, 50});
  int changed = 0, total = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Behaviour b(p, layout, seed);
    proto::Transform last = quantize(b.pose());
    for (int i = 0; i < 20 * 60; ++i) {
      const proto::Transform t = quantize(b.step(0.05));
      changed += t != last;
      ++total;
      last = t;
    }
  }
  return static_cast<double>(changed) / total;
}

TEST(Behaviour, WanderersWalkMostlyAndTheCrowdStandsMostly) {
  const double wander = moving_share(Pattern::kWander);
  const double exhibits = moving_share(Pattern::kExhibits);
  const double stage = moving_share(Pattern::kStage);
  EXPECT_GT(wander, 0.5);
  EXPECT_LT(stage, 0.15);
  EXPECT_GT(stage, 0.0);
  EXPECT_LT(exhibits, wander);
}

TEST(Behaviour, StageCrowdFacesTheStage) {
  const Layout layout = make_layout({-50, -50, 50, 50});
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    Behaviour b(Pattern::kStage, layout, seed);
    const Pose& p = b.pose();
    const float want = yaw_towards(p.x, p.z, layout.stage.x, layout.stage.z);
    EXPECT_NEAR(p.yaw, want, 1e-4) << seed;
    EXPECT_TRUE(inside(layout.audience, p)) << seed;
  }
}

TEST(Behaviour, ExhibitVisitorsStandOnASmallCircle) {
  const Layout layout = make_layout({-50, -50, 50, 50});
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    Behaviour b(Pattern::kExhibits, layout, seed);
    const Pose& p = b.pose();
    float nearest = 1e9f;
    for (const Point& e : layout.exhibits) nearest = std::min(nearest, std::hypot(p.x - e.x, p.z - e.z));
    EXPECT_LE(nearest, 3.5f + 1e-4f) << seed;
  }
}

TEST(Behaviour, IsReproducibleFromItsSeed) {
  const Layout layout = make_layout({-30, -30, 30, 30});
  Behaviour a(Pattern::kWander, layout, 42), b(Pattern::kWander, layout, 42);
  for (int i = 0; i < 500; ++i) {
    ASSERT_EQ(quantize(a.step(0.05)), quantize(b.step(0.05))) << i;
  }
}

}  // namespace
}  // namespace tsunagu::swarm
