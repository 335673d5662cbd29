#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

#include "proto/world_codec.h"

// End-to-end update latency: every bot of the swarm shares one process and one clock, so the
// time a bot sent a transform can be looked up when another bot hears of that exact transform.
namespace tsunagu::swarm {

// The send times of one bot's most recent transforms, keyed by the exact quantised transform.
// Thread-safety: one writer (the bot's own event loop) and any number of readers on other loops;
// each entry is a small sequence lock, so a reader never takes a torn entry (it may miss one
// that is being overwritten, which is then 64 sends old).
class SendRing {
 public:
  static constexpr std::size_t kSize = 64;

  // `time_ns` > 0 (nanoseconds on the swarm's clock).
  void record(const proto::Transform& transform, std::int64_t time_ns);
  // The newest send time of `transform`, if it is among the last kSize sent.
  std::optional<std::int64_t> find(const proto::Transform& transform) const;

 private:
  struct Entry {
    std::atomic<std::uint32_t> seq{0};  // odd while being written
    std::atomic<std::uint64_t> key{0};  // x, y, z, yaw
    std::atomic<std::uint64_t> anim_time{0};  // anim << 56 | time_ns; 0 = empty
  };
  std::array<Entry, kSize> entries_;
  std::atomic<std::uint32_t> next_{0};  // written by the owner only
};

// A histogram of durations in microseconds with log-linear buckets (HDR-like): exact below
// 128 µs, then 64 buckets per power of two, so a quantile is within 1% of the true value.
// Thread: one owner; merge() combines the histograms of several loops at the end.
class LatencyHistogram {
 public:
  LatencyHistogram();
  void add(std::int64_t micros);  // negative values count as 0
  void merge(const LatencyHistogram& other);
  std::uint64_t count() const { return count_; }
  std::int64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / count_ : 0.0; }
  // The value (µs) under which a fraction `q` (0–1) of samples fall; 0 when empty. The
  // midpoint of the bucket holding that rank, but never more than the maximum seen.
  double quantile(double q) const;

  static std::size_t bucket_of(std::uint64_t micros);
  static std::uint64_t bucket_low(std::size_t bucket);  // smallest value in the bucket
  static std::uint64_t bucket_high(std::size_t bucket);  // largest value in the bucket

 private:
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  std::int64_t max_ = 0;
  std::uint64_t sum_ = 0;
};

}  // namespace tsunagu::swarm
