#include "realtime/stage_roster.h"

#include <gtest/gtest.h>

namespace tsunagu::realtime {
namespace {

using Ids = std::vector<std::uint32_t>;

TEST(StageRosterTest, HandsKeepTheirOrderAndRaiseOnce) {
  StageRoster r;
  EXPECT_TRUE(r.raise_hand(5));
  EXPECT_TRUE(r.raise_hand(2));
  EXPECT_FALSE(r.raise_hand(5));
  EXPECT_EQ(r.hands(), (Ids{5, 2}));
  EXPECT_TRUE(r.lower_hand(5));
  EXPECT_FALSE(r.lower_hand(5));
  EXPECT_EQ(r.hands(), (Ids{2}));
}

TEST(StageRosterTest, InvitingLowersTheHandAndGrantsTheStage) {
  StageRoster r;
  r.raise_hand(7);
  EXPECT_TRUE(r.invite(7));
  EXPECT_TRUE(r.is_guest(7));
  EXPECT_TRUE(r.hands().empty());
  EXPECT_FALSE(r.invite(7));
  EXPECT_FALSE(r.raise_hand(7)) << "someone on the stage has nothing to ask";
  EXPECT_EQ(r.stage_json(), R"({"guests":[7],"type":"stage"})");
}

TEST(StageRosterTest, LeavingTakesHandAndStageAway) {
  StageRoster r;
  r.invite(3);
  r.raise_hand(4);
  EXPECT_TRUE(r.remove(3));
  EXPECT_TRUE(r.remove(4));
  EXPECT_FALSE(r.remove(4));
  EXPECT_FALSE(r.is_guest(3));
  EXPECT_EQ(r.hands_json(), R"({"ids":[],"type":"hands"})");
}

TEST(StageRosterTest, ReleaseOnlyWhenOnStage) {
  StageRoster r;
  EXPECT_FALSE(r.release(1));
  r.invite(1);
  EXPECT_TRUE(r.release(1));
  EXPECT_FALSE(r.is_guest(1));
}

}  // namespace
}  // namespace tsunagu::realtime
