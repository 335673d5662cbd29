#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

namespace tsunagu::auth {

// Slows down password guessing, per account and per address. An account is locked for a
// while after 5 failed logins in a row (doubling each time, up to an hour); an address may try
// 20 logins in 10 minutes. Bounded memory: entries expire and the tables are pruned. Not
// thread-safe: owned by the event loop that handles logins.
class LoginThrottle {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // Whether a login attempt may proceed now. Counts the attempt against the address.
  bool allow(const std::string& login_id, const std::string& address, TimePoint now);
  void record_failure(const std::string& login_id, TimePoint now);
  void record_success(const std::string& login_id);

 private:
  struct AccountState {
    int failures = 0;
    int lockouts = 0;
    TimePoint locked_until{};
  };
  struct AddressState {
    int attempts = 0;
    TimePoint window_start{};
  };
  void prune(TimePoint now);

  std::unordered_map<std::string, AccountState> accounts_;
  std::unordered_map<std::string, AddressState> addresses_;
};

}  // namespace tsunagu::auth
