#include "realtime/anonymous_roster.h"

#include <algorithm>

namespace tsunagu::realtime {

std::string label_letters(std::uint32_t index) {
  std::string out;
  std::uint64_t n = static_cast<std::uint64_t>(index) + 1;
  while (n > 0) {
    --n;
    out.push_back(static_cast<char>('A' + n % 26));
    n /= 26;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

const AnonymousRoster::Label* AnonymousRoster::label_for(std::int64_t user_id) {
  if (auto it = labels_.find(user_id); it != labels_.end()) return &it->second;
  const auto index = static_cast<std::uint32_t>(labels_.size());
  if (index >= kAliasBlock) return nullptr;
  // The label is the one name the server sends for this person here, in every language: the
  // word is Japanese (医師 = doctor); clients may show their own word before the letters.
  Label label{first_alias_ + index, "医師" + label_letters(index)};
  return &labels_.emplace(user_id, std::move(label)).first->second;
}

void AnonymousRoster::end_session() { labels_.clear(); }

}  // namespace tsunagu::realtime
