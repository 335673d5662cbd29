#include "bank/research_export.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace tsunagu::bank {
namespace {

using nlohmann::json;

SurveyDefinition survey() {
  auto text = json{{"ja", "質問"}, {"en", "Question"}};
  auto options = [&](std::initializer_list<const char*> values) {
    json out = json::array();
    for (const char* v : values) out.push_back({{"value", v}, {"label", {{"ja", v}, {"en", v}}}});
    return out;
  };
  json src = {{"id", "epi"},
              {"version", 1},
              {"title", text},
              {"consent", text},
              {"questions",
               {{{"id", "age"},
                 {"kind", "single"},
                 {"text", text},
                 {"quasi_identifier", "age_band"},
                 {"options", options({"30_39", "70_plus", "no_answer"})}},
                {{"id", "sex"},
                 {"kind", "single"},
                 {"text", text},
                 {"quasi_identifier", "sex"},
                 {"options", options({"female", "male"})}},
                {{"id", "pref"},
                 {"kind", "single"},
                 {"text", text},
                 {"quasi_identifier", "prefecture"},
                 {"options", options({"tokyo", "okinawa", "kanagawa"})}},
                {{"id", "days"}, {"kind", "number"}, {"text", text}, {"min", 0}, {"max", 31}},
                {{"id", "used"},
                 {"kind", "multi"},
                 {"text", text},
                 {"options", options({"triptan", "nsaid"})}},
                {{"id", "story"}, {"kind", "text"}, {"text", text}}}}};
  auto s = parse_survey(src, "epi", 1);
  if (!s) throw std::runtime_error(s.error().message());
  return *s;
}

ExportRow row(const std::string& pid, const char* age, const char* sex, const char* pref,
              int days = 4) {
  return {pid, false, "2026-11",
          json{{"age", age},
               {"sex", sex},
               {"pref", pref},
               {"days", days},
               {"used", {"triptan"}},
               {"story", "my neighbour Yamada-san"}}};
}

// The CSV back as rows of cells (no quoted cells in these tests), without the BOM.
std::vector<std::vector<std::string>> parse_csv(std::string csv) {
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  csv = csv.substr(3);
  std::vector<std::vector<std::string>> out;
  std::stringstream lines(csv);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::stringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    out.push_back(cells);
  }
  return out;
}

TEST(ResearchExportTest, ColumnsAndNoFreeText) {
  std::vector<ExportRow> rows;
  for (int i = 0; i < 10; ++i)
    rows.push_back(row("p" + std::to_string(i), "30_39", "female", "tokyo"));
  const ResearchExport out = research_export(survey(), rows, 10);
  EXPECT_EQ(out.rows, 10);
  EXPECT_EQ(out.suppressed_rows, 0);
  EXPECT_EQ(out.csv.find("Yamada"), std::string::npos);
  const auto table = parse_csv(out.csv);
  ASSERT_EQ(table.size(), 11u);
  EXPECT_EQ(table[0],
            (std::vector<std::string>{"pid", "anonymous", "version", "month", "age", "sex", "pref",
                                      "days", "used.triptan", "used.nsaid"}));
  EXPECT_EQ(table[1], (std::vector<std::string>{"p0", "0", "1", "2026-11", "30_39", "female",
                                                "tokyo", "4", "1", "0"}));
}

// Someone unique in age, sex and prefecture among the respondents is never shown as such:
// every combination of month and quasi-identifiers in the file has at least k rows.
TEST(ResearchExportTest, NobodyCanBeSingledOutInTheFile) {
  std::vector<ExportRow> rows;
  for (int i = 0; i < 11; ++i)
    rows.push_back(row("p" + std::to_string(i), "30_39", "female", "tokyo"));
  rows.push_back(row("target", "70_plus", "male", "okinawa", 28));
  const ResearchExport out = research_export(survey(), rows, 10);
  const auto table = parse_csv(out.csv);
  std::map<std::vector<std::string>, int> groups;
  for (std::size_t i = 1; i < table.size(); ++i) {
    ++groups[{table[i][3], table[i][4], table[i][5], table[i][6]}];
    EXPECT_NE(table[i][4], "70_plus");
    EXPECT_NE(table[i][5], "male");
    EXPECT_NE(table[i][6], "okinawa");
  }
  for (const auto& [combination, n] : groups) EXPECT_GE(n, 10);
  // And if the row is there, it does not stand out by its quasi-identifiers.
  for (std::size_t i = 1; i < table.size(); ++i) {
    if (table[i][0] != "target") continue;
    const std::vector<std::string> key = {table[i][3], table[i][4], table[i][5], table[i][6]};
    EXPECT_GE(groups[key], 10);
  }
}

TEST(ResearchExportTest, TooFewRowsExportOnlyTheHeader) {
  std::vector<ExportRow> rows;
  for (int i = 0; i < 9; ++i)
    rows.push_back(row("p" + std::to_string(i), "30_39", "female", "tokyo"));
  const ResearchExport out = research_export(survey(), rows, 10);
  EXPECT_EQ(out.rows, 0);
  EXPECT_EQ(out.suppressed_rows, 9);
  EXPECT_EQ(parse_csv(out.csv).size(), 1u);
}

TEST(ResearchExportTest, DictionaryDescribesEveryColumn) {
  const std::string dictionary = data_dictionary(survey(), 10);
  EXPECT_EQ(dictionary.substr(0, 3), "\xEF\xBB\xBF");
  for (const char* column : {"\r\npid,", "\r\nanonymous,", "\r\nmonth,", "\r\nage,", "\r\nsex,",
                             "\r\npref,", "\r\ndays,", "\r\nused.triptan,", "\r\nused.nsaid,"}) {
    EXPECT_NE(dictionary.find(column), std::string::npos) << column;
  }
  EXPECT_EQ(dictionary.find("\r\nstory,"), std::string::npos);
  EXPECT_NE(dictionary.find("kyushu_okinawa"), std::string::npos);
  EXPECT_NE(dictionary.find("never exported"), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::bank
