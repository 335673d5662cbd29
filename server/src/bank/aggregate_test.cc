#include "bank/aggregate.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace tsunagu::bank {
namespace {

using nlohmann::json;

SurveyDefinition survey() {
  auto text = json{{"ja", "質問"}, {"en", "Question"}};
  auto options = [&](std::initializer_list<const char*> values) {
    json out = json::array();
    for (const char* v : values) out.push_back({{"value", v}, {"label", text}});
    return out;
  };
  json src = {
      {"id", "agg"},
      {"version", 1},
      {"title", text},
      {"consent", text},
      {"questions",
       {{{"id", "pick"},
         {"kind", "single"},
         {"text", text},
         {"options", options({"a", "b", "c", "d"})}},
        {{"id", "many"}, {"kind", "multi"}, {"text", text}, {"options", options({"x", "y", "z"})}},
        {{"id", "scale"}, {"kind", "scale"}, {"text", text}, {"min", 1}, {"max", 3}},
        {{"id", "days"},
         {"kind", "number"},
         {"text", text},
         {"min", 0},
         {"max", 31},
         {"bins", {0, 1, 4, 15}}},
        {{"id", "free"}, {"kind", "text"}, {"text", text}}}}};
  auto s = parse_survey(src, "agg", 1);
  if (!s) throw std::runtime_error(s.error().message());
  return *s;
}

std::vector<json> answers_of_pick(std::map<std::string, int> counts) {
  std::vector<json> out;
  for (const auto& [value, n] : counts) {
    for (int i = 0; i < n; ++i) out.push_back({{"pick", value}, {"free", "private words"}});
  }
  return out;
}

TEST(AggregateTest, FewerThanKResponsesShowNothing) {
  const json out = aggregate(survey(), answers_of_pick({{"a", 9}}), 10);
  EXPECT_EQ(out["n_suppressed"], true);
  EXPECT_EQ(out["k"], 10);
  EXPECT_FALSE(out.contains("n"));
  EXPECT_FALSE(out.contains("questions"));
  const json ten = aggregate(survey(), answers_of_pick({{"a", 10}}), 10);
  EXPECT_EQ(ten["n"], 10);
  EXPECT_EQ(ten["questions"]["pick"]["counts"]["a"], 10);
}

TEST(AggregateTest, SmallGroupsAreWithheldAndTextIsNeverCounted) {
  struct Case {
    const char* name;
    std::map<std::string, int> counts;
    json shown;
    json suppressed;
  };
  const Case cases[] = {
      {"all large",
       {{"a", 10}, {"b", 12}},
       {{"a", 10}, {"b", 12}, {"c", 0}, {"d", 0}},
       json::array()},
      {"9 withheld, the rest reach k together",
       {{"a", 20}, {"b", 9}, {"c", 3}},
       {{"a", 20}, {"d", 0}},
       {"b", "c"}},
      {"one small group drags the next smallest along",
       {{"a", 20}, {"b", 12}, {"c", 1}},
       {{"a", 20}, {"d", 0}},
       {"b", "c"}},
      {"two small groups under k together",
       {{"a", 30}, {"b", 15}, {"c", 2}, {"d", 3}},
       {{"a", 30}},
       {"b", "c", "d"}},
  };
  for (const Case& c : cases) {
    const json out = aggregate(survey(), answers_of_pick(c.counts), 10);
    const json& q = out["questions"]["pick"];
    EXPECT_EQ(q["counts"], c.shown) << c.name;
    EXPECT_EQ(q["suppressed"], c.suppressed) << c.name;
    EXPECT_FALSE(out["questions"].contains("free")) << c.name;
    EXPECT_EQ(out.dump().find("private words"), std::string::npos) << c.name;
  }
}

TEST(AggregateTest, MultiNumberAndScaleCells) {
  std::vector<json> answers;
  for (int i = 0; i < 12; ++i) {
    answers.push_back({{"many", i < 11 ? json({"x", "y"}) : json({"x"})},
                       {"days", i < 10 ? 2 : 20},
                       {"scale", 2}});
  }
  const json out = aggregate(survey(), answers, 10);
  EXPECT_EQ(out["questions"]["many"]["counts"], json({{"x", 12}, {"y", 11}, {"z", 0}}));
  // 2 in "15-31" are withheld, and so is "1-3": else 12 - 10 would give them away.
  EXPECT_EQ(out["questions"]["days"]["counts"], json({{"0", 0}, {"4-14", 0}}));
  EXPECT_EQ(out["questions"]["days"]["suppressed"], json({"1-3", "15-31"}));
  EXPECT_EQ(out["questions"]["scale"]["counts"], json({{"1", 0}, {"2", 12}, {"3", 0}}));
  EXPECT_EQ(out["questions"]["pick"]["counts"], json({{"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}}));
}

// Whatever the answers, no shown count is a small group, and n minus the shown counts (the
// withheld ones plus those who did not answer) is never a small group that was withheld.
TEST(AggregateTest, NoSmallGroupCanBeWorkedOut) {
  std::mt19937 random(7);
  const SurveyDefinition s = survey();
  for (int round = 0; round < 300; ++round) {
    const int k = 2 + static_cast<int>(random() % 10);
    const int n = k + static_cast<int>(random() % 40);
    std::vector<json> answers;
    std::map<std::string, int> truth;
    for (int i = 0; i < n; ++i) {
      if (random() % 7 == 0) {
        answers.push_back(json::object());  // skipped the question
        continue;
      }
      const std::string v(1, static_cast<char>('a' + random() % (1 + random() % 4)));
      ++truth[v];
      answers.push_back({{"pick", v}});
    }
    const json out = aggregate(s, answers, k);
    const json& q = out["questions"]["pick"];
    int shown = 0;
    for (const auto& [key, count] : q["counts"].items()) {
      EXPECT_TRUE(count == 0 || count >= k) << "round " << round;
      EXPECT_EQ(count, truth[key]) << "round " << round;
      shown += count.get<int>();
    }
    int withheld = 0;
    for (const auto& key : q["suppressed"]) withheld += truth[key.get<std::string>()];
    EXPECT_TRUE(withheld == 0 || n - shown >= k) << "round " << round << " k " << k;
  }
}

TEST(AggregateTest, NumberBins) {
  const SurveyDefinition s = survey();
  const Question& days = *s.question("days");
  EXPECT_EQ(number_bin(days, 0), "0");
  EXPECT_EQ(number_bin(days, 1), "1-3");
  EXPECT_EQ(number_bin(days, 3), "1-3");
  EXPECT_EQ(number_bin(days, 4), "4-14");
  EXPECT_EQ(number_bin(days, 15), "15-31");
  EXPECT_EQ(number_bin(days, 31), "15-31");
}

}  // namespace
}  // namespace tsunagu::bank
