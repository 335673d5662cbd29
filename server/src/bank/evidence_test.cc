#include "bank/evidence.h"

#include <gtest/gtest.h>

#include "bank/dates.h"
#include "bank/ichd3.h"

namespace tsunagu::bank {
namespace {

using nlohmann::json;

DiaryEntry entry(const char* date, int duration_min, int intensity = 5) {
  DiaryEntry e;
  e.day = *parse_date(date);
  e.duration_min = duration_min;
  e.intensity = intensity;
  return e;
}

TEST(EvidenceTest, DaysAreCountedPerCalendarMonth) {
  std::vector<DiaryEntry> entries;
  // 23:00 for 2 hours: the 31st and the 1st of the next month.
  DiaryEntry late = entry("2026-10-31", 120);
  late.start_min = 23 * 60;
  entries.push_back(late);
  // Without a start time, from midnight: 25 hours covers two days.
  entries.push_back(entry("2026-11-05", 25 * 60));
  // Two headaches on one day are one headache day.
  entries.push_back(entry("2026-11-10", 60));
  entries.push_back(entry("2026-11-10", 60));
  // Medication counts on the day the entry starts, each class apart.
  DiaryEntry treated = entry("2026-11-12", 600);
  treated.medications = {{MedClass::kTriptan, Effect::kGood}, {MedClass::kNsaid, Effect::kSome}};
  entries.push_back(treated);
  DiaryEntry other = entry("2026-11-13", 60);
  other.medications = {{MedClass::kOther, Effect::kUnknown}};
  entries.push_back(other);
  // No pain: not a headache day (but an aura is still an attack).
  DiaryEntry aura_only = entry("2026-11-14", 30, 0);
  aura_only.aura = true;
  entries.push_back(aura_only);
  // A gap: January is there, December as zeros.
  entries.push_back(entry("2027-01-02", 60));

  const Evidence ev = evidence_from_diary(entries);
  EXPECT_EQ(ev.attacks.size(), entries.size());
  ASSERT_EQ(ev.months.size(), 4u);
  EXPECT_EQ(ev.months[0].month, "2026-10");
  EXPECT_EQ(ev.months[0].headache_days, 1);
  const MonthCounts& nov = ev.months[1];
  EXPECT_EQ(nov.month, "2026-11");
  EXPECT_EQ(nov.headache_days, 1 + 2 + 1 + 1 + 1);  // 1st, 5th–6th, 10th, 12th, 13th
  EXPECT_EQ(nov.acute_med_days, 2);
  EXPECT_EQ(nov.listed_med_days, 1);
  EXPECT_EQ(nov.class_days[static_cast<int>(MedClass::kTriptan)], 1);
  EXPECT_EQ(nov.class_days[static_cast<int>(MedClass::kNsaid)], 1);
  EXPECT_EQ(nov.migraine_like_days, 1) << "relieved by a triptan";
  EXPECT_EQ(ev.months[2].month, "2026-12");
  EXPECT_EQ(ev.months[2].headache_days, 0);
  EXPECT_EQ(ev.months[3].month, "2027-01");
  EXPECT_TRUE(evidence_from_diary({}).months.empty());
}

TEST(EvidenceTest, QuestionnaireStandsForItsMonths) {
  const json q = {{"attacks_total", 40},
                  {"duration_hours_typical", 8},
                  {"intensity", 7},
                  {"side", "one"},
                  {"character", "pulsating"},
                  {"worse_with_activity", true},
                  {"nausea", true},
                  {"photophobia", true},
                  {"phonophobia", true},
                  {"aura", false},
                  {"headache_days_per_month", 18},
                  {"migraine_days_per_month", 10},
                  {"months", 6},
                  {"acute_med_days_per_month", {{"triptan", 12}, {"nsaid", 4}, {"any", 14}}}};
  auto ev = evidence_from_questionnaire(q);
  ASSERT_TRUE(ev) << ev.error().field << " " << ev.error().why;
  EXPECT_FALSE(ev->from_diary);
  ASSERT_EQ(ev->attacks.size(), 1u);
  EXPECT_EQ(ev->attacks[0].count, 40);
  EXPECT_TRUE(ev->attacks[0].m_b && ev->attacks[0].m_c && ev->attacks[0].m_d);
  ASSERT_EQ(ev->months.size(), 6u);
  EXPECT_EQ(ev->months[0].migraine_like_days, 10);
  EXPECT_EQ(ev->months[0].acute_med_days, 14);
  const SelfCheck check = evaluate(*ev);
  std::vector<std::string> matching;
  for (const auto& r : check.results) {
    if (r.status == Status::kMatches) matching.push_back(r.code);
  }
  EXPECT_EQ(matching, (std::vector<std::string>{"1.1", "1.3", "8.2"}));
  EXPECT_TRUE(check.monthly.empty()) << "no calendar behind a questionnaire";
}

TEST(EvidenceTest, QuestionnaireMistakesNameTheField) {
  struct Case {
    const char* name;
    json q;
    const char* field;
  };
  const json base = {{"attacks_total", 3},
                     {"duration_hours_typical", 2},
                     {"headache_days_per_month", 2},
                     {"months", 1}};
  auto with = [&](const char* key, json value) {
    json q = base;
    q[key] = std::move(value);
    return q;
  };
  auto without = [&](const char* key) {
    json q = base;
    q.erase(key);
    return q;
  };
  const Case cases[] = {
      {"not an object", json::array(), "questionnaire"},
      {"unknown field", with("mood", 1), "mood"},
      {"attacks missing", without("attacks_total"), "attacks_total"},
      {"attacks negative", with("attacks_total", -1), "attacks_total"},
      {"duration 0", with("duration_hours_typical", 0), "duration_hours_typical"},
      {"duration over a week", with("duration_hours_typical", 169), "duration_hours_typical"},
      {"days 32", with("headache_days_per_month", 32), "headache_days_per_month"},
      {"migraine days above headache days", with("migraine_days_per_month", 3),
       "migraine_days_per_month"},
      {"months missing", without("months"), "months"},
      {"bad side", with("side", "left"), "side"},
      {"intensity 12", with("intensity", 12), "intensity"},
      {"unknown medicine", with("acute_med_days_per_month", {{"aspirin", 3}}),
       "acute_med_days_per_month.aspirin"},
      {"medicine days 40", with("acute_med_days_per_month", {{"triptan", 40}}),
       "acute_med_days_per_month.triptan"},
      {"any below a class", with("acute_med_days_per_month", {{"triptan", 5}, {"any", 4}}),
       "acute_med_days_per_month.any"},
  };
  for (const Case& c : cases) {
    auto ev = evidence_from_questionnaire(c.q);
    ASSERT_FALSE(ev) << c.name;
    EXPECT_EQ(ev.error().code, "selfcheck_invalid") << c.name;
    EXPECT_EQ(ev.error().field, c.field) << c.name << ": " << ev.error().why;
  }
  EXPECT_TRUE(evidence_from_questionnaire(base)) << "the shortest questionnaire";
}

}  // namespace
}  // namespace tsunagu::bank
