#include "bank/research_export.h"

#include <algorithm>

#include "bank/csv.h"
#include "bank/deidentify.h"

namespace tsunagu::bank {
namespace {

using nlohmann::json;

std::vector<Ladder> ladders_of(const SurveyDefinition& survey,
                               std::vector<const Question*>& qi_questions) {
  std::vector<Ladder> ladders = {month_ladder()};
  for (const Question& q : survey.questions) {
    if (q.quasi_identifier.empty()) continue;
    Ladder l = q.quasi_identifier == "age_band" ? age_band_ladder()
               : q.quasi_identifier == "sex"    ? sex_ladder()
                                                : prefecture_ladder();
    l.column = q.id;
    ladders.push_back(l);
    qi_questions.push_back(&q);
  }
  return ladders;
}

std::string text_of(const json& answers, const std::string& id) {
  auto it = answers.find(id);
  if (it == answers.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return "";
}

std::vector<std::string> header(const SurveyDefinition& survey) {
  std::vector<std::string> cells = {"pid", "anonymous", "version", "month"};
  for (const Question& q : survey.questions) {
    if (q.kind == QuestionKind::kText) continue;
    if (q.kind != QuestionKind::kMulti) {
      cells.push_back(q.id);
      continue;
    }
    for (const Option& o : q.options) cells.push_back(q.id + "." + o.value);
  }
  return cells;
}

// The answer cells of one row; quasi-identifiers come from `generalised` (by question id).
std::vector<std::string> answer_cells(const SurveyDefinition& survey, const json& answers,
                                      const std::vector<const Question*>& qi_questions,
                                      const std::vector<std::string>& generalised) {
  std::vector<std::string> cells;
  for (const Question& q : survey.questions) {
    if (q.kind == QuestionKind::kText) continue;  // free text never leaves the server
    if (!q.quasi_identifier.empty()) {
      for (std::size_t j = 0; j < qi_questions.size(); ++j) {
        if (qi_questions[j] == &q) cells.push_back(generalised[j + 1]);
      }
      continue;
    }
    if (q.kind != QuestionKind::kMulti) {
      cells.push_back(text_of(answers, q.id));
      continue;
    }
    auto it = answers.find(q.id);
    for (const Option& o : q.options) {
      if (it == answers.end() || !it->is_array()) {
        cells.emplace_back();
        continue;
      }
      cells.emplace_back(std::ranges::find(*it, json(o.value)) != it->end() ? "1" : "0");
    }
  }
  return cells;
}

std::string values_of(const Question& q) {
  std::string out;
  if (q.kind == QuestionKind::kSingle || q.kind == QuestionKind::kMulti) {
    for (const Option& o : q.options) {
      out += (out.empty() ? "" : " | ") + o.value + " = " + o.label.en + " / " + o.label.ja;
    }
    return out;
  }
  return std::to_string(q.min) + " to " + std::to_string(q.max);
}

std::string qi_note(const Question& q, int k) {
  const std::string rule =
      "; values are generalised (or rows left out) until every combination "
      "of month and quasi-identifiers has at least " +
      std::to_string(k) + " rows";
  if (q.quasi_identifier == "age_band") {
    return "quasi-identifier: age band, or the wider band (under_20, 20_39, 40_59, 60_plus), "
           "or *" +
           rule;
  }
  if (q.quasi_identifier == "prefecture") {
    return "quasi-identifier: prefecture, or its region (hokkaido, tohoku, kanto, chubu, kinki, "
           "chugoku, shikoku, kyushu_okinawa), or *" +
           rule;
  }
  return "quasi-identifier: the answer, or *" + rule;
}

}  // namespace

ResearchExport research_export(const SurveyDefinition& survey, const std::vector<ExportRow>& rows,
                               int k) {
  std::vector<const Question*> qi_questions;
  const std::vector<Ladder> ladders = ladders_of(survey, qi_questions);
  std::vector<std::vector<std::string>> qi_values;
  for (const ExportRow& row : rows) {
    std::vector<std::string> values = {row.month};
    for (const Question* q : qi_questions) values.push_back(text_of(row.answers, q->id));
    qi_values.push_back(std::move(values));
  }
  const KAnonymous anonymous = k_anonymise(qi_values, ladders, k, kMaxSuppressedRows);

  ResearchExport out;
  out.csv = std::string(kUtf8Bom) + csv_line(header(survey));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!anonymous.kept[i]) continue;
    const std::vector<std::string>& g = anonymous.rows[i];
    std::vector<std::string> cells = {rows[i].pid, rows[i].anonymous ? "1" : "0",
                                      std::to_string(survey.version), g[0]};
    for (auto& cell : answer_cells(survey, rows[i].answers, qi_questions, g)) {
      cells.push_back(std::move(cell));
    }
    out.csv += csv_line(cells);
    ++out.rows;
  }
  out.suppressed_rows = anonymous.suppressed;
  for (std::size_t j = 0; j < ladders.size(); ++j) {
    out.levels.emplace_back(ladders[j].column, anonymous.levels[j]);
  }
  return out;
}

std::string data_dictionary(const SurveyDefinition& survey, int k) {
  std::string out(kUtf8Bom);
  out += csv_line({"column", "type", "label_ja", "label_en", "values", "notes"});
  out += csv_line({"pid", "text", "仮名ID", "pseudonymous id", "32 hex digits",
                   "keyed BLAKE2b hash of the person and survey (same person, same id in "
                   "every version of this survey); an anonymous answer has an id of its own"});
  out += csv_line({"anonymous", "0/1", "匿名回答", "answered anonymously", "0 | 1",
                   "1: the answer is not linked to any person"});
  out += csv_line(
      {"version", "number", "調査票の版", "survey version", std::to_string(survey.version), ""});
  out += csv_line(
      {"month", "text", "回答月", "month of the answer", "YYYY-MM, YYYY or *",
       "quasi-identifier: generalised to the year or * when needed for k = " + std::to_string(k)});
  for (const Question& q : survey.questions) {
    if (q.kind == QuestionKind::kText) continue;
    const std::string note = q.quasi_identifier.empty() ? "" : qi_note(q, k);
    if (q.kind != QuestionKind::kMulti) {
      out += csv_line({q.id, std::string(kind_name(q.kind)), q.text.ja, q.text.en, values_of(q),
                       note + (q.show_if ? " asked only when " + q.show_if->question + " = " +
                                               q.show_if->equals.dump()
                                         : "")});
      continue;
    }
    for (const Option& o : q.options) {
      out += csv_line({q.id + "." + o.value, "0/1", q.text.ja + "：" + o.label.ja,
                       q.text.en + ": " + o.label.en, "0 | 1",
                       "1: chosen; empty: question not answered"});
    }
  }
  out += csv_line({"(text questions)", "", "自由記述", "free text", "", "never exported"});
  return out;
}

}  // namespace tsunagu::bank
