#include "auth/login_throttle.h"

#include <algorithm>

namespace tsunagu::auth {
namespace {

constexpr int kFailuresBeforeLock = 5;
constexpr auto kFirstLock = std::chrono::minutes(1);
constexpr auto kLongestLock = std::chrono::hours(1);
constexpr int kAttemptsPerWindow = 20;
constexpr auto kAddressWindow = std::chrono::minutes(10);
constexpr std::size_t kMaxEntries = 50'000;

}  // namespace

bool LoginThrottle::allow(const std::string& login_id, const std::string& address,
                          TimePoint now) {
  if (accounts_.size() + addresses_.size() > kMaxEntries) prune(now);
  AddressState& a = addresses_[address];
  if (now - a.window_start >= kAddressWindow) a = AddressState{0, now};
  if (++a.attempts > kAttemptsPerWindow) return false;
  auto it = accounts_.find(login_id);
  return it == accounts_.end() || now >= it->second.locked_until;
}

void LoginThrottle::record_failure(const std::string& login_id, TimePoint now) {
  AccountState& s = accounts_[login_id];
  if (++s.failures < kFailuresBeforeLock) return;
  auto lock = kFirstLock * (1 << std::min(s.lockouts, 6));
  s.locked_until = now + std::min<std::chrono::steady_clock::duration>(lock, kLongestLock);
  s.failures = 0;
  ++s.lockouts;
}

void LoginThrottle::record_success(const std::string& login_id) { accounts_.erase(login_id); }

void LoginThrottle::prune(TimePoint now) {
  std::erase_if(addresses_, [&](const auto& e) { return now - e.second.window_start >= kAddressWindow; });
  std::erase_if(accounts_, [&](const auto& e) {
    return now >= e.second.locked_until && e.second.failures == 0;
  });
  if (accounts_.size() + addresses_.size() > kMaxEntries) {
    addresses_.clear();  // a flood of addresses: forget them rather than grow
  }
}

}  // namespace tsunagu::auth
