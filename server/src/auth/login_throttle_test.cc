#include "auth/login_throttle.h"

#include <gtest/gtest.h>

namespace tsunagu::auth {
namespace {

using namespace std::chrono_literals;

TEST(LoginThrottleTest, AccountLocksAfterFiveFailuresAndLockGrows) {
  LoginThrottle t;
  auto now = std::chrono::steady_clock::time_point{} + 10h;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(t.allow("sakura", "a" + std::to_string(i), now));
    t.record_failure("sakura", now);
  }
  EXPECT_FALSE(t.allow("sakura", "fresh-address", now));
  EXPECT_FALSE(t.allow("sakura", "fresh-address", now + 59s));
  EXPECT_TRUE(t.allow("sakura", "fresh-address", now + 61s));
  EXPECT_TRUE(t.allow("other", "fresh-address", now));  // other accounts unaffected
  now += 61s;
  for (int i = 0; i < 5; ++i) t.record_failure("sakura", now);
  EXPECT_FALSE(t.allow("sakura", "b", now + 100s));  // second lock: 2 minutes
  EXPECT_TRUE(t.allow("sakura", "b", now + 121s));
}

TEST(LoginThrottleTest, SuccessResetsTheAccount) {
  LoginThrottle t;
  auto now = std::chrono::steady_clock::time_point{} + 10h;
  for (int i = 0; i < 4; ++i) t.record_failure("ken", now);
  t.record_success("ken");
  t.record_failure("ken", now);
  EXPECT_TRUE(t.allow("ken", "x", now));
}

TEST(LoginThrottleTest, AddressLimitedToTwentyPerTenMinutes) {
  LoginThrottle t;
  auto now = std::chrono::steady_clock::time_point{} + 10h;
  int allowed = 0;
  for (int i = 0; i < 30; ++i) allowed += t.allow("user" + std::to_string(i), "10.0.0.9", now);
  EXPECT_EQ(allowed, 20);
  EXPECT_TRUE(t.allow("user", "10.0.0.9", now + 10min));
}

}  // namespace
}  // namespace tsunagu::auth
