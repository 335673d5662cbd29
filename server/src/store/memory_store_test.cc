#include "store/memory_store.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "store/store_contract_test.h"

namespace tsunagu::store {
namespace {

using contract::StoreContractTest;

INSTANTIATE_TEST_SUITE_P(Memory, StoreContractTest,
                         ::testing::Values(contract::StoreFactory{
                             "memory", [] { return std::make_unique<MemoryStore>(); }}),
                         contract::factory_name);

// With fail_writes set, every write fails with "internal" and changes nothing; reads work.
TEST(MemoryStoreTest, FailWritesFailsEveryWrite) {
  MemoryStore store;
  const std::int64_t uid = *store.create_user(contract::member("a", "a"));
  const std::int64_t sid = *store.create_session(contract::session(uid, "h"));
  const std::int64_t app = *store.create_application(contract::application(uid, "S1"));
  const std::int64_t rep = *store.create_report(contract::report(1, 2));
  store.fail_writes = true;

  struct Case {
    const char* name;
    std::function<core::Status()> write;
  };
  auto status = [](auto result) -> core::Status {
    if (!result) return std::unexpected(result.error());
    return {};
  };
  const Case cases[] = {
      {"create_user", [&] { return status(store.create_user(contract::guest("b"))); }},
      {"update_user", [&] { return store.update_user(*store.find_user(uid).value()); }},
      {"erase_user", [&] { return store.erase_user(uid, 1); }},
      {"create_session",
       [&] { return status(store.create_session(contract::session(uid, "h2"))); }},
      {"touch_session", [&] { return store.touch_session(sid, 5000); }},
      {"delete_session", [&] { return store.delete_session(sid); }},
      {"delete_sessions_of_user", [&] { return store.delete_sessions_of_user(uid, 0); }},
      {"append_chat",
       [&] { return status(store.append_chat(contract::chat("plaza", uid, "hi"))); }},
      {"create_application",
       [&] { return status(store.create_application(contract::application(uid, "S2"))); }},
      {"decide_application",
       [&] { return store.decide_application(*store.find_application(app).value()); }},
      {"upsert_roster",
       [&] {
         return store.upsert_roster({{"S1", "n", "s"}});
       }},
      {"add_relation",
       [&] {
         return store.add_relation({uid, uid, "mute", 1});
       }},
      {"remove_relation", [&] { return store.remove_relation(uid, uid, "mute"); }},
      {"create_report", [&] { return status(store.create_report(contract::report(1, 2))); }},
      {"resolve_report", [&] { return store.resolve_report(*store.find_report(rep).value()); }},
      {"create_ban", [&] { return status(store.create_ban(contract::ban(uid))); }},
      {"lift_bans", [&] { return store.lift_bans(uid, 1, 1); }},
      {"append_audit", [&] { return status(store.append_audit(contract::audit(1, "login", 0))); }},
  };
  for (const Case& c : cases) {
    auto s = c.write();
    ASSERT_FALSE(s.has_value()) << c.name;
    EXPECT_EQ(s.error().name(), "internal") << c.name;
  }
  EXPECT_EQ(store.users.size(), 1u);
  EXPECT_EQ(store.users[0].display_name, "a");
  EXPECT_EQ(store.sessions.size(), 1u);
  EXPECT_EQ(store.sessions[0].last_seen_ms, 1000);
  EXPECT_TRUE(store.chat.empty());
  EXPECT_EQ(store.applications[0].status, "pending");
  EXPECT_TRUE(store.roster.empty());
  EXPECT_TRUE(store.relations.empty());
  EXPECT_EQ(store.reports.size(), 1u);
  EXPECT_TRUE(store.bans.empty());
  EXPECT_TRUE(store.audit.empty());
  // Reads still work.
  EXPECT_TRUE(store.find_session("h", 0)->has_value());
  EXPECT_TRUE(store.find_user(uid)->has_value());
}

// Tests may push rows or edit them behind the store's back (e.g. to tamper with the audit
// log); the store reads what is there, in vector order, and new ids stay above every row.
TEST(MemoryStoreTest, ReadsWhatTestsPutInTheTables) {
  MemoryStore store;
  ASSERT_TRUE(store.append_audit(contract::audit(1, "a", 0)).has_value());
  ASSERT_TRUE(store.append_audit(contract::audit(1, "b", 0)).has_value());
  ASSERT_TRUE(store.append_audit(contract::audit(1, "c", 0)).has_value());
  store.audit[1].action = "edited";
  std::swap(store.audit[0], store.audit[2]);
  auto all = store.audit_after(0, 10);
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].action, "c");
  EXPECT_EQ((*all)[1].action, "edited");
  EXPECT_EQ((*all)[2].action, "a");
  EXPECT_EQ((*store.last_audit())->action, "a");

  AuditRecord pushed = contract::audit(1, "pushed", 0);
  pushed.id = 10;
  store.audit.push_back(pushed);
  EXPECT_EQ(*store.append_audit(contract::audit(1, "d", 0)), 11);
  UserRecord pushed_user = contract::guest("pushed");
  pushed_user.id = 5;
  store.users.push_back(pushed_user);
  EXPECT_EQ(*store.create_user(contract::guest("next")), 6);
}

}  // namespace
}  // namespace tsunagu::store
