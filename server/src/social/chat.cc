#include "social/chat.h"

#include <algorithm>

#include "core/utf8.h"

namespace tsunagu::social {
namespace {

using core::Code;

// Decodes one code point from valid UTF-8 at `i`, advancing `i`.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += extra + 1;
  return cp;
}

bool is_disguising(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) ||  // zero-width, LRM/RLM
         (cp >= 0x202A && cp <= 0x202E) ||  // bidi embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069) ||  // bidi isolates
         cp == 0x2060 || cp == 0xFEFF;
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool is_space(char32_t cp) { return cp == U' ' || cp == 0x3000 || cp == 0xA0; }

}  // namespace

core::Result<std::string> clean_chat_text(std::string_view raw) {
  if (!core::is_valid_utf8(raw)) {
    return core::fail(Code::kInvalidArgument, "chat_invalid_utf8", "chat text is not UTF-8");
  }
  std::string out;
  out.reserve(raw.size());
  std::size_t i = 0;
  while (i < raw.size()) {
    std::size_t start = i;
    char32_t cp = next_code_point(raw, i);
    if (is_disguising(cp)) continue;
    if (is_control(cp)) {
      out += ' ';
      continue;
    }
    out.append(raw.substr(start, i - start));
  }
  // Trim ASCII, no-break and ideographic spaces at both ends: keep [first, last) where
  // first is the start of the first other code point and last the end of the last one.
  std::size_t first = out.size(), last = 0;
  for (std::size_t k = 0; k < out.size();) {
    std::size_t at = k;
    if (!is_space(next_code_point(out, k))) {
      first = std::min(first, at);
      last = k;
    }
  }
  out = first < last ? out.substr(first, last - first) : std::string();
  if (out.empty()) return core::fail(Code::kInvalidArgument, "chat_empty", "chat text is empty");
  if (core::utf8_length(out) > kMaxChatLength) {
    return core::fail(Code::kInvalidArgument, "chat_too_long", "chat text is over 500 characters");
  }
  return out;
}

core::Result<store::ChatRecord> ChatService::compose(std::string_view space,
                                                     const Author& author,
                                                     std::string_view raw_text) const {
  auto text = clean_chat_text(raw_text);
  if (!text) return std::unexpected(text.error());
  store::ChatRecord record;
  record.space.assign(space);
  record.user_id = author.user_id;
  record.display_name.assign(author.display_name);
  record.avatar = author.avatar;
  record.text = std::move(*text);
  record.created_ms = clock_.unix_ms();
  return record;
}

core::Result<store::ChatRecord> ChatService::post(std::string_view space, const Author& author,
                                                  std::string_view raw_text) {
  auto composed = compose(space, author, raw_text);
  if (!composed) return composed;
  store::ChatRecord record = std::move(*composed);
  auto id = store_.append_chat(record);
  if (!id) return std::unexpected(id.error());
  record.id = *id;
  return record;
}

core::Result<std::vector<store::ChatRecord>> ChatService::history(std::string_view space) {
  return store_.recent_chat(std::string(space), kChatHistorySize);
}

}  // namespace tsunagu::social
