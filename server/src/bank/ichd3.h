#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bank/evidence.h"
#include "bank/local_text.h"

namespace tsunagu::bank {

// A self-check of recorded headaches against some criteria of the International Classification
// of Headache Disorders, 3rd edition (ICHD-3, https://ichd-3.org): 1.1 migraine without aura,
// 1.2 migraine with aura, 1.3 chronic migraine, 1.5 probable migraine, 2 tension-type
// headache (2.1–2.3 by frequency) and 8.2 medication-overuse headache. It is guidance, never a
// diagnosis: the "not better accounted for by another diagnosis" criteria need a doctor, and
// every text says so. Pure and thread-safe.
//
// How records are read (the tests in ichd3_test.cc pin each boundary):
// - An attack is one diary entry; "more than 3 months" is at least 4 consecutive calendar
//   months (the questionnaire's `months` stands for such a run).
// - A feature letter is met when enough attacks have that feature on their own (e.g. 1.1 C:
//   five attacks with two of the four pain features), or, while fewer are recorded, when
//   every recorded attack has it; the count letter (1.1 A) needs enough attacks with every
//   feature at once. "matches": every letter met; "partly": some; "no": none.
// - 1.2 C (how the aura spreads and how long each symptom lasts) is not recorded, so it is
//   listed as unknown and never blocks a match; the text says a doctor must judge it.
// - 1.5 does not apply when 1.1 or 1.2 match, and tension-type headache takes precedence
//   over it (ICHD-3 1.5 B).
// - 8.2: simple analgesics or NSAIDs (each class alone) on ≥ 15 days a month; triptans,
//   ergots, opioids or combination analgesics on ≥ 10; or two or more of these classes on
//   ≥ 10 days together (8.2.6); in each of ≥ 4 consecutive months.
enum class Status { kMatches, kPartly, kNo };
std::string_view status_name(Status s);

struct CriterionResult {
  std::string code;  // "1.1", "1.2", "1.3", "1.5", "2", "8.2"
  Status status = Status::kNo;
  std::vector<std::string> met;
  std::vector<std::string> unmet;
  std::vector<std::string> unknown;   // criteria the records cannot tell
  std::string subtype;                // for "2": "2.1", "2.2" or "2.3"
  std::vector<std::string> overused;  // for "8.2": the medication classes
  LocalText explain;
};

struct RedFlag {
  std::string_view id;
  std::string_view ja;
  std::string_view en;
};
// Warning signs that need urgent care, shown with every result.
std::span<const RedFlag> red_flags();

struct SelfCheck {
  std::vector<CriterionResult> results;  // in the order of the codes above
  LocalText guidance;
  std::vector<MonthCounts> monthly;  // from a diary; empty for the questionnaire
};

SelfCheck evaluate(const Evidence& evidence);

// The answer of POST /api/selfcheck (docs/bank.md).
nlohmann::json selfcheck_json(const SelfCheck& check);

}  // namespace tsunagu::bank
