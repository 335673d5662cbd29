#include "bank/text.h"

#include "core/utf8.h"

namespace tsunagu::bank {
namespace {

// Decodes the code point at `i` of well-formed UTF-8 and advances `i`.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const int extra = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
  char32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

bool is_control(char32_t cp, bool multiline) {
  if (cp == '\n' || cp == '\r' || cp == '\t') return !multiline;
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

// LRE … RLO and LRI … PDI: they reorder the text that follows them.
bool is_bidi_override(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::optional<std::string> check_user_text(std::string_view text, std::size_t max_chars,
                                           bool multiline) {
  if (!core::is_valid_utf8(text)) return "is not valid UTF-8";
  if (core::utf8_length(text) > max_chars) {
    return "is longer than " + std::to_string(max_chars) + " characters";
  }
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = next_code_point(text, i);
    if (is_control(cp, multiline)) return "holds a control character";
    if (is_bidi_override(cp)) return "holds a text direction override";
  }
  return std::nullopt;
}

}  // namespace tsunagu::bank
