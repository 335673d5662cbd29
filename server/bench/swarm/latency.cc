#include "swarm/latency.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace tsunagu::swarm {
namespace {

std::uint64_t key_of(const proto::Transform& t) {
  return static_cast<std::uint64_t>(static_cast<std::uint16_t>(t.x)) |
         static_cast<std::uint64_t>(static_cast<std::uint16_t>(t.y)) << 16 |
         static_cast<std::uint64_t>(static_cast<std::uint16_t>(t.z)) << 32 |
         static_cast<std::uint64_t>(t.yaw) << 48;
}

constexpr int kSubBits = 7;  // 128 exact values, then 64 buckets per power of two
constexpr std::uint64_t kSubCount = 1u << kSubBits;
constexpr std::uint64_t kHalf = kSubCount / 2;
constexpr std::uint64_t kTimeMask = (std::uint64_t{1} << 56) - 1;
constexpr std::size_t kBuckets = (64 - kSubBits + 1) * kHalf + kHalf;

}  // namespace

void SendRing::record(const proto::Transform& transform, std::int64_t time_ns) {
  const std::uint32_t slot = next_.load(std::memory_order_relaxed);
  Entry& e = entries_[slot % kSize];
  const std::uint32_t seq = e.seq.load(std::memory_order_relaxed);
  e.seq.store(seq + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  e.key.store(key_of(transform), std::memory_order_relaxed);
  e.anim_time.store(static_cast<std::uint64_t>(transform.anim) << 56 |
                        (static_cast<std::uint64_t>(time_ns) & kTimeMask),
                    std::memory_order_relaxed);
  e.seq.store(seq + 2, std::memory_order_release);
  next_.store(slot + 1, std::memory_order_release);
}

std::optional<std::int64_t> SendRing::find(const proto::Transform& transform) const {
  const std::uint64_t key = key_of(transform);
  const std::uint32_t newest = next_.load(std::memory_order_acquire);
  for (std::uint32_t k = 1; k <= kSize; ++k) {
    const Entry& e = entries_[(newest - k) % kSize];
    const std::uint32_t s1 = e.seq.load(std::memory_order_acquire);
    if (s1 & 1u) continue;
    const std::uint64_t k2 = e.key.load(std::memory_order_relaxed);
    const std::uint64_t at = e.anim_time.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (e.seq.load(std::memory_order_relaxed) != s1) continue;
    if (at == 0 || k2 != key || (at >> 56) != transform.anim) continue;
    return static_cast<std::int64_t>(at & kTimeMask);
  }
  return std::nullopt;
}

LatencyHistogram::LatencyHistogram() : buckets_(kBuckets, 0) {}

std::size_t LatencyHistogram::bucket_of(std::uint64_t v) {
  if (v < kSubCount) return static_cast<std::size_t>(v);
  const int shift = std::bit_width(v) - kSubBits;  // ≥ 1
  return static_cast<std::size_t>((static_cast<std::uint64_t>(shift) << (kSubBits - 1)) +
                                  (v >> shift));
}

std::uint64_t LatencyHistogram::bucket_low(std::size_t bucket) {
  if (bucket < kSubCount) return bucket;
  const std::uint64_t shift = bucket / kHalf - 1;
  const std::uint64_t mantissa = bucket - shift * kHalf;
  return mantissa << shift;
}

std::uint64_t LatencyHistogram::bucket_high(std::size_t bucket) {
  if (bucket < kSubCount) return bucket;
  const std::uint64_t shift = bucket / kHalf - 1;
  return bucket_low(bucket) + (std::uint64_t{1} << shift) - 1;
}

void LatencyHistogram::add(std::int64_t micros) {
  const std::uint64_t v = micros < 0 ? 0 : static_cast<std::uint64_t>(micros);
  ++buckets_[bucket_of(v)];
  ++count_;
  sum_ += v;
  max_ = std::max<std::int64_t>(max_, static_cast<std::int64_t>(v));
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

double LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  // The rank of the sample (1-based) that the quantile names.
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      const double mid = (static_cast<double>(bucket_low(i)) + static_cast<double>(bucket_high(i))) / 2;
      return std::min(mid, static_cast<double>(max_));
    }
  }
  return static_cast<double>(max_);
}

}  // namespace tsunagu::swarm
