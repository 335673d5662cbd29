#pragma once

#include <chrono>
#include <cstdint>

namespace tsunagu::core {

// Time source injected into domain code so tests can drive time by hand.
// Implementations must be safe to call from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time for rate limits and timeouts.
  virtual std::chrono::steady_clock::time_point now() const = 0;
  // Wall-clock time in milliseconds since the Unix epoch, for stored timestamps.
  virtual std::int64_t unix_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::now();
  }
  std::int64_t unix_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that moves only when told to. Not thread-safe: tests only.
class FakeClock final : public Clock {
 public:
  std::chrono::steady_clock::time_point now() const override { return now_; }
  std::int64_t unix_ms() const override { return unix_ms_; }
  void advance(std::chrono::milliseconds d) {
    now_ += d;
    unix_ms_ += d.count();
  }

 private:
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1)};
  std::int64_t unix_ms_ = 1'760'000'000'000;
};

}  // namespace tsunagu::core
