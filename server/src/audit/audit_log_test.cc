#include "audit/audit_log.h"

#include <gtest/gtest.h>

#include "store/memory_store.h"

namespace tsunagu::audit {
namespace {

class AuditLogTest : public ::testing::Test {
 protected:
  AuditLogTest() : log_(store_, clock_) {}
  void fill(int n) {
    for (int i = 0; i < n; ++i) {
      clock_.advance(std::chrono::milliseconds(10));
      ASSERT_TRUE(log_.append(1, "login", 1 + i, {{"n", i}}));
    }
  }
  store::MemoryStore store_;
  core::FakeClock clock_;
  AuditLog log_;
};

TEST_F(AuditLogTest, EntriesChainThroughPreviousHashes) {
  fill(3);
  auto all = store_.audit_after(0, 10);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].prev_hash, "");
  EXPECT_EQ((*all)[1].prev_hash, (*all)[0].hash);
  EXPECT_EQ((*all)[2].prev_hash, (*all)[1].hash);
  EXPECT_EQ((*all)[2].hash.size(), 64u);
  auto v = log_.verify();
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->checked, 3);
  EXPECT_EQ(v->head_hash, (*all)[2].hash);
}

TEST_F(AuditLogTest, EmptyLogVerifies) {
  auto v = log_.verify();
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->ok);
  EXPECT_EQ(v->checked, 0);
}

TEST_F(AuditLogTest, EveryKindOfTamperingNamesTheFirstBrokenEntry) {
  struct Case {
    const char* name;
    void (*tamper)(std::vector<store::AuditRecord>&);
    std::int64_t first_broken;
  };
  const Case cases[] = {
      {"detail edited", [](auto& rows) { rows[1].detail_json = R"({"n":99})"; }, 2},
      {"actor edited", [](auto& rows) { rows[2].actor_id = 7; }, 3},
      {"action edited", [](auto& rows) { rows[0].action = "logout"; }, 1},
      {"time edited", [](auto& rows) { rows[3].created_ms += 1; }, 4},
      {"entry removed", [](auto& rows) { rows.erase(rows.begin() + 2); }, 4},
      {"entry edited and its hash recomputed",
       [](auto& rows) {
         rows[1].subject_id = 42;
         rows[1].hash = entry_hash(rows[1]);
       },
       3},
      {"two entries swapped", [](auto& rows) { std::swap(rows[1], rows[2]); }, 3},
  };
  for (const auto& c : cases) {
    store::MemoryStore store;
    core::FakeClock clock;
    AuditLog log(store, clock);
    for (int i = 0; i < 5; ++i) {
      clock.advance(std::chrono::milliseconds(10));
      ASSERT_TRUE(log.append(1, "login", 10 + i, {{"n", i}}));
    }
    c.tamper(store.audit);
    auto v = log.verify();
    ASSERT_TRUE(v) << c.name;
    EXPECT_FALSE(v->ok) << c.name;
    EXPECT_EQ(v->first_broken_id, c.first_broken) << c.name;
    EXPECT_FALSE(v->problem.empty()) << c.name;
  }
}

TEST_F(AuditLogTest, HashSeparatesFields) {
  store::AuditRecord a, b;
  a.action = "ab";
  a.detail_json = "c";
  b.action = "a";
  b.detail_json = "bc";
  EXPECT_NE(entry_hash(a), entry_hash(b));
}

}  // namespace
}  // namespace tsunagu::audit
