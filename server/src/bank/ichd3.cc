#include "bank/ichd3.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "bank/ichd3_text.h"

namespace tsunagu::bank {
namespace {

using nlohmann::json;

// ">3 months" read as consecutive calendar months.
constexpr int kMonthsNeeded = 4;
constexpr int kMigraineAttacks = 5;       // 1.1 A, 1.3 B
constexpr int kAuraAttacks = 2;           // 1.2 A
constexpr int kTensionEpisodes = 10;      // 2.1/2.2 A
constexpr int kChronicHeadacheDays = 15;  // 1.3 A, 2.3 A, 8.2 A
constexpr int kChronicMigraineDays = 8;   // 1.3 C
constexpr int kSimpleOveruseDays = 15;    // 8.2.3: simple analgesics, NSAIDs
constexpr int kSpecificOveruseDays = 10;  // 8.2.1, 8.2.2, 8.2.4, 8.2.5, 8.2.6

template <typename Pred>
int count(const Evidence& ev, Pred pred) {
  int n = 0;
  for (const AttackFacts& f : ev.attacks) n += pred(f) ? f.count : 0;
  return n;
}

struct Run {
  int length = 0;
  std::size_t first = 0;  // index of its first month
};

// The longest run of consecutive months fulfilling `pred` (the earliest of equal runs).
template <typename Pred>
Run longest_run(const std::vector<MonthCounts>& months, Pred pred) {
  Run best, current;
  for (std::size_t i = 0; i < months.size(); ++i) {
    if (!pred(months[i])) {
      current.length = 0;
      continue;
    }
    if (current.length == 0) current.first = i;
    if (++current.length > best.length) best = current;
  }
  return best;
}

// A feature letter (e.g. 1.1 C) is met when `needed` attacks have it, or, while fewer than
// `needed` attacks are recorded, when every one has it: the count itself is the count
// letter's (1.1 A) to judge.
bool enough(int with_feature, int recorded, int needed) {
  return recorded > 0 && with_feature >= std::min(needed, recorded);
}

struct Letter {
  const char* name;
  bool met;
};

// Status from the letters: every one met, some, or none.
CriterionResult judged(std::string code, std::initializer_list<Letter> letters) {
  CriterionResult r;
  r.code = std::move(code);
  for (const Letter& l : letters) (l.met ? r.met : r.unmet).emplace_back(l.name);
  r.status = r.unmet.empty() ? Status::kMatches : r.met.empty() ? Status::kNo : Status::kPartly;
  return r;
}

bool without_aura(const AttackFacts& f) { return f.headache && !f.aura; }
bool migraine_attack(const AttackFacts& f) { return without_aura(f) && f.m_b && f.m_c && f.m_d; }

CriterionResult migraine_without_aura(const Evidence& ev) {
  const int full = count(ev, migraine_attack);
  auto n = [&](bool AttackFacts::*letter) {
    return count(ev, [&](const AttackFacts& f) { return without_aura(f) && f.*letter; });
  };
  const int recorded = count(ev, without_aura);
  auto has = [&](bool AttackFacts::*letter) {
    return enough(n(letter), recorded, kMigraineAttacks);
  };
  CriterionResult r = judged("1.1", {{"A", full >= kMigraineAttacks},
                                     {"B", has(&AttackFacts::m_b)},
                                     {"C", has(&AttackFacts::m_c)},
                                     {"D", has(&AttackFacts::m_d)}});
  r.explain = text::explain_1_1(full);
  return r;
}

CriterionResult migraine_with_aura(const Evidence& ev) {
  const int aura = count(ev, [](const AttackFacts& f) { return f.aura; });
  CriterionResult r = judged("1.2", {{"A", aura >= kAuraAttacks}, {"B", aura >= 1}});
  r.unknown = {"C"};
  r.explain = text::explain_1_2(aura);
  return r;
}

bool chronic_headache_month(const MonthCounts& m) {
  return m.headache_days >= kChronicHeadacheDays;
}

CriterionResult chronic_migraine(const Evidence& ev) {
  const Run a = longest_run(ev.months, chronic_headache_month);
  const Run c = longest_run(ev.months, [](const MonthCounts& m) {
    return chronic_headache_month(m) && m.migraine_like_days >= kChronicMigraineDays;
  });
  const int attacks = count(ev, [](const AttackFacts& f) { return migraine_attack(f) || f.aura; });
  CriterionResult r = judged("1.3", {{"A", a.length >= kMonthsNeeded},
                                     {"B", attacks >= kMigraineAttacks},
                                     {"C", c.length >= kMonthsNeeded}});
  r.explain = text::explain_1_3(a.length, c.length, attacks);
  return r;
}

// All but one of 1.1 A–D, or all but one of 1.2 A–C.
bool probable_migraine_features(const Evidence& ev) {
  const int full = count(ev, migraine_attack);
  auto all_but = [&](bool AttackFacts::*x, bool AttackFacts::*y) {
    return count(ev, [&](const AttackFacts& f) { return without_aura(f) && f.*x && f.*y; }) >=
           kMigraineAttacks;
  };
  return full >= 1 || all_but(&AttackFacts::m_c, &AttackFacts::m_d) ||
         all_but(&AttackFacts::m_b, &AttackFacts::m_d) ||
         all_but(&AttackFacts::m_b, &AttackFacts::m_c) ||
         count(ev, [](const AttackFacts& f) { return f.aura; }) >= 1;
}

CriterionResult probable_migraine(const Evidence& ev, const CriterionResult& m11,
                                  const CriterionResult& m12, const CriterionResult& tension) {
  const bool features = probable_migraine_features(ev);
  const bool migraine = m11.status == Status::kMatches || m12.status == Status::kMatches;
  const bool other = migraine || tension.status == Status::kMatches;
  CriterionResult r = judged("1.5", {{"A", features}, {"B", !other}});
  // B only excludes: without the features there is nothing partly probable, and with the
  // full migraine pattern "probable" does not apply.
  if (!features || migraine) r.status = Status::kNo;
  r.explain = text::explain_1_5(features, migraine, tension.status == Status::kMatches);
  return r;
}

CriterionResult tension_type(const Evidence& ev) {
  const Run chronic = longest_run(ev.months, chronic_headache_month);
  const bool is_chronic = chronic.length >= kMonthsNeeded;
  int tension_days = 0;
  for (const MonthCounts& m : ev.months) tension_days += m.tension_like_days;
  const double per_month =
      ev.months.empty() ? 0.0 : static_cast<double>(tension_days) / ev.months.size();
  // 2.3 allows mild nausea and one of photo-/phonophobia (its own criterion D).
  bool AttackFacts::*d = is_chronic ? &AttackFacts::t_chronic_d : &AttackFacts::t_d;
  auto n = [&](auto pred) {
    return count(ev, [&](const AttackFacts& f) { return f.headache && pred(f); });
  };
  const int full = n([&](const AttackFacts& f) { return f.t_b && f.t_c && f.*d; });
  const int recorded = n([](const AttackFacts&) { return true; });
  auto has = [&](bool AttackFacts::*letter) {
    return enough(n([&](const AttackFacts& f) { return f.*letter; }), recorded, kTensionEpisodes);
  };
  CriterionResult r = judged("2", {{"A", full >= kTensionEpisodes},
                                   {"B", has(&AttackFacts::t_b)},
                                   {"C", has(&AttackFacts::t_c)},
                                   {"D", has(d)}});
  r.subtype = is_chronic ? "2.3" : per_month >= 1.0 ? "2.2" : "2.1";
  r.explain = text::explain_2(full, r.subtype, per_month);
  return r;
}

// The classes overused in one month (8.2.1–8.2.6).
std::vector<std::string> overused_in(const MonthCounts& m) {
  std::vector<std::string> out;
  auto days = [&](MedClass c) { return m.class_days[static_cast<int>(c)]; };
  for (MedClass c : {MedClass::kSimpleAnalgesic, MedClass::kNsaid}) {
    if (days(c) >= kSimpleOveruseDays) out.emplace_back(med_class_name(c));
  }
  for (MedClass c :
       {MedClass::kTriptan, MedClass::kErgot, MedClass::kOpioid, MedClass::kCombination}) {
    if (days(c) >= kSpecificOveruseDays) out.emplace_back(med_class_name(c));
  }
  int classes_used = 0;
  for (int c = 0; c < kMedClassCount; ++c) {
    classes_used += static_cast<MedClass>(c) != MedClass::kOther && m.class_days[c] > 0;
  }
  if (out.empty() && classes_used >= 2 && m.listed_med_days >= kSpecificOveruseDays) {
    out.emplace_back("multiple");
  }
  return out;
}

CriterionResult medication_overuse(const Evidence& ev) {
  const Run run =
      longest_run(ev.months, [](const MonthCounts& m) { return !overused_in(m).empty(); });
  const bool regular = run.length >= kMonthsNeeded;
  // A: headache on ≥ 15 days in a month of the overuse (or of any month while there is none).
  bool frequent = false;
  std::set<std::string> classes;
  for (std::size_t i = 0; i < ev.months.size(); ++i) {
    const bool in_run = i >= run.first && i < run.first + static_cast<std::size_t>(run.length);
    if (run.length > 0 && !in_run) continue;
    frequent |= chronic_headache_month(ev.months[i]);
    for (auto& c : overused_in(ev.months[i])) classes.insert(c);
  }
  CriterionResult r = judged("8.2", {{"A", frequent}, {"B", regular}});
  r.overused.assign(classes.begin(), classes.end());
  r.explain = text::explain_8_2(r.overused, run.length);
  return r;
}

constexpr std::array kRedFlags = {
    RedFlag{"thunderclap", "突然の、これまでで最悪の激しい頭痛（1分以内に痛みが最大になる）",
            "A sudden, very severe headache that peaks within a minute (the worst ever)"},
    RedFlag{"fever_stiff_neck", "発熱や首の硬さ（首を前に曲げにくい）、発疹を伴う頭痛",
            "Headache with fever, a stiff neck or a rash"},
    RedFlag{"neurological_deficit",
            "手足の麻痺やしびれ、ろれつが回らない、物が見えにくい・二重に見える、"
            "意識がもうろうとする、けいれん",
            "Weakness or numbness, slurred speech, loss of vision or double vision, confusion "
            "or a seizure"},
    RedFlag{"new_after_50", "50歳を過ぎてから初めて起きた、これまでと違う頭痛",
            "A new kind of headache that began after the age of 50"},
    RedFlag{"progressive", "日ごと・週ごとに悪くなり続ける、または性質が変わってきた頭痛",
            "Headache that keeps getting worse over days or weeks, or changes its pattern"},
    RedFlag{"head_injury", "頭を打った後に起きた頭痛", "Headache after a blow to the head"},
    RedFlag{"pregnancy_postpartum", "妊娠中や出産後に新しく起きた頭痛",
            "A new headache during pregnancy or after giving birth"},
    RedFlag{"exertion_posture", "せき・いきみ・運動で起きる、または姿勢で大きく変わる頭痛",
            "Headache brought on by coughing, straining or exercise, or that changes a lot "
            "with posture"},
    RedFlag{"immune_cancer", "がんや免疫が弱まる病気・治療（ステロイドなど）がある方の新しい頭痛",
            "A new headache in someone with cancer or a weakened immune system"},
    RedFlag{"painful_red_eye", "目の痛みや充血、光の周りに輪が見えることを伴う頭痛",
            "Headache with a painful red eye or haloes around lights"},
};

json month_json(const MonthCounts& m) {
  return {{"month", m.month},
          {"headache_days", m.headache_days},
          {"migraine_like_days", m.migraine_like_days},
          {"acute_med_days", m.acute_med_days}};
}

}  // namespace

std::string_view status_name(Status s) {
  switch (s) {
    case Status::kMatches:
      return "matches";
    case Status::kPartly:
      return "partly";
    case Status::kNo:
      break;
  }
  return "no";
}

std::span<const RedFlag> red_flags() { return kRedFlags; }

SelfCheck evaluate(const Evidence& ev) {
  SelfCheck check;
  CriterionResult m11 = migraine_without_aura(ev);
  CriterionResult m12 = migraine_with_aura(ev);
  CriterionResult m13 = chronic_migraine(ev);
  CriterionResult tension = tension_type(ev);
  CriterionResult m15 = probable_migraine(ev, m11, m12, tension);
  CriterionResult moh = medication_overuse(ev);
  check.results = {std::move(m11), std::move(m12),     std::move(m13),
                   std::move(m15), std::move(tension), std::move(moh)};
  check.guidance = text::guidance(check.results);
  if (ev.from_diary) check.monthly = ev.months;
  return check;
}

json selfcheck_json(const SelfCheck& check) {
  json results = json::array();
  for (const CriterionResult& r : check.results) {
    json j = {{"code", r.code},       {"status", status_name(r.status)},
              {"met", r.met},         {"unmet", r.unmet},
              {"unknown", r.unknown}, {"explain", local_json(r.explain)}};
    if (!r.subtype.empty()) j["subtype"] = r.subtype;
    if (r.code == "8.2") j["overused"] = r.overused;
    results.push_back(std::move(j));
  }
  json flags = json::array();
  for (const RedFlag& f : red_flags()) {
    flags.push_back({{"id", f.id}, {"text", {{"ja", f.ja}, {"en", f.en}}}});
  }
  json monthly = json::array();
  for (const MonthCounts& m : check.monthly) monthly.push_back(month_json(m));
  return {{"results", std::move(results)},
          {"red_flags", std::move(flags)},
          {"guidance", local_json(check.guidance)},
          {"monthly", std::move(monthly)}};
}

}  // namespace tsunagu::bank
