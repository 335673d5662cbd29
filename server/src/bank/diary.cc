#include "bank/diary.h"

#include <algorithm>
#include <array>
#include <set>

#include "bank/csv.h"
#include "bank/dates.h"
#include "bank/text.h"

namespace tsunagu::bank {
namespace {

using nlohmann::json;

constexpr std::string_view kCode = "diary_invalid";

constexpr std::array<std::string_view, kMedClassCount> kMedClassNames = {
    "simple_analgesic", "nsaid", "triptan", "combination", "ergot", "opioid", "other"};
constexpr std::array<std::string_view, 8> kTriggers = {
    "menstruation", "weather", "sleep", "stress", "alcohol", "food", "screen", "other"};
constexpr std::array<std::string_view, 3> kMissed = {"school", "work", "housework"};
constexpr std::array<std::string_view, 17> kFields = {
    "id",        "date",        "start",       "duration_min",
    "intensity", "side",        "character",   "worse_with_activity",
    "nausea",    "vomiting",    "photophobia", "phonophobia",
    "aura",      "medications", "triggers",    "missed",
    "note"};

std::unexpected<Invalid> bad(std::string field, std::string why) {
  return invalid(std::string(kCode), std::move(field), std::move(why));
}

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view value) {
  return std::ranges::find(names, value) != names.end();
}

// The field's value; null when absent.
const json& field(const json& in, std::string_view key) {
  static const json kNull;
  auto it = in.find(key);
  return it == in.end() ? kNull : *it;
}

Checked<int> whole_number(const json& in, const char* key, int min, int max) {
  const json& v = field(in, key);
  if (!v.is_number_integer()) return bad(key, "must be a whole number");
  const auto n = v.get<std::int64_t>();
  if (n < min || n > max) {
    return bad(key, "must be " + std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<int>(n);
}

// true / false; null or absent is `absent`.
Checked<std::optional<bool>> flag(const json& in, const char* key) {
  const json& v = field(in, key);
  if (v.is_null()) return std::nullopt;
  if (!v.is_boolean()) return bad(key, "must be true, false or null");
  return v.get<bool>();
}

// A string out of `names`, or null/absent (nullopt).
template <std::size_t N>
Checked<std::optional<std::string>> choice(const json& in, const char* key,
                                           const std::array<std::string_view, N>& names) {
  const json& v = field(in, key);
  if (v.is_null()) return std::nullopt;
  if (!v.is_string() || !one_of(names, v.get_ref<const std::string&>())) {
    return bad(key, "is not one of the allowed values");
  }
  return v.get<std::string>();
}

// An array of distinct strings out of `names` (absent or null: empty).
template <std::size_t N>
Checked<std::vector<std::string>> code_list(const json& in, const char* key,
                                            const std::array<std::string_view, N>& names) {
  const json& v = field(in, key);
  std::vector<std::string> out;
  if (v.is_null()) return out;
  if (!v.is_array()) return bad(key, "must be a list");
  std::set<std::string> seen;
  for (const json& item : v) {
    if (!item.is_string() || !one_of(names, item.get_ref<const std::string&>())) {
      return bad(key, "holds a value that is not allowed");
    }
    if (!seen.insert(item.get<std::string>()).second) return bad(key, "holds a value twice");
    out.push_back(item.get<std::string>());
  }
  return out;
}

Checked<std::vector<Medication>> medications(const json& in) {
  const json& v = field(in, "medications");
  std::vector<Medication> out;
  if (v.is_null()) return out;
  if (!v.is_array() || v.size() > static_cast<std::size_t>(kMaxMedications)) {
    return bad("medications", "must be a list of at most 10");
  }
  static constexpr std::array<std::string_view, 3> kEffects = {"good", "some", "none"};
  for (const json& item : v) {
    if (!item.is_object()) return bad("medications", "each must be an object");
    for (const auto& [key, value] : item.items()) {
      if (key != "class" && key != "effect") return bad("medications", "unknown field " + key);
    }
    const json& cls = field(item, "class");
    auto med_class =
        cls.is_string() ? parse_med_class(cls.get_ref<const std::string&>()) : std::nullopt;
    if (!med_class) return bad("medications", "class is not one of the allowed values");
    auto effect = choice(item, "effect", kEffects);
    if (!effect) return bad("medications", "effect is not one of the allowed values");
    Medication m;
    m.med_class = *med_class;
    m.effect = !*effect             ? Effect::kUnknown
               : **effect == "good" ? Effect::kGood
               : **effect == "some" ? Effect::kSome
                                    : Effect::kNone;
    out.push_back(m);
  }
  return out;
}

Checked<std::string> note(const json& in) {
  const json& v = field(in, "note");
  if (v.is_null()) return std::string();
  if (!v.is_string()) return bad("note", "must be text");
  const auto& text = v.get_ref<const std::string&>();
  if (auto problem = check_user_text(text, kMaxNoteChars, /*multiline=*/true)) {
    return bad("note", *problem);
  }
  return text;
}

// Reads every field into `e`; the first problem wins.
std::optional<Invalid> read_fields(const json& in, std::optional<std::int64_t> latest_day,
                                   DiaryEntry& e) {
  const json& date = field(in, "date");
  auto day = date.is_string() ? parse_date(date.get_ref<const std::string&>()) : std::nullopt;
  if (!day) return Invalid{std::string(kCode), "date", -1, "must be a date YYYY-MM-DD"};
  if (latest_day && *day > *latest_day) {
    return Invalid{std::string(kCode), "date", -1, "is in the future"};
  }
  e.day = *day;
  const json& start = field(in, "start");
  if (!start.is_null()) {
    auto minutes =
        start.is_string() ? parse_time_of_day(start.get_ref<const std::string&>()) : std::nullopt;
    if (!minutes) return Invalid{std::string(kCode), "start", -1, "must be HH:MM or null"};
    e.start_min = *minutes;
  }
  auto duration = whole_number(in, "duration_min", 1, kMaxDurationMin);
  if (!duration) return duration.error();
  e.duration_min = *duration;
  auto intensity = whole_number(in, "intensity", 0, 10);
  if (!intensity) return intensity.error();
  e.intensity = *intensity;
  static constexpr std::array<std::string_view, 2> kSides = {"one", "both"};
  auto side = choice(in, "side", kSides);
  if (!side) return side.error();
  e.side = !*side ? Side::kUnknown : **side == "one" ? Side::kOne : Side::kBoth;
  static constexpr std::array<std::string_view, 3> kCharacters = {"pulsating", "pressing", "other"};
  auto character = choice(in, "character", kCharacters);
  if (!character) return character.error();
  e.character = !*character                  ? Character::kUnknown
                : **character == "pulsating" ? Character::kPulsating
                : **character == "pressing"  ? Character::kPressing
                                             : Character::kOther;
  auto worse = flag(in, "worse_with_activity");
  if (!worse) return worse.error();
  e.worse_with_activity = *worse;
  struct Flag {
    const char* key;
    bool* out;
  };
  for (const Flag& f : {Flag{"nausea", &e.nausea}, Flag{"vomiting", &e.vomiting},
                        Flag{"photophobia", &e.photophobia}, Flag{"phonophobia", &e.phonophobia},
                        Flag{"aura", &e.aura}}) {
    auto v = flag(in, f.key);
    if (!v) return v.error();
    *f.out = v->value_or(false);
  }
  auto meds = medications(in);
  if (!meds) return meds.error();
  e.medications = std::move(*meds);
  auto triggers = code_list(in, "triggers", kTriggers);
  if (!triggers) return triggers.error();
  e.triggers = std::move(*triggers);
  auto missed = code_list(in, "missed", kMissed);
  if (!missed) return missed.error();
  e.missed = std::move(*missed);
  auto text = note(in);
  if (!text) return text.error();
  e.note = std::move(*text);
  return std::nullopt;
}

std::string_view effect_name(Effect e) {
  switch (e) {
    case Effect::kGood:
      return "good";
    case Effect::kSome:
      return "some";
    case Effect::kNone:
      return "none";
    case Effect::kUnknown:
      break;
  }
  return "";
}

std::string side_name(Side s) { return s == Side::kOne ? "one" : s == Side::kBoth ? "both" : ""; }

std::string character_name(Character c) {
  switch (c) {
    case Character::kPulsating:
      return "pulsating";
    case Character::kPressing:
      return "pressing";
    case Character::kOther:
      return "other";
    case Character::kUnknown:
      break;
  }
  return "";
}

std::string start_text(const DiaryEntry& e) {
  if (!e.start_min) return "";
  const int h = *e.start_min / 60;
  const int m = *e.start_min % 60;
  return std::string(h < 10 ? "0" : "") + std::to_string(h) + ":" + (m < 10 ? "0" : "") +
         std::to_string(m);
}

std::string joined(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ";") + c;
  return out;
}

std::string tri(std::optional<bool> v) { return !v ? "" : *v ? "1" : "0"; }

}  // namespace

bool DiaryEntry::took(MedClass c) const {
  return std::ranges::any_of(medications, [c](const Medication& m) { return m.med_class == c; });
}

std::string_view med_class_name(MedClass c) { return kMedClassNames[static_cast<int>(c)]; }

std::optional<MedClass> parse_med_class(std::string_view name) {
  for (int i = 0; i < kMedClassCount; ++i) {
    if (kMedClassNames[i] == name) return static_cast<MedClass>(i);
  }
  return std::nullopt;
}

Checked<DiaryEntry> parse_diary_entry(const json& in, std::optional<std::int64_t> latest_day) {
  if (!in.is_object()) return bad("", "an entry must be a JSON object");
  for (const auto& [key, value] : in.items()) {
    if (!one_of(kFields, key)) return bad(key, "is not a field of a diary entry");
  }
  DiaryEntry e;
  if (auto problem = read_fields(in, latest_day, e)) return std::unexpected(*problem);
  return e;
}

json diary_entry_json(const DiaryEntry& e, std::int64_t id) {
  json meds = json::array();
  for (const Medication& m : e.medications) {
    meds.push_back(
        {{"class", med_class_name(m.med_class)},
         {"effect", m.effect == Effect::kUnknown ? json() : json(effect_name(m.effect))}});
  }
  const std::string side = side_name(e.side);
  const std::string character = character_name(e.character);
  json out = json::object();
  if (id != 0) out["id"] = id;
  out["date"] = format_date(e.day);
  out["start"] = e.start_min ? json(start_text(e)) : json();
  out["duration_min"] = e.duration_min;
  out["intensity"] = e.intensity;
  out["side"] = side.empty() ? json() : json(side);
  out["character"] = character.empty() ? json() : json(character);
  out["worse_with_activity"] = e.worse_with_activity ? json(*e.worse_with_activity) : json();
  out["nausea"] = e.nausea;
  out["vomiting"] = e.vomiting;
  out["photophobia"] = e.photophobia;
  out["phonophobia"] = e.phonophobia;
  out["aura"] = e.aura;
  out["medications"] = std::move(meds);
  out["triggers"] = e.triggers;
  out["missed"] = e.missed;
  out["note"] = e.note;
  return out;
}

std::string diary_csv(const std::vector<IdentifiedEntry>& entries) {
  std::string out(kUtf8Bom);
  out += csv_line({"id", "date", "start", "duration_min", "intensity", "side", "character",
                   "worse_with_activity", "nausea", "vomiting", "photophobia", "phonophobia",
                   "aura", "medications", "triggers", "missed", "note"});
  for (const auto& [id, e] : entries) {
    std::string meds;
    for (const Medication& m : e.medications) {
      meds += (meds.empty() ? "" : ";") + std::string(med_class_name(m.med_class));
      if (m.effect != Effect::kUnknown) meds += ":" + std::string(effect_name(m.effect));
    }
    out += csv_line({std::to_string(id), format_date(e.day), start_text(e),
                     std::to_string(e.duration_min), std::to_string(e.intensity), side_name(e.side),
                     character_name(e.character), tri(e.worse_with_activity), e.nausea ? "1" : "0",
                     e.vomiting ? "1" : "0", e.photophobia ? "1" : "0", e.phonophobia ? "1" : "0",
                     e.aura ? "1" : "0", meds, joined(e.triggers), joined(e.missed),
                     formula_safe(e.note)});
  }
  return out;
}

}  // namespace tsunagu::bank
