#include "social/word_filter.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <fstream>

namespace tsunagu::social {

std::string fold_for_matching(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString folded = U_SUCCESS(status) ? fold->normalize(in, status) : in;
  icu::UnicodeString compact;
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (!u_isUWhiteSpace(c)) compact.append(c);
  }
  std::string out;
  compact.toUTF8String(out);
  return out;
}

core::Result<WordFilter> WordFilter::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return core::fail(core::Code::kNotFound, "bad_word_filter",
                      "cannot read " + path + " (is --content pointing at content/?)");
  }
  std::vector<std::string> words;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    words.push_back(line);
  }
  return from_words(words);
}

WordFilter WordFilter::from_words(const std::vector<std::string>& words) {
  WordFilter filter;
  for (const auto& w : words) {
    std::string folded = fold_for_matching(w);
    if (!folded.empty()) filter.words_.push_back(std::move(folded));
  }
  return filter;
}

core::Status WordFilter::check(std::string_view text) const {
  if (words_.empty()) return {};
  const std::string folded = fold_for_matching(text);
  for (const auto& w : words_) {
    if (folded.find(w) != std::string::npos) {
      return core::fail(core::Code::kInvalidArgument, "chat_filtered",
                        "the message contains a word that is not allowed here");
    }
  }
  return {};
}

}  // namespace tsunagu::social
