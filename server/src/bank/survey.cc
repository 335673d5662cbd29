#include "bank/survey.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "bank/japan.h"
#include "bank/text.h"

namespace tsunagu::bank {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxQuestions = 100;
constexpr std::size_t kMaxOptions = 60;
constexpr int kMaxScaleSteps = 20;
constexpr int kMaxNumber = 1'000'000;

std::unexpected<core::Error> bad(const std::string& where, const std::string& why) {
  return core::fail(core::Code::kInvalidArgument, "bad_survey", where + ": " + why);
}

// Lower-case letters, digits, '_' (and '-' when `dash`), 1–40 characters.
bool is_code(const json& v, bool dash = false) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return !s.empty() && s.size() <= 40 && std::ranges::all_of(s, [dash](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (dash && c == '-');
  });
}

core::Result<LocalText> local_text(const json& v, const std::string& where, bool required) {
  if (v.is_null() && !required) return LocalText{};
  if (!v.is_object() || !v.contains("ja") || !v.contains("en") || !v["ja"].is_string() ||
      !v["en"].is_string() || v.size() != 2) {
    return bad(where, "must be {\"ja\": text, \"en\": text}");
  }
  LocalText t{v["ja"].get<std::string>(), v["en"].get<std::string>()};
  if (required && (t.ja.empty() || t.en.empty())) return bad(where, "needs both languages");
  return t;
}

const json& at(const json& object, const char* key) {
  static const json kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

std::optional<QuestionKind> parse_kind(const json& v) {
  if (!v.is_string()) return std::nullopt;
  for (QuestionKind k : {QuestionKind::kSingle, QuestionKind::kMulti, QuestionKind::kScale,
                         QuestionKind::kNumber, QuestionKind::kText}) {
    if (kind_name(k) == v.get_ref<const std::string&>()) return k;
  }
  return std::nullopt;
}

bool has_choices(QuestionKind k) { return k == QuestionKind::kSingle || k == QuestionKind::kMulti; }
bool has_range(QuestionKind k) { return k == QuestionKind::kScale || k == QuestionKind::kNumber; }

core::Status read_options(const json& src, const std::string& where, Question& q) {
  const json& options = at(src, "options");
  if (!options.is_array() || options.size() < 2 || options.size() > kMaxOptions) {
    return bad(where + ".options", "must list 2 to 60 options");
  }
  std::set<std::string> values;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const std::string here = where + ".options[" + std::to_string(i) + "]";
    const json& o = options[i];
    if (!o.is_object() || !is_code(at(o, "value"), true) || o.size() != 2) {
      return bad(here, "must be {\"value\": code, \"label\": {ja, en}}");
    }
    auto label = local_text(at(o, "label"), here + ".label", true);
    if (!label) return std::unexpected(label.error());
    if (!values.insert(o["value"].get<std::string>()).second) return bad(here, "value twice");
    q.options.push_back({o["value"].get<std::string>(), *label});
  }
  return {};
}

core::Status read_range(const json& src, const std::string& where, Question& q) {
  const json& min = at(src, "min");
  const json& max = at(src, "max");
  if (!min.is_number_integer() || !max.is_number_integer() || min.get<std::int64_t>() < 0 ||
      max.get<std::int64_t>() > kMaxNumber || min.get<std::int64_t>() >= max.get<std::int64_t>()) {
    return bad(where, "needs whole numbers 0 <= min < max <= 1000000");
  }
  q.min = min.get<int>();
  q.max = max.get<int>();
  if (q.kind == QuestionKind::kScale && q.max - q.min > kMaxScaleSteps) {
    return bad(where, "a scale has at most 20 steps");
  }
  const json& bins = at(src, "bins");
  if (bins.is_null()) return {};
  if (q.kind != QuestionKind::kNumber || !bins.is_array() || bins.empty() || bins.size() > 20) {
    return bad(where + ".bins", "only a number question has bins: 1 to 20 lower edges");
  }
  for (const json& b : bins) {
    if (!b.is_number_integer() || b.get<int>() > q.max ||
        (!q.bins.empty() && b.get<int>() <= q.bins.back())) {
      return bad(where + ".bins", "must rise, within min and max");
    }
    q.bins.push_back(b.get<int>());
  }
  if (q.bins.front() != q.min) return bad(where + ".bins", "must start at min");
  return {};
}

// A value `question` can hold (for show_if).
bool valid_value(const Question& q, const json& v) {
  if (has_choices(q.kind)) return v.is_string() && q.option(v.get_ref<const std::string&>());
  if (has_range(q.kind)) {
    return v.is_number_integer() && v.get<std::int64_t>() >= q.min &&
           v.get<std::int64_t>() <= q.max;
  }
  return false;
}

