#include "social/word_filter.h"

#include <gtest/gtest.h>

namespace tsunagu::social {
namespace {

TEST(WordFilterTest, CatchesVariants) {
  auto filter = WordFilter::from_words({"死ね", "spam link", "# not a comment here"});
  struct Case {
    const char* name;
    const char* text;
    bool ok;
  };
  const Case cases[] = {
      {"plain", "こんにちは", true},
      {"listed word", "お前なんか死ね", false},
      {"spaced out", "死 ね", false},
      {"ideographic space", "死\u3000ね", false},
      {"phrase upper case", "SPAM LINK here", false},
      {"phrase full width", "ｓｐａｍ　ｌｉｎｋ", false},
      {"phrase without space", "spamlink", false},
      {"innocent neighbour", "spa mlink", false},  // white space is ignored by design
      {"different word", "spam", true},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(filter.check(c.text).has_value(), c.ok) << c.name;
  }
  EXPECT_EQ(filter.check("死ね").error().name(), "chat_filtered");
}

TEST(WordFilterTest, ShippedListLoads) {
  auto filter = WordFilter::load(std::string(TSUNAGU_SOURCE_DIR) + "/content/word_filter.txt");
  ASSERT_TRUE(filter) << filter.error().message();
  EXPECT_GT(filter->size(), 3u);
}

TEST(WordFilterTest, EmptyFilterAllowsAll) {
  EXPECT_TRUE(WordFilter::from_words({}).check("anything"));
}

}  // namespace
}  // namespace tsunagu::social
