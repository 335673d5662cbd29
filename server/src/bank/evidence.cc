#include "bank/evidence.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "bank/dates.h"

namespace tsunagu::bank {
namespace {

using nlohmann::json;

constexpr int kMinutesPerDay = 24 * 60;
constexpr std::string_view kQuestionnaireCode = "selfcheck_invalid";

bool relieved_by(const DiaryEntry& e, std::initializer_list<MedClass> classes) {
  return std::ranges::any_of(e.medications, [&](const Medication& m) {
    return m.effect == Effect::kGood && std::ranges::find(classes, m.med_class) != classes.end();
  });
}

// What happened on one calendar day.
struct DayMarks {
  bool headache = false;
  bool migraine_like = false;
  bool tension_like = false;
  bool medication = false;
  std::array<bool, kMedClassCount> classes{};
};

bool listed(int med_class) { return static_cast<MedClass>(med_class) != MedClass::kOther; }

void count_day(const DayMarks& d, MonthCounts& m) {
  m.headache_days += d.headache;
  m.migraine_like_days += d.migraine_like;
  m.tension_like_days += d.tension_like;
  m.acute_med_days += d.medication;
  bool any_listed = false;
  for (int c = 0; c < kMedClassCount; ++c) {
    m.class_days[c] += d.classes[c];
    any_listed |= d.classes[c] && listed(c);
  }
  m.listed_med_days += any_listed;
}

std::unexpected<Invalid> bad(std::string field, std::string why) {
  return invalid(std::string(kQuestionnaireCode), std::move(field), std::move(why));
}

Checked<int> count_field(const json& q, const char* key, int max, bool required) {
  auto it = q.find(key);
  if (it == q.end() || it->is_null()) {
    if (required) return bad(key, "is required");
    return -1;
  }
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > max) {
    return bad(key, "must be a whole number from 0 to " + std::to_string(max));
  }
  return it->get<int>();
}

// The typical attack, checked by the diary's own rules (a diary entry of the same features).
Checked<AttackFacts> typical_attack(const json& q) {
  auto hours = q.find("duration_hours_typical");
  if (hours == q.end() || !hours->is_number() || hours->get<double>() <= 0 ||
      hours->get<double>() > kMaxDurationMin / 60.0) {
    return bad("duration_hours_typical", "must be a number of hours above 0, at most 168");
  }
  json entry = {{"date", "2000-01-01"},
                {"duration_min", std::max(1L, std::lround(hours->get<double>() * 60))}};
  const bool intensity_known = q.contains("intensity") && !q["intensity"].is_null();
  entry["intensity"] = intensity_known ? q["intensity"] : json(0);
  for (const char* key : {"side", "character", "worse_with_activity", "nausea", "vomiting",
                          "photophobia", "phonophobia", "aura"}) {
    if (q.contains(key)) entry[key] = q[key];
  }
  auto parsed = parse_diary_entry(entry, std::nullopt);
  if (!parsed) return bad(parsed.error().field, parsed.error().why);
  return facts_of(*parsed, intensity_known);
}

// Days a month by class; "any" (optional) is the days with any of them.
Checked<MonthCounts> medication_month(const json& q) {
  MonthCounts m;
  auto meds = q.find("acute_med_days_per_month");
  if (meds == q.end() || meds->is_null()) return m;
  if (!meds->is_object()) return bad("acute_med_days_per_month", "must be an object");
  int any = -1;
  int most = 0;
  int most_listed = 0;
  for (const auto& [key, value] : meds->items()) {
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0 ||
        value.get<std::int64_t>() > 31) {
      return bad("acute_med_days_per_month." + key, "must be a whole number from 0 to 31");
    }
    const int days = value.get<int>();
    if (key == "any") {
      any = days;
      continue;
    }
    auto med_class = parse_med_class(key);
    if (!med_class) return bad("acute_med_days_per_month." + key, "is not a medication class");
    m.class_days[static_cast<int>(*med_class)] = days;
    most = std::max(most, days);
    if (*med_class != MedClass::kOther) most_listed = std::max(most_listed, days);
  }
  if (any >= 0 && any < most) {
    return bad("acute_med_days_per_month.any", "is fewer than the days of one class");
  }
  // Without "any", the days of the most used class are all that is certain (classes taken on
  // the same day would otherwise be counted twice).
  m.acute_med_days = any >= 0 ? any : most;
  m.listed_med_days = any >= 0 ? any : most_listed;
  return m;
}

}  // namespace

