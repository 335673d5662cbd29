#include "auth/reserved_names.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <utility>

namespace tsunagu::auth {
namespace {

using core::Code;
using core::fail;

constexpr char32_t kLongVowel = U'\u30FC';       // ー
constexpr char32_t kVoicedMark = U'\u3099';      // combining dakuten, as in ド = ト + ゛
constexpr char32_t kSemiVoicedMark = U'\u309A';  // combining handakuten, as in ポ = ホ + ゜
constexpr char32_t kSeparator = U' ';            // what every separator becomes while splitting
constexpr std::size_t kMaxTokenWordLetters = 3;  // "Dr", "mod": whole tokens only

// Broken ICU data is not something a running server can work around: without NFKC or the
// confusable tables no name could be checked. It shows at the first ReservedNames, at start-up.
[[noreturn]] void die(const char* what, UErrorCode status) {
  std::fprintf(stderr, "tsunagu: ICU %s unavailable (%s); cannot check reserved names\n", what,
               u_errorName(status));
  std::abort();
}

const icu::Normalizer2& nfkc() {
  UErrorCode status = U_ZERO_ERROR;
  // A process-wide instance owned by ICU; normalize() is const and thread-safe.
  const icu::Normalizer2* instance = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) die("NFKC", status);
  return *instance;
}

// Lenient decoding: an invalid byte becomes U+FFFD, a symbol, so it separates like one. The
// names we are given were validated already; this only keeps odd input from going unchecked.
std::u32string decode_nfkc(std::string_view text) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto n = static_cast<std::int32_t>(text.size());
  icu::UnicodeString decoded;
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, n, c);
    decoded.append(c);
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString normalized = nfkc().normalize(decoded, status);
  if (U_FAILURE(status)) die("NFKC", status);
  std::u32string out;
  for (std::int32_t i = 0; i < normalized.length();) {
    UChar32 c;
    U16_NEXT(normalized.getBuffer(), i, normalized.length(), c);
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

icu::UnicodeString to_unicode_string(const std::u32string& s) {
  return icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(s.data()),
                                       static_cast<std::int32_t>(s.size()));
}

bool in_category(char32_t c, std::uint32_t mask) { return (U_GET_GC_MASK(c) & mask) != 0; }
bool is_mark(char32_t c) { return in_category(c, U_GC_M_MASK); }
bool is_letter(char32_t c) { return in_category(c, U_GC_L_MASK); }

