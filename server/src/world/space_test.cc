#include "world/space.h"

#include <gtest/gtest.h>

#include <numbers>

namespace tsunagu::world {
namespace {

class RecordingSink : public MemberSink {
 public:
  void send_world_frame(const FrameBytes& frame) override {
    auto decoded = proto::decode_world(*frame);
    ASSERT_TRUE(decoded) << decoded.error().message();
    frames.push_back(std::move(*decoded));
    raw.push_back(frame);
  }
  void send_control(const TextBytes&) override {}
  std::vector<proto::WorldFrame> frames;
  std::vector<FrameBytes> raw;
};

SpaceConfig small_space(int capacity = 3) {
  SpaceConfig c;
  c.id = "plaza";
  c.capacity = capacity;
  c.spawn = Spawn{1, 0, 2, 0};
  c.bounds = Bounds{-10, -10, 10, 10};
  return c;
}

TEST(SpaceTest, NewcomerGetsSnapshotOthersGetJoin) {
  Space space(small_space());
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

TEST(SpaceTest, MovesAreSharedOneFrameForAll) {
  Space space(small_space());
  RecordingSink a, b;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  ASSERT_TRUE(space.add(2, 0, "B", b));
  space.tick();
  space.queue_move(1, proto::Transform{300, 0, 400, 1000, 1});
  space.queue_move(1, proto::Transform{310, 0, 410, 1000, 1});  // only the newest counts
  EXPECT_EQ(space.tick(), 1);
  ASSERT_EQ(a.raw.size(), 2u);
  ASSERT_EQ(b.raw.size(), 2u);
  EXPECT_EQ(a.raw[1].get(), b.raw[1].get());  // encoded once, shared
  EXPECT_EQ(b.frames[1].records[0].transform, (proto::Transform{310, 0, 410, 1000, 1}));
}

TEST(SpaceTest, NothingChangedSendsNothing) {
  Space space(small_space());
  RecordingSink a;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  space.tick();
  EXPECT_EQ(space.tick(), 0);
  space.queue_move(1, proto::Transform{100, 0, 200, 0, 0});  // same as spawn
  EXPECT_EQ(space.tick(), 0);
  EXPECT_EQ(a.frames.size(), 1u);
}

TEST(SpaceTest, PositionsAreClampedToBounds) {
  Space space(small_space());
  RecordingSink a, b;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  ASSERT_TRUE(space.add(2, 0, "B", b));
  space.tick();
  space.queue_move(1, proto::Transform{30000, 9000, -30000, 0, 2});
  space.tick();
  const auto& t = b.frames.back().records[0].transform;
  EXPECT_EQ(t.x, 1000);
  EXPECT_EQ(t.z, -1000);
  EXPECT_EQ(t.y, 5000);
}

TEST(SpaceTest, LeaveIsAnnouncedOnlyForAnnouncedMembers) {
  Space space(small_space());
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
  Space space(small_space(2));
  RecordingSink a, b, c;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  ASSERT_TRUE(space.add(2, 0, "B", b));
  auto third = space.add(3, 0, "C", c);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().name(), "space_full");
  EXPECT_EQ(space.add(1, 0, "A", a).error().name(), "already_member");
}

TEST(SpaceTest, MovesOfUnknownMembersAreIgnored) {
  Space space(small_space());
  space.queue_move(42, proto::Transform{});
  EXPECT_EQ(space.tick(), 0);
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

namespace tsunagu::world {
namespace {

bool sees(const RecordingSink& sink, std::uint32_t id) {
  bool present = false;
  for (const auto& f : sink.frames) {
    if (f.snapshot) present = false;
    for (const auto& r : f.records) {
      if (r.id != id) continue;
      present = r.kind != proto::kRecordLeave;
    }
  }
  return present;
}

TEST(SpaceHiddenTest, BlockedMembersNeverAppearInEitherView) {
  Space space(small_space());
  RecordingSink a, b, c;
  ASSERT_TRUE(space.add(1, 0, "A", a, 0, {2}));
  ASSERT_TRUE(space.add(2, 0, "B", b, 0, {1}));
  ASSERT_TRUE(space.add(3, 0, "C", c));
  space.tick();
  EXPECT_FALSE(sees(a, 2));
  EXPECT_FALSE(sees(b, 1));
  EXPECT_TRUE(sees(a, 3));
  EXPECT_TRUE(sees(c, 1));
  EXPECT_TRUE(sees(c, 2));
  space.queue_move(2, proto::Transform{50, 0, 50, 0, 1});
  space.tick();
  for (const auto& f : a.frames) {
    for (const auto& r : f.records) EXPECT_NE(r.id, 2u) << "A received a record about B";
  }
  EXPECT_TRUE(space.hides(1, 2));
  EXPECT_FALSE(space.hides(1, 3));
}

TEST(SpaceHiddenTest, BlockingMidSessionSendsLeaveAndUnblockingSendsJoin) {
  Space space(small_space());
  RecordingSink a, b, c;
  ASSERT_TRUE(space.add(1, 0, "A", a));
  ASSERT_TRUE(space.add(2, 0, "B", b));
  ASSERT_TRUE(space.add(3, 0, "C", c));
  space.tick();
  ASSERT_TRUE(sees(a, 2));
  space.set_hidden(1, 2, true);
  space.tick();
  EXPECT_FALSE(sees(a, 2));
  EXPECT_FALSE(sees(b, 1));
  EXPECT_TRUE(sees(c, 1));  // C is not involved
  const std::size_t c_frames = c.frames.size();
  space.set_hidden(1, 2, false);
  space.queue_move(3, proto::Transform{10, 0, 10, 0, 1});
  space.tick();
  EXPECT_TRUE(sees(a, 2));
  EXPECT_TRUE(sees(b, 1));
  EXPECT_EQ(c.frames.size(), c_frames + 1);
  // The shared frame still went to C, and A's own frame carries C's move too.
  bool a_saw_c_move = false;
  for (const auto& r : a.frames.back().records) a_saw_c_move |= r.id == 3 && r.kind == proto::kRecordMove;
  EXPECT_TRUE(a_saw_c_move);
}

}  // namespace
}  // namespace tsunagu::world
