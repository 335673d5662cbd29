#include "core/metrics.h"

#include <gtest/gtest.h>

#include <thread>

namespace tsunagu::core {
namespace {

TEST(MetricsTest, RendersPrometheusText) {
  MetricsRegistry registry;
  registry.counter("tsunagu_bytes_sent_total", "Bytes sent.").add(42);
  registry.gauge("tsunagu_space_avatars", "Avatars in a space.", "space=\"plaza\"").set(7);
  registry.gauge("tsunagu_space_avatars", "Avatars in a space.", "space=\"circle-1\"").set(2);
  auto& h = registry.histogram("tsunagu_tick_duration_seconds", "Tick time.", {0.01, 0.02});
  h.observe(0.005);
  h.observe(0.015);
  h.observe(0.5);
  const std::string text = registry.render();
  EXPECT_NE(text.find("# TYPE tsunagu_bytes_sent_total counter\ntsunagu_bytes_sent_total 42\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("tsunagu_space_avatars{space=\"plaza\"} 7\n"), std::string::npos);
  EXPECT_NE(text.find("tsunagu_space_avatars{space=\"circle-1\"} 2\n"), std::string::npos);
  EXPECT_EQ(text.find("# TYPE tsunagu_space_avatars"), text.rfind("# TYPE tsunagu_space_avatars"));
  EXPECT_NE(text.find("tsunagu_tick_duration_seconds_bucket{le=\"0.01\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("tsunagu_tick_duration_seconds_bucket{le=\"0.02\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("tsunagu_tick_duration_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("tsunagu_tick_duration_seconds_count 3\n"), std::string::npos);
}

TEST(MetricsTest, OneMetricsLinesStayTogetherUnderOneType) {
  MetricsRegistry registry;
  registry.histogram("h_seconds", "h", {1}, "space=\"a\"");
  registry.counter("c_total", "c", "space=\"a\"");
  registry.histogram("h_seconds", "h", {1}, "space=\"b\"");
  registry.counter("c_total", "c", "space=\"b\"");
  const std::string text = registry.render();
  EXPECT_EQ(text.find("# TYPE h_seconds"), text.rfind("# TYPE h_seconds"));
  EXPECT_EQ(text.find("# TYPE c_total"), text.rfind("# TYPE c_total"));
  // every h_seconds line comes before the first c_total line
  EXPECT_LT(text.rfind("h_seconds_count"), text.find("# HELP c_total"));
}

TEST(MetricsTest, QuantilesInterpolateWithinBuckets) {
  Histogram h({0.01, 0.02, 0.03});
  for (int i = 0; i < 90; ++i) h.observe(0.005);
  for (int i = 0; i < 10; ++i) h.observe(0.025);
  EXPECT_LE(h.quantile(0.5), 0.01);
  EXPECT_GT(h.quantile(0.99), 0.02);
  EXPECT_LE(h.quantile(0.99), 0.03);
}

TEST(MetricsTest, CountersAreSafeAcrossThreads) {
  MetricsRegistry registry;
  Counter& c = registry.counter("c_total", "c");
  std::thread a([&] { for (int i = 0; i < 100000; ++i) c.add(); });
  std::thread b([&] { for (int i = 0; i < 100000; ++i) c.add(); });
  a.join();
  b.join();
  EXPECT_EQ(c.value(), 200000u);
}

}  // namespace
}  // namespace tsunagu::core
