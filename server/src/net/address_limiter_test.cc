#include "net/address_limiter.h"

#include <gtest/gtest.h>

namespace tsunagu::net {
namespace {

using namespace std::chrono_literals;

TEST(AddressLimiterTest, LimitsEachAddressSeparately) {
  auto t = std::chrono::steady_clock::time_point{} + 1h;
  AddressLimiter limiter(2, 1);
  EXPECT_TRUE(limiter.allow("10.0.0.1", t));
  EXPECT_TRUE(limiter.allow("10.0.0.1", t));
  EXPECT_FALSE(limiter.allow("10.0.0.1", t));
  EXPECT_TRUE(limiter.allow("10.0.0.2", t));
  EXPECT_TRUE(limiter.allow("10.0.0.1", t + 1s));
}

TEST(AddressLimiterTest, StaysBoundedUnderManyAddresses) {
  auto t = std::chrono::steady_clock::time_point{} + 1h;
  AddressLimiter limiter(1, 1, 100);
  for (int i = 0; i < 1000; ++i) limiter.allow("a" + std::to_string(i), t);
  EXPECT_LE(limiter.size(), 100u);
}

}  // namespace
}  // namespace tsunagu::net
