#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::bank {

// Calendar dates of the proleptic Gregorian calendar as day numbers (days since 1970-01-01),
// so that ranges and months can be computed without time zones: a diary date is the person's
// local date and is never converted. Pure and thread-safe.

// "YYYY-MM-DD" with a real month and day (2026-02-29 is refused), years 1900–2199.
std::optional<std::int64_t> parse_date(std::string_view text);
std::string format_date(std::int64_t day);

// "HH:MM", 00:00–23:59, as minutes after midnight.
std::optional<int> parse_time_of_day(std::string_view text);

// A month as a number (year * 12 + month - 1), so consecutive months differ by one.
std::int64_t month_of_day(std::int64_t day);
std::string format_month(std::int64_t month);  // "YYYY-MM"
// The UTC month of a Unix time in milliseconds (for the month kept with a survey answer).
std::int64_t month_of_unix_ms(std::int64_t unix_ms);
// The UTC date of a Unix time in milliseconds.
std::int64_t day_of_unix_ms(std::int64_t unix_ms);

}  // namespace tsunagu::bank