core::Status read_show_if(const json& src, const std::string& where,
                          const std::vector<Question>& earlier, Question& q) {
  const json& s = at(src, "show_if");
  if (s.is_null()) return {};
  if (!s.is_object() || s.size() != 2 || !at(s, "question").is_string() || !s.contains("equals")) {
    return bad(where + ".show_if", "must be {\"question\": id, \"equals\": value}");
  }
  const std::string& ref = s["question"].get_ref<const std::string&>();
  auto it = std::ranges::find(earlier, ref, &Question::id);
  if (it == earlier.end()) return bad(where + ".show_if", "must name an earlier question");
  if (!valid_value(*it, s["equals"])) {
    return bad(where + ".show_if.equals", "is not an answer question " + ref + " can have");
  }
  q.show_if = ShowIf{ref, s["equals"]};
  return {};
}

// Answers a quasi-identifier may hold: the codes research exports know how to generalise.
bool generalisable(std::string_view qi, std::string_view value) {
  if (value == kNoAnswer || qi == "sex") return true;
  if (qi == "age_band") return std::ranges::find(age_bands(), value) != age_bands().end();
  return value == kOverseas ||
         std::ranges::find(prefectures(), value, &Prefecture::code) != prefectures().end();
}

core::Status read_quasi_identifier(const json& src, const std::string& where,
                                   std::set<std::string>& seen, Question& q) {
  const json& qi = at(src, "quasi_identifier");
  if (qi.is_null()) return {};
  static constexpr std::string_view kKnown[] = {"age_band", "sex", "prefecture"};
  if (!qi.is_string() || std::ranges::find(kKnown, qi.get<std::string>()) == std::end(kKnown)) {
    return bad(where + ".quasi_identifier", "must be age_band, sex or prefecture");
  }
  q.quasi_identifier = qi.get<std::string>();
  if (q.kind != QuestionKind::kSingle) {
    return bad(where + ".quasi_identifier", "only a single-choice question can be one");
  }
  if (!seen.insert(q.quasi_identifier).second) {
    return bad(where + ".quasi_identifier", q.quasi_identifier + " is marked twice");
  }
  for (const Option& o : q.options) {
    if (!generalisable(q.quasi_identifier, o.value)) {
      return bad(where + ".options", "'" + o.value + "' is not a known " + q.quasi_identifier +
                                         " code (see server/src/bank/japan.cc)");
    }
  }
  return {};
}

core::Result<Question> read_question(const json& src, const std::string& where,
                                     const std::vector<Question>& earlier,
                                     std::set<std::string>& quasi_identifiers) {
  static constexpr std::string_view kKeys[] = {
      "id",  "kind", "text", "help",   "required",   "options", "min",
      "max", "bins", "unit", "labels", "max_length", "show_if", "quasi_identifier"};
  if (!src.is_object()) return bad(where, "must be an object");
  for (const auto& [key, value] : src.items()) {
    if (std::ranges::find(kKeys, key) == std::end(kKeys)) return bad(where, "unknown field " + key);
  }
  Question q;
  if (!is_code(at(src, "id"))) return bad(where + ".id", "must be a code like q1 or age_band");
  q.id = src["id"].get<std::string>();
  if (std::ranges::find(earlier, q.id, &Question::id) != earlier.end()) {
    return bad(where + ".id", "'" + q.id + "' is used twice");
  }
  auto kind = parse_kind(at(src, "kind"));
  if (!kind) return bad(where + ".kind", "must be single, multi, scale, number or text");
  q.kind = *kind;
  auto text = local_text(at(src, "text"), where + ".text", true);
  if (!text) return std::unexpected(text.error());
  q.text = *text;
  for (const char* key : {"help", "unit"}) {
    if (auto t = local_text(at(src, key), where + "." + key, false); !t) {
      return std::unexpected(t.error());
    }
  }
  const json& required = at(src, "required");
  if (!required.is_null() && !required.is_boolean()) return bad(where + ".required", "true/false");
  q.required = required.is_boolean() && required.get<bool>();
  core::Status s;
  if (has_choices(q.kind)) s = read_options(src, where, q);
  if (has_range(q.kind)) s = read_range(src, where, q);
  if (!s) return std::unexpected(s.error());
  if (!has_choices(q.kind) && src.contains("options")) {
    return bad(where, "options on a " + std::string(kind_name(q.kind)));
  }
  if (!has_range(q.kind) && (src.contains("min") || src.contains("max"))) {
    return bad(where, "min/max on a " + std::string(kind_name(q.kind)));
  }
  if (const json& labels = at(src, "labels"); !labels.is_null()) {
    if (q.kind != QuestionKind::kScale || !labels.is_object()) {
      return bad(where + ".labels", "only a scale has labels: {\"min\": …, \"max\": …}");
    }
    for (const auto& [end, text] : labels.items()) {
      if (end != "min" && end != "max") return bad(where + ".labels", "only min and max");
      if (auto t = local_text(text, where + ".labels." + end, true); !t) {
        return std::unexpected(t.error());
      }
    }
  }
  if (const json& max_length = at(src, "max_length"); !max_length.is_null()) {
    if (q.kind != QuestionKind::kText || !max_length.is_number_integer() ||
        max_length.get<int>() < 1 || max_length.get<int>() > kMaxTextChars) {
      return bad(where + ".max_length", "a text question's limit, 1 to 500");
    }
    q.max_length = max_length.get<int>();
  }
  if (auto s2 = read_show_if(src, where, earlier, q); !s2) return std::unexpected(s2.error());
  if (auto s3 = read_quasi_identifier(src, where, quasi_identifiers, q); !s3) {
    return std::unexpected(s3.error());
  }
  return q;
}

