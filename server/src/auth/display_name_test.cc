#include "auth/display_name.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"

namespace tsunagu::auth {
namespace {

using namespace std::string_literals;

// `input` is std::string so cases can hold NUL and invalid bytes; `want` is the normalised
// name, or empty when `error` names the expected failure.
struct Case {
  const char* label;
  std::string input;
  std::string want;
  const char* error = nullptr;
};

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::vector<Case>& accepted_cases() {
  static const std::vector<Case> cases = {
      {"ascii", "Alice", "Alice"},
      {"single character", "a", "a"},
      {"hiragana", "さくら", "さくら"},
      {"kanji with a space", "山田 太郎", "山田 太郎"},
      {"ideographic space inside becomes a space", "山田\u3000太郎", "山田 太郎"},
      {"full-width latin", "ＡＢＣ", "ABC"},
      {"full-width digits", "１２３", "123"},
      {"half-width katakana", "ｻｸﾗ", "サクラ"},
      {"half-width katakana with dakuten composes", "ｶﾞｷﾞ", "ガギ"},
      {"combining acute composes", "Rene\u0301e", "Ren\u00e9e"},
      {"hangul jamo compose", "\u1100\u1161", "\uac00"},
      {"ligature expands", "\ufb01sh", "fish"},
      {"circled digit", "\u2460", "1"},
      {"leading and trailing spaces", "  Alice  ", "Alice"},
      {"ideographic spaces at both ends", "\u3000さくら\u3000", "さくら"},
      {"no-break spaces at both ends", "\u00a0Bob\u00a0", "Bob"},
      {"many spaces trimmed", repeat(" ", 900) + "a" + repeat(" ", 100), "a"},
      {"emoji", "🌸", "🌸"},
      {"emoji in a name", "さくら🌸", "さくら🌸"},
      {"emoji presentation selector", "\u2764\ufe0f", "\u2764\ufe0f"},
      {"skin tone modifier", "👍🏽", "👍🏽"},
      {"zwj family", "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"},
      {"zwj after skin tone", "👩🏽\u200d💻", "👩🏽\u200d💻"},
      {"zwj after selector (rainbow flag)", "🏳\ufe0f\u200d🌈", "🏳\ufe0f\u200d🌈"},
      {"flag", "🇯🇵", "🇯🇵"},
      {"keycap", "1\ufe0f\u20e3", "1\ufe0f\u20e3"},
      {"24 ascii", repeat("a", 24), repeat("a", 24)},
      {"24 hiragana (72 bytes)", repeat("あ", 24), repeat("あ", 24)},
      {"24 emoji (96 bytes, 48 UTF-16 units)", repeat("🌸", 24), repeat("🌸", 24)},
      {"24 after trimming", " " + repeat("a", 24) + "\u3000", repeat("a", 24)},
      {"24 once combining marks compose", repeat("e\u0301", 24), repeat("\u00e9", 24)},
      {"combining mark without precomposed form", "q\u0307", "q\u0307"},
  };
  return cases;
}

const std::vector<Case>& rejected_cases() {
  static const std::vector<Case> cases = {
      {"empty", "", "", "name_empty"},
      {"only spaces", "   ", "", "name_empty"},
      {"only ideographic spaces", "\u3000\u3000", "", "name_empty"},
      {"25 ascii", repeat("a", 25), "", "name_too_long"},
      {"25 kanji", repeat("山", 25), "", "name_too_long"},
      {"25 emoji", repeat("🌸", 25), "", "name_too_long"},
      {"ligatures expand past 24", repeat("\ufb01", 13), "", "name_too_long"},
      {"raw input over the byte cap", repeat(" ", 1100) + "a", "", "name_too_long"},
      {"zero width space inside", "a\u200bb", "", "name_invalid_char"},
      {"zero width space alone", "\u200b", "", "name_invalid_char"},
      {"zero width space at the end is not trimmed", "Alice\u200b", "", "name_invalid_char"},
      {"zero width non-joiner", "a\u200cb", "", "name_invalid_char"},
      {"zero width joiner between letters", "a\u200db", "", "name_invalid_char"},
      {"zero width joiner dangling after emoji", "👩\u200d", "", "name_invalid_char"},
      {"two zero width joiners", "👩\u200d\u200d👩", "", "name_invalid_char"},
      {"right-to-left override", "\u202eevilA", "", "name_invalid_char"},
      {"left-to-right embedding", "a\u202ab", "", "name_invalid_char"},
      {"isolates", "\u2066a\u2069", "", "name_invalid_char"},
      {"first strong isolate", "a\u2068b", "", "name_invalid_char"},
      {"byte order mark", "\ufeffabc", "", "name_invalid_char"},
      {"soft hyphen", "ab\u00adc", "", "name_invalid_char"},
      {"word joiner", "a\u2060b", "", "name_invalid_char"},
      {"invisible times", "a\u2062b", "", "name_invalid_char"},
      {"mongolian vowel separator", "a\u180eb", "", "name_invalid_char"},
      {"variation selector 1", "a\ufe00", "", "name_invalid_char"},
      {"emoji selector after a letter", "a\ufe0f", "", "name_invalid_char"},
      {"emoji selector twice", "\u2764\ufe0f\ufe0f", "", "name_invalid_char"},
      {"emoji selector alone", "\ufe0f", "", "name_invalid_char"},
      {"ideographic variation selector", "葛\U000e0100", "", "name_invalid_char"},
      {"hangul filler", "\u3164", "", "name_invalid_char"},
      {"hangul filler inside", "a\u3164b", "", "name_invalid_char"},
      {"hangul choseong filler", "\u115f", "", "name_invalid_char"},
      {"hangul jungseong filler", "\u1160", "", "name_invalid_char"},
      {"half-width hangul filler", "\uffa0", "", "name_invalid_char"},
      {"braille pattern blank", "\u2800", "", "name_invalid_char"},
      {"combining grapheme joiner", "a\u034fb", "", "name_invalid_char"},
      {"tag character", "a\U000e0041", "", "name_invalid_char"},
      {"object replacement character", "a\ufffc", "", "name_invalid_char"},
      {"tab", "a\tb", "", "name_invalid_char"},
      {"newline", "a\nb", "", "name_invalid_char"},
      {"trailing newline is not trimmed", "Alice\n", "", "name_invalid_char"},
      {"carriage return", "\rAlice", "", "name_invalid_char"},
      {"escape sequence", "\x1b[31mred", "", "name_invalid_char"},
      {"delete", "a\x7f", "", "name_invalid_char"},
      {"C1 next line", "a\u0085b", "", "name_invalid_char"},
      {"NUL byte", "a\0b"s, "", "name_invalid_char"},
      {"line separator", "a\u2028b", "", "name_invalid_char"},
      {"paragraph separator", "a\u2029b", "", "name_invalid_char"},
      {"private use", "\ue000", "", "name_invalid_char"},
      {"supplementary private use", "a\U000f0000", "", "name_invalid_char"},
      {"unassigned", "a\u0378", "", "name_invalid_char"},
      {"noncharacter", "a\uffff", "", "name_invalid_char"},
      {"two spaces", "a  b", "", "name_invalid_char"},
      {"two ideographic spaces", "山田\u3000\u3000太郎", "", "name_invalid_char"},
      {"space then ideographic space", "a \u3000b", "", "name_invalid_char"},
      {"overlong NUL", "\xc0\x80", "", "name_invalid_utf8"},
      {"overlong two-byte", "\xc1\xbf", "", "name_invalid_utf8"},
      {"overlong three-byte", "\xe0\x80\xaf", "", "name_invalid_utf8"},
      {"overlong four-byte", "\xf0\x80\x80\xaf", "", "name_invalid_utf8"},
      {"lone continuation byte", "\x80", "", "name_invalid_utf8"},
      {"continuation byte inside", "a\277b" /* octal: \xbf */, "", "name_invalid_utf8"},
      {"truncated three-byte", "\xe3\x81", "", "name_invalid_utf8"},
      {"truncated four-byte", "a\xf0\x9f\x8c", "", "name_invalid_utf8"},
      {"truncated then ascii", "\343\201a" /* octal: \xe3\x81 */, "", "name_invalid_utf8"},
      {"encoded surrogate", "\xed\xa0\x80", "", "name_invalid_utf8"},
      {"above U+10FFFF", "\xf4\x90\x80\x80", "", "name_invalid_utf8"},
      {"five-byte form", "\xf8\x88\x80\x80\x80", "", "name_invalid_utf8"},
      {"byte FF", "a\xff", "", "name_invalid_utf8"},
  };
  return cases;
}

TEST(NormalizeDisplayNameTest, Accepts) {
  for (const Case& c : accepted_cases()) {
    core::Result<std::string> got = normalize_display_name(c.input);
    if (!got) {
      ADD_FAILURE() << c.label << ": " << got.error().name() << " " << got.error().message();
      continue;  // report every failing case, not just the first
    }
    EXPECT_EQ(*got, c.want) << c.label;
  }
}

TEST(NormalizeDisplayNameTest, Rejects) {
  for (const Case& c : rejected_cases()) {
    core::Result<std::string> got = normalize_display_name(c.input);
    if (got) {
      ADD_FAILURE() << c.label << ": accepted as '" << *got << "'";
      continue;  // report every failing case, not just the first
    }
    EXPECT_EQ(got.error().name(), c.error) << c.label << ": " << got.error().message();
    EXPECT_EQ(got.error().code(), core::Code::kInvalidArgument) << c.label;
    EXPECT_FALSE(got.error().message().empty()) << c.label;
  }
}

// The stored name is fed back through the same check on later edits; it must pass unchanged.
TEST(NormalizeDisplayNameTest, IsIdempotent) {
  for (const Case& c : accepted_cases()) {
    core::Result<std::string> again = normalize_display_name(c.want);
    EXPECT_EQ(again.value_or("<error>"), c.want) << c.label;
  }
}

// Every error this function returns must have a text the HTTP layer can show.
TEST(NormalizeDisplayNameTest, ErrorsHaveLocalizedMessages) {
  for (const Case& c : rejected_cases()) {
    EXPECT_NE(core::localized_message(c.error), nullptr) << c.error;
  }
  const core::LocalizedText* too_long = core::localized_message("name_too_long");
  ASSERT_NE(too_long, nullptr);
  const std::string limit = std::to_string(kMaxDisplayNameLength);
  EXPECT_NE(too_long->ja.find(limit), std::string_view::npos);
  EXPECT_NE(too_long->en.find(limit), std::string_view::npos);
}

}  // namespace
}  // namespace tsunagu::auth
