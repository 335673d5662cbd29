#include "lounge/identifier_check.h"

#include <algorithm>
#include <cstdint>
#include <regex>

namespace tsunagu::lounge {
namespace {

constexpr std::size_t kMaxFindings = 10;

// The text with full-width ASCII made ASCII and dashes between digits made '-', and for every
// byte of it where in the original its character began and ended, so a match can be shown
// as the author wrote it.
struct Folded {
  std::string text;
  std::vector<std::size_t> begin, end;  // original byte offsets, by folded byte
};

// Decodes one code point at `i` (an invalid byte comes back alone, as itself).
char32_t decode(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const int extra = c < 0x80             ? 0
                    : (c & 0xE0) == 0xC0 ? 1
                    : (c & 0xF0) == 0xE0 ? 2
                    : (c & 0xF8) == 0xF0 ? 3
                                         : -1;
  if (extra <= 0 || i + static_cast<std::size_t>(extra) >= s.size()) {
    ++i;
    return c;
  }
  char32_t cp = c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return c;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

bool is_dash(char32_t cp) {
  return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x30FC || cp == 0xFF70 ||
         cp == 0xFE63 || cp == 0xFF0D;
}

Folded fold(std::string_view s) {
  Folded out;
  out.text.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    const char32_t cp = decode(s, i);
    auto put = [&](char c) {
      out.text.push_back(c);
      out.begin.push_back(start);
      out.end.push_back(i);
    };
    const bool after_digit = !out.text.empty() && out.text.back() >= '0' && out.text.back() <= '9';
    if (cp >= 0xFF01 && cp <= 0xFF5E && cp != 0xFF0D) {
      put(static_cast<char>(cp - 0xFF01 + 0x21));
    } else if (cp == 0x3000) {
      put(' ');
    } else if (is_dash(cp) && (after_digit || cp == 0xFF0D || cp == 0x2212)) {
      put('-');
    } else {
      for (std::size_t k = start; k < i; ++k) {
        out.text.push_back(s[k]);
        out.begin.push_back(start);
        out.end.push_back(i);
      }
    }
  }
  return out;
}

struct Pattern {
  const char* kind;
  std::regex re;
  int group;  // the capture holding the finding
  // Digits the whole finding must have, at least and at most (0: no check).
  int min_digits = 0, max_digits = 0;
};

// The regexes run over UTF-8 bytes: a Japanese character is a sequence, so it appears in
// alternations, never inside a [character class].
const std::vector<Pattern>& patterns() {
  using std::regex;
  const auto flags = regex::ECMAScript | regex::icase | regex::optimize;
  static const std::vector<Pattern> all = [&] {
    std::vector<Pattern> p;
    // Every repetition is bounded ({0,3} for spaces): std::regex backtracks recursively, and a
    // draft is up to 4000 characters typed by anyone.
    p.push_back(
        {"email",
         regex(R"(([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,4}))",
               flags),
         1});
    p.push_back({"postal_code",
                 regex(R"((〒\s{0,3}\d{3}-?\d{4}|郵便番号\s{0,3}:?\s{0,3}\d{3}-?\d{4}))", flags),
                 1});
    p.push_back(
        {"birth_date", regex(R"((生年月日|誕生日|date of birth|\bDOB\b|\bD\.O\.B\.))", flags), 1});
    p.push_back({"date",
                 regex(R"((?:^|[^\d])((?:19|20)\d{2}\s{0,3}(?:[-/.]|年)\s{0,3}\d{1,2}\s{0,3})"
                       R"((?:[-/.]|月)\s{0,3}\d{1,2}(?:\s{0,3}日)?)(?!\d))",
                       flags),
                 1});
    p.push_back({"date",
                 regex(R"(((?:明治|大正|昭和|平成|令和)\s{0,3}(?:\d{1,2}|元)\s{0,3}年\s{0,3})"
                       R"(\d{1,2}\s{0,3}月\s{0,3}\d{1,2}\s{0,3}日))",
                       flags),
                 1});
    p.push_back(
        {"date",
         regex(R"((?:^|[^A-Za-z\d])([MTSHR]\d{1,2}[./]\d{1,2}[./]\d{1,2})(?![\d.]))", flags), 1});
    p.push_back(
        {"record_number",
         regex(R"(((?:患者\s{0,3}(?:ID|番号)|カルテ\s{0,3}(?:番号|No\.?|ID)|)"
               R"(診察券\s{0,3}(?:番号)?|受診番号|被保険者番号|保険証\s{0,3}(?:番号)?|)"
               R"(マイナンバー|\bMRN\b|\bID\b|\bNo\.)\s{0,3}[:#]?\s{0,3}[A-Za-z]?-?\d{3,20}))",
               flags),
         1});
    p.push_back({"phone",
                 regex(R"((?:^|[^\d-])((?:\+81[- ]?\(?\d{1,4}\)?|\(?0\d{1,4}\)?)[- ]?\d{1,4})"
                       R"([- ]?\d{3,4})(?![\d-]))",
                       flags),
                 1, 10, 12});
    p.push_back({"postal_code", regex(R"((?:^|[^\d-])(\d{3}-\d{4})(?![\d-]))", flags), 1});
    return p;
  }();
  return all;
}

int digits_in(std::string_view s) {
  return static_cast<int>(
      std::count_if(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

}  // namespace

std::vector<IdentifierFinding> find_identifiers(std::string_view text) {
  const Folded folded = fold(text);
  struct Hit {
    std::size_t at;
    IdentifierFinding finding;
  };
  std::vector<Hit> hits;
  std::vector<std::pair<std::size_t, std::size_t>> taken;  // folded ranges already reported
  for (const Pattern& pattern : patterns()) {
    auto begin = std::sregex_iterator(folded.text.begin(), folded.text.end(), pattern.re);
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      const auto& m = (*it)[pattern.group];
      if (!m.matched || m.length() == 0) continue;
      const auto from = static_cast<std::size_t>(m.first - folded.text.begin());
      const auto to = from + static_cast<std::size_t>(m.length());
      if (pattern.min_digits > 0) {
        const int d = digits_in(m.str());
        if (d < pattern.min_digits || d > pattern.max_digits) continue;
      }
      // One finding per stretch of text: a phone number is not also a postal code.
      const bool overlaps = std::ranges::any_of(
          taken, [&](const auto& r) { return from < r.second && r.first < to; });
      if (overlaps) continue;
      taken.emplace_back(from, to);
      const std::size_t orig_from = folded.begin[from];
      const std::size_t orig_to = folded.end[to - 1];
      hits.push_back(
          {from, {pattern.kind, std::string(text.substr(orig_from, orig_to - orig_from))}});
    }
  }
  std::ranges::sort(hits, [](const Hit& a, const Hit& b) { return a.at < b.at; });
  std::vector<IdentifierFinding> out;
  for (auto& h : hits) {
    if (std::ranges::find(out, h.finding) != out.end()) continue;
    out.push_back(std::move(h.finding));
    if (out.size() == kMaxFindings) break;
  }
  return out;
}

}  // namespace tsunagu::lounge