std::unexpected<Invalid> wrong(const Question& q, std::string why) {
  return invalid("survey_invalid", q.id, std::move(why));
}

// The answer to one shown question, normalised; nullopt when it is left out.
Checked<std::optional<json>> check_answer(const Question& q, const json& v) {
  switch (q.kind) {
    case QuestionKind::kSingle:
      if (!v.is_string() || !q.option(v.get_ref<const std::string&>())) {
        return wrong(q, "is not one of the options");
      }
      return v;
    case QuestionKind::kMulti: {
      if (!v.is_array()) return wrong(q, "must be a list of options");
      std::set<std::string> chosen;
      for (const json& item : v) {
        if (!item.is_string() || !q.option(item.get_ref<const std::string&>())) {
          return wrong(q, "holds something that is not an option");
        }
        if (!chosen.insert(item.get<std::string>()).second)
          return wrong(q, "holds an option twice");
      }
      if (chosen.empty()) return std::nullopt;
      json out = json::array();
      for (const Option& o : q.options) {
        if (chosen.contains(o.value)) out.push_back(o.value);
      }
      return out;
    }
    case QuestionKind::kScale:
    case QuestionKind::kNumber:
      if (!v.is_number_integer() || v.get<std::int64_t>() < q.min ||
          v.get<std::int64_t>() > q.max) {
        return wrong(q, "must be a whole number from " + std::to_string(q.min) + " to " +
                            std::to_string(q.max));
      }
      return v;
    case QuestionKind::kText: {
      if (!v.is_string()) return wrong(q, "must be text");
      const auto& text = v.get_ref<const std::string&>();
      if (auto problem = check_user_text(text, static_cast<std::size_t>(q.max_length), true)) {
        return wrong(q, *problem);
      }
      if (text.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
      return v;
    }
  }
  return wrong(q, "unknown kind");
}

}  // namespace

std::string_view kind_name(QuestionKind kind) {
  switch (kind) {
    case QuestionKind::kSingle:
      return "single";
    case QuestionKind::kMulti:
      return "multi";
    case QuestionKind::kScale:
      return "scale";
    case QuestionKind::kNumber:
      return "number";
    case QuestionKind::kText:
      return "text";
  }
  return "";
}

const Option* Question::option(std::string_view value) const {
  auto it = std::ranges::find(options, value, &Option::value);
  return it == options.end() ? nullptr : &*it;
}

const Question* SurveyDefinition::question(std::string_view id) const {
  auto it = std::ranges::find(questions, id, &Question::id);
  return it == questions.end() ? nullptr : &*it;
}

core::Result<SurveyDefinition> parse_survey(const json& src, std::string_view file_id,
                                            int file_version) {
  static constexpr std::string_view kKeys[] = {"id",      "version",      "title",    "description",
                                               "consent", "members_only", "questions"};
  if (!src.is_object()) return bad("survey", "must be a JSON object");
  for (const auto& [key, value] : src.items()) {
    if (std::ranges::find(kKeys, key) == std::end(kKeys))
      return bad("survey", "unknown field " + key);
  }
  SurveyDefinition s;
  if (!is_code(at(src, "id"), true) || src["id"].get<std::string>() != file_id) {
    return bad("id", "must be a code and match the file name (" + std::string(file_id) + ")");
  }
  s.id = file_id;
  if (!at(src, "version").is_number_integer() ||
      src["version"].get<std::int64_t>() != file_version) {
    return bad("version", "must match the file name (v" + std::to_string(file_version) + ")");
  }
  s.version = file_version;
  auto title = local_text(at(src, "title"), "title", true);
  if (!title) return std::unexpected(title.error());
  s.title = *title;
  if (auto d = local_text(at(src, "description"), "description", false); !d) {
    return std::unexpected(d.error());
  }
  // What the person agrees to before the first answer (shown by the consent screen).
  if (auto c = local_text(at(src, "consent"), "consent", true); !c) {
    return std::unexpected(c.error());
  }
  const json& members_only = at(src, "members_only");
  if (!members_only.is_null() && !members_only.is_boolean())
    return bad("members_only", "true/false");
  s.members_only = members_only.is_boolean() && members_only.get<bool>();
  const json& questions = at(src, "questions");
  if (!questions.is_array() || questions.empty() || questions.size() > kMaxQuestions) {
    return bad("questions", "must list 1 to 100 questions");
  }
  std::set<std::string> quasi_identifiers;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    auto q = read_question(questions[i], "questions[" + std::to_string(i) + "]", s.questions,
                           quasi_identifiers);
    if (!q) return std::unexpected(q.error());
    s.questions.push_back(std::move(*q));
  }
  s.source = src;
  return s;
}

