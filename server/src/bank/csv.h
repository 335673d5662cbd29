#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::bank {

// CSV as spreadsheets read it: RFC 4180 (CRLF, quotes doubled), and a byte order mark first
// so that Excel opens UTF-8 Japanese text correctly. Pure and thread-safe.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One line: each cell quoted when it holds a comma, quote, CR or LF; ends with CRLF.
std::string csv_line(const std::vector<std::string>& cells);

// Text a person typed, made safe to open in a spreadsheet: a cell starting with = + - @ or a
// tab/CR would run as a formula, so it gets a leading apostrophe.
std::string formula_safe(std::string_view text);

}  // namespace tsunagu::bank