// Everything but letters, marks and numbers: white space, punctuation, symbols (emoji among
// them), controls, and invisible characters such as the Hangul filler, which is a "letter".
bool is_separator(char32_t c) {
  return !in_category(c, U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK) ||
         u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

// Hiragana, katakana (with ー) and their small and historic extensions.
bool is_kana(char32_t c) {
  return (c >= 0x3041 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
         (c >= 0x1B000 && c <= 0x1B16F);
}

// Scripts written without case, where a change to or from Latin starts a new token.
bool is_cjk(char32_t c) {
  if (is_kana(c)) return true;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(static_cast<UChar32>(c), &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
    case USCRIPT_BOPOMOFO:
      return true;
    default:
      return false;
  }
}

// Characters people type for the long-vowel mark: ー itself, its half-width form, hyphens and
// dashes of every kind (Pd includes 〜 and 〰), tildes, minus and box-drawing lines.
bool is_dash_like(char32_t c) {
  if (u_charType(static_cast<UChar32>(c)) == U_DASH_PUNCTUATION) return true;
  switch (c) {
    case U'~':
    case U'\u2053':  // ⁓ swung dash
    case U'\u2212':  // − minus sign
    case U'\u2500':  // ─
    case U'\u2501':  // ━
    case U'\u30FC':  // ー
    case U'\uFF70':  // ｰ
    case U'\uFF5E':  // ～ (NFKC makes it ~; listed for words that skip NFKC)
      return true;
    default:
      return false;
  }
}

// Symbols that stand in for a letter in "@dmin", "$taff", "adm!n", "adm|n". They are tried
// both ways, as separators and as letters, since "Dr|Smith" is a separator.
char32_t look_alike_letter(char32_t c) {
  switch (c) {
    case U'@':
      return U'a';
    case U'$':
      return U's';
    case U'!':
    case U'|':
    case U'\u00A1':  // ¡
      return U'i';
    default:
      return 0;
  }
}

// Latin small capitals ("ᴀᴅᴍɪɴ", "ᴅʀ") read as capitals, but neither NFKC nor the skeleton
// maps most of them.
char32_t fold_small_capital(char32_t c) {
  static constexpr std::pair<char32_t, char32_t> kSmallCapitals[] = {
      {U'ᴀ', U'a'}, {U'ʙ', U'b'}, {U'ᴄ', U'c'}, {U'ᴅ', U'd'}, {U'ᴇ', U'e'}, {U'ꜰ', U'f'},
      {U'ɢ', U'g'}, {U'ʜ', U'h'}, {U'ɪ', U'i'}, {U'ᴊ', U'j'}, {U'ᴋ', U'k'}, {U'ʟ', U'l'},
      {U'ᴍ', U'm'}, {U'ɴ', U'n'}, {U'ᴏ', U'o'}, {U'ᴘ', U'p'}, {U'ʀ', U'r'}, {U'ꜱ', U's'},
      {U'ᴛ', U't'}, {U'ᴜ', U'u'}, {U'ᴠ', U'v'}, {U'ᴡ', U'w'}, {U'ʏ', U'y'}, {U'ᴢ', U'z'},
  };
  for (const auto& [small, letter] : kSmallCapitals) {
    if (c == small) return letter;
  }
  return c;
}

// Hiragana → katakana, then small kana → large: どくたー is ドクター, すたっふ and スタツフ are
// スタッフ.
char32_t fold_kana(char32_t c) {
  if ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E) c += 0x60;
  switch (c) {
    case U'\u30A1':
    case U'\u30A3':
    case U'\u30A5':
    case U'\u30A7':
    case U'\u30A9':  // ァィゥェォ
    case U'\u30C3':
    case U'\u30E3':
    case U'\u30E5':
    case U'\u30E7':
    case U'\u30EE':  // ッャュョヮ
      return c + 1;
    case U'\u30F5':  // ヵ
      return U'\u30AB';
    case U'\u30F6':  // ヶ
      return U'\u30B1';
    default:
      break;
  }
  if (c >= 0x31F0 && c <= 0x31FF) {  // small katakana for Ainu: ㇰㇱㇲ…
    static constexpr char32_t kLarge[16] = {U'ク', U'シ', U'ス', U'ト', U'ヌ', U'ハ', U'ヒ', U'フ',
                                            U'ヘ', U'ホ', U'ム', U'ラ', U'リ', U'ル', U'レ', U'ロ'};
    return kLarge[c - 0x31F0];
  }
  return c;
}

// Appends, keeping a run of long-vowel marks to one: ドクターー is ドクター.
void append_folded(std::u32string& out, const std::u32string& folded) {
  for (char32_t c : folded) {
    if (c == kLongVowel && !out.empty() && out.back() == kLongVowel) continue;
    out.push_back(c);
  }
}

// One piece of a name, folded: skeleton, case fold, and again (the skeleton keeps case, so
// "ADMlN" needs a second look once lower-cased), then accents dropped and l/i merged.
std::u32string fold_piece(const USpoofChecker* checker, const std::u32string& raw) {
  icu::UnicodeString s = to_unicode_string(raw);
  for (int round = 0; round < 2; ++round) {
    icu::UnicodeString skeleton;
    UErrorCode status = U_ZERO_ERROR;
    uspoof_getSkeletonUnicodeString(checker, 0, s, skeleton, &status);
    if (U_FAILURE(status)) die("skeleton", status);
    s = std::move(skeleton.foldCase());
  }
  std::u32string out;
  for (std::int32_t i = 0; i < s.length();) {
    UChar32 c;
    U16_NEXT(s.getBuffer(), i, s.length(), c);
    auto ch = static_cast<char32_t>(c);
    // The skeleton is decomposed: "à" is "a" and a combining grave. Kana keep their voicing
    // marks, or ツナぐ would become ツナく and refuse "ツナくん".
    if (is_mark(ch) && ch != kVoicedMark && ch != kSemiVoicedMark) continue;
    if (is_separator(ch)) continue;
    // In many fonts l, I, 1 and | cannot be told apart; the skeleton makes them all "l" but
    // keeps "i", so "ADMlN" would otherwise pass for "ADMIN".
    if (ch == U'l') ch = U'i';
    if (ch == kLongVowel && !out.empty() && out.back() == kLongVowel) continue;
    out.push_back(ch);
  }
  return out;
}

// The text with look-alike symbols made letters (if asked), dashes after kana made ー, kana
// folded, and every separator made kSeparator.
std::u32string prepare(const std::u32string& text, bool symbols_as_letters) {
  std::u32string out;
  out.reserve(text.size());
  char32_t last_kept = 0;
  for (char32_t c : text) {
    if (symbols_as_letters) {
      if (const char32_t letter = look_alike_letter(c)) c = letter;
    }
    if (is_dash_like(c) && is_kana(last_kept)) c = kLongVowel;
    c = fold_kana(fold_small_capital(c));
    if (is_separator(c)) {
      if (out.empty() || out.back() != kSeparator) out.push_back(kSeparator);
      continue;
    }
    out.push_back(c);
    last_kept = c;
  }
  return out;
}

bool is_upper(char32_t c) { return u_isUUppercase(static_cast<UChar32>(c)); }
bool is_lower(char32_t c) { return u_isULowercase(static_cast<UChar32>(c)); }

// A piece of a token: the text between separators, further cut at lower→upper case changes
// ("Dr|Smith"), before the last capital of an upper-case run that goes on in lower case
// ("DR|Smith"), and where CJK meets other scripts ("Dr|山田"). Marks stay with their letter.
struct Piece {
  std::u32string raw;
  bool starts_token;
};

std::vector<Piece> split(const std::u32string& prepared) {
  std::vector<Piece> pieces;
  bool in_token = false;
  char32_t prev = 0;  // the last non-mark character of the current piece
  for (std::size_t i = 0; i < prepared.size(); ++i) {
    const char32_t c = prepared[i];
    if (c == kSeparator) {
      in_token = false;
      continue;
    }
    bool cut = !in_token;
    if (in_token && !is_mark(c)) {
      const char32_t next = i + 1 < prepared.size() ? prepared[i + 1] : 0;
      cut = (is_lower(prev) && is_upper(c)) ||
            (is_upper(prev) && is_upper(c) && next != 0 && is_lower(next)) ||
            (is_cjk(prev) != is_cjk(c));
    }
    if (cut) pieces.push_back({{}, !in_token});
    pieces.back().raw.push_back(c);
    in_token = true;
    if (!is_mark(c)) prev = c;
  }
  return pieces;
}

// Leading and trailing digits removed ("Dr1", "2mod"), or "" if there were none or nothing else.
std::u32string strip_digits(const std::u32string& raw) {
  auto is_digit = [](char32_t c) { return u_isdigit(static_cast<UChar32>(c)) != 0; };
  std::size_t begin = 0;
  std::size_t end = raw.size();
  while (begin < end && is_digit(raw[begin])) ++begin;
  while (end > begin && is_digit(raw[end - 1])) --end;
  if ((begin == 0 && end == raw.size()) || begin == end) return {};
  return raw.substr(begin, end - begin);
}

// A name (or a listed word) folded two ways: `joined`, every piece folded and concatenated
// with the separators gone, for substring words, with `starts`, where in `joined` each piece
// begins (and its size at the end); `tokens`, every string a short word must equal to match:
// each token, each piece, each of those without leading/trailing digits, and each run of 2–3
// single-letter pieces ("D.r.").
struct Folded {
  std::u32string joined;
  std::vector<std::size_t> starts;
  std::vector<std::u32string> tokens;
};

Folded fold(const USpoofChecker* checker, const std::u32string& text, bool symbols_as_letters) {
  const std::vector<Piece> pieces = split(prepare(text, symbols_as_letters));
  Folded out;
  std::vector<std::u32string> folded;
  folded.reserve(pieces.size());
  for (const Piece& p : pieces) folded.push_back(fold_piece(checker, p.raw));

  std::u32string token;      // the current token, folded
  std::u32string token_raw;  // and as written
  bool token_cut = false;    // whether it has more than one piece
  auto finish_token = [&] {
    if (token_cut) {
      out.tokens.push_back(token);
      if (std::u32string core = strip_digits(token_raw); !core.empty()) {
        out.tokens.push_back(fold_piece(checker, core));
      }
    }
    token.clear();
    token_raw.clear();
    token_cut = false;
  };
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].starts_token) finish_token();
    if (!pieces[i].starts_token) token_cut = true;
    append_folded(token, folded[i]);
    token_raw += pieces[i].raw;
    out.starts.push_back(out.joined.size());
    append_folded(out.joined, folded[i]);
    out.tokens.push_back(folded[i]);
    if (std::u32string core = strip_digits(pieces[i].raw); !core.empty()) {
      out.tokens.push_back(fold_piece(checker, core));
    }
  }
  finish_token();
  out.starts.push_back(out.joined.size());

  auto single_letter = [&](std::size_t i) {
    return pieces[i].raw.size() == 1 && is_letter(pieces[i].raw[0]);
  };
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (!single_letter(i)) continue;
    std::u32string run = folded[i];
    for (std::size_t j = i + 1;
         j < pieces.size() && j < i + kMaxTokenWordLetters && single_letter(j); ++j) {
      append_folded(run, folded[j]);
      out.tokens.push_back(run);
    }
  }
  return out;
}

