#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bank/diary.h"
#include "bank/invalid.h"

namespace tsunagu::bank {

// What the ICHD-3 criteria (bank/ichd3.h) need to know about one attack: which criteria it
// fulfils by itself. From the questionnaire one set of facts stands for `count` attacks alike.
// The letters follow ICHD-3: m_* are 1.1 B–D (migraine without aura), t_* are 2.1/2.2 B–D
// (tension-type).
struct AttackFacts {
  int count = 1;
  bool headache = false;  // there was pain (intensity > 0); aura alone is not a headache
  bool aura = false;
  bool m_b = false;  // lasted 4–72 h, untreated or not relieved by treatment
  bool m_c = false;  // two of: one side, pulsating, moderate or severe, worse with activity
  bool m_d = false;  // nausea or vomiting, or both photophobia and phonophobia
  bool t_b = false;  // lasted 30 min – 7 days
  bool t_c = false;  // two of: both sides, pressing, mild or moderate, not worse with activity
  bool t_d = false;  // neither nausea nor vomiting; not both photophobia and phonophobia
  bool t_chronic_d = false;  // 2.3 D: no vomiting; at most one of photo-, phonophobia, nausea
  // Counts as a migraine-like day for 1.3 C: 1.1 C and D, or aura, or relieved by a triptan
  // or an ergot.
  bool migraine_like = false;
};

// Pain intensity 0–10 read as ICHD-3 words: 1–3 mild, 4–6 moderate, 7–10 severe.
inline constexpr int kModerateFrom = 4;
inline constexpr int kSevereFrom = 7;

// `intensity_known` false (a questionnaire without intensity): pain, but neither mild nor
// moderate-or-severe counts.
AttackFacts facts_of(const DiaryEntry& entry, bool intensity_known = true);

// Days of one calendar month (diary) or of an average month (questionnaire, month "").
struct MonthCounts {
  std::string month;  // YYYY-MM
  int headache_days = 0;
  int migraine_like_days = 0;
  int tension_like_days = 0;  // days of attacks fulfilling 2.1 B–D (internal, for 2.x)
  int acute_med_days = 0;     // days with any acute medication, "other" included
  std::array<int, kMedClassCount> class_days{};  // days each class was taken
  int listed_med_days = 0;  // days with any class ICHD-3 8.2 names (all but "other")
};

// The evidence a self-check weighs: attacks and consecutive months, oldest first.
struct Evidence {
  std::vector<AttackFacts> attacks;
  std::vector<MonthCounts> months;
  bool from_diary = true;  // false: the short questionnaire (no calendar months)
};

// An attack counts on every calendar day it covers (from its start time, midnight when
// unknown, for its duration); medication counts on the day the entry starts. Every month from
// the first to the last recorded day is present, months without entries as zeros.
Evidence evidence_from_diary(const std::vector<DiaryEntry>& entries);

// The short questionnaire of docs/bank.md. Errors: selfcheck_invalid with the field.
Checked<Evidence> evidence_from_questionnaire(const nlohmann::json& questionnaire);

}  // namespace tsunagu::bank
