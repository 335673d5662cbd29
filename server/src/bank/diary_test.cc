#include "bank/diary.h"

#include <gtest/gtest.h>

#include "bank/dates.h"

namespace tsunagu::bank {
namespace {

using nlohmann::json;

json good_entry() {
  return json::parse(R"({
    "date": "2026-11-03", "start": "14:30", "duration_min": 240, "intensity": 7,
    "side": "one", "character": "pulsating", "worse_with_activity": true,
    "nausea": false, "vomiting": false, "photophobia": true, "phonophobia": true, "aura": false,
    "medications": [{"class": "triptan", "effect": "good"}],
    "triggers": ["weather", "sleep"], "missed": ["work"], "note": "雨の日"
  })");
}

const std::int64_t kToday = *parse_date("2026-11-20");

TEST(DiaryTest, EveryFieldIsChecked) {
  struct Case {
    const char* name;
    void (*edit)(json&);
    const char* field;  // "" = accepted
  };
  const Case cases[] = {
      {"good", [](json&) {}, ""},
      {"smallest",
       [](json& e) {
         e = {{"date", "2026-11-03"}, {"duration_min", 1}, {"intensity", 0}};
       },
       ""},
      {"nulls are unknown",
       [](json& e) {
         e["start"] = e["side"] = e["character"] = e["worse_with_activity"] = nullptr;
         e["medications"] = json::array({{{"class", "nsaid"}, {"effect", nullptr}}});
       },
       ""},
      {"id is ignored", [](json& e) { e["id"] = 99; }, ""},
      {"tomorrow is fine (time zones)", [](json& e) { e["date"] = "2026-11-21"; }, ""},
      {"not an object", [](json& e) { e = json::array(); }, ""},
      {"unknown field", [](json& e) { e["mood"] = "sad"; }, "mood"},
      {"no date", [](json& e) { e.erase("date"); }, "date"},
      {"no such date", [](json& e) { e["date"] = "2026-02-29"; }, "date"},
      {"date format", [](json& e) { e["date"] = "2026/11/03"; }, "date"},
      {"future date", [](json& e) { e["date"] = "2026-11-22"; }, "date"},
      {"start 24:00", [](json& e) { e["start"] = "24:00"; }, "start"},
      {"start as a number", [](json& e) { e["start"] = 1430; }, "start"},
      {"duration 0", [](json& e) { e["duration_min"] = 0; }, "duration_min"},
      {"duration over 7 days", [](json& e) { e["duration_min"] = 10081; }, "duration_min"},
      {"duration as text", [](json& e) { e["duration_min"] = "240"; }, "duration_min"},
      {"duration fractional", [](json& e) { e["duration_min"] = 2.5; }, "duration_min"},
      {"no intensity", [](json& e) { e.erase("intensity"); }, "intensity"},
      {"intensity 11", [](json& e) { e["intensity"] = 11; }, "intensity"},
      {"intensity -1", [](json& e) { e["intensity"] = -1; }, "intensity"},
      {"side", [](json& e) { e["side"] = "left"; }, "side"},
      {"character", [](json& e) { e["character"] = "stabbing"; }, "character"},
      {"activity as text", [](json& e) { e["worse_with_activity"] = "yes"; },
       "worse_with_activity"},
      {"nausea as a number", [](json& e) { e["nausea"] = 1; }, "nausea"},
      {"aura as text", [](json& e) { e["aura"] = "no"; }, "aura"},
      {"medication class", [](json& e) { e["medications"][0]["class"] = "aspirin"; },
       "medications"},
      {"medication effect", [](json& e) { e["medications"][0]["effect"] = "great"; },
       "medications"},
      {"medication field", [](json& e) { e["medications"][0]["dose"] = 2; }, "medications"},
      {"eleven medications",
       [](json& e) {
         for (int i = 0; i < 10; ++i) e["medications"].push_back({{"class", "nsaid"}});
       },
       "medications"},
      {"trigger", [](json& e) { e["triggers"] = {"moon"}; }, "triggers"},
      {"trigger twice",
       [](json& e) {
         e["triggers"] = {"sleep", "sleep"};
       },
       "triggers"},
      {"missed", [](json& e) { e["missed"] = {"party"}; }, "missed"},
      {"note too long", [](json& e) { e["note"] = std::string(501, 'a'); }, "note"},
      {"note of 500 kana",
       [](json& e) {
         std::string s;
         for (int i = 0; i < 500; ++i) s += "あ";
         e["note"] = s;
       },
       ""},
      {"note with a control character",
       [](json& e) {
         e["note"] =
             "a\x01"
             "b";
       },
       "note"},
      {"note with line breaks", [](json& e) { e["note"] = "a\nb\r\nc"; }, ""},
  };
  for (const Case& c : cases) {
    json e = good_entry();
    c.edit(e);
    auto parsed = parse_diary_entry(e, kToday + 1);
    if (std::string(c.name) == "not an object") {
      EXPECT_FALSE(parsed) << c.name;
      continue;
    }
    if (std::string(c.field).empty()) {
      EXPECT_TRUE(parsed) << c.name << ": "
                          << (parsed ? "" : parsed.error().field + " " + parsed.error().why);
      continue;
    }
    ASSERT_FALSE(parsed) << c.name;
    EXPECT_EQ(parsed.error().code, "diary_invalid") << c.name;
    EXPECT_EQ(parsed.error().field, c.field) << c.name << ": " << parsed.error().why;
  }
}

TEST(DiaryTest, JsonRoundTripsNormalised) {
  auto parsed = parse_diary_entry(good_entry(), kToday);
  ASSERT_TRUE(parsed);
  json out = diary_entry_json(*parsed, 12);
  EXPECT_EQ(out["id"], 12);
  json expected = good_entry();
  expected["id"] = 12;
  EXPECT_EQ(out, expected);
  auto sparse =
      parse_diary_entry({{"date", "2026-11-03"}, {"duration_min", 30}, {"intensity", 2}}, kToday);
  ASSERT_TRUE(sparse);
  json s = diary_entry_json(*sparse);
  EXPECT_FALSE(s.contains("id"));
  EXPECT_TRUE(s["side"].is_null());
  EXPECT_TRUE(s["start"].is_null());
  EXPECT_EQ(s["nausea"], false);
  EXPECT_EQ(s["medications"], json::array());
  EXPECT_EQ(parse_diary_entry(s, kToday).has_value(), true) << "what we write we read";
}

TEST(DiaryTest, CsvOpensSafelyInASpreadsheet) {
  auto e = parse_diary_entry(good_entry(), kToday);
  ASSERT_TRUE(e);
  e->note = "=HYPERLINK(\"http://evil\"), \"quoted\"";
  const std::string csv = diary_csv({{12, *e}});
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("id,date,start,duration_min,intensity"), std::string::npos);
  EXPECT_NE(csv.find("\r\n12,2026-11-03,14:30,240,7,one,pulsating,1,0,0,1,1,0,triptan:good,"
                     "weather;sleep,work,\"'=HYPERLINK(\"\"http://evil\"\"), \"\"quoted\"\"\"\r\n"),
            std::string::npos)
      << csv;
}

}  // namespace
}  // namespace tsunagu::bank
