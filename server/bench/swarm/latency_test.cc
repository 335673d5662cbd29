#include "swarm/latency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <thread>

namespace tsunagu::swarm {
namespace {

proto::Transform at(std::int16_t x, std::uint8_t anim = 1) { return {x, 0, 0, 100, anim}; }

TEST(SendRing, FindsTheNewestSendOfAnExactTransform) {
  SendRing ring;
  EXPECT_EQ(ring.find(at(1)), std::nullopt);
  ring.record(at(1), 100);
  ring.record(at(2), 200);
  ring.record(at(1), 300);  // sent again later: the newer time wins
  EXPECT_EQ(ring.find(at(1)), 300);
  EXPECT_EQ(ring.find(at(2)), 200);
  EXPECT_EQ(ring.find(at(3)), std::nullopt);
  // Every field is part of the key, the animation too.
  EXPECT_EQ(ring.find(at(2, 0)), std::nullopt);
  proto::Transform t = at(2);
  t.yaw = 101;
  EXPECT_EQ(ring.find(t), std::nullopt);
  t = at(2);
  t.y = 1;
  EXPECT_EQ(ring.find(t), std::nullopt);
}

TEST(SendRing, ForgetsAfterItsSize) {
  SendRing ring;
  for (int i = 0; i < static_cast<int>(SendRing::kSize) + 10; ++i) {
    ring.record(at(static_cast<std::int16_t>(i)), 1000 + i);
  }
  for (int i = 0; i < 10; ++i) EXPECT_EQ(ring.find(at(static_cast<std::int16_t>(i))), std::nullopt) << i;
  for (int i = 10; i < static_cast<int>(SendRing::kSize) + 10; ++i) {
    EXPECT_EQ(ring.find(at(static_cast<std::int16_t>(i))), 1000 + i) << i;
  }
}

TEST(SendRing, ReadersOnOtherThreadsNeverSeeATornEntry) {
  SendRing ring;
  std::atomic<bool> done{false};
  std::atomic<int> wrong{0};
  // Each transform is recorded with a time derived from it, so a reader can check the pair.
  std::thread writer([&] {
    for (int i = 1; i <= 200000; ++i) ring.record(at(static_cast<std::int16_t>(i % 1000)), (i % 1000) * 10 + 7);
    done = true;
  });
  std::thread reader([&] {
    while (!done) {
      for (int x = 0; x < 1000; x += 37) {
        if (auto t = ring.find(at(static_cast<std::int16_t>(x)))) wrong += *t != x * 10 + 7;
      }
    }
  });
  writer.join();
  reader.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(LatencyHistogram, BucketsAreContiguousAndTight) {
  for (std::uint64_t v : {0ull, 1ull, 127ull, 128ull, 129ull, 255ull, 256ull, 1000ull, 60000ull,
                          123456789ull, 1ull << 40}) {
    const std::size_t b = LatencyHistogram::bucket_of(v);
    EXPECT_LE(LatencyHistogram::bucket_low(b), v) << v;
    EXPECT_GE(LatencyHistogram::bucket_high(b), v) << v;
    // Within 1/64 of the value: a quantile is within 1%.
    EXPECT_LE(LatencyHistogram::bucket_high(b) - LatencyHistogram::bucket_low(b), v / 64 + 1) << v;
  }
  for (std::size_t b = 0; b < 3000; ++b) {
    ASSERT_EQ(LatencyHistogram::bucket_high(b) + 1, LatencyHistogram::bucket_low(b + 1)) << b;
  }
}

TEST(LatencyHistogram, QuantilesMatchTheExactOnesWithinOnePercent) {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> dist(9.5, 0.8);  // around 13 ms, a long tail
  std::vector<std::int64_t> samples;
  LatencyHistogram h;
  for (int i = 0; i < 100000; ++i) {
    const auto v = static_cast<std::int64_t>(dist(rng));
    samples.push_back(v);
    h.add(v);
  }
  std::sort(samples.begin(), samples.end());
  for (double q : {0.5, 0.95, 0.99, 0.999}) {
    const double exact = static_cast<double>(samples[static_cast<std::size_t>(std::ceil(q * samples.size())) - 1]);
    EXPECT_NEAR(h.quantile(q), exact, exact * 0.01) << q;
  }
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_EQ(h.max(), samples.back());
  EXPECT_LE(h.quantile(1.0), static_cast<double>(samples.back()));
}

TEST(LatencyHistogram, MergesAndHandlesEdges) {
  LatencyHistogram empty;
  EXPECT_EQ(empty.quantile(0.99), 0.0);
  LatencyHistogram a, b;
  a.add(-5);  // clock oddities count as zero
  a.add(10);
  b.add(1000);
  b.add(3000);
  a.merge(b);
  EXPECT_EQ(a.count(), 4u);
  EXPECT_EQ(a.max(), 3000);
  EXPECT_EQ(a.quantile(0.25), 0.0);
  EXPECT_EQ(a.quantile(0.5), 10.0);
  EXPECT_NEAR(a.quantile(0.75), 1000, 10);
  EXPECT_NEAR(a.quantile(1.0), 3000, 30);
  EXPECT_DOUBLE_EQ(a.mean(), (0 + 10 + 1000 + 3000) / 4.0);
}

}  // namespace
}  // namespace tsunagu::swarm
