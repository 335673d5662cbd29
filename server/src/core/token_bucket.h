#pragma once

#include <chrono>

namespace tsunagu::core {

// Classic token bucket: `burst` tokens at most, refilled at `per_second`. Used per
// connection to bound the messages a client may send. Not thread-safe: owned by the one
// thread that serves the connection.
class TokenBucket {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  TokenBucket(double burst, double per_second, TimePoint now)
      : burst_(burst), rate_(per_second), tokens_(burst), last_(now) {}

  // Takes one token if there is one. Returns false (and takes nothing) if the bucket is empty.
  bool try_take(TimePoint now) {
    refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

  double tokens(TimePoint now) {
    refill(now);
    return tokens_;
  }

 private:
  void refill(TimePoint now) {
    if (now <= last_) return;
    double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
    last_ = now;
  }

  double burst_;
  double rate_;
  double tokens_;
  TimePoint last_;
};

}  // namespace tsunagu::core
