#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tsunagu::social {

// The configurable word filter of public chat (content/word_filter.txt: one word or phrase
// per line, # comments). Matching is on NFKC case-folded text with white space removed, so
// full-width, upper-case and spaced-out variants are caught. Immutable after load; const
// methods are thread-safe.
class WordFilter {
 public:
  static core::Result<WordFilter> load(const std::string& path);
  static WordFilter from_words(const std::vector<std::string>& words);

  // Error chat_filtered when the text contains a listed word.
  core::Status check(std::string_view text) const;
  std::size_t size() const { return words_.size(); }

 private:
  std::vector<std::string> words_;  // folded
};

// NFKC case fold with white space removed (shared with tests).
std::string fold_for_matching(std::string_view text);

}  // namespace tsunagu::social
