#include "bank/deidentify.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace tsunagu::bank {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::vector<Ladder> ladders() {
  return {month_ladder(), age_band_ladder(), sex_ladder(), prefecture_ladder()};
}

// Every group of kept rows has at least k members.
void expect_k_anonymous(const KAnonymous& out, int k, const std::string& where) {
  std::map<std::vector<std::string>, int> sizes;
  for (std::size_t i = 0; i < out.kept.size(); ++i) {
    if (out.kept[i]) ++sizes[out.rows[i]];
  }
  for (const auto& [values, size] : sizes) EXPECT_GE(size, k) << where;
}

TEST(DeidentifyTest, LaddersGeneraliseStepByStep) {
  const Ladder p = prefecture_ladder();
  EXPECT_EQ(p.generalise("okinawa", 0), "okinawa");
  EXPECT_EQ(p.generalise("okinawa", 1), "kyushu_okinawa");
  EXPECT_EQ(p.generalise("okinawa", 2), "*");
  EXPECT_EQ(p.generalise("overseas", 1), "overseas");
  const Ladder a = age_band_ladder();
  EXPECT_EQ(a.generalise("16_19", 1), "under_20");
  EXPECT_EQ(a.generalise("70_plus", 1), "60_plus");
  EXPECT_EQ(a.generalise("30_39", 2), "*");
  EXPECT_EQ(month_ladder().generalise("2026-11", 1), "2026");
  EXPECT_EQ(sex_ladder().generalise("female", 1), "*");
}

// The attack: a researcher knows that the one man in his seventies from Okinawa answered, and
// looks for his row. Eleven women in Tokyo in their thirties answered too. No release may
// show a group of fewer than k, so his row is either hidden in a group of at least k or left
// out, and nothing in the output says "okinawa", "70_plus" or "male" at a group below k.
TEST(DeidentifyTest, OnePersonCannotBeSingledOut) {
  Rows rows(11, {"2026-11", "30_39", "female", "tokyo"});
  rows.push_back({"2026-11", "70_plus", "male", "okinawa"});
  const KAnonymous out = k_anonymise(rows, ladders(), 10, 0.05);
  expect_k_anonymous(out, 10, "single out");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!out.kept[i]) continue;
    for (const std::string& v : out.rows[i]) {
      EXPECT_NE(v, "okinawa");
      EXPECT_NE(v, "kyushu_okinawa");
      EXPECT_NE(v, "70_plus");
      EXPECT_NE(v, "60_plus");
      EXPECT_NE(v, "male");
    }
  }
  // Nor can he be found as "the row that differs": every kept row looks like 10 others.
  if (out.kept.back()) {
    int alike = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
      alike += out.kept[i] && out.rows[i] == out.rows.back();
    EXPECT_GE(alike, 10);
  }
}

// With more rows, leaving one out costs less than blurring everyone.
TEST(DeidentifyTest, AFewOutliersAreLeftOutRatherThanBlurringEveryone) {
  Rows rows(40, {"2026-11", "30_39", "female", "tokyo"});
  rows.push_back({"2026-11", "70_plus", "male", "okinawa"});
  const KAnonymous out = k_anonymise(rows, ladders(), 10, 0.05);
  EXPECT_EQ(out.levels, (std::vector<int>{0, 0, 0, 0}));
  EXPECT_EQ(out.suppressed, 1);
  EXPECT_FALSE(out.kept.back());
  EXPECT_EQ(out.rows.front(), (std::vector<std::string>{"2026-11", "30_39", "female", "tokyo"}));
}

TEST(DeidentifyTest, PrefecturesBecomeRegionsWhenThatIsEnough) {
  Rows rows;
  for (const char* p : {"tokyo", "kanagawa", "chiba", "saitama", "ibaraki"}) {
    for (int i = 0; i < 4; ++i) rows.push_back({"2026-11", "40_49", "female", p});
  }
  const KAnonymous out = k_anonymise(rows, ladders(), 10, 0.05);
  EXPECT_EQ(out.levels, (std::vector<int>{0, 0, 0, 1}));
  EXPECT_EQ(out.suppressed, 0);
  EXPECT_EQ(out.rows[0][3], "kanto");
}

TEST(DeidentifyTest, FewerRowsThanKReleaseNothing) {
  Rows rows(9, {"2026-11", "30_39", "female", "tokyo"});
  const KAnonymous out = k_anonymise(rows, ladders(), 10, 0.05);
  EXPECT_EQ(out.suppressed, 9);
  for (bool kept : out.kept) EXPECT_FALSE(kept);
  const KAnonymous none = k_anonymise({}, ladders(), 10, 0.05);
  EXPECT_EQ(none.suppressed, 0);
}

// Random tables: every release is k-anonymous and leaves out at most 5% (or everything).
TEST(DeidentifyTest, EveryReleaseIsKAnonymous) {
  std::mt19937 random(11);
  const char* prefs[] = {"tokyo", "osaka", "okinawa", "hokkaido", "kyoto", "aichi", "overseas"};
  const char* ages[] = {"16_19", "20_29", "30_39", "50_59", "70_plus", "no_answer"};
  const char* sexes[] = {"female", "male", "other"};
  const char* months[] = {"2026-10", "2026-11", "2027-01"};
  for (int round = 0; round < 60; ++round) {
    const int k = 2 + static_cast<int>(random() % 12);
    const int n = static_cast<int>(random() % 150);
    Rows rows;
    for (int i = 0; i < n; ++i) {
      rows.push_back(
          {months[random() % 3], ages[random() % 6], sexes[random() % 3], prefs[random() % 7]});
    }
    const KAnonymous out = k_anonymise(rows, ladders(), k, 0.05);
    expect_k_anonymous(out, k, "round " + std::to_string(round));
    EXPECT_TRUE(out.suppressed <= n * 0.05 || out.suppressed == n) << "round " << round;
  }
}

}  // namespace
}  // namespace tsunagu::bank
