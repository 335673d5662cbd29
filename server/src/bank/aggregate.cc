#include "bank/aggregate.h"

#include <algorithm>
#include <map>
#include <set>

namespace tsunagu::bank {
namespace {

using nlohmann::json;

// The cells of a question, in display order, each with its count.
struct Cell {
  std::string key;
  int count = 0;
  bool suppressed = false;
};

std::vector<Cell> empty_cells(const Question& q) {
  std::vector<Cell> cells;
  switch (q.kind) {
    case QuestionKind::kSingle:
    case QuestionKind::kMulti:
      for (const Option& o : q.options) cells.push_back({o.value});
      break;
    case QuestionKind::kScale:
      for (int v = q.min; v <= q.max; ++v) cells.push_back({std::to_string(v)});
      break;
    case QuestionKind::kNumber:
      if (q.bins.empty()) {
        // Without bins only the values given become cells (a range may be large).
        break;
      }
      for (int b : q.bins) cells.push_back({number_bin(q, b)});
      break;
    case QuestionKind::kText:
      break;
  }
  return cells;
}

void add_to(std::vector<Cell>& cells, const std::string& key) {
  auto it = std::ranges::find(cells, key, &Cell::key);
  if (it == cells.end()) {
    cells.push_back({key, 1});
    return;
  }
  ++it->count;
}

// Counts the answers of one question; returns how many answered it.
int count_answers(const Question& q, const std::vector<json>& answers, std::vector<Cell>& cells) {
  int answered = 0;
  for (const json& a : answers) {
    auto it = a.find(q.id);
    if (it == a.end()) continue;
    ++answered;
    if (q.kind == QuestionKind::kMulti && it->is_array()) {
      for (const json& v : *it) {
        if (v.is_string()) add_to(cells, v.get<std::string>());
      }
    } else if (q.kind == QuestionKind::kNumber && it->is_number_integer()) {
      add_to(cells, number_bin(q, it->get<int>()));
    } else if (it->is_number_integer()) {
      add_to(cells, std::to_string(it->get<int>()));
    } else if (it->is_string()) {
      add_to(cells, it->get<std::string>());
    }
  }
  return answered;
}

void suppress(std::vector<Cell>& cells, int unanswered, int k, bool partition) {
  int hidden = 0;
  for (Cell& c : cells) {
    c.suppressed = c.count > 0 && c.count < k;
    hidden += c.suppressed ? c.count : 0;
  }
  // n minus the shown counts is what was withheld plus who did not answer: keep it >= k.
  while (partition && hidden > 0 && hidden + unanswered < k) {
    Cell* smallest = nullptr;
    for (Cell& c : cells) {
      if (!c.suppressed && c.count > 0 && (smallest == nullptr || c.count < smallest->count)) {
        smallest = &c;
      }
    }
    if (smallest == nullptr) break;
    smallest->suppressed = true;
    hidden += smallest->count;
  }
}

}  // namespace

std::string number_bin(const Question& q, int value) {
  if (q.bins.empty()) return std::to_string(value);
  auto upper = std::ranges::upper_bound(q.bins, value);
  if (upper == q.bins.begin()) return std::to_string(value);  // below min: cannot happen
  const int low = *(upper - 1);
  const int high = upper == q.bins.end() ? q.max : *upper - 1;
  return low == high ? std::to_string(low) : std::to_string(low) + "-" + std::to_string(high);
}

json aggregate(const SurveyDefinition& survey, const std::vector<json>& answers, int k) {
  const int n = static_cast<int>(answers.size());
  json out = {{"survey", survey.id}, {"version", survey.version}, {"k", k}};
  if (n < k) {
    out["n_suppressed"] = true;
    return out;
  }
  out["n"] = n;
  json questions = json::object();
  for (const Question& q : survey.questions) {
    if (q.kind == QuestionKind::kText) continue;  // never aggregated
    std::vector<Cell> cells = empty_cells(q);
    const int answered = count_answers(q, answers, cells);
    suppress(cells, n - answered, k, q.kind != QuestionKind::kMulti);
    json counts = json::object();
    json suppressed = json::array();
    for (const Cell& c : cells) {
      if (c.suppressed) {
        suppressed.push_back(c.key);
      } else {
        counts[c.key] = c.count;
      }
    }
    questions[q.id] = {{"kind", kind_name(q.kind)}, {"counts", counts}, {"suppressed", suppressed}};
  }
  out["questions"] = std::move(questions);
  return out;
}

}  // namespace tsunagu::bank
