#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tsunagu::realtime {

// The lecture-hall side of one space (docs/voice.md, "Presenting"): who has a hand raised and
// whom a facilitator has brought to the stage. A guest on the stage is heard by the whole
// space as a presenter is; the right ends when they are released or leave the space.
// Each change returns whether anything changed, so callers broadcast only real changes.
// Thread: the space's loop.
class StageRoster {
 public:
  bool raise_hand(std::uint32_t id);
  bool lower_hand(std::uint32_t id);
  // Brings `id` to the stage (their hand goes down).
  bool invite(std::uint32_t id);
  bool release(std::uint32_t id);
  // The member left the space: hand and stage right go.
  bool remove(std::uint32_t id);

  bool is_guest(std::uint32_t id) const;
  bool hand_raised(std::uint32_t id) const;
  const std::vector<std::uint32_t>& hands() const { return hands_; }    // in raising order
  const std::vector<std::uint32_t>& guests() const { return guests_; }  // sorted

  // {"type":"hands","ids":[…]} and {"type":"stage","guests":[…]}.
  std::string hands_json() const;
  std::string stage_json() const;

 private:
  std::vector<std::uint32_t> hands_;
  std::vector<std::uint32_t> guests_;
};

}  // namespace tsunagu::realtime
