#include "world/space.h"

#include <gtest/gtest.h>

#include <map>
#include <numbers>

namespace tsunagu::world {
namespace {

class RecordingSink : public MemberSink {
 public:
  void send_world_frame(const core::FrameRef& frame) override {
    auto decoded = proto::decode_world(frame.view());
    ASSERT_TRUE(decoded) << decoded.error().message();
    frames.push_back(std::move(*decoded));
    bytes += frame.view().size();
  }
  void send_control(const TextBytes&) override {}
  bool ready_for_world_frame() const override { return ready; }

  // What this listener currently believes about each avatar.
  std::map<std::uint32_t, proto::Transform> view() const {
    std::map<std::uint32_t, proto::Transform> out;
    for (const auto& f : frames) {
      if (f.snapshot) out.clear();
      for (const auto& r : f.records) {
        if (r.kind == proto::kRecordLeave) {
          out.erase(r.id);
        } else {
          out[r.id] = r.transform;
        }
      }
    }
    return out;
  }
  bool sees(std::uint32_t id) const { return view().contains(id); }
  int moves_of(std::uint32_t id, std::size_t from_frame = 0) const {
    int n = 0;
    for (std::size_t i = from_frame; i < frames.size(); ++i) {
      for (const auto& r : frames[i].records) n += r.kind == proto::kRecordMove && r.id == id;
    }
    return n;
  }