// Whether [at, end) of the joined name may count as a Latin word: inside one piece
// ("xxadminxx"), or made of whole pieces ("a.d.m.i.n", "ad min", "AdMin"). A match that
// starts or ends inside a piece it shares with other letters across a separator is chance:
// "Brad Mintz" folds to "bradrnintz", which holds "admin"'s "adrnin".
bool on_piece_bounds(const Folded& name, std::size_t at, std::size_t end) {
  const auto begin_piece = std::upper_bound(name.starts.begin(), name.starts.end(), at);
  const bool crosses = begin_piece != name.starts.end() && *begin_piece < end;
  if (!crosses) return true;
  return std::binary_search(name.starts.begin(), name.starts.end(), at) &&
         std::binary_search(name.starts.begin(), name.starts.end(), end);
}

// True if `word` occurs in the name somewhere not wholly inside an occurrence of an exception
// (and, for Latin words, on piece bounds).
bool occurs_outside(const Folded& folded, const std::u32string& word, bool latin,
                    const std::vector<std::u32string>& exceptions) {
  const std::u32string& name = folded.joined;
  for (std::size_t at = name.find(word); at != std::u32string::npos; at = name.find(word, at + 1)) {
    if (latin && !on_piece_bounds(folded, at, at + word.size())) continue;
    const bool covered = std::ranges::any_of(exceptions, [&](const std::u32string& e) {
      if (e.size() < word.size()) return false;
      const std::size_t earliest = at + word.size() >= e.size() ? at + word.size() - e.size() : 0;
      const std::size_t found = name.find(e, earliest);
      return found != std::u32string::npos && found <= at;
    });
    if (!covered) return true;
  }
  return false;
}

