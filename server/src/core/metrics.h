#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::core {

// Metrics in the Prometheus text format (GET /metrics). Counters, gauges and histograms are
// lock-free to update from any thread (relaxed atomics); registering takes a lock and happens
// at start-up. Metrics live as long as the registry; the references handed out stay valid.

class Counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void add(std::int64_t d) { value_.fetch_add(d, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// A histogram with fixed upper bounds (seconds or bytes), cumulative on output.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);
  // The value under which `q` (0–1) of observations fall, interpolated within a bucket.
  double quantile(double q) const;
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const;
  const std::vector<double>& bounds() const { return bounds_; }
  std::uint64_t bucket(std::size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1 (the +Inf one)
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};
};

class MetricsRegistry {
 public:
  // `labels` is the inside of {…}, e.g. `space="plaza"`, or "".
  Counter& counter(std::string_view name, std::string_view help, std::string_view labels = "");
  Gauge& gauge(std::string_view name, std::string_view help, std::string_view labels = "");
  Histogram& histogram(std::string_view name, std::string_view help, std::vector<double> bounds,
                       std::string_view labels = "");
  // A counter registered earlier under this name (and no labels), or nullptr.
  Counter* find_counter(std::string_view name);
  // The whole registry in the Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Entry {
    Kind kind;
    std::string name, help, labels;
    Counter* counter = nullptr;
    Gauge* gauge = nullptr;
    Histogram* histogram = nullptr;
  };
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  std::deque<Counter> counters_;  // deques: stable addresses
  std::deque<Gauge> gauges_;
  std::deque<std::unique_ptr<Histogram>> histograms_;
};

// Tick-duration buckets in seconds.
std::vector<double> tick_buckets();

}  // namespace tsunagu::core
