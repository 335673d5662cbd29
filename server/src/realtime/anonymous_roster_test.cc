#include "realtime/anonymous_roster.h"

#include <gtest/gtest.h>

#include <set>

namespace tsunagu::realtime {
namespace {

TEST(AnonymousRosterTest, LettersCountLikeSpreadsheetColumns) {
  struct Case {
    std::uint32_t index;
    const char* letters;
  };
  const Case cases[] = {{0, "A"},   {1, "B"},   {25, "Z"},   {26, "AA"},   {27, "AB"},
                        {51, "AZ"}, {52, "BA"}, {701, "ZZ"}, {702, "AAA"}, {65535, "CRXP"}};
  for (const auto& c : cases) EXPECT_EQ(label_letters(c.index), c.letters) << c.index;
}

TEST(AnonymousRosterTest, OneLabelPerPersonForTheSession) {
  AnonymousRoster roster(kAliasBase + kAliasBlock);
  const auto* a = roster.label_for(17);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->name, "医師A");
  EXPECT_EQ(a->alias, kAliasBase + kAliasBlock);
  const auto* b = roster.label_for(5);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->name, "医師B");
  EXPECT_EQ(b->alias, kAliasBase + kAliasBlock + 1);
  // Coming back (a reconnect, leaving and entering again) keeps the label.
  EXPECT_EQ(roster.label_for(17)->name, "医師A");
  EXPECT_EQ(roster.label_for(17)->alias, a->alias);
  EXPECT_EQ(roster.size(), 2u);
  EXPECT_TRUE(is_alias(a->alias));
  EXPECT_FALSE(is_alias(17));
}

TEST(AnonymousRosterTest, ANewSessionForgetsEveryLabel) {
  AnonymousRoster roster;
  roster.label_for(1);
  roster.label_for(2);
  roster.end_session();
  EXPECT_EQ(roster.size(), 0u);
  // The second person of yesterday is the first of today: nothing links the two.
  EXPECT_EQ(roster.label_for(2)->name, "医師A");
}

TEST(AnonymousRosterTest, ABlockOfAliasesIsNeverExceeded) {
  AnonymousRoster roster;
  std::set<std::uint32_t> aliases;
  for (std::int64_t user = 1; user <= kAliasBlock; ++user) {
    const auto* label = roster.label_for(user);
    ASSERT_NE(label, nullptr) << user;
    aliases.insert(label->alias);
  }
  EXPECT_EQ(aliases.size(), kAliasBlock);
  EXPECT_EQ(*aliases.rbegin(), kAliasBase + kAliasBlock - 1);
  EXPECT_EQ(roster.label_for(kAliasBlock + 1), nullptr);
  EXPECT_NE(roster.label_for(1), nullptr);  // those who have one keep it
}

}  // namespace
}  // namespace tsunagu::realtime
