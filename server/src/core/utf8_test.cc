#include "core/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace tsunagu::core {
namespace {

struct Utf8Case {
  const char* name;
  std::string bytes;
  bool valid;
};

TEST(Utf8Test, ValidatesTable) {
  const Utf8Case cases[] = {
      {"empty", "", true},
      {"ascii", "hello", true},
      {"japanese", "頭痛の語り場", true},
      {"emoji (4 bytes)", "\xF0\x9F\x98\x80", true},
      {"largest code point", "\xF4\x8F\xBF\xBF", true},
      {"above U+10FFFF", "\xF4\x90\x80\x80", false},
      {"lone continuation", "\x80", false},
      {"truncated 3-byte", "\xE3\x81", false},
      {"overlong slash", "\xC0\xAF", false},
      {"overlong 3-byte NUL", "\xE0\x80\x80", false},
      {"surrogate half", "\xED\xA0\x80", false},
      {"0xFF byte", "a\xFF", false},
      {"bad continuation", "\xE3\x41\x81", false},
      {"NUL is valid UTF-8", std::string("a\0b", 3), true},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(is_valid_utf8(c.bytes), c.valid) << c.name;
  }
}

TEST(Utf8Test, CountsCodePoints) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("さくら"), 3u);
  EXPECT_EQ(utf8_length("a\xF0\x9F\x98\x80"), 2u);
}

}  // namespace
}  // namespace tsunagu::core
