#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "bank/survey.h"

namespace tsunagu::bank {

// One response as the export sees it: already pseudonymous (the keyed id is made by the
// caller, who holds the key), dated by month only.
struct ExportRow {
  std::string pid;
  bool anonymous = false;
  std::string month;  // YYYY-MM
  nlohmann::json answers;
};

// At most this fraction of rows may be left out to reach k before generalising further.
inline constexpr double kMaxSuppressedRows = 0.05;

struct ResearchExport {
  std::string csv;
  int rows = 0;             // rows written
  int suppressed_rows = 0;  // rows left out to keep every group at k or more
  std::vector<std::pair<std::string, int>> levels;  // generalisation level per quasi-identifier
};

// The de-identified CSV of GET /api/research/export (docs/bank.md): pseudonymous ids, months,
// quasi-identifiers (the month, and the questions marked age_band, sex or prefecture)
// generalised by bank/deidentify.h until every combination has at least k rows, and no text
// answers at all. One column per question (multiple choice: one 0/1 column per option, named
// <question>.<option>); an empty cell is a question not answered. Pure and thread-safe.
ResearchExport research_export(const SurveyDefinition& survey, const std::vector<ExportRow>& rows,
                               int k);

// The data dictionary of that export: one row per column with its type, labels in both
// languages, the values it can hold, and how it was de-identified.
std::string data_dictionary(const SurveyDefinition& survey, int k);

}  // namespace tsunagu::bank
