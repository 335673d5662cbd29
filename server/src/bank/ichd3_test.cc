#include "bank/ichd3.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "bank/dates.h"

namespace tsunagu::bank {
namespace {

// --- building blocks

std::int64_t day(const char* date) { return *parse_date(date); }

// An attack with every feature of 1.1 B–D.
DiaryEntry migraine_entry(std::int64_t d, int duration_min = 6 * 60) {
  DiaryEntry e;
  e.day = d;
  e.duration_min = duration_min;
  e.intensity = 7;
  e.side = Side::kOne;
  e.character = Character::kPulsating;
  e.worse_with_activity = true;
  e.nausea = true;
  e.photophobia = true;
  e.phonophobia = true;
  return e;
}

// An episode with every feature of 2.1 B–D.
DiaryEntry tension_entry(std::int64_t d, int duration_min = 2 * 60) {
  DiaryEntry e;
  e.day = d;
  e.duration_min = duration_min;
  e.intensity = 3;
  e.side = Side::kBoth;
  e.character = Character::kPressing;
  e.worse_with_activity = false;
  return e;
}

std::vector<DiaryEntry> repeated(int n, DiaryEntry (*make)(std::int64_t, int), int duration) {
  std::vector<DiaryEntry> out;
  for (int i = 0; i < n; ++i) out.push_back(make(day("2026-01-01") + 2 * i, duration));
  return out;
}

const CriterionResult& result(const SelfCheck& c, const std::string& code) {
  auto it = std::ranges::find(c.results, code, &CriterionResult::code);
  if (it == c.results.end()) throw std::runtime_error("no result " + code);
  return *it;
}

bool has(const std::vector<std::string>& letters, const std::string& l) {
  return std::ranges::find(letters, l) != letters.end();
}

// `months` consecutive months, each as given.
Evidence months_of(int months, MonthCounts m, std::vector<AttackFacts> attacks = {}) {
  Evidence ev;
  ev.attacks = std::move(attacks);
  for (int i = 0; i < months; ++i) {
    m.month = format_month(month_of_day(day("2026-01-01")) + i);
    ev.months.push_back(m);
  }
  return ev;
}

MonthCounts month(int headache_days, int migraine_days = 0) {
  MonthCounts m;
  m.headache_days = headache_days;
  m.migraine_like_days = migraine_days;
  return m;
}

MonthCounts med_month(MedClass c, int days, int headache_days = 20) {
  MonthCounts m = month(headache_days);
  m.class_days[static_cast<int>(c)] = days;
  m.acute_med_days = days;
  m.listed_med_days = c == MedClass::kOther ? 0 : days;
  return m;
}

// Five attacks fulfilling 1.1 B–D (for 1.3 B).
std::vector<AttackFacts> five_migraine_attacks() {
  AttackFacts f = facts_of(migraine_entry(0));
  f.count = 5;
  return {f};
}

// --- one attack's facts

TEST(Ichd3Test, AttackFactsAtTheirBoundaries) {
  struct Case {
    const char* name;
    DiaryEntry entry;
    bool AttackFacts::*fact;
    bool want;
  };
  auto with = [](DiaryEntry e, auto change) {
    change(e);
    return e;
  };
  const DiaryEntry m = migraine_entry(0);
  const DiaryEntry t = tension_entry(0);
  const Case cases[] = {
      {"1.1 B: 3h59 is too short", migraine_entry(0, 239), &AttackFacts::m_b, false},
      {"1.1 B: 4h is enough", migraine_entry(0, 240), &AttackFacts::m_b, true},
      {"1.1 B: 72h still counts", migraine_entry(0, 72 * 60), &AttackFacts::m_b, true},
      {"1.1 B: 72h01 is too long", migraine_entry(0, 72 * 60 + 1), &AttackFacts::m_b, false},
      {"1.1 B: relieved by a triptan in 2h",
       with(migraine_entry(0, 120),
            [](DiaryEntry& e) {
              e.medications = {{MedClass::kTriptan, Effect::kGood}};
            }),
       &AttackFacts::m_b, false},
      {"1.1 C: one feature is not enough",
       with(m,
            [](DiaryEntry& e) {
              e.side = Side::kBoth;
              e.character = Character::kPressing;
              e.intensity = 3;
            }),
       &AttackFacts::m_c, false},
      {"1.1 C: two features",
       with(m,
            [](DiaryEntry& e) {
              e.side = Side::kBoth;
              e.character = Character::kPressing;
            }),
       &AttackFacts::m_c, true},
      {"1.1 C: intensity 3 is mild",
       with(m,
            [](DiaryEntry& e) {
              e.side = Side::kBoth;
              e.character = Character::kPressing;
              e.worse_with_activity = false;
              e.intensity = 3;
            }),
       &AttackFacts::m_c, false},
      {"1.1 C: intensity 4 is moderate, with one side",
       with(m,
            [](DiaryEntry& e) {
              e.character = Character::kPressing;
              e.worse_with_activity = false;
              e.intensity = 4;
            }),
       &AttackFacts::m_c, true},
      {"1.1 C: unknown activity is not worse",
       with(m,
            [](DiaryEntry& e) {
              e.side = Side::kUnknown;
              e.character = Character::kUnknown;
              e.worse_with_activity = std::nullopt;
            }),
       &AttackFacts::m_c, false},
      {"1.1 D: light alone is not enough",
       with(m,
            [](DiaryEntry& e) {
              e.nausea = false;
              e.phonophobia = false;
            }),
       &AttackFacts::m_d, false},
      {"1.1 D: light and sound", with(m, [](DiaryEntry& e) { e.nausea = false; }),
       &AttackFacts::m_d, true},
      {"1.1 D: vomiting alone",
       with(m,
            [](DiaryEntry& e) {
              e.nausea = e.photophobia = e.phonophobia = false;
              e.vomiting = true;
            }),
       &AttackFacts::m_d, true},
      {"intensity 0 is no headache", with(m, [](DiaryEntry& e) { e.intensity = 0; }),
       &AttackFacts::headache, false},
      {"2 B: 29 min is too short", tension_entry(0, 29), &AttackFacts::t_b, false},
      {"2 B: 30 min", tension_entry(0, 30), &AttackFacts::t_b, true},
      {"2 B: 7 days", tension_entry(0, 7 * 24 * 60), &AttackFacts::t_b, true},
      {"2 C: intensity 6 is moderate",
       with(t,
            [](DiaryEntry& e) {
              e.side = Side::kOne;
              e.character = Character::kPulsating;
              e.intensity = 6;
            }),
       &AttackFacts::t_c, true},
      {"2 C: intensity 7 is severe",
       with(t,
            [](DiaryEntry& e) {
              e.side = Side::kOne;
              e.character = Character::kPulsating;
              e.intensity = 7;
            }),
       &AttackFacts::t_c, false},
      {"2 D: nausea excludes", with(t, [](DiaryEntry& e) { e.nausea = true; }), &AttackFacts::t_d,
       false},
      {"2 D: light alone is allowed", with(t, [](DiaryEntry& e) { e.photophobia = true; }),
       &AttackFacts::t_d, true},
      {"2 D: light and sound exclude",
       with(t, [](DiaryEntry& e) { e.photophobia = e.phonophobia = true; }), &AttackFacts::t_d,
       false},
      {"2.3 D: mild nausea alone is allowed", with(t, [](DiaryEntry& e) { e.nausea = true; }),
       &AttackFacts::t_chronic_d, true},
      {"2.3 D: nausea and light exclude",
       with(t, [](DiaryEntry& e) { e.nausea = e.photophobia = true; }), &AttackFacts::t_chronic_d,
       false},
      {"migraine-like: relieved by a triptan",
       with(t,
            [](DiaryEntry& e) {
              e.medications = {{MedClass::kTriptan, Effect::kGood}};
            }),
       &AttackFacts::migraine_like, true},
      {"migraine-like: an NSAID that helped is not evidence",
       with(t,
            [](DiaryEntry& e) {
              e.medications = {{MedClass::kNsaid, Effect::kGood}};
            }),
       &AttackFacts::migraine_like, false},
      {"migraine-like: aura", with(t, [](DiaryEntry& e) { e.aura = true; }),
       &AttackFacts::migraine_like, true},
  };
  for (const Case& c : cases) EXPECT_EQ(facts_of(c.entry).*c.fact, c.want) << c.name;
}

// --- 1.1, 1.2, 1.5, 2 from diaries

TEST(Ichd3Test, CountsOfAttacksAtTheirBoundaries) {
  struct Case {
    const char* name;
    std::vector<DiaryEntry> entries;
    const char* code;
    Status want;
  };
  auto aura = [](int n) {
    std::vector<DiaryEntry> out = repeated(n, migraine_entry, 240);
    for (auto& e : out) e.aura = true;
    return out;
  };
  const Case cases[] = {
      {"1.1: 4 attacks", repeated(4, migraine_entry, 240), "1.1", Status::kPartly},
      {"1.1: 5 attacks", repeated(5, migraine_entry, 240), "1.1", Status::kMatches},
      {"1.1: 5 attacks of 3h59", repeated(5, migraine_entry, 239), "1.1", Status::kPartly},
      {"1.1: nothing recorded", {}, "1.1", Status::kNo},
      {"1.1: aura attacks are 1.2's", aura(5), "1.1", Status::kNo},
      {"1.2: 1 aura attack", aura(1), "1.2", Status::kPartly},
      {"1.2: 2 aura attacks", aura(2), "1.2", Status::kMatches},
      {"1.5: 4 full attacks", repeated(4, migraine_entry, 240), "1.5", Status::kMatches},
      {"1.5: 5 attacks of 3h59 lack only B", repeated(5, migraine_entry, 239), "1.5",
       Status::kMatches},
      {"1.5: not when 1.1 matches", repeated(5, migraine_entry, 240), "1.5", Status::kNo},
      {"1.5: 1 aura attack", aura(1), "1.5", Status::kMatches},
      {"1.5: not when 1.2 matches", aura(2), "1.5", Status::kNo},
      {"2: 9 episodes", repeated(9, tension_entry, 120), "2", Status::kPartly},
      {"2: 10 episodes", repeated(10, tension_entry, 120), "2", Status::kMatches},
      {"2: 10 episodes of 29 min", repeated(10, tension_entry, 29), "2", Status::kPartly},
  };
  for (const Case& c : cases) {
    const SelfCheck check = evaluate(evidence_from_diary(c.entries));
    EXPECT_EQ(status_name(result(check, c.code).status), status_name(c.want)) << c.name;
  }
}

TEST(Ichd3Test, LettersNameWhatIsMissing) {
  const SelfCheck short_attacks = evaluate(evidence_from_diary(repeated(5, migraine_entry, 239)));
  const CriterionResult& r = result(short_attacks, "1.1");
  EXPECT_EQ(r.met, (std::vector<std::string>{"C", "D"}));
  EXPECT_EQ(r.unmet, (std::vector<std::string>{"A", "B"}));
  const CriterionResult& aura = result(short_attacks, "1.2");
  EXPECT_EQ(aura.unknown, std::vector<std::string>{"C"});
}

// Probable migraine gives way to tension-type headache (ICHD-3 1.5 B).
TEST(Ichd3Test, TensionTypeTakesPrecedenceOverProbableMigraine) {
  std::vector<DiaryEntry> entries = repeated(10, tension_entry, 120);
  entries.push_back(migraine_entry(day("2026-03-01")));  // one full migraine attack
  const SelfCheck check = evaluate(evidence_from_diary(entries));
  EXPECT_EQ(result(check, "2").status, Status::kMatches);
  const CriterionResult& probable = result(check, "1.5");
  EXPECT_EQ(probable.status, Status::kPartly);
  EXPECT_TRUE(has(probable.unmet, "B"));
}

// --- monthly criteria

TEST(Ichd3Test, ChronicMigraineNeedsFourMonthsOfFifteenDays) {
  struct Case {
    const char* name;
    Evidence evidence;
    Status want;
    std::vector<std::string> unmet;
  };
  const Case cases[] = {
      {"3 months",
       months_of(3, month(15, 8), five_migraine_attacks()),
       Status::kPartly,
       {"A", "C"}},
      {"4 months", months_of(4, month(15, 8), five_migraine_attacks()), Status::kMatches, {}},
      {"14 headache days",
       months_of(4, month(14, 8), five_migraine_attacks()),
       Status::kPartly,
       {"A", "C"}},
      {"7 migraine days",
       months_of(4, month(15, 7), five_migraine_attacks()),
       Status::kPartly,
       {"C"}},
      {"4 migraine attacks",
       [] {
         auto attacks = five_migraine_attacks();
         attacks[0].count = 4;
         return months_of(4, month(15, 8), attacks);
       }(),
       Status::kPartly,
       {"B"}},
      {"no headache", months_of(4, month(0, 0)), Status::kNo, {"A", "B", "C"}},
  };
  for (const Case& c : cases) {
    const CriterionResult r = result(evaluate(c.evidence), "1.3");
    EXPECT_EQ(status_name(r.status), status_name(c.want)) << c.name;
    EXPECT_EQ(r.unmet, c.unmet) << c.name;
  }
}

TEST(Ichd3Test, MonthsMustFollowEachOther) {
  Evidence ev = months_of(5, month(15, 8), five_migraine_attacks());
  ev.months[2] = month(3, 1);  // a good month breaks the run: 2 + 2
  ev.months[2].month = "2026-03";
  EXPECT_EQ(result(evaluate(ev), "1.3").status, Status::kPartly);
}

TEST(Ichd3Test, MedicationOveruseAtItsBoundaries) {
  struct Case {
    const char* name;
    Evidence evidence;
    Status want;
    std::vector<std::string> overused;
  };
  auto mixed = [](int triptan_days, int nsaid_days) {
    MonthCounts m = med_month(MedClass::kTriptan, triptan_days);
    m.class_days[static_cast<int>(MedClass::kNsaid)] = nsaid_days;
    m.listed_med_days = triptan_days + nsaid_days;  // on different days
    m.acute_med_days = m.listed_med_days;
    return m;
  };
  const Case cases[] = {
      {"simple analgesics 14 days",
       months_of(4, med_month(MedClass::kSimpleAnalgesic, 14)),
       Status::kPartly,
       {}},
      {"simple analgesics 15 days",
       months_of(4, med_month(MedClass::kSimpleAnalgesic, 15)),
       Status::kMatches,
       {"simple_analgesic"}},
      {"NSAIDs 15 days",
       months_of(4, med_month(MedClass::kNsaid, 15)),
       Status::kMatches,
       {"nsaid"}},
      {"triptans 9 days", months_of(4, med_month(MedClass::kTriptan, 9)), Status::kPartly, {}},
      {"triptans 10 days",
       months_of(4, med_month(MedClass::kTriptan, 10)),
       Status::kMatches,
       {"triptan"}},
      {"ergots 10 days",
       months_of(4, med_month(MedClass::kErgot, 10)),
       Status::kMatches,
       {"ergot"}},
      {"opioids 10 days",
       months_of(4, med_month(MedClass::kOpioid, 10)),
       Status::kMatches,
       {"opioid"}},
      {"combination analgesics 10 days",
       months_of(4, med_month(MedClass::kCombination, 10)),
       Status::kMatches,
       {"combination"}},
      {"triptans 10 days for 3 months",
       months_of(3, med_month(MedClass::kTriptan, 10)),
       Status::kPartly,
       {"triptan"}},
      {"triptans 5 + NSAIDs 5 days (8.2.6)",
       months_of(4, mixed(5, 5)),
       Status::kMatches,
       {"multiple"}},
      {"triptans 5 + NSAIDs 4 days", months_of(4, mixed(5, 4)), Status::kPartly, {}},
      {"'other' medicines are not counted",
       months_of(4, med_month(MedClass::kOther, 25)),
       Status::kPartly,
       {}},
      {"overuse without frequent headache",
       months_of(4, med_month(MedClass::kTriptan, 12, 14)),
       Status::kPartly,
       {"triptan"}},
      {"no headache, no medicine", months_of(4, month(0)), Status::kNo, {}},
  };
  for (const Case& c : cases) {
    const CriterionResult r = result(evaluate(c.evidence), "8.2");
    EXPECT_EQ(status_name(r.status), status_name(c.want)) << c.name;
    EXPECT_EQ(r.overused, c.overused) << c.name;
  }
}

TEST(Ichd3Test, TensionTypeFrequencyNamesTheSubtype) {
  AttackFacts episodes = facts_of(tension_entry(0));
  episodes.count = 10;
  struct Case {
    const char* name;
    Evidence evidence;
    const char* subtype;
  };
  auto tension_days = [](int days, int headache_days) {
    MonthCounts m = month(headache_days);
    m.tension_like_days = days;
    return m;
  };
  const Case cases[] = {
      {"under a day a month", months_of(12, tension_days(0, 0), {episodes}), "2.1"},
      {"a day a month", months_of(12, tension_days(1, 1), {episodes}), "2.2"},
      {"14 days a month", months_of(12, tension_days(14, 14), {episodes}), "2.2"},
      {"15 days for 3 months", months_of(3, tension_days(15, 15), {episodes}), "2.2"},
      {"15 days for 4 months", months_of(4, tension_days(15, 15), {episodes}), "2.3"},
  };
  for (const Case& c : cases) {
    const CriterionResult r = result(evaluate(c.evidence), "2");
    EXPECT_EQ(r.subtype, c.subtype) << c.name;
    EXPECT_EQ(r.status, Status::kMatches) << c.name;
  }
}

// --- the answer

TEST(Ichd3Test, AnswerSpeaksAsGuidanceInBothLanguages) {
  const SelfCheck check = evaluate(evidence_from_diary(repeated(5, migraine_entry, 240)));
  const nlohmann::json j = selfcheck_json(check);
  ASSERT_EQ(j["results"].size(), 6u);
  std::vector<std::string> codes;
  for (const auto& r : j["results"]) {
    codes.push_back(r["code"]);
    EXPECT_FALSE(r["explain"]["ja"].get<std::string>().empty()) << r["code"];
    EXPECT_FALSE(r["explain"]["en"].get<std::string>().empty()) << r["code"];
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"1.1", "1.2", "1.3", "1.5", "2", "8.2"}));
  EXPECT_EQ(j["results"][0]["status"], "matches");
  const std::string en = j["guidance"]["en"];
  const std::string ja = j["guidance"]["ja"];
  EXPECT_NE(en.find("match the pattern of migraine without aura"), std::string::npos) << en;
  EXPECT_NE(en.find("not a diagnosis"), std::string::npos) << en;
  EXPECT_NE(en.find("headache specialist"), std::string::npos) << en;
  EXPECT_NE(ja.find("診断ではありません"), std::string::npos) << ja;
  EXPECT_NE(ja.find("頭痛専門医"), std::string::npos) << ja;
  EXPECT_GE(j["red_flags"].size(), 8u);
  std::vector<std::string> flags;
  for (const auto& f : j["red_flags"]) {
    flags.push_back(f["id"]);
    EXPECT_FALSE(f["text"]["ja"].get<std::string>().empty());
  }
  for (const char* id : {"thunderclap", "fever_stiff_neck", "neurological_deficit", "new_after_50",
                         "progressive", "head_injury", "pregnancy_postpartum"}) {
    EXPECT_NE(std::ranges::find(flags, id), flags.end()) << id;
  }
  ASSERT_EQ(j["monthly"].size(), 1u);
  EXPECT_EQ(j["monthly"][0]["month"], "2026-01");
  EXPECT_EQ(j["monthly"][0]["headache_days"], 5);
  EXPECT_EQ(j["monthly"][0]["migraine_like_days"], 5);
}

TEST(Ichd3Test, OveruseAddsItsOwnWarningToTheGuidance) {
  const SelfCheck check = evaluate(months_of(4, med_month(MedClass::kTriptan, 12)));
  EXPECT_NE(check.guidance.en.find("overuse of headache medicine"), std::string::npos);
  EXPECT_NE(check.guidance.ja.find("使いすぎ"), std::string::npos);
  const SelfCheck nothing = evaluate(Evidence{});
  EXPECT_NE(nothing.guidance.en.find("do not match"), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::bank
