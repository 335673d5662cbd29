#include "bank/survey.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bank/japan.h"

namespace tsunagu::bank {
namespace {

using nlohmann::json;

// A small survey with every kind of question and a chain of conditions.
json small_survey() {
  auto text = [](const char* en) { return json{{"ja", std::string(en) + "（ja）"}, {"en", en}}; };
  auto options = [&](std::initializer_list<const char*> values) {
    json out = json::array();
    for (const char* v : values) out.push_back({{"value", v}, {"label", text(v)}});
    return out;
  };
  return {{"id", "demo"},
          {"version", 2},
          {"title", text("Demo")},
          {"consent", text("We use your answers for research.")},
          {"questions", json::array({{{"id", "sex"},
                                      {"kind", "single"},
                                      {"required", true},
                                      {"text", text("Sex?")},
                                      {"quasi_identifier", "sex"},
                                      {"options", options({"female", "male", "no_answer"})}},
                                     {{"id", "has"},
                                      {"kind", "single"},
                                      {"required", true},
                                      {"text", text("Any?")},
                                      {"options", options({"yes", "no"})}},
                                     {{"id", "days"},
                                      {"kind", "number"},
                                      {"required", true},
                                      {"text", text("Days?")},
                                      {"min", 0},
                                      {"max", 31},
                                      {"bins", {0, 1, 4, 15}},
                                      {"show_if", {{"question", "has"}, {"equals", "yes"}}}},
                                     {{"id", "areas"},
                                      {"kind", "multi"},
                                      {"text", text("Where?")},
                                      {"options", options({"school", "work", "home"})},
                                      {"show_if", {{"question", "has"}, {"equals", "yes"}}}},
                                     {{"id", "school_days"},
                                      {"kind", "scale"},
                                      {"text", text("How bad at school?")},
                                      {"min", 1},
                                      {"max", 5},
                                      {"show_if", {{"question", "areas"}, {"equals", "school"}}}},
                                     {{"id", "note"},
                                      {"kind", "text"},
                                      {"text", text("Anything else?")},
                                      {"max_length", 20}}})}};
}

SurveyDefinition demo() {
  auto s = parse_survey(small_survey(), "demo", 2);
  if (!s) throw std::runtime_error(s.error().message());
  return *s;
}

TEST(SurveyTest, TheShippedSurveysLoad) {
  auto catalog = SurveyCatalog::load(std::string(TSUNAGU_SOURCE_DIR) + "/content/surveys");
  ASSERT_TRUE(catalog) << catalog.error().message();
  const SurveyDefinition* epi = catalog->current("epidemiology");
  ASSERT_NE(epi, nullptr);
  const Question* prefecture = epi->question("prefecture");
  ASSERT_NE(prefecture, nullptr);
  EXPECT_EQ(prefecture->quasi_identifier, "prefecture");
  for (const Prefecture& p : prefectures()) {
    const Option* o = prefecture->option(p.code);
    ASSERT_NE(o, nullptr) << p.code;
    EXPECT_EQ(o->label.ja, p.ja);
    EXPECT_EQ(o->label.en, p.en);
  }
  for (const char* id : {"age_band", "sex", "headache_days", "impact_areas", "missed_days",
                         "treatments_known", "treatments_used"}) {
    EXPECT_NE(epi->question(id), nullptr) << id;
  }
  EXPECT_EQ(epi->question("age_band")->quasi_identifier, "age_band");
  EXPECT_NE(catalog->current("meeting_feedback"), nullptr);
  EXPECT_EQ(catalog->all_current().size(), 2u);
}

TEST(SurveyTest, DefinitionMistakesAreNamed) {
  struct Case {
    const char* name;
    void (*edit)(json&);
    const char* message_part;
  };
  const Case cases[] = {
      {"id differs from the file", [](json& s) { s["id"] = "other"; }, "match the file name"},
      {"version differs from the file", [](json& s) { s["version"] = 3; }, "v2"},
      {"no consent text", [](json& s) { s.erase("consent"); }, "consent"},
      {"unknown field", [](json& s) { s["colour"] = "red"; }, "unknown field colour"},
      {"no questions", [](json& s) { s["questions"] = json::array(); }, "1 to 100"},
      {"question id twice", [](json& s) { s["questions"][1]["id"] = "sex"; }, "used twice"},
      {"bad kind", [](json& s) { s["questions"][1]["kind"] = "slider"; }, "questions[1].kind"},
      {"one option", [](json& s) { s["questions"][1]["options"].erase(1); }, "2 to 60"},
      {"option twice", [](json& s) { s["questions"][1]["options"][1]["value"] = "yes"; },
       "value twice"},
      {"missing English", [](json& s) { s["questions"][1]["text"].erase("en"); },
       "questions[1].text"},
      {"min above max", [](json& s) { s["questions"][2]["min"] = 40; }, "min < max"},
      {"bins not from min",
       [](json& s) {
         s["questions"][2]["bins"] = {1, 4};
       },
       "start at min"},
      {"bins falling",
       [](json& s) {
         s["questions"][2]["bins"] = {0, 4, 2};
       },
       "must rise"},
      {"show_if a later question",
       [](json& s) { s["questions"][2]["show_if"]["question"] = "note"; }, "earlier question"},
      {"show_if an impossible value",
       [](json& s) { s["questions"][2]["show_if"]["equals"] = "maybe"; }, "show_if.equals"},
      {"quasi-identifier on a number",
       [](json& s) { s["questions"][2]["quasi_identifier"] = "sex"; }, "single-choice"},
      {"unknown prefecture", [](json& s) { s["questions"][1]["quasi_identifier"] = "prefecture"; },
       "not a known prefecture"},
      {"text too long a limit", [](json& s) { s["questions"][5]["max_length"] = 501; },
       "max_length"},
      {"labels on a single",
       [](json& s) {
         s["questions"][1]["labels"] = {{"min", {{"ja", "a"}, {"en", "a"}}}};
       },
       "labels"},
  };
  for (const Case& c : cases) {
    json source = small_survey();
    c.edit(source);
    auto parsed = parse_survey(source, "demo", 2);
    ASSERT_FALSE(parsed) << c.name;
    EXPECT_NE(parsed.error().message().find(c.message_part), std::string::npos)
        << c.name << ": " << parsed.error().message();
  }
}

TEST(SurveyTest, AnswersAreCheckedAgainstTheDefinition) {
  const SurveyDefinition s = demo();
  struct Case {
    const char* name;
    json answers;
    const char* field;  // "" = accepted
  };
  const Case cases[] = {
      {"shortest", {{"sex", "male"}, {"has", "no"}}, ""},
      {"everything",
       {{"sex", "female"},
        {"has", "yes"},
        {"days", 31},
        {"areas", {"work", "school"}},
        {"school_days", 5},
        {"note", "雨の日がつらい"}},
       ""},
      {"null is no answer", {{"sex", "male"}, {"has", "no"}, {"note", nullptr}}, ""},
      {"not an object", json::array({1}), "answers"},
      {"unknown question", {{"sex", "male"}, {"has", "no"}, {"age", 3}}, "age"},
      {"required missing", {{"has", "no"}}, "sex"},
      {"not an option", {{"sex", "robot"}, {"has", "no"}}, "sex"},
      {"hidden question answered", {{"sex", "male"}, {"has", "no"}, {"days", 3}}, "days"},
      {"shown required missing", {{"sex", "male"}, {"has", "yes"}}, "days"},
      {"number too big", {{"sex", "male"}, {"has", "yes"}, {"days", 32}}, "days"},
      {"number not whole", {{"sex", "male"}, {"has", "yes"}, {"days", 2.5}}, "days"},
      {"multi twice",
       {{"sex", "male"}, {"has", "yes"}, {"days", 2}, {"areas", {"work", "work"}}},
       "areas"},
      {"multi not a list",
       {{"sex", "male"}, {"has", "yes"}, {"days", 2}, {"areas", "work"}},
       "areas"},
      {"condition on a choice not made",
       {{"sex", "male"}, {"has", "yes"}, {"days", 2}, {"areas", {"work"}}, {"school_days", 3}},
       "school_days"},
      {"scale below min",
       {{"sex", "male"}, {"has", "yes"}, {"days", 2}, {"areas", {"school"}}, {"school_days", 0}},
       "school_days"},
      {"text too long", {{"sex", "male"}, {"has", "no"}, {"note", std::string(21, 'a')}}, "note"},
      {"text of 20 kanji fits",
       {{"sex", "male"}, {"has", "no"}, {"note", "頭頭頭頭頭頭頭頭頭頭頭頭頭頭頭頭頭頭頭頭"}},
       ""},
      {"text with a control character",
       {{"sex", "male"},
        {"has", "no"},
        {"note",
         "a\x07"
         "b"}},
       "note"},
      {"text with a direction override",
       {{"sex", "male"}, {"has", "no"}, {"note", "a\u202eb"}},
       "note"},
  };
  for (const Case& c : cases) {
    auto checked = check_answers(s, c.answers);
    if (std::string(c.field).empty()) {
      EXPECT_TRUE(checked) << c.name << ": " << (checked ? "" : checked.error().why);
      continue;
    }
    ASSERT_FALSE(checked) << c.name;
    EXPECT_EQ(checked.error().code, "survey_invalid") << c.name;
    EXPECT_EQ(checked.error().field, c.field) << c.name << ": " << checked.error().why;
  }
}

TEST(SurveyTest, AnswersAreNormalised) {
  const SurveyDefinition s = demo();
  auto checked = check_answers(s, {{"sex", "female"},
                                   {"has", "yes"},
                                   {"days", 0},
                                   {"areas", {"home", "school"}},
                                   {"note", "   "}});
  ASSERT_TRUE(checked) << checked.error().why;
  EXPECT_EQ((*checked)["areas"], json({"school", "home"})) << "in the definition's order";
  EXPECT_FALSE(checked->contains("note")) << "blank text is no answer";
  EXPECT_FALSE(checked->contains("school_days"));
  auto empty_multi =
      check_answers(s, {{"sex", "female"}, {"has", "yes"}, {"days", 1}, {"areas", json::array()}});
  ASSERT_TRUE(empty_multi);
  EXPECT_FALSE(empty_multi->contains("areas"));
}

TEST(SurveyTest, CatalogKeepsOldVersionsAndServesTheNewest) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() / ("tsunagu-surveys-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  json v1 = small_survey();
  v1["version"] = 1;
  std::ofstream(dir / "demo.v1.json") << v1.dump();
  std::ofstream(dir / "demo.v2.json") << small_survey().dump();
  auto catalog = SurveyCatalog::load(dir.string());
  ASSERT_TRUE(catalog) << catalog.error().message();
  EXPECT_EQ(catalog->current("demo")->version, 2);
  ASSERT_NE(catalog->find("demo", 1), nullptr);
  EXPECT_EQ(catalog->find("demo", 3), nullptr);
  EXPECT_EQ(catalog->current("nothing"), nullptr);

  std::ofstream(dir / "demo.json") << small_survey().dump();
  auto unnamed = SurveyCatalog::load(dir.string());
  ASSERT_FALSE(unnamed);
  EXPECT_NE(unnamed.error().message().find("<id>.v<version>.json"), std::string::npos);
  fs::remove(dir / "demo.json");
  std::ofstream(dir / "broken.v1.json") << "{";
  auto broken = SurveyCatalog::load(dir.string());
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message().find("broken.v1.json"), std::string::npos);
  fs::remove_all(dir);
  auto missing = SurveyCatalog::load(dir.string());
  ASSERT_TRUE(missing) << "no directory: no surveys";
  EXPECT_TRUE(missing->all_current().empty());
}

}  // namespace
}  // namespace tsunagu::bank
