#include "core/token_bucket.h"

#include <gtest/gtest.h>

namespace tsunagu::core {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucketTest, AllowsBurstThenRefusesUntilRefilled) {
  auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  TokenBucket bucket(3, 2, t0);
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_FALSE(bucket.try_take(t0));
  EXPECT_FALSE(bucket.try_take(t0 + 400ms));  // 0.8 tokens
  EXPECT_TRUE(bucket.try_take(t0 + 500ms));   // 1.0 token
  EXPECT_FALSE(bucket.try_take(t0 + 500ms));
}

TEST(TokenBucketTest, NeverHoldsMoreThanBurst) {
  auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  TokenBucket bucket(2, 100, t0);
  EXPECT_DOUBLE_EQ(bucket.tokens(t0 + 10s), 2.0);
}

TEST(TokenBucketTest, TimeGoingBackwardsDoesNotAddTokens) {
  auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  TokenBucket bucket(1, 1, t0);
  EXPECT_TRUE(bucket.try_take(t0));
  EXPECT_FALSE(bucket.try_take(t0 - 5s));
}

}  // namespace
}  // namespace tsunagu::core
