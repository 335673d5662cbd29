#include "realtime/stage_roster.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace tsunagu::realtime {

bool StageRoster::raise_hand(std::uint32_t id) {
  if (hand_raised(id) || is_guest(id)) return false;  // already on the stage: nothing to ask
  hands_.push_back(id);
  return true;
}

bool StageRoster::lower_hand(std::uint32_t id) { return std::erase(hands_, id) > 0; }

bool StageRoster::invite(std::uint32_t id) {
  bool changed = lower_hand(id);
  const auto at = std::lower_bound(guests_.begin(), guests_.end(), id);
  if (at == guests_.end() || *at != id) {
    guests_.insert(at, id);
    changed = true;
  }
  return changed;
}

bool StageRoster::release(std::uint32_t id) {
  const auto at = std::lower_bound(guests_.begin(), guests_.end(), id);
  if (at == guests_.end() || *at != id) return false;
  guests_.erase(at);
  return true;
}

bool StageRoster::remove(std::uint32_t id) {
  const bool hand = lower_hand(id);
  const bool guest = release(id);
  return hand || guest;
}

bool StageRoster::is_guest(std::uint32_t id) const {
  return std::binary_search(guests_.begin(), guests_.end(), id);
}

bool StageRoster::hand_raised(std::uint32_t id) const {
  return std::find(hands_.begin(), hands_.end(), id) != hands_.end();
}

std::string StageRoster::hands_json() const {
  return nlohmann::json{{"type", "hands"}, {"ids", hands_}}.dump();
}

std::string StageRoster::stage_json() const {
  return nlohmann::json{{"type", "stage"}, {"guests", guests_}}.dump();
}

}  // namespace tsunagu::realtime
