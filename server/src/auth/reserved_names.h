#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

struct USpoofChecker;  // ICU, unicode/uspoof.h

namespace tsunagu::auth {

// The words an unverified display name may not contain (content/reserved_names.txt): titles
// such as 医師 or Dr, and words that claim to speak for the service, such as 運営 or admin. A
// verified clinician's badge is drawn by the system, so no name needs them.
//
// Names and words are compared after folding away the tricks people use to slip a word past a
// filter: NFKC, case, look-alike letters from other scripts and digits (UTS #39 skeleton, so
// Cyrillic "а" and "0" count as "a" and "o"; "l", "I", "1", "|" and "i" count as one letter),
// accents, hiragana vs katakana, small vs large kana, the many dashes that stand for the
// long-vowel mark after kana, and white space, punctuation, symbols and emoji between letters.
//
//   - Non-ASCII words match anywhere in the folded name ("山田医・師").
//   - ASCII words of 4 or more letters match anywhere too, but a match that runs across a
//     separator or case change must start and end at one: "a.d.m.i.n", "ad min" and
//     "xxADMINxx" are refused, while "Brad Mintz" (which folds to "bradrnintz") is not.
//   - ASCII words of 1–3 letters ("Dr", "mod") match only a whole token, so "Drew" and
//     "Modern" stay usable. Tokens end at separators, at lower→upper case changes
//     ("DrSmith"), and where Latin letters meet Japanese ("Dr山田"); single letters set apart
//     ("D.r.", "M.D.") are joined again, and digits at either end are ignored ("Dr1").
//   - A word written "!word" is an exception: a match lying wholly inside it is ignored
//     ("badminton" holds "admin").
//
// The rules aim at look-alikes, not at every spelling a person could invent: leetspeak the
// skeleton does not know ("5taff"), look-alikes missing from Unicode's confusables table, and
// words spread over a name's ordinary letters get through; a human moderator remains the last
// line. Immutable once built; every const method is thread-safe (ICU documents the spoof
// checker's const functions as safe to call concurrently). Move-only: it owns the checker.
class ReservedNames {
 public:
  // Reads the list: one word per line, `#` starts a comment, `!word` is an exception, blank
  // lines are skipped. Fails with an error naming the file and line when the file cannot be
  // read, a line is not UTF-8, a word has nothing left after folding (e.g. "..."), or the file
  // holds no word at all. Meant for start-up: a bad list should stop the server.
  static core::Result<ReservedNames> load(const std::string& path);

  // The same from words in memory (tests, tools). Words with nothing left after folding are
  // skipped.
  static ReservedNames from_words(std::vector<std::string> words);

  // True if the name contains a reserved word. `normalized_name` is a display name that
  // normalize_display_name() accepted; other text is folded all the same (invalid UTF-8 bytes
  // count as separators), but anything over kMaxCheckedBytes is reported as reserved rather
  // than searched.
  bool contains_reserved(std::string_view normalized_name) const;

  // OK, or an Error named name_reserved whose (log-only) message names the word found.
  core::Status check(std::string_view normalized_name) const;

  // Number of reserved words and of exceptions, after folding and removing duplicates.
  std::size_t word_count() const { return token_words_.size() + substring_words_.size(); }
  std::size_t exception_count() const { return exceptions_.size(); }

  // Longest name folded at all: far above a normalised display name (24 code points).
  static constexpr std::size_t kMaxCheckedBytes = 1024;

  ReservedNames(ReservedNames&&) noexcept;
  ReservedNames& operator=(ReservedNames&&) noexcept;
  ~ReservedNames();

 private:
  // A word as listed and as folded.
  struct Word {
    std::string text;
    std::u32string folded;
    bool latin;  // ASCII as listed: a match across pieces must start and end on piece bounds
  };
  struct CheckerCloser {
    void operator()(USpoofChecker* checker) const;
  };
  using Checker = std::unique_ptr<USpoofChecker, CheckerCloser>;

  explicit ReservedNames(Checker checker);

  // Classifies and folds one listed word. Returns false if nothing is left after folding.
  bool add(std::string_view word);
  // The first reserved word the name contains, as listed, or "" if none.
  std::string_view find(std::string_view normalized_name) const;

  Checker checker_;
  std::vector<Word> token_words_;           // ASCII, 1–3 letters: whole tokens only
  std::vector<Word> substring_words_;       // everything else: anywhere in the name
  std::vector<std::u32string> exceptions_;  // "!word" lines, folded
};

}  // namespace tsunagu::auth