bool is_shown(const SurveyDefinition& survey, const Question& q, const json& answers) {
  if (!q.show_if) return true;
  const Question* ref = survey.question(q.show_if->question);
  if (ref == nullptr || !is_shown(survey, *ref, answers)) return false;
  auto it = answers.find(ref->id);
  if (it == answers.end()) return false;
  if (ref->kind == QuestionKind::kMulti) {
    return it->is_array() && std::ranges::find(*it, q.show_if->equals) != it->end();
  }
  return *it == q.show_if->equals;
}

Checked<json> check_answers(const SurveyDefinition& survey, const json& answers) {
  if (!answers.is_object()) return invalid("survey_invalid", "answers", "must be an object");
  for (const auto& [key, value] : answers.items()) {
    if (survey.question(key) == nullptr) {
      return invalid("survey_invalid", key, "is not a question of this survey");
    }
  }
  json out = json::object();
  for (const Question& q : survey.questions) {
    auto it = answers.find(q.id);
    const bool given = it != answers.end() && !it->is_null();
    if (!is_shown(survey, q, out)) {
      if (given) return wrong(q, "was not asked (see show_if)");
      continue;
    }
    std::optional<json> value;
    if (given) {
      auto checked = check_answer(q, *it);
      if (!checked) return std::unexpected(checked.error());
      value = std::move(*checked);
    }
    if (!value) {
      if (q.required) return wrong(q, "is required");
      continue;
    }
    out[q.id] = std::move(*value);
  }
  return out;
}

core::Status SurveyCatalog::add(SurveyDefinition survey) {
  auto& versions = surveys_[survey.id];
  if (versions.contains(survey.version)) {
    return bad(survey.id, "version " + std::to_string(survey.version) + " twice");
  }
  versions.emplace(survey.version, std::move(survey));
  return {};
}

core::Result<SurveyCatalog> SurveyCatalog::load(const std::string& dir) {
  namespace fs = std::filesystem;
  SurveyCatalog catalog;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return catalog;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::ranges::sort(files);
  for (const fs::path& file : files) {
    const std::string stem = file.stem().string();  // "<id>.v<version>"
    const auto dot = stem.rfind(".v");
    int version = 0;
    const char* digits = stem.data() + (dot == std::string::npos ? 0 : dot + 2);
    auto [end, parsed] = std::from_chars(digits, stem.data() + stem.size(), version);
    if (dot == std::string::npos || parsed != std::errc() || end != stem.data() + stem.size() ||
        version < 1) {
      return bad(file.string(), "a survey file is named <id>.v<version>.json");
    }
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const json src = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (src.is_discarded()) return bad(file.string(), "is not valid JSON");
    auto survey = parse_survey(src, stem.substr(0, dot), version);
    if (!survey) return bad(file.string(), survey.error().message());
    if (auto s = catalog.add(std::move(*survey)); !s)
      return bad(file.string(), s.error().message());
  }
  return catalog;
}

const SurveyDefinition* SurveyCatalog::current(std::string_view id) const {
  auto it = surveys_.find(id);
  if (it == surveys_.end() || it->second.empty()) return nullptr;
  return &it->second.rbegin()->second;
}

const SurveyDefinition* SurveyCatalog::find(std::string_view id, int version) const {
  auto it = surveys_.find(id);
  if (it == surveys_.end()) return nullptr;
  auto v = it->second.find(version);
  return v == it->second.end() ? nullptr : &v->second;
}

std::vector<const SurveyDefinition*> SurveyCatalog::all_current() const {
  std::vector<const SurveyDefinition*> out;
  for (const auto& [id, versions] : surveys_) {
    if (!versions.empty()) out.push_back(&versions.rbegin()->second);
  }
  return out;
}

}  // namespace tsunagu::bank