bool has_look_alike_symbol(const std::u32string& text) {
  return std::ranges::any_of(text, [](char32_t c) { return look_alike_letter(c) != 0; });
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const std::size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto n = static_cast<std::int32_t>(s.size());
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace

void ReservedNames::CheckerCloser::operator()(USpoofChecker* checker) const {
  uspoof_close(checker);
}

ReservedNames::ReservedNames(Checker checker) : checker_(std::move(checker)) {}
ReservedNames::ReservedNames(ReservedNames&&) noexcept = default;
ReservedNames& ReservedNames::operator=(ReservedNames&&) noexcept = default;
ReservedNames::~ReservedNames() = default;

ReservedNames ReservedNames::from_words(std::vector<std::string> words) {
  UErrorCode status = U_ZERO_ERROR;
  Checker checker(uspoof_open(&status));
  if (U_FAILURE(status)) die("spoof checker", status);
  (void)nfkc();  // fail here, at start-up, rather than at the first name
  ReservedNames names(std::move(checker));
  for (const std::string& word : words) names.add(word);
  return names;
}

core::Result<ReservedNames> ReservedNames::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(Code::kNotFound, "bad_reserved_names",
                path + ": cannot open the reserved names list");
  }
  ReservedNames names = from_words({});
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string_view text = line;
    if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // BOM
    auto where = [&] { return path + ":" + std::to_string(number) + ": "; };
    if (!is_valid_utf8(text)) {
      return fail(Code::kInvalidArgument, "bad_reserved_names", where() + "not valid UTF-8");
    }
    if (const std::size_t hash = text.find('#'); hash != std::string_view::npos) {
      text = text.substr(0, hash);
    }
    text = trim(text);
    if (text.empty()) continue;
    if (!names.add(text)) {
      return fail(Code::kInvalidArgument, "bad_reserved_names",
                  where() + "'" + std::string(text) +
                      "' has no letters or digits left after folding; write the word itself");
    }
  }
  if (in.bad()) {
    return fail(Code::kInvalidArgument, "bad_reserved_names", path + ": read error");
  }
  if (names.word_count() == 0) {
    return fail(Code::kInvalidArgument, "bad_reserved_names",
                path + ": no reserved words; the list must not be empty");
  }
  return names;
}

