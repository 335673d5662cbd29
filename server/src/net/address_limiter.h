#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

#include "core/token_bucket.h"

namespace tsunagu::net {

// One token bucket per client address (e.g. for creating guest sessions). Bounded: when it
// holds `max_addresses`, buckets that have refilled completely are forgotten first, and if
// none has, the whole table is cleared (a flood of addresses must not grow memory). Not
// thread-safe: owned by the event loop that serves HTTP.
class AddressLimiter {
 public:
  AddressLimiter(double burst, double per_second, std::size_t max_addresses = 10000)
      : burst_(burst), rate_(per_second), max_(max_addresses) {}

  bool allow(const std::string& address, std::chrono::steady_clock::time_point now) {
    auto it = buckets_.find(address);
    if (it == buckets_.end()) {
      if (buckets_.size() >= max_) prune(now);
      it = buckets_.emplace(address, core::TokenBucket(burst_, rate_, now)).first;
    }
    return it->second.try_take(now);
  }

  std::size_t size() const { return buckets_.size(); }

 private:
  void prune(std::chrono::steady_clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = it->second.tokens(now) >= burst_ ? buckets_.erase(it) : std::next(it);
    }
    if (buckets_.size() >= max_) buckets_.clear();
  }

  double burst_;
  double rate_;
  std::size_t max_;
  std::unordered_map<std::string, core::TokenBucket> buckets_;
};

}  // namespace tsunagu::net
