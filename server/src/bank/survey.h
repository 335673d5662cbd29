#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bank/invalid.h"
#include "bank/local_text.h"
#include "core/error.h"

namespace tsunagu::bank {

// A survey as a data file, content/surveys/<id>.v<version>.json (docs/bank.md, "Surveys").
// Old versions stay beside new ones so that old answers stay readable; answers are accepted
// for the newest version only.
enum class QuestionKind { kSingle, kMulti, kScale, kNumber, kText };
std::string_view kind_name(QuestionKind kind);

struct Option {
  std::string value;
  LocalText label;
};

// The question is asked only when the earlier question `question` was answered with `equals`
// (for a multiple-choice question: when `equals` was one of the choices).
struct ShowIf {
  std::string question;
  nlohmann::json equals;
};

inline constexpr int kMaxTextChars = 500;

struct Question {
  std::string id;
  QuestionKind kind = QuestionKind::kSingle;
  LocalText text;
  bool required = false;
  std::vector<Option> options;  // single, multi
  int min = 0;                  // scale, number
  int max = 0;
  std::vector<int> bins;           // number: lower edges of the aggregate's bins (first == min)
  int max_length = kMaxTextChars;  // text
  std::optional<ShowIf> show_if;
  std::string quasi_identifier;  // "", "age_band", "sex" or "prefecture" (single only)

  const Option* option(std::string_view value) const;
};

struct SurveyDefinition {
  std::string id;
  int version = 0;
  LocalText title;
  bool members_only = false;  // guests may not answer
  std::vector<Question> questions;
  nlohmann::json source;  // the file as clients get it

  const Question* question(std::string_view id) const;
};

// Checks a definition read from `<file_id>.v<file_version>.json`. Errors (name bad_survey)
// say which question and field is wrong, for whoever edits the file.
core::Result<SurveyDefinition> parse_survey(const nlohmann::json& source, std::string_view file_id,
                                            int file_version);

// Checks answers against the definition and returns them normalised (only the questions that
// were shown and answered; multiple choices in the definition's order). Refused: unknown
// questions, answers to questions that were not shown, missing required answers, values out
// of range or not offered, text that is too long or holds control characters. Errors:
// survey_invalid with the question id as the field.
Checked<nlohmann::json> check_answers(const SurveyDefinition& survey,
                                      const nlohmann::json& answers);

// Whether `question` was shown, given the (already checked) answers.
bool is_shown(const SurveyDefinition& survey, const Question& question,
              const nlohmann::json& answers);

// Every version of every survey in a directory, loaded at start. Immutable afterwards, so any
// thread may read it.
class SurveyCatalog {
 public:
  // Reads every *.json in `dir` (a missing directory holds no surveys). Each file must be
  // named <id>.v<version>.json and be a valid definition.
  static core::Result<SurveyCatalog> load(const std::string& dir);
  // For tests and tools.
  core::Status add(SurveyDefinition survey);

  const SurveyDefinition* current(std::string_view id) const;
  const SurveyDefinition* find(std::string_view id, int version) const;
  // The newest version of each survey, by id.
  std::vector<const SurveyDefinition*> all_current() const;

 private:
  std::map<std::string, std::map<int, SurveyDefinition>, std::less<>> surveys_;
};

}  // namespace tsunagu::bank