AttackFacts facts_of(const DiaryEntry& e, bool intensity_known) {
  AttackFacts f;
  f.headache = !intensity_known || e.intensity > 0;
  f.aura = e.aura;
  if (!f.headache) return f;
  const int d = e.duration_min;
  const bool moderate_or_severe = intensity_known && e.intensity >= kModerateFrom;
  const bool mild_or_moderate = intensity_known && e.intensity >= 1 && e.intensity < kSevereFrom;
  const bool worse = e.worse_with_activity.value_or(false);
  const bool not_worse = e.worse_with_activity.has_value() && !*e.worse_with_activity;
  // 1.1 B speaks of untreated or unsuccessfully treated attacks. An attack relieved before
  // 4 h says nothing about how long it would have lasted, so it is not counted; one that
  // lasted 4–72 h despite treatment is.
  f.m_b = d >= 4 * 60 && d <= 72 * 60;
  f.m_c = (e.side == Side::kOne) + (e.character == Character::kPulsating) + moderate_or_severe +
              worse >=
          2;
  f.m_d = e.nausea || e.vomiting || (e.photophobia && e.phonophobia);
  f.t_b = d >= 30 && d <= kMaxDurationMin;
  f.t_c = (e.side == Side::kBoth) + (e.character == Character::kPressing) + mild_or_moderate +
              not_worse >=
          2;
  f.t_d = !e.nausea && !e.vomiting && !(e.photophobia && e.phonophobia);
  f.t_chronic_d = !e.vomiting && e.photophobia + e.phonophobia + e.nausea <= 1;
  f.migraine_like =
      (f.m_c && f.m_d) || e.aura || relieved_by(e, {MedClass::kTriptan, MedClass::kErgot});
  return f;
}

Evidence evidence_from_diary(const std::vector<DiaryEntry>& entries) {
  Evidence ev;
  std::map<std::int64_t, DayMarks> days;
  for (const DiaryEntry& e : entries) {
    const AttackFacts f = facts_of(e);
    ev.attacks.push_back(f);
    if (f.headache) {
      const int last = (e.start_min.value_or(0) + e.duration_min - 1) / kMinutesPerDay;
      for (int i = 0; i <= last; ++i) {
        DayMarks& d = days[e.day + i];
        d.headache = true;
        d.migraine_like |= f.migraine_like;
        d.tension_like |= f.t_b && f.t_c && f.t_d;
      }
    }
    if (!e.medications.empty()) {
      DayMarks& d = days[e.day];
      d.medication = true;
      for (const Medication& m : e.medications) d.classes[static_cast<int>(m.med_class)] = true;
    }
  }
  if (days.empty()) return ev;
  const std::int64_t first = month_of_day(days.begin()->first);
  const std::int64_t last = month_of_day(days.rbegin()->first);
  ev.months.resize(static_cast<std::size_t>(last - first + 1));
  for (std::int64_t m = first; m <= last; ++m) ev.months[m - first].month = format_month(m);
  for (const auto& [day, marks] : days) count_day(marks, ev.months[month_of_day(day) - first]);
  return ev;
}

Checked<Evidence> evidence_from_questionnaire(const json& q) {
  if (!q.is_object()) return bad("questionnaire", "must be an object");
  static constexpr std::string_view kKeys[] = {"attacks_total",
                                               "duration_hours_typical",
                                               "intensity",
                                               "side",
                                               "character",
                                               "worse_with_activity",
                                               "nausea",
                                               "vomiting",
                                               "photophobia",
                                               "phonophobia",
                                               "aura",
                                               "headache_days_per_month",
                                               "migraine_days_per_month",
                                               "months",
                                               "acute_med_days_per_month"};
  for (const auto& [key, value] : q.items()) {
    if (std::ranges::find(kKeys, key) == std::end(kKeys)) {
      return bad(key, "is not a field of the questionnaire");
    }
  }
  auto attacks = count_field(q, "attacks_total", 100000, true);
  if (!attacks) return std::unexpected(attacks.error());
  auto facts = typical_attack(q);
  if (!facts) return std::unexpected(facts.error());
  auto headache_days = count_field(q, "headache_days_per_month", 31, true);
  if (!headache_days) return std::unexpected(headache_days.error());
  auto migraine_days = count_field(q, "migraine_days_per_month", 31, false);
  if (!migraine_days) return std::unexpected(migraine_days.error());
  if (*migraine_days > *headache_days) {
    return bad("migraine_days_per_month", "is more than the headache days");
  }
  auto months = count_field(q, "months", 600, true);
  if (!months) return std::unexpected(months.error());
  auto month = medication_month(q);
  if (!month) return std::unexpected(month.error());

  Evidence ev;
  ev.from_diary = false;
  facts->count = *attacks;
  if (*attacks > 0) ev.attacks.push_back(*facts);
  // The typical attack stands for every headache day unless migraine days are given.
  month->headache_days = *headache_days;
  month->migraine_like_days = *migraine_days >= 0    ? *migraine_days
                              : facts->migraine_like ? *headache_days
                                                     : 0;
  month->tension_like_days = facts->t_b && facts->t_c && facts->t_d ? *headache_days : 0;
  ev.months.assign(static_cast<std::size_t>(*months), *month);
  return ev;
}

}  // namespace tsunagu::bank