  std::vector<proto::WorldFrame> frames;
  std::size_t bytes = 0;
  bool ready = true;
};

SpaceConfig space_config(int capacity = 50, float half = 100) {
  SpaceConfig c;
  c.id = "plaza";
  c.capacity = capacity;
  c.spawn = Spawn{1, 0, 2, 0};
  c.bounds = Bounds{-half, -half, half, half};
  return c;
}

proto::Transform at(float x, float z, std::uint8_t anim = 1) { return quantize(x, 0, z, 0, anim); }

TEST(SpaceTest, NewcomerGetsSnapshotOthersGetJoin) {
  Space space(space_config());
  RecordingSink a, b;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  space.tick();
  ASSERT_EQ(a.frames.size(), 1u);
  EXPECT_TRUE(a.frames[0].snapshot);
  ASSERT_EQ(a.frames[0].records.size(), 1u);
  EXPECT_EQ(a.frames[0].records[0].transform.x, 100);  // spawn x = 1 m

  ASSERT_TRUE(space.add(2, 3, "さくら", b));
  space.tick();
  ASSERT_EQ(a.frames.size(), 2u);
  EXPECT_FALSE(a.frames[1].snapshot);
  ASSERT_EQ(a.frames[1].records.size(), 1u);
  EXPECT_EQ(a.frames[1].records[0].kind, proto::kRecordJoin);
  EXPECT_EQ(a.frames[1].records[0].name, "さくら");
  ASSERT_EQ(b.frames.size(), 1u);
  EXPECT_TRUE(b.frames[0].snapshot);
  EXPECT_EQ(b.frames[0].records.size(), 2u);
}

TEST(SpaceTest, NearMovesArriveEveryTickOnlyWhenChanged) {
  Space space(space_config());
  RecordingSink a, b;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  ASSERT_TRUE(space.add(2, 0, "B", b));
  space.tick();
  space.queue_move(1, at(3, 4));
  space.queue_move(1, at(3.1f, 4.1f));  // only the newest counts
  EXPECT_EQ(space.tick(), 1);
  EXPECT_EQ(b.view().at(1), at(3.1f, 4.1f));
  const auto frames = b.frames.size();
  EXPECT_EQ(space.tick(), 0);  // nothing changed: nothing sent
  space.queue_move(1, at(3.1f, 4.1f));
  space.tick();
  EXPECT_EQ(b.frames.size(), frames);
}

TEST(SpaceTest, PositionsAreClampedToBounds) {
  Space space(space_config(50, 10));
  RecordingSink a, b;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  ASSERT_TRUE(space.add(2, 0, "B", b));
  space.tick();
  space.queue_move(1, proto::Transform{30000, 9000, -30000, 0, 2});
  for (int i = 0; i < 5; ++i) space.tick();  // 15 m away: mid range, 5 Hz
  const auto t = b.view().at(1);
  EXPECT_EQ(t.x, 1000);
  EXPECT_EQ(t.z, -1000);
  EXPECT_EQ(t.y, 5000);
}

TEST(SpaceTest, LeaveIsAnnouncedOnlyForAnnouncedMembers) {
  Space space(space_config());
  RecordingSink a, b, c;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  ASSERT_TRUE(space.add(2, 0, "B", b));
  space.tick();
  space.remove(2);
  ASSERT_TRUE(space.add(3, 0, "C", c));
  space.remove(3);  // joined and left within one tick: nobody hears of it
  space.tick();
  ASSERT_EQ(a.frames.size(), 2u);
  ASSERT_EQ(a.frames[1].records.size(), 1u);
  EXPECT_EQ(a.frames[1].records[0].kind, proto::kRecordLeave);
  EXPECT_EQ(a.frames[1].records[0].id, 2u);
  EXPECT_TRUE(c.frames.empty());
  EXPECT_EQ(space.count(), 1);
}

TEST(SpaceTest, CapacityIsEnforced) {
  Space space(space_config(2));
  RecordingSink a, b, c;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  ASSERT_TRUE(space.add(2, 0, "B", b));
  auto third = space.add(3, 0, "C", c);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().name(), "space_full");
  EXPECT_EQ(space.add(1, 0, "A", a).error().name(), "already_member");
}

TEST(SpaceTest, MovesOfUnknownMembersAreIgnored) {
  Space space(space_config());
  space.queue_move(42, proto::Transform{});
  EXPECT_EQ(space.tick(), 0);
}

TEST(SpaceTest, AMoveSentBeforeTheSnapshotIsKept) {
  Space space(space_config());
  RecordingSink a, b;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  space.tick();
  ASSERT_TRUE(space.add(2, 0, "B", b));
  space.queue_move(2, at(4, 4));  // before B's snapshot, then B stands still
  space.tick();
  space.tick();
  EXPECT_EQ(a.view().at(2), at(4, 4));
}

TEST(SpaceAoiTest, AnIdleCrowdCostsNothingAndAMoverIsStillHeard) {
  Space space(space_config(500));
  std::vector<std::unique_ptr<RecordingSink>> sinks;
  for (std::uint32_t id = 1; id <= 300; ++id) {
    sinks.push_back(std::make_unique<RecordingSink>());
    ASSERT_TRUE(space.add(id, 0, "idle", *sinks.back()));
  }
  for (int t = 0; t < 100; ++t) space.tick();  // everyone stands at the spawn point
  const auto sent = space.stats().moves_sent;
  space.queue_move(7, at(2, 3));
  space.tick();
  EXPECT_EQ(space.stats().moves_sent, sent + 299);  // all the others hear the one who moved
  EXPECT_EQ(sinks[0]->view().at(7), at(2, 3));
}

TEST(SpaceTest, SlotsAreReusedWithoutConfusingListeners) {
  Space space(space_config());
  RecordingSink a, b, c;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  ASSERT_TRUE(space.add(2, 0, "B", b));
  space.tick();
  space.queue_move(2, at(5, 5));
  space.tick();
  space.remove(2);
  ASSERT_TRUE(space.add(3, 0, "C", c));  // takes B's slot
  space.tick();
  EXPECT_FALSE(a.sees(2));
  ASSERT_TRUE(a.sees(3));
  EXPECT_EQ(a.view().at(3), at(1, 2, 0));  // C at the spawn, not where B was
  space.queue_move(3, at(5, 5));
  space.tick();
  EXPECT_EQ(a.view().at(3), at(5, 5));
}

// Area of interest ---------------------------------------------------------------------------

TEST(SpaceAoiTest, FarAvatarsArriveLessOftenButArrive) {
  Space space(space_config());
  RecordingSink listener, near, far;
  ASSERT_TRUE(space.add(1, 0, "L", listener));
  ASSERT_TRUE(space.add(2, 0, "N", near));
  ASSERT_TRUE(space.add(3, 0, "F", far));
  space.queue_move(2, at(5, 5));
  space.queue_move(3, at(80, 80));
  space.tick();
  space.tick();
  const std::size_t from = listener.frames.size();
  for (int t = 0; t < 60; ++t) {  // both keep moving for 3 s
    space.queue_move(2, at(5 + (t + 1) * 0.1f, 5));
    space.queue_move(3, at(80 - (t + 1) * 0.1f, 80));
    space.tick();
  }
  EXPECT_EQ(listener.moves_of(2, from), 60);  // near: every tick
  const int far_moves = listener.moves_of(3, from);
  EXPECT_GE(far_moves, 2);   // far: about once a second
  EXPECT_LE(far_moves, 3);
  EXPECT_EQ(listener.view().at(2), at(5 + 60 * 0.1f, 5));
  // When the far one stops, the listener ends up with its final position.
  for (int t = 0; t < 25; ++t) space.tick();
  EXPECT_EQ(listener.view().at(3), at(80 - 60 * 0.1f, 80));
}

TEST(SpaceAoiTest, MidRangeAvatarsArriveAtFiveHertz) {
  Space space(space_config());
  RecordingSink listener, mid;
  ASSERT_TRUE(space.add(1, 0, "L", listener));
  ASSERT_TRUE(space.add(2, 0, "M", mid));
  space.queue_move(2, at(20, 2));
  space.tick();
  space.tick();
  const std::size_t from = listener.frames.size();
  for (int t = 0; t < 40; ++t) {
    space.queue_move(2, at(20, 2 + t * 0.05f));
    space.tick();
  }
  const int moves = listener.moves_of(2, from);
  EXPECT_GE(moves, 9);
  EXPECT_LE(moves, 11);
}

TEST(SpaceAoiTest, ByteBudgetCapsEachFrameAndEveryoneStillArrives) {
  AoiSettings aoi;
  Space space(space_config(200), aoi);
  std::vector<std::unique_ptr<RecordingSink>> sinks;
  for (std::uint32_t id = 1; id <= 120; ++id) {
    sinks.push_back(std::make_unique<RecordingSink>());
    ASSERT_TRUE(space.add(id, 0, "x", *sinks.back()));
  }
  space.tick();
  // 119 others all moving within a few metres of the listener.
  for (int t = 0; t < 10; ++t) {
    for (std::uint32_t id = 2; id <= 120; ++id) {
      space.queue_move(id, at((id % 11) * 0.5f + t * 0.01f, (id / 11) * 0.5f));
    }
    space.tick();
  }
  const std::size_t max_moves = aoi.move_budget_bytes / proto::kMoveRecordSize;
  for (std::size_t i = 1; i < sinks[0]->frames.size(); ++i) {
    int moves = 0;
    for (const auto& r : sinks[0]->frames[i].records) moves += r.kind == proto::kRecordMove;
    EXPECT_LE(static_cast<std::size_t>(moves), max_moves) << "frame " << i;
  }
  EXPECT_GT(space.stats().moves_deferred, 0u);
  // Stop moving: within a few ticks the listener has everyone's final position.
  for (int t = 0; t < 5; ++t) space.tick();
  auto view = sinks[0]->view();
  for (std::uint32_t id = 2; id <= 120; ++id) {
    EXPECT_EQ(view.at(id), at((id % 11) * 0.5f + 9 * 0.01f, (id / 11) * 0.5f)) << id;
  }
}

TEST(SpaceAoiTest, StageSpeakersAreHeardEverywhereEveryTick) {
  SpaceConfig config = space_config();
  config.stage = Bounds{-5, -95, 5, -85};
  Space space(config);
  RecordingSink listener, speaker;
  ASSERT_TRUE(space.add(1, 0, "L", listener));
  ASSERT_TRUE(space.add(2, 0, "S", speaker));
  space.queue_move(1, at(80, 80));  // far from the stage
  space.queue_move(2, at(0, -90));
  space.tick();
  space.tick();
  const std::size_t from = listener.frames.size();
  for (int t = 0; t < 20; ++t) {
    space.queue_move(2, at((t + 1) * 0.1f, -90));
    space.tick();
  }
  EXPECT_EQ(listener.moves_of(2, from), 20);
}

TEST(SpaceAoiTest, SlowListenerGetsOnlyTheNewestAndJoinsStillArrive) {
  Space space(space_config());
  RecordingSink slow, mover, late;
  ASSERT_TRUE(space.add(1, 0, "S", slow));
  ASSERT_TRUE(space.add(2, 0, "M", mover));
  space.tick();
  slow.ready = false;
  const std::size_t from = slow.frames.size();
  for (int t = 0; t < 10; ++t) {
    space.queue_move(2, at(t * 0.2f, 0));
    space.tick();
  }
  EXPECT_EQ(slow.moves_of(2, from), 0);  // held back
  ASSERT_TRUE(space.add(3, 0, "late", late));
  space.tick();
  EXPECT_TRUE(slow.sees(3));  // joins are never held back
  slow.ready = true;
  space.tick();
  EXPECT_EQ(slow.moves_of(2, from), 1);  // one catch-up with the newest only
  EXPECT_EQ(slow.view().at(2), at(9 * 0.2f, 0));
  EXPECT_GT(space.stats().frames_held_back, 0u);
}

TEST(SpaceAoiTest, ListenerThatStaysSlowIsReported) {
  AoiSettings aoi;
  aoi.slow_ticks_limit = 10;
  Space space(space_config(), aoi);
  RecordingSink slow, other;
  ASSERT_TRUE(space.add(1, 0, "S", slow));
  ASSERT_TRUE(space.add(2, 0, "O", other));
  space.tick();
  slow.ready = false;
  for (int t = 0; t < 10; ++t) space.tick();
  EXPECT_TRUE(space.take_too_slow().empty());
  space.tick();
  EXPECT_EQ(space.take_too_slow(), std::vector<std::uint32_t>{1});
}

TEST(SpaceAoiTest, TwoThousandAvatarsStayWithinTheBudget) {
  AoiSettings aoi;
  Space space(space_config(2000, 100), aoi);
  std::vector<std::unique_ptr<RecordingSink>> sinks;
  for (std::uint32_t id = 1; id <= 2000; ++id) {
    sinks.push_back(std::make_unique<RecordingSink>());
    ASSERT_TRUE(space.add(id, 0, "bot", *sinks.back()));
  }
  space.tick();
  for (auto& s : sinks) {
    s->frames.clear();
    s->bytes = 0;
  }
  for (int t = 0; t < 20; ++t) {  // one second of everyone moving
    for (std::uint32_t id = 1; id <= 2000; ++id) {
      const float x = static_cast<float>(id % 50) * 4 - 98 + t * 0.05f;
      const float z = static_cast<float>(id / 50) * 4 - 80;
      space.queue_move(id, at(x, z));
    }
    space.tick();
  }
  std::size_t worst = 0;
  for (auto& s : sinks) worst = std::max(worst, s->bytes);
  // Frame headers and WebSocket framing come on top of the move budget.
  EXPECT_LE(worst, static_cast<std::size_t>(20 * (aoi.move_budget_bytes + 9)));
}

// Blocks -------------------------------------------------------------------------------------

TEST(SpaceHiddenTest, BlockedMembersNeverAppearInEitherView) {
  Space space(space_config());
  RecordingSink a, b, c;
  ASSERT_TRUE(space.add(1, 0, "A", a, 0, {2}));
  ASSERT_TRUE(space.add(2, 0, "B", b, 0, {1}));
  ASSERT_TRUE(space.add(3, 0, "C", c));
  space.tick();
  EXPECT_FALSE(a.sees(2));
  EXPECT_FALSE(b.sees(1));
  EXPECT_TRUE(a.sees(3));
  EXPECT_TRUE(c.sees(1));
  EXPECT_TRUE(c.sees(2));
  space.queue_move(2, at(2, 2));
  space.tick();
  for (const auto& f : a.frames) {
    for (const auto& r : f.records) EXPECT_NE(r.id, 2u) << "A received a record about B";
  }
  EXPECT_TRUE(space.hides(1, 2));
  EXPECT_FALSE(space.hides(1, 3));
}

TEST(SpaceHiddenTest, BlockingMidSessionSendsLeaveAndUnblockingSendsJoin) {
  Space space(space_config());
  RecordingSink a, b, c;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  ASSERT_TRUE(space.add(2, 0, "B", b));
  ASSERT_TRUE(space.add(3, 0, "C", c));
  space.tick();
  ASSERT_TRUE(a.sees(2));
  space.set_hidden(1, 2, true);
  space.tick();
  EXPECT_FALSE(a.sees(2));
  EXPECT_FALSE(b.sees(1));
  EXPECT_TRUE(c.sees(1));  // C is not involved
  space.queue_move(2, at(3, 3));
  space.tick();
  EXPECT_FALSE(a.sees(2));
  space.set_hidden(1, 2, false);
  space.tick();
  EXPECT_TRUE(a.sees(2));
  EXPECT_EQ(a.view().at(2), at(3, 3));  // rejoined where B is now
  EXPECT_TRUE(b.sees(1));
}

TEST(QuantizeTest, YawWrapsAndRoundTrips) {
  EXPECT_EQ(quantize(0, 0, 0, 0, 0).yaw, 0);
  EXPECT_EQ(quantize(0, 0, 0, std::numbers::pi, 0).yaw, 32768);
  EXPECT_EQ(quantize(0, 0, 0, -std::numbers::pi / 2, 0).yaw, 49152);
  EXPECT_EQ(quantize(0, 0, 0, 2 * std::numbers::pi, 0).yaw, 0);
  EXPECT_NEAR(yaw_radians(16384), std::numbers::pi / 2, 1e-4);
  EXPECT_EQ(quantize(400, 0, -400, 0, 0).x, 32767);  // saturates instead of wrapping
  EXPECT_EQ(quantize(1.234f, 0, -0.005f, 0, 0).x, 123);
}

}  // namespace
}  // namespace tsunagu::world
