#include "bank/text.h"

#include <gtest/gtest.h>

#include "bank/csv.h"

namespace tsunagu::bank {
namespace {

TEST(TextTest, UserTextIsChecked) {
  struct Case {
    const char* name;
    std::string text;
    bool multiline;
    bool ok;
  };
  const Case cases[] = {
      {"plain", "頭が痛い", false, true},
      {"line break in a note", "a\nb", true, true},
      {"line break in one line", "a\nb", false, false},
      {"bell",
       "a\x07"
       "b",
       true, false},
      {"delete",
       "a\x7f"
       "b",
       true, false},
      {"C1 control",
       "a\xc2\x85"
       "b",
       true, false},
      {"right-to-left override",
       "a\xe2\x80\xae"
       "b",
       true, false},
      {"isolate",
       "a\xe2\x81\xa6"
       "b",
       true, false},
      {"broken UTF-8", "a\xc3", true, false},
      {"emoji", "\xf0\x9f\x98\x80", false, true},
      {"exactly the limit", std::string(10, 'a'), false, true},
      {"over the limit", std::string(11, 'a'), false, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(!check_user_text(c.text, 10, c.multiline).has_value(), c.ok) << c.name;
  }
}

TEST(CsvTest, QuotesAndFormulas) {
  EXPECT_EQ(csv_line({"a", "b c", ""}), "a,b c,\r\n");
  EXPECT_EQ(csv_line({"a,b", "say \"hi\"", "two\nlines"}),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
  EXPECT_EQ(formula_safe("=1+1"), "'=1+1");
  EXPECT_EQ(formula_safe("+81"), "'+81");
  EXPECT_EQ(formula_safe("-"), "'-");
  EXPECT_EQ(formula_safe("@SUM"), "'@SUM");
  EXPECT_EQ(formula_safe("fine"), "fine");
  EXPECT_EQ(formula_safe(""), "");
}

}  // namespace
}  // namespace tsunagu::bank
