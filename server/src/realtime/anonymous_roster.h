#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace tsunagu::realtime {

// Avatar ids at and above this are aliases of anonymous members, never user ids (SQLite row
// ids stay far below it). Each space with anonymous labels owns a block of kAliasBlock ids.
inline constexpr std::uint32_t kAliasBase = 0xF000'0000u;
inline constexpr std::uint32_t kAliasBlock = 0x1'0000u;

inline bool is_alias(std::uint32_t avatar_id) { return avatar_id >= kAliasBase; }

// "A", "B", … "Z", "AA", "AB", … for 0, 1, … (bijective base 26, like spreadsheet columns).
std::string label_letters(std::uint32_t index);

// The anonymous labels of one space's session (docs/security.md, "Doctors' lounge"): a person
// who chooses to be anonymous appears as 医師A, 医師B … under an alias avatar id, so neither
// their name nor their user id reaches the others. A person keeps their label (and alias) for
// as long as the session lasts, i.e. until the space is empty; then every label is forgotten,
// so a label cannot follow anyone from one day's discussion to the next.
//
// Thread: owned by the hub of the space's event loop; no locks.
class AnonymousRoster {
 public:
  // `first_alias`: the first id of this space's block (kAliasBase + n·kAliasBlock).
  explicit AnonymousRoster(std::uint32_t first_alias = kAliasBase) : first_alias_(first_alias) {}

  struct Label {
    std::uint32_t alias = 0;  // the avatar id others see
    std::string name;         // "医師A": what others see as the name (JOIN records, chat)
  };

  // The label of `user_id` in this session, made on first use. Returns nullptr when the
  // session has handed out every alias of its block (the caller then refuses anonymity).
  const Label* label_for(std::int64_t user_id);
  // Forgets every label: call when the space becomes empty (the session ends).
  void end_session();
  std::size_t size() const { return labels_.size(); }

 private:
  std::uint32_t first_alias_;
  std::unordered_map<std::int64_t, Label> labels_;
};

}  // namespace tsunagu::realtime
