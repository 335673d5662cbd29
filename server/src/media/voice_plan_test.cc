#include "media/voice_plan.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace tsunagu::media {
namespace {

// The ids each listener receives, for readable tables.
std::map<std::uint32_t, std::vector<std::uint32_t>> heard(const std::vector<VoiceParticipant>& people,
                                                          VoiceSettings settings = {}) {
  auto plan = plan_voices(people, settings);
  std::map<std::uint32_t, std::vector<std::uint32_t>> out;
  for (std::size_t i = 0; i < people.size(); ++i) {
    for (const auto& f : plan[i]) out[people[i].id].push_back(f.speaker);
  }
  return out;
}

VoiceParticipant at(std::uint32_t id, float x, float z, bool speaking = true) {
  VoiceParticipant p;
  p.id = id;
  p.x = x;
  p.z = z;
  p.speaking = speaking;
  return p;
}

using Ids = std::vector<std::uint32_t>;

TEST(VoicePlanTest, Table) {
  struct Case {
    std::string name;
    std::vector<VoiceParticipant> people;
    VoiceSettings settings;
    std::map<std::uint32_t, Ids> want;  // listeners not listed hear nobody
  };
  std::vector<Case> cases;
  cases.push_back({"near hears near, not self", {at(1, 0, 0), at(2, 3, 0)}, {}, {{1, {2}}, {2, {1}}}});
  cases.push_back({"beyond the hearing radius", {at(1, 0, 0), at(2, 15.1f, 0)}, {}, {}});
  cases.push_back({"exactly at the radius", {at(1, 0, 0), at(2, 15, 0)}, {}, {{1, {2}}, {2, {1}}}});
  cases.push_back({"a silent listener hears, is not heard",
                   {at(1, 0, 0), at(2, 3, 0, /*speaking=*/false)}, {}, {{2, {1}}}});
  {
    auto b = at(2, 3, 0);
    b.muted_by_moderator = true;
    cases.push_back({"moderator-muted speaker reaches nobody", {at(1, 0, 0), b}, {}, {{2, {1}}}});
  }
  {
    auto a = at(1, 0, 0);
    a.hidden = {2};
    cases.push_back({"a block silences both ways", {a, at(2, 3, 0), at(3, 1, 0)}, {},
                     {{1, {3}}, {2, {3}}, {3, {1, 2}}}});
  }
  {
    auto s = at(9, 200, 200);
    s.on_stage = true;
    cases.push_back({"stage speaker heard across the hall", {at(1, 0, 0), s}, {}, {{1, {9}}, {9, {}}}});
  }
  {
    auto inside = at(2, 1, 0);
    inside.zone = 5;
    auto inside2 = at(3, 2, 0);
    inside2.zone = 5;
    auto stage = at(9, 0, 5);
    stage.on_stage = true;
    cases.push_back({"closed zone keeps its voices in and the stage out",
                     {at(1, 0, 0), inside, inside2, stage}, {},
                     {{1, {9}}, {2, {3}}, {3, {2}}, {9, {1}}}});
  }
  {
    std::vector<VoiceParticipant> crowd = {at(1, 0, 0, false)};
    for (std::uint32_t i = 2; i <= 12; ++i) crowd.push_back(at(i, static_cast<float>(i), 0));
    Case c{"at most K nearest, nearest first", crowd, {}, {}};
    c.want[1] = {2, 3, 4, 5, 6, 7, 8, 9};
    // the others hear their own 8 nearest; only check listener 1 below
    cases.push_back(c);
  }
  cases.push_back({"meeting mode ignores distance",
                   {at(1, 0, 0), at(2, 100, 0)}, VoiceSettings{15, 8, true}, {{1, {2}}, {2, {1}}}});
  {
    std::vector<VoiceParticipant> many = {at(1, 0, 0, false)};
    for (std::uint32_t i = 2; i <= 5; ++i) {
      auto s = at(i, 100.0f * i, 0);
      s.on_stage = true;
      many.push_back(s);
    }
    many.push_back(at(6, 1, 0));
    Case c{"stage speakers do not use up the K nearest", many, VoiceSettings{15, 1, false}, {}};
    c.want[1] = {2, 3, 4, 5, 6};
    cases.push_back(c);
  }
  for (const auto& c : cases) {
    auto got = heard(c.people, c.settings);
    for (const auto& [listener, want] : c.want) {
      std::vector<std::uint32_t> g = got[listener];
      if (c.name.starts_with("stage speakers")) {
        std::sort(g.begin(), g.end());
      }
      EXPECT_EQ(g, want) << c.name << ": listener " << listener;
    }
    if (c.name.starts_with("at most") || c.name.starts_with("stage speakers")) continue;
    for (const auto& p : c.people) {
      if (!c.want.contains(p.id)) EXPECT_TRUE(got[p.id].empty()) << c.name << ": " << p.id;
    }
  }
}

TEST(VoicePlanTest, ScreenShareTable) {
  struct Case {
    std::string name;
    std::vector<VoiceParticipant> people;
    std::uint32_t presenter;
    Ids want;  // who receives the share
  };
  auto far = at(3, 500, 500, false);  // far away and silent: still sees the screen
  auto booth = at(4, 1, 0);
  booth.zone = 5;  // a closed voice zone: the screen is seen from there too
  auto blocker = at(5, 2, 0);
  blocker.hidden = {1};  // blocks the presenter (or is blocked by them)
  const std::vector<Case> cases = {
      {"nobody shares, nobody receives", {at(1, 0, 0), at(2, 3, 0)}, 0, {}},
      {"everyone but the presenter", {at(1, 0, 0), at(2, 3, 0)}, 1, {2}},
      {"distance does not matter", {at(1, 0, 0), at(2, 3, 0), far}, 1, {2, 3}},
      {"closed zones see it too", {at(1, 0, 0), booth}, 1, {4}},
      {"never across a block", {at(1, 0, 0), at(2, 3, 0), blocker}, 1, {2}},
      {"the presenter need not be listening", {at(2, 3, 0), far}, 1, {2, 3}},
      {"a presenter that blocked a viewer is hidden from them", {at(2, 3, 0), blocker}, 1, {2}},
  };
  for (const auto& c : cases) {
    const auto got = plan_screen(c.people, c.presenter);
    ASSERT_EQ(got.size(), c.people.size()) << c.name;
    Ids ids;
    for (std::size_t i = 0; i < got.size(); ++i) {
      if (got[i]) ids.push_back(c.people[i].id);
    }
    EXPECT_EQ(ids, c.want) << c.name;
  }
}

TEST(VoicePlanTest, ScreenFeedIdsNeverCollideWithAvatarIds) {
  struct Case {
    std::string name;
    std::uint32_t avatar;
  };
  const std::vector<Case> cases = {{"first user", 1},
                                   {"a large user id", 0x7fff'ffffu},
                                   {"an anonymous alias", 0xF000'0003u},
                                   {"the largest id", 0xffff'ffffu}};
  for (const auto& c : cases) {
    const std::uint64_t feed = screen_feed(c.avatar);
    EXPECT_TRUE(is_screen_feed(feed)) << c.name;
    EXPECT_FALSE(is_screen_feed(c.avatar)) << c.name;
    EXPECT_NE(feed, std::uint64_t{c.avatar}) << c.name;
    EXPECT_EQ(static_cast<std::uint32_t>(feed), c.avatar) << c.name;
    EXPECT_LE(feed, std::uint64_t{1} << 53) << c.name << ": a JSON number in every client";
  }
}

TEST(VoicePlanTest, TwoThousandPeopleIsFast) {
  std::vector<VoiceParticipant> people;
  for (std::uint32_t i = 1; i <= 2000; ++i) {
    people.push_back(at(i, static_cast<float>(i % 50) * 2, static_cast<float>(i / 50) * 2, i % 10 == 0));
  }
  auto plan = plan_voices(people, {});
  ASSERT_EQ(plan.size(), 2000u);
  for (const auto& feeds : plan) EXPECT_LE(feeds.size(), 8u);
}

}  // namespace
}  // namespace tsunagu::media
