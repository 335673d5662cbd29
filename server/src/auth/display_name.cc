#include "auth/display_name.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <vector>

namespace tsunagu::auth {
namespace {

using core::Code;
using core::fail;

// Raw input longer than this is refused before any Unicode work, so an attacker cannot make us
// normalise megabytes. Even 24 of the longest UTF-8 sequences, decomposed and padded with
// spaces, stay far below it.
constexpr std::size_t kMaxRawBytes = 1024;

constexpr UChar32 kNone = -1;  // "no neighbour" at either end of the name
constexpr UChar32 kZeroWidthJoiner = 0x200D;
constexpr UChar32 kTextPresentation = 0xFE0E;
constexpr UChar32 kEmojiPresentation = 0xFE0F;

std::unexpected<core::Error> invalid_char(UChar32 c) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "The name contains U+%04X, which is not allowed.",
                static_cast<unsigned>(c));
  return fail(Code::kInvalidArgument, "name_invalid_char", buf);
}

// Strict decoding: U8_NEXT refuses overlong forms, surrogates, code points above U+10FFFF,
// lone continuation bytes and truncated sequences, all of which it reports as c < 0.
std::optional<icu::UnicodeString> decode_utf8(std::string_view raw) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(raw.data());
  const auto n = static_cast<std::int32_t>(raw.size());
  icu::UnicodeString out;
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return std::nullopt;
    out.append(c);
  }
  return out;
}

core::Result<icu::UnicodeString> to_nfkc(const icu::UnicodeString& s) {
  UErrorCode status = U_ZERO_ERROR;
  // The instance is a process-wide singleton owned by ICU; normalize() is const and thread-safe.
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) {
    return fail(Code::kInternal, "internal",
                std::string("ICU NFKC unavailable: ") + u_errorName(status));
  }
  icu::UnicodeString out = nfkc->normalize(s, status);
  if (U_FAILURE(status)) {
    return fail(Code::kInternal, "internal", std::string("NFKC failed: ") + u_errorName(status));
  }
  return out;
}

// Only space separators (Zs) count as spaces to trim and to limit to one in a row. Tabs,
// newlines and U+2028/2029 are also White_Space, but a name that holds one came from somewhere
// other than a one-line text field, so it is refused rather than quietly repaired.
bool is_space(UChar32 c) { return u_charType(c) == U_SPACE_SEPARATOR; }

std::vector<UChar32> code_points(const icu::UnicodeString& s) {
  std::vector<UChar32> out;
  for (std::int32_t i = 0; i < s.length();) {
    UChar32 c;
    U16_NEXT(s.getBuffer(), i, s.length(), c);
    out.push_back(c);
  }
  return out;
}

void trim_spaces(std::vector<UChar32>& cps) {
  while (!cps.empty() && is_space(cps.back())) cps.pop_back();
  std::size_t start = 0;
  while (start < cps.size() && is_space(cps[start])) ++start;
  cps.erase(cps.begin(), cps.begin() + static_cast<std::ptrdiff_t>(start));
}

// Emoji need two otherwise invisible characters: a presentation selector right after an emoji
// ("❤️" is U+2764 U+FE0F) and a zero width joiner between pictographs ("👩‍💻"). They are
// allowed exactly there, so they cannot pad or disguise ordinary text.
bool is_emoji_glue(UChar32 c, UChar32 prev, UChar32 next) {
  if (c == kTextPresentation || c == kEmojiPresentation) {
    return prev != kNone && u_hasBinaryProperty(prev, UCHAR_EMOJI);
  }
  if (c != kZeroWidthJoiner || prev == kNone || next == kNone) return false;
  const bool left = u_hasBinaryProperty(prev, UCHAR_EXTENDED_PICTOGRAPHIC) ||
                    u_hasBinaryProperty(prev, UCHAR_EMOJI_MODIFIER) || prev == kEmojiPresentation;
  return left && u_hasBinaryProperty(next, UCHAR_EXTENDED_PICTOGRAPHIC);
}

// Characters that are invisible, change the direction or shape of the text around them, or
// have no meaning yet. Default_Ignorable_Code_Point catches the invisible ones that are not
// Cf: variation selectors, Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), the combining
// grapheme joiner. The extra code points render as blanks in common fonts but are symbols.
// Unassigned (Cn) follows the ICU build's Unicode version: a newer ICU admits newer emoji.
bool is_forbidden(UChar32 c) {
  switch (u_charType(c)) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_PRIVATE_USE_CHAR:
    case U_UNASSIGNED:
    case U_SURROGATE:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
      return true;
    default:
      break;
  }
  return u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
         c == 0x2800 /* braille pattern blank */ || c == 0xFFFC /* object replacement */;
}

// The first character that may not appear at its place in the name, or kNone.
UChar32 first_bad_char(const std::vector<UChar32>& cps) {
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const UChar32 prev = i > 0 ? cps[i - 1] : kNone;
    const UChar32 next = i + 1 < cps.size() ? cps[i + 1] : kNone;
    if (is_forbidden(cps[i]) && !is_emoji_glue(cps[i], prev, next)) return cps[i];
  }
  return kNone;
}

// Runs of spaces are refused rather than collapsed: the person should see the name that will
// be shown, and "a  b" next to "a b" is an easy impersonation.
bool has_space_run(const std::vector<UChar32>& cps) {
  for (std::size_t i = 1; i < cps.size(); ++i) {
    if (is_space(cps[i]) && is_space(cps[i - 1])) return true;
  }
  return false;
}

std::string to_utf8(const std::vector<UChar32>& cps) {
  std::string out;
  icu::UnicodeString::fromUTF32(cps.data(), static_cast<std::int32_t>(cps.size()))
      .toUTF8String(out);
  return out;
}

}  // namespace

core::Result<std::string> normalize_display_name(std::string_view raw) {
  if (raw.size() > kMaxRawBytes) {
    return fail(Code::kInvalidArgument, "name_too_long", "The name is far too long.");
  }
  std::optional<icu::UnicodeString> decoded = decode_utf8(raw);
  if (!decoded) {
    return fail(Code::kInvalidArgument, "name_invalid_utf8", "The name is not valid UTF-8.");
  }
  core::Result<icu::UnicodeString> nfkc = to_nfkc(*decoded);
  if (!nfkc) return std::unexpected(nfkc.error());

  std::vector<UChar32> cps = code_points(*nfkc);
  trim_spaces(cps);
  if (cps.empty()) return fail(Code::kInvalidArgument, "name_empty", "The name is empty.");
  if (cps.size() > static_cast<std::size_t>(kMaxDisplayNameLength)) {
    return fail(
        Code::kInvalidArgument, "name_too_long",
        "The name is longer than " + std::to_string(kMaxDisplayNameLength) + " characters.");
  }
  if (const UChar32 bad = first_bad_char(cps); bad != kNone) return invalid_char(bad);
  if (has_space_run(cps)) {
    return fail(Code::kInvalidArgument, "name_invalid_char", "The name has spaces in a row.");
  }
  return to_utf8(cps);
}

}  // namespace tsunagu::auth
