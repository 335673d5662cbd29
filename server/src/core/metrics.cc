#include "core/metrics.h"

#include <algorithm>
#include <cstdio>

namespace tsunagu::core {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  std::sort(bounds_.begin(), bounds_.end());
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::observe(double value) {
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  buckets_[at].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(std::max(0.0, value) * 1e6),
                        std::memory_order_relaxed);
}

double Histogram::sum() const { return sum_micros_.load(std::memory_order_relaxed) / 1e6; }

double Histogram::quantile(double q) const {
  const std::uint64_t total = count();
  if (total == 0) return 0;
  const double rank = q * static_cast<double>(total);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    const std::uint64_t in_bucket = bucket(i);
    if (static_cast<double>(seen + in_bucket) >= rank && in_bucket > 0) {
      const double lower = i == 0 ? 0.0 : bounds_[i - 1];
      const double upper = i < bounds_.size() ? bounds_[i] : bounds_.back();
      const double within = (rank - static_cast<double>(seen)) / static_cast<double>(in_bucket);
      return lower + (upper - lower) * std::clamp(within, 0.0, 1.0);
    }
    seen += in_bucket;
  }
  return bounds_.empty() ? 0 : bounds_.back();
}

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help,
                                  std::string_view labels) {
  std::lock_guard lock(mutex_);
  Counter& c = counters_.emplace_back();
  entries_.push_back({Kind::kCounter, std::string(name), std::string(help), std::string(labels),
                      &c, nullptr, nullptr});
  return c;
}

Counter* MetricsRegistry::find_counter(std::string_view name) {
  std::lock_guard lock(mutex_);
  for (const Entry& e : entries_) {
    if (e.counter && e.name == name && e.labels.empty()) return e.counter;
  }
  return nullptr;
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help,
                              std::string_view labels) {
  std::lock_guard lock(mutex_);
  Gauge& g = gauges_.emplace_back();
  entries_.push_back({Kind::kGauge, std::string(name), std::string(help), std::string(labels),
                      nullptr, &g, nullptr});
  return g;
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      std::vector<double> bounds, std::string_view labels) {
  std::lock_guard lock(mutex_);
  Histogram& h = *histograms_.emplace_back(std::make_unique<Histogram>(std::move(bounds)));
  entries_.push_back({Kind::kHistogram, std::string(name), std::string(help),
                      std::string(labels), nullptr, nullptr, &h});
  return h;
}

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string with_labels(const std::string& name, const std::string& labels,
                        const std::string& extra = "") {
  std::string all = labels;
  if (!extra.empty()) all += (all.empty() ? "" : ",") + extra;
  return all.empty() ? name : name + "{" + all + "}";
}

}  // namespace

std::string MetricsRegistry::render() const {
  std::lock_guard lock(mutex_);
  // Prometheus wants each metric's lines together, under one HELP and TYPE: group the
  // entries by name, in the order names were first registered.
  std::vector<const Entry*> ordered;
  for (const Entry& e : entries_) {
    auto after = std::find_if(ordered.rbegin(), ordered.rend(),
                              [&](const Entry* o) { return o->name == e.name; });
    if (after == ordered.rend()) {
      ordered.push_back(&e);
    } else {
      ordered.insert(after.base(), &e);
    }
  }
  std::string out;
  std::string last_name;
  for (const Entry* entry : ordered) {
    const Entry& e = *entry;
    if (e.name != last_name) {
      const char* type = e.kind == Kind::kCounter ? "counter"
                         : e.kind == Kind::kGauge ? "gauge"
                                                  : "histogram";
      out += "# HELP " + e.name + " " + e.help + "\n# TYPE " + e.name + " " + type + "\n";
      last_name = e.name;
    }
    if (e.counter) out += with_labels(e.name, e.labels) + " " + std::to_string(e.counter->value()) + "\n";
    if (e.gauge) out += with_labels(e.name, e.labels) + " " + std::to_string(e.gauge->value()) + "\n";
    if (e.histogram) {
      const Histogram& h = *e.histogram;
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= h.bounds().size(); ++i) {
        cumulative += h.bucket(i);
        const std::string le = i < h.bounds().size() ? number(h.bounds()[i]) : "+Inf";
        out += with_labels(e.name + "_bucket", e.labels, "le=\"" + le + "\"") + " " +
               std::to_string(cumulative) + "\n";
      }
      out += with_labels(e.name + "_sum", e.labels) + " " + number(h.sum()) + "\n";
      out += with_labels(e.name + "_count", e.labels) + " " + std::to_string(h.count()) + "\n";
    }
  }
  return out;
}

std::vector<double> tick_buckets() {
  return {0.0005, 0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.05, 0.1, 0.25, 1};
}

}  // namespace tsunagu::core
