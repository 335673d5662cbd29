#include "bank/dates.h"

#include <gtest/gtest.h>

namespace tsunagu::bank {
namespace {

TEST(DatesTest, ParsesRealDatesOnly) {
  struct Case {
    const char* text;
    bool ok;
  };
  const Case cases[] = {
      {"2026-11-03", true},  {"2024-02-29", true},  {"2000-02-29", true},  {"1900-02-28", true},
      {"2026-02-29", false}, {"1900-02-29", false}, {"2026-13-01", false}, {"2026-00-10", false},
      {"2026-04-31", false}, {"2026-1-03", false},  {"2026-11-3", false},  {"26-11-03", false},
      {"2026/11/03", false}, {"+026-11-03", false}, {"1899-12-31", false}, {"", false},
  };
  for (const Case& c : cases) EXPECT_EQ(parse_date(c.text).has_value(), c.ok) << c.text;
}

TEST(DatesTest, DayNumbersAndMonths) {
  EXPECT_EQ(*parse_date("1970-01-01"), 0);
  EXPECT_EQ(*parse_date("1970-01-02"), 1);
  EXPECT_EQ(*parse_date("2024-03-01") - *parse_date("2024-02-28"), 2);
  EXPECT_EQ(format_date(*parse_date("2026-11-03")), "2026-11-03");
  EXPECT_EQ(format_date(*parse_date("1969-12-31") + 0), "1969-12-31");
  const auto dec = month_of_day(*parse_date("2026-12-31"));
  const auto jan = month_of_day(*parse_date("2027-01-01"));
  EXPECT_EQ(jan - dec, 1);
  EXPECT_EQ(format_month(dec), "2026-12");
  EXPECT_EQ(format_month(jan), "2027-01");
  EXPECT_EQ(format_month(month_of_unix_ms(1'760'000'000'000)), "2025-10");
  EXPECT_EQ(format_date(day_of_unix_ms(1'760'000'000'000)), "2025-10-09");
}

TEST(DatesTest, TimesOfDay) {
  EXPECT_EQ(parse_time_of_day("00:00"), 0);
  EXPECT_EQ(parse_time_of_day("14:30"), 14 * 60 + 30);
  EXPECT_EQ(parse_time_of_day("23:59"), 23 * 60 + 59);
  for (const char* bad : {"24:00", "12:60", "1:30", "12-30", "12:3", ""}) {
    EXPECT_FALSE(parse_time_of_day(bad)) << bad;
  }
}

}  // namespace
}  // namespace tsunagu::bank