bool ReservedNames::add(std::string_view word) {
  const bool exception = word.starts_with('!');
  if (exception) word.remove_prefix(1);
  const std::u32string text = decode_nfkc(word);
  Folded folded = fold(checker_.get(), text, /*symbols_as_letters=*/false);
  if (folded.joined.empty()) return false;

  if (exception) {
    if (std::ranges::find(exceptions_, folded.joined) == exceptions_.end()) {
      exceptions_.push_back(std::move(folded.joined));
    }
    return true;
  }
  std::vector<Word>* list = &substring_words_;
  const bool latin = std::ranges::all_of(text, [](char32_t c) { return c < 0x80; });
  if (latin) {
    const auto letters = std::ranges::count_if(
        text, [](char32_t c) { return u_isalnum(static_cast<UChar32>(c)) != 0; });
    if (letters <= static_cast<std::ptrdiff_t>(kMaxTokenWordLetters)) list = &token_words_;
  }
  const bool seen =
      std::ranges::any_of(*list, [&](const Word& w) { return w.folded == folded.joined; });
  if (!seen) list->push_back({std::string(word), std::move(folded.joined), latin});
  return true;
}

std::string_view ReservedNames::find(std::string_view normalized_name) const {
  if (normalized_name.size() > kMaxCheckedBytes) return "(a name too long to check)";
  const std::u32string text = decode_nfkc(normalized_name);
  for (const bool symbols_as_letters : {false, true}) {
    if (symbols_as_letters && !has_look_alike_symbol(text)) break;
    const Folded name = fold(checker_.get(), text, symbols_as_letters);
    for (const Word& w : token_words_) {
      if (std::ranges::find(name.tokens, w.folded) != name.tokens.end()) return w.text;
    }
    for (const Word& w : substring_words_) {
      if (occurs_outside(name, w.folded, w.latin, exceptions_)) return w.text;
    }
  }
  return {};
}

bool ReservedNames::contains_reserved(std::string_view normalized_name) const {
  return !find(normalized_name).empty();
}

core::Status ReservedNames::check(std::string_view normalized_name) const {
  const std::string_view word = find(normalized_name);
  if (word.empty()) return {};
  return fail(Code::kInvalidArgument, "name_reserved",
              "The name contains the reserved word '" + std::string(word) + "'.");
}

}  // namespace tsunagu::auth
