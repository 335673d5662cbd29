#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bank/invalid.h"

namespace tsunagu::bank {

// A headache diary entry (docs/bank.md, "Diary"). Unknown answers are kept as unknown, never
// guessed: the self-check counts only what was recorded.
enum class Side { kUnknown, kOne, kBoth };
enum class Character { kUnknown, kPulsating, kPressing, kOther };
enum class MedClass { kSimpleAnalgesic, kNsaid, kTriptan, kCombination, kErgot, kOpioid, kOther };
inline constexpr int kMedClassCount = 7;
enum class Effect { kUnknown, kGood, kSome, kNone };

struct Medication {
  MedClass med_class = MedClass::kOther;
  Effect effect = Effect::kUnknown;
};

inline constexpr int kMaxDurationMin = 10080;  // 7 days
inline constexpr int kMaxNoteChars = 500;
inline constexpr int kMaxMedications = 10;

struct DiaryEntry {
  std::int64_t day = 0;          // bank/dates.h day number of `date`
  std::optional<int> start_min;  // minutes after midnight
  int duration_min = 1;          // 1 … kMaxDurationMin
  int intensity = 0;             // 0 … 10
  Side side = Side::kUnknown;
  Character character = Character::kUnknown;
  std::optional<bool> worse_with_activity;
  bool nausea = false;
  bool vomiting = false;
  bool photophobia = false;
  bool phonophobia = false;
  bool aura = false;
  std::vector<Medication> medications;
  std::vector<std::string> triggers;  // codes of kTriggers, each once
  std::vector<std::string> missed;    // codes of kMissed, each once
  std::string note;

  bool is_headache() const { return intensity > 0; }
  bool took(MedClass c) const;
};

std::string_view med_class_name(MedClass c);
std::optional<MedClass> parse_med_class(std::string_view name);

// Validates an entry from a client (or from the store). Every field of docs/bank.md is
// checked; a field the contract does not name is refused, and "id" is ignored (the path
// names the entry). `latest_day`: dates after it are refused (tomorrow in the server's time,
// so every time zone's today passes); nullopt skips that check. Errors: diary_invalid with
// the field.
Checked<DiaryEntry> parse_diary_entry(const nlohmann::json& in,
                                      std::optional<std::int64_t> latest_day);

// The entry as the contract's JSON, normalised (every field present); `id` 0 leaves it out.
nlohmann::json diary_entry_json(const DiaryEntry& entry, std::int64_t id = 0);

// CSV of entries for a spreadsheet (UTF-8 with BOM, CRLF), one row per entry.
struct IdentifiedEntry {
  std::int64_t id = 0;
  DiaryEntry entry;
};
std::string diary_csv(const std::vector<IdentifiedEntry>& entries);

}  // namespace tsunagu::bank
