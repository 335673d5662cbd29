#pragma once

// The Store contract as tests: one set of cases, run against every implementation. A test
// file includes this header once and instantiates the suite with a factory for a fresh, empty
// store, e.g.
//
//   INSTANTIATE_TEST_SUITE_P(Memory, StoreContractTest,
//                            ::testing::Values(contract::StoreFactory{"memory", make}),
//                            contract::factory_name);
//
// When the two implementations disagree, a case here fails for one of them: fix the
// implementation, or, when the contract itself changes, the case and store.h together.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace tsunagu::store::contract {

struct StoreFactory {
  std::string name;
  std::function<std::unique_ptr<Store>()> make;  // a fresh, empty store
};

// So GoogleTest names the implementation instead of dumping the struct's bytes.
inline void PrintTo(const StoreFactory& factory, std::ostream* os) { *os << factory.name; }

inline std::string factory_name(const ::testing::TestParamInfo<StoreFactory>& info) {
  return info.param.name;
}

// Unwraps a Result in a test, failing the test (not crashing) when it holds an error.
#define TSUNAGU_OK(expr)                                                              \
  ([&]() {                                                                            \
    auto tsunagu_result = (expr);                                                     \
    EXPECT_TRUE(tsunagu_result.has_value())                                           \
        << #expr << ": " << (tsunagu_result ? "" : tsunagu_result.error().message()); \
    return tsunagu_result;                                                            \
  }())

// The value of a Result in a test. On an error, fails the test and throws (GoogleTest reports
// the exception and moves on), so a test never dereferences an error.
#define TSUNAGU_VALUE(expr)                                               \
  ([&]() {                                                                \
    auto tsunagu_result = (expr);                                         \
    if (!tsunagu_result) {                                                \
      ADD_FAILURE() << #expr << ": " << tsunagu_result.error().message(); \
      throw std::runtime_error(#expr " failed");                          \
    }                                                                     \
    return std::move(*tsunagu_result);                                    \
  }())

// Expects `expr` (a Result or Status) to fail with error `name`.
#define EXPECT_STORE_ERROR(expr, want_name)                            \
  do {                                                                 \
    auto tsunagu_result = (expr);                                      \
    ASSERT_FALSE(tsunagu_result.has_value()) << #expr << " succeeded"; \
    EXPECT_EQ(tsunagu_result.error().name(), want_name)                \
        << #expr << ": " << tsunagu_result.error().message();          \
  } while (false)

inline constexpr std::int64_t kNow = 1'760'000'000'000;

// (Records are filled field by field: GCC warns about designated initializers that leave out
// a member without a default.)
inline UserRecord guest(const std::string& name, int avatar = 1) {
  UserRecord u;
  u.display_name = name;
  u.avatar = avatar;
  u.created_ms = kNow;
  return u;
}

inline UserRecord member(const std::string& name, const std::string& login) {
  return UserRecord{.display_name = name,
                    .avatar = 4,
                    .role = "member",
                    .login_id = login,
                    .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
                    .rules_version = 3,
                    .created_ms = kNow};
}

// Raw hash bytes (32, like BLAKE2b-256), with NUL and 0xFF so they must survive as bytes.
inline std::string hash_bytes(char tag) { return std::string("\0\xff", 2) + std::string(30, tag); }

inline SessionRecord session(std::int64_t user_id, const std::string& token_hash,
                             const std::string& device_hash = "",
                             std::int64_t last_seen_ms = 1000) {
  return SessionRecord{.user_id = user_id,
                       .token_hash = token_hash,
                       .device_hash = device_hash,
                       .created_ms = 500,
                       .last_seen_ms = last_seen_ms};
}

inline ChatRecord chat(const std::string& space, std::int64_t user_id, const std::string& text) {
  return ChatRecord{.space = space,
                    .user_id = user_id,
                    .display_name = "山田 太郎",
                    .avatar = 3,
                    .text = text,
                    .created_ms = 1'760'000'000'123};
}

inline ClinicianApplication application(std::int64_t user_id, const std::string& number) {
  ClinicianApplication a;
  a.user_id = user_id;
  a.real_name = "佐藤 花子";
  a.registration_number = number;
  a.specialty = "頭痛専門医";
  a.affiliation = "東京頭痛クリニック";
  a.created_ms = kNow;
  return a;
}

inline ReportRecord report(std::int64_t reporter, std::int64_t subject,
                           const std::string& reason = "spam") {
  ReportRecord r;
  r.reporter_id = reporter;
  r.subject_id = subject;
  r.message_id = 7;
  r.space = "plaza";
  r.reason = reason;
  r.detail = "同じ宣伝を何度も";
  r.context_json = R"([{"id":7,"text":"buy now"}])";
  r.created_ms = kNow;
  return r;
}

inline BanRecord ban(std::int64_t user_id, const std::string& device_hash = "",
                     std::int64_t until_ms = 0) {
  return BanRecord{.user_id = user_id,
                   .device_hash = device_hash,
                   .reason = "harassment",
                   .created_by = 1,
                   .created_ms = kNow,
                   .until_ms = until_ms};
}

inline AuditRecord audit(std::int64_t actor, const std::string& action, std::int64_t subject) {
  return AuditRecord{.created_ms = kNow,
                     .actor_id = actor,
                     .action = action,
                     .subject_id = subject,
                     .detail_json = R"({"k":"v"})",
                     .prev_hash = "ab12",
                     .hash = "cd34"};
}

template <typename Row>
std::vector<std::int64_t> ids(const std::vector<Row>& rows) {
  std::vector<std::int64_t> out;
  for (const Row& r : rows) out.push_back(r.id);
  return out;
}

class StoreContractTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr) << GetParam().name;
  }

  Store& store() { return *store_; }

  // Creates a user and returns its id (0 after a failed expectation).
  std::int64_t add(const UserRecord& user) {
    auto id = TSUNAGU_OK(store().create_user(user));
    return id.value_or(0);
  }

  std::unique_ptr<Store> store_;
};

// --- users

TEST_P(StoreContractTest, UserIdsCountUpFromOne) {
  EXPECT_EQ(add(guest("a")), 1);
  EXPECT_EQ(add(guest("b")), 2);
  EXPECT_EQ(add(member("c", "c")), 3);
}

TEST_P(StoreContractTest, UserRoundTripsEveryField) {
  struct Case {
    const char* name;
    UserRecord user;
  };
  UserRecord deleted = guest("");
  deleted.role = "deleted";
  deleted.deleted_ms = kNow + 5;
  const Case cases[] = {
      {"guest", guest("さくら", 2)},
      {"member", member("Taro", "taro")},
      {"deleted", deleted},
  };
  for (const Case& c : cases) {
    const std::int64_t id = add(c.user);
    auto found = TSUNAGU_OK(store().find_user(id));
    ASSERT_TRUE(found && found->has_value()) << c.name;
    const UserRecord& u = **found;
    EXPECT_EQ(u.id, id) << c.name;
    EXPECT_EQ(u.display_name, c.user.display_name) << c.name;
    EXPECT_EQ(u.avatar, c.user.avatar) << c.name;
    EXPECT_EQ(u.role, c.user.role) << c.name;
    EXPECT_EQ(u.login_id, c.user.login_id) << c.name;
    EXPECT_EQ(u.password_hash, c.user.password_hash) << c.name;
    EXPECT_EQ(u.rules_version, c.user.rules_version) << c.name;
    EXPECT_EQ(u.created_ms, c.user.created_ms) << c.name;
    EXPECT_EQ(u.deleted_ms, c.user.deleted_ms) << c.name;
  }
  auto missing = TSUNAGU_OK(store().find_user(999));
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
}

// Guests have no login id: any number of them, and "" finds none of them.
TEST_P(StoreContractTest, ManyGuestsHaveNoLogin) {
  add(guest("a"));
  add(guest("b"));
  add(member("c", "carol"));
  struct Case {
    std::string login;
    std::optional<std::string> want_name;
  };
  const Case cases[] = {{"carol", "c"},
                        {"", std::nullopt},
                        {"Carol", std::nullopt},
                        {"car", std::nullopt},
                        {"nobody", std::nullopt}};
  for (const Case& c : cases) {
    auto found = TSUNAGU_OK(store().find_user_by_login(c.login));
    ASSERT_TRUE(found) << c.login;
    ASSERT_EQ(found->has_value(), c.want_name.has_value()) << "login '" << c.login << "'";
    if (c.want_name) {
      EXPECT_EQ((*found)->display_name, *c.want_name);
    }
  }
}

TEST_P(StoreContractTest, TakenLoginIsAConflict) {
  const std::int64_t carol = add(member("c", "carol"));
  const std::int64_t dave = add(member("d", "dave"));
  const std::int64_t eve = add(guest("e"));

  auto created = store().create_user(member("c2", "carol"));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().name(), "store_conflict");
  EXPECT_EQ(created.error().code(), core::Code::kAlreadyExists);

  UserRecord u = TSUNAGU_VALUE(store().find_user(eve)).value();
  u.login_id = "dave";
  EXPECT_STORE_ERROR(store().update_user(u), "store_conflict");
  // Keeping one's own login is no conflict; nothing changed by the failed update.
  UserRecord d = TSUNAGU_VALUE(store().find_user(dave)).value();
  d.display_name = "Dave";
  EXPECT_TRUE(TSUNAGU_OK(store().update_user(d)));
  EXPECT_EQ(TSUNAGU_VALUE(store().find_user(eve)).value().login_id, "");
  EXPECT_EQ(TSUNAGU_VALUE(store().find_user_by_login("carol")).value().id, carol);
}

TEST_P(StoreContractTest, UpdateUserWritesTheEditableFields) {
  const std::int64_t id = add(guest("guest", 1));
  UserRecord u = member("Hanako", "hanako");
  u.id = id;
  u.role = "clinician";
  u.created_ms = 1;   // not written
  u.deleted_ms = 99;  // not written
  ASSERT_TRUE(TSUNAGU_OK(store().update_user(u)));
  const UserRecord got = TSUNAGU_VALUE(store().find_user(id)).value();
  EXPECT_EQ(got.display_name, "Hanako");
  EXPECT_EQ(got.avatar, 4);
  EXPECT_EQ(got.role, "clinician");
  EXPECT_EQ(got.login_id, "hanako");
  EXPECT_EQ(got.password_hash, u.password_hash);
  EXPECT_EQ(got.rules_version, 3);
  EXPECT_EQ(got.created_ms, kNow);
  EXPECT_EQ(got.deleted_ms, 0);
  EXPECT_EQ(TSUNAGU_VALUE(store().find_user_by_login("hanako")).value().id, id);

  // Back to a guest: the login is released for someone else.
  u.login_id = "";
  u.password_hash = "";
  ASSERT_TRUE(TSUNAGU_OK(store().update_user(u)));
  EXPECT_FALSE(TSUNAGU_VALUE(store().find_user_by_login("hanako")).has_value());
  add(member("other", "hanako"));

  u.id = 999;
  EXPECT_STORE_ERROR(store().update_user(u), "not_found");
}

TEST_P(StoreContractTest, ListUsersNewestFirstWithQuery) {
  add(member("Sakura", "sakura"));  // 1
  add(guest("さくら"));             // 2
  add(member("Taro", "taro_y"));    // 3
  add(guest("100% real"));          // 4
  add(guest("taroX"));              // 5
  add(member("Jiro", "ji%ro"));     // 6
  struct Case {
    const char* name;
    std::string query;
    int limit;
    std::vector<std::int64_t> want;
  };
  const Case cases[] = {
      {"all", "", 10, {6, 5, 4, 3, 2, 1}},
      {"limit", "", 2, {6, 5}},
      {"zero limit", "", 0, {}},
      {"negative limit", "", -1, {}},
      {"name substring", "aku", 10, {1}},
      {"ascii case-insensitive", "TARO", 10, {5, 3}},
      {"japanese", "くら", 10, {2}},
      {"login substring", "o_y", 10, {3}},
      {"underscore literal", "_", 10, {3}},
      {"percent literal", "%", 10, {6, 4}},
      {"percent and more", "0% r", 10, {4}},
      {"backslash literal", "\\", 10, {}},
      {"no match", "zzz", 10, {}},
      {"query with limit", "a", 2, {5, 4}},
  };
  for (const Case& c : cases) {
    auto got = TSUNAGU_OK(store().list_users(c.query, c.limit));
    ASSERT_TRUE(got) << c.name;
    EXPECT_EQ(ids(*got), c.want) << c.name;
  }
}

// Erasing leaves the id and role "deleted", nothing the person wrote or chose.
TEST_P(StoreContractTest, EraseUserRemovesPersonalData) {
  const std::int64_t gone = add(member("Hanako", "hanako"));
  const std::int64_t stays = add(guest("Taro"));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(gone, hash_bytes('a'), hash_bytes('d')))));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(stays, hash_bytes('b')))));
  const std::int64_t gone_chat = TSUNAGU_VALUE(store().append_chat(chat("plaza", gone, "mine")));
  ASSERT_TRUE(TSUNAGU_OK(store().append_chat(chat("plaza", stays, "theirs"))));
  ASSERT_TRUE(TSUNAGU_OK(store().add_relation({gone, stays, "mute", kNow})));
  ASSERT_TRUE(TSUNAGU_OK(store().add_relation({stays, gone, "block", kNow})));
  ASSERT_TRUE(TSUNAGU_OK(store().create_application(application(gone, "S1"))));
  const std::int64_t ban_id = TSUNAGU_VALUE(store().create_ban(ban(gone, hash_bytes('d'))));
  ASSERT_TRUE(TSUNAGU_OK(store().append_audit(audit(gone, "login", 0))));

  ASSERT_TRUE(TSUNAGU_OK(store().erase_user(gone, kNow + 100)));

  const UserRecord u = TSUNAGU_VALUE(store().find_user(gone)).value();
  EXPECT_EQ(u.id, gone);
  EXPECT_EQ(u.role, "deleted");
  EXPECT_EQ(u.display_name, "");
  EXPECT_EQ(u.avatar, 0);
  EXPECT_EQ(u.login_id, "");
  EXPECT_EQ(u.password_hash, "");
  EXPECT_EQ(u.rules_version, 0);
  EXPECT_EQ(u.deleted_ms, kNow + 100);
  EXPECT_FALSE(TSUNAGU_VALUE(store().find_user_by_login("hanako")).has_value());
  EXPECT_FALSE(TSUNAGU_VALUE(store().find_session(hash_bytes('a'), 0)).has_value());
  EXPECT_TRUE(TSUNAGU_VALUE(store().devices_of_user(gone)).empty());
  EXPECT_FALSE(TSUNAGU_VALUE(store().find_chat(gone_chat)).has_value());
  EXPECT_EQ(TSUNAGU_VALUE(store().recent_chat("plaza", 10)).size(), 1u);
  EXPECT_TRUE(TSUNAGU_VALUE(store().relations_of(gone)).empty());
  EXPECT_TRUE(TSUNAGU_VALUE(store().blocked_by(gone)).empty());
  for (const Relation& r : TSUNAGU_VALUE(store().relations_of(stays))) {
    EXPECT_NE(r.other_id, gone);
  }
  EXPECT_FALSE(TSUNAGU_VALUE(store().latest_application_of(gone)).has_value());
  // Kept: enforcement and the audit trail refer to the id, not the person.
  EXPECT_EQ(ids(*store().bans_of(gone)), std::vector<std::int64_t>{ban_id});
  EXPECT_EQ(TSUNAGU_VALUE(store().audit_of_user(gone, 10)).size(), 1u);
  // The other person is untouched.
  EXPECT_TRUE(TSUNAGU_VALUE(store().find_session(hash_bytes('b'), 0)).has_value());
  EXPECT_EQ(TSUNAGU_VALUE(store().find_user(stays)).value().display_name, "Taro");
  // The login id is free again; erasing again keeps the first time.
  add(member("New Hanako", "hanako"));
  ASSERT_TRUE(TSUNAGU_OK(store().erase_user(gone, kNow + 500)));
  EXPECT_EQ(TSUNAGU_VALUE(store().find_user(gone)).value().deleted_ms, kNow + 100);

  EXPECT_STORE_ERROR(store().erase_user(999, kNow), "not_found");
}

// --- sessions

TEST_P(StoreContractTest, CreatesAndFindsSessions) {
  const std::int64_t uid = add(guest("さくら"));
  auto id = TSUNAGU_OK(store().create_session(session(uid, hash_bytes('h'), hash_bytes('d'))));
  ASSERT_TRUE(id);
  EXPECT_EQ(*id, 1);
  auto second = TSUNAGU_OK(store().create_session(session(uid, hash_bytes('i'))));
  ASSERT_TRUE(second);
  EXPECT_GT(*second, *id);

  auto found = TSUNAGU_OK(store().find_session(hash_bytes('h'), 0));
  ASSERT_TRUE(found && found->has_value());
  const SessionRecord& s = **found;
  EXPECT_EQ(s.id, *id);
  EXPECT_EQ(s.user_id, uid);
  EXPECT_EQ(s.token_hash, hash_bytes('h'));
  EXPECT_EQ(s.device_hash, hash_bytes('d'));
  EXPECT_EQ(s.created_ms, 500);
  EXPECT_EQ(s.last_seen_ms, 1000);
  EXPECT_EQ(TSUNAGU_VALUE(store().find_session(hash_bytes('i'), 0)).value().device_hash, "");

  EXPECT_FALSE(TSUNAGU_VALUE(store().find_session(hash_bytes('x'), 0)).has_value());
}

// Sessions last seen before min_last_seen_ms are expired; the boundary itself is alive.
TEST_P(StoreContractTest, FindSkipsExpiredSessions) {
  const std::int64_t uid = add(guest("a"));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(uid, "h", "", 1000))));
  struct Case {
    std::int64_t min_last_seen_ms;
    bool found;
  };
  for (const Case c : {Case{0, true}, Case{999, true}, Case{1000, true}, Case{1001, false}}) {
    auto found = TSUNAGU_OK(store().find_session("h", c.min_last_seen_ms));
    ASSERT_TRUE(found);
    EXPECT_EQ(found->has_value(), c.found) << "min_last_seen_ms=" << c.min_last_seen_ms;
  }
}

TEST_P(StoreContractTest, TouchMovesLastSeenForwardOnly) {
  const std::int64_t uid = add(guest("a"));
  const std::int64_t id = TSUNAGU_VALUE(store().create_session(session(uid, "h", "", 1000)));
  ASSERT_TRUE(TSUNAGU_OK(store().touch_session(id, 5000)));
  EXPECT_TRUE(TSUNAGU_VALUE(store().find_session("h", 5000)).has_value());
  ASSERT_TRUE(TSUNAGU_OK(store().touch_session(id, 3000)));
  EXPECT_EQ(TSUNAGU_VALUE(store().find_session("h", 0)).value().last_seen_ms, 5000);
  EXPECT_STORE_ERROR(store().touch_session(id + 100, 6000), "not_found");
}

TEST_P(StoreContractTest, DuplicateTokenHashIsAConflict) {
  const std::int64_t uid = add(guest("a"));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(uid, "same"))));
  auto again = store().create_session(session(uid, "same"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().name(), "store_conflict");
  EXPECT_EQ(again.error().code(), core::Code::kAlreadyExists);
  // The failure left the store usable.
  EXPECT_TRUE(TSUNAGU_OK(store().create_session(session(uid, "different"))));
}

TEST_P(StoreContractTest, RowsMustNameAnExistingUser) {
  const std::int64_t uid = add(guest("a"));
  const std::int64_t nobody = uid + 100;
  EXPECT_STORE_ERROR(store().create_session(session(nobody, "h")), "store_constraint");
  EXPECT_STORE_ERROR(store().append_chat(chat("plaza", nobody, "hi")), "store_constraint");
  EXPECT_STORE_ERROR(store().create_application(application(nobody, "S1")), "store_constraint");
  EXPECT_STORE_ERROR(store().add_relation({nobody, uid, "mute", kNow}), "store_constraint");
  EXPECT_STORE_ERROR(store().add_relation({uid, nobody, "block", kNow}), "store_constraint");
}

TEST_P(StoreContractTest, DeletesSessions) {
  const std::int64_t a = add(guest("a"));
  const std::int64_t b = add(guest("b"));
  const std::int64_t a1 = TSUNAGU_VALUE(store().create_session(session(a, "a1")));
  const std::int64_t a2 = TSUNAGU_VALUE(store().create_session(session(a, "a2")));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(a, "a3"))));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(b, "b1"))));
  auto alive = [&](const std::string& token) {
    return store().find_session(token, 0).value_or(std::nullopt).has_value();
  };

  ASSERT_TRUE(TSUNAGU_OK(store().delete_session(a1)));
  EXPECT_FALSE(alive("a1"));
  EXPECT_TRUE(TSUNAGU_OK(store().delete_session(a1))) << "deleting twice is fine";

  ASSERT_TRUE(TSUNAGU_OK(store().delete_sessions_of_user(a, a2)));
  EXPECT_TRUE(alive("a2"));
  EXPECT_FALSE(alive("a3"));
  EXPECT_TRUE(alive("b1"));

  ASSERT_TRUE(TSUNAGU_OK(store().delete_sessions_of_user(a, 0)));
  EXPECT_FALSE(alive("a2"));
  EXPECT_TRUE(alive("b1"));
  // Ids are not handed out again.
  EXPECT_GT(TSUNAGU_VALUE(store().create_session(session(a, "a4"))), 4);
}

TEST_P(StoreContractTest, DevicesOfUserAreDistinctAndNonEmpty) {
  const std::int64_t a = add(guest("a"));
  const std::int64_t b = add(guest("b"));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(a, "1", hash_bytes('p')))));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(a, "2", ""))));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(a, "3", hash_bytes('q')))));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(a, "4", hash_bytes('p')))));
  ASSERT_TRUE(TSUNAGU_OK(store().create_session(session(b, "5", hash_bytes('r')))));
  EXPECT_EQ(TSUNAGU_VALUE(store().devices_of_user(a)),
            (std::vector<std::string>{hash_bytes('p'), hash_bytes('q')}));
  EXPECT_TRUE(TSUNAGU_VALUE(store().devices_of_user(b + 1)).empty());
}

// --- chat

TEST_P(StoreContractTest, RecentChatIsNewestNOldestFirst) {
  const std::int64_t uid = add(guest("a"));
  std::vector<std::int64_t> plaza_ids;
  for (int i = 0; i < 10; ++i) {
    auto id = TSUNAGU_OK(store().append_chat(chat("plaza", uid, "p" + std::to_string(i))));
    ASSERT_TRUE(id);
    if (!plaza_ids.empty()) {
      EXPECT_GT(*id, plaza_ids.back());
    }
    plaza_ids.push_back(*id);
    if (i % 2 == 0) {
      ASSERT_TRUE(TSUNAGU_OK(store().append_chat(chat("cafe", uid, "c"))));
    }
  }
  struct Case {
    std::string space;
    int limit;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"plaza", 3, {"p7", "p8", "p9"}},
      {"plaza", 1, {"p9"}},
      {"plaza", 100, {"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"}},
      {"cafe", 2, {"c", "c"}},
      {"nowhere", 5, {}},
      {"plaza", 0, {}},
      {"plaza", -1, {}},
  };
  for (const Case& c : cases) {
    auto got = TSUNAGU_OK(store().recent_chat(c.space, c.limit));
    ASSERT_TRUE(got);
    std::vector<std::string> texts;
    for (const ChatRecord& r : *got) {
      texts.push_back(r.text);
      EXPECT_EQ(r.space, c.space);
    }
    EXPECT_EQ(texts, c.want) << c.space << " limit " << c.limit;
  }
  auto found = TSUNAGU_OK(store().find_chat(plaza_ids.back()));
  ASSERT_TRUE(found && found->has_value());
  const ChatRecord& r = **found;
  EXPECT_EQ(r.id, plaza_ids.back());
  EXPECT_EQ(r.space, "plaza");
  EXPECT_EQ(r.user_id, uid);
  EXPECT_EQ(r.display_name, "山田 太郎");
  EXPECT_EQ(r.avatar, 3);
  EXPECT_EQ(r.text, "p9");
  EXPECT_EQ(r.created_ms, 1'760'000'000'123);
  EXPECT_FALSE(TSUNAGU_VALUE(store().find_chat(plaza_ids.back() + 100)).has_value());
}

// Text is data, never SQL: whatever comes in is what comes out.
TEST_P(StoreContractTest, TextRoundTripsVerbatim) {
  const std::int64_t uid = add(guest("a"));
  const std::string texts[] = {
      "こんにちは、世界！",
      "🌸👩🏽\u200d💻🇯🇵 絵文字",
      "'); DROP TABLE chat_messages; --",
      "Robert'); DELETE FROM sessions WHERE ('1'='1",
      "\" OR 1=1 --",
      "100% _wild_ \\backslash\\ ?1 :name @x $y",
      "line one\nline two\r\n\ttab",
      std::string("nul\0inside", 10),
      "",
      std::string(4000, 'x'),
  };
  for (const std::string& text : texts) {
    ASSERT_TRUE(TSUNAGU_OK(store().append_chat(chat("it's \"quoted\"", uid, text))));
  }
  auto got = TSUNAGU_OK(store().recent_chat("it's \"quoted\"", 100));
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), std::size(texts));
  for (size_t i = 0; i < got->size(); ++i) EXPECT_EQ((*got)[i].text, texts[i]) << i;
  EXPECT_EQ(TSUNAGU_VALUE(store().recent_chat("plaza", 10)).size(), 0u);
}

// --- clinicians

TEST_P(StoreContractTest, ApplicationsRoundTripAndList) {
  const std::int64_t a = add(guest("a"));
  const std::int64_t b = add(guest("b"));
  const std::int64_t a1 = TSUNAGU_VALUE(store().create_application(application(a, "S1")));
  const std::int64_t b1 = TSUNAGU_VALUE(store().create_application(application(b, "S2")));
  const std::int64_t a2 = TSUNAGU_VALUE(store().create_application(application(a, "S3")));
  EXPECT_EQ(a1, 1);

  auto found = TSUNAGU_OK(store().find_application(b1));
  ASSERT_TRUE(found && found->has_value());
  const ClinicianApplication& got = **found;
  const ClinicianApplication want = application(b, "S2");
  EXPECT_EQ(got.id, b1);
  EXPECT_EQ(got.user_id, b);
  EXPECT_EQ(got.real_name, want.real_name);
  EXPECT_EQ(got.registration_number, "S2");
  EXPECT_EQ(got.specialty, want.specialty);
  EXPECT_EQ(got.affiliation, want.affiliation);
  EXPECT_EQ(got.status, "pending");
  EXPECT_EQ(got.decision_note, "");
  EXPECT_EQ(got.decided_by, 0);
  EXPECT_EQ(got.created_ms, kNow);
  EXPECT_EQ(got.decided_ms, 0);
  EXPECT_FALSE(TSUNAGU_VALUE(store().find_application(999)).has_value());

  EXPECT_EQ(TSUNAGU_VALUE(store().latest_application_of(a)).value().id, a2);
  EXPECT_FALSE(TSUNAGU_VALUE(store().latest_application_of(b + 1)).has_value());

  ClinicianApplication decided = got;
  decided.status = "approved";
  decided.decision_note = "名簿と一致";
  decided.decided_by = a;
  decided.decided_ms = kNow + 10;
  decided.real_name = "not written";
  ASSERT_TRUE(TSUNAGU_OK(store().decide_application(decided)));
  const ClinicianApplication after = TSUNAGU_VALUE(store().find_application(b1)).value();
  EXPECT_EQ(after.status, "approved");
  EXPECT_EQ(after.decision_note, "名簿と一致");
  EXPECT_EQ(after.decided_by, a);
  EXPECT_EQ(after.decided_ms, kNow + 10);
  EXPECT_EQ(after.real_name, want.real_name);
  decided.id = 999;
  EXPECT_STORE_ERROR(store().decide_application(decided), "not_found");

  struct Case {
    const char* name;
    std::string status;
    int limit;
    std::vector<std::int64_t> want;
  };
  const Case cases[] = {
      {"every status", "", 10, {a2, b1, a1}},
      {"pending", "pending", 10, {a2, a1}},
      {"approved", "approved", 10, {b1}},
      {"rejected", "rejected", 10, {}},
      {"limit", "", 2, {a2, b1}},
      {"zero limit", "pending", 0, {}},
  };
  for (const Case& c : cases) {
    auto got_list = TSUNAGU_OK(store().list_applications(c.status, c.limit));
    ASSERT_TRUE(got_list) << c.name;
    EXPECT_EQ(ids(*got_list), c.want) << c.name;
  }
}

TEST_P(StoreContractTest, RosterUpsertsByRegistrationNumber) {
  ASSERT_TRUE(TSUNAGU_OK(store().upsert_roster(
      {{"S1", "佐藤 花子", "頭痛専門医"}, {"S2", "鈴木 一郎", "神経内科専門医"}})));
  ASSERT_TRUE(TSUNAGU_OK(store().upsert_roster(
      {{"S2", "鈴木 一郎", "頭痛専門医"}, {"S3", "田中 次郎", "頭痛専門医"}})));
  ASSERT_TRUE(TSUNAGU_OK(store().upsert_roster({})));
  struct Case {
    std::string number;
    std::optional<std::string> specialty;
  };
  const Case cases[] = {{"S1", "頭痛専門医"},
                        {"S2", "頭痛専門医"},
                        {"S3", "頭痛専門医"},
                        {"S4", std::nullopt},
                        {"s1", std::nullopt}};
  for (const Case& c : cases) {
    auto got = TSUNAGU_OK(store().find_roster(c.number));
    ASSERT_TRUE(got) << c.number;
    ASSERT_EQ(got->has_value(), c.specialty.has_value()) << c.number;
    if (c.specialty) {
      EXPECT_EQ((*got)->registration_number, c.number);
      EXPECT_EQ((*got)->specialty, *c.specialty) << c.number;
    }
  }
  EXPECT_EQ(TSUNAGU_VALUE(store().find_roster("S2")).value().name, "鈴木 一郎");
}

// --- relations

TEST_P(StoreContractTest, RelationsAreIdempotentAndOwned) {
  const std::int64_t me = add(guest("me"));
  const std::int64_t x = add(guest("x"));
  const std::int64_t y = add(guest("y"));
  ASSERT_TRUE(TSUNAGU_OK(store().add_relation({me, x, "mute", kNow + 2})));
  ASSERT_TRUE(TSUNAGU_OK(store().add_relation({me, y, "block", kNow + 1})));
  ASSERT_TRUE(TSUNAGU_OK(store().add_relation({me, x, "block", kNow + 3})));
  ASSERT_TRUE(TSUNAGU_OK(store().add_relation({me, x, "mute", kNow + 9}))) << "idempotent";
  ASSERT_TRUE(TSUNAGU_OK(store().add_relation({y, x, "block", kNow})));
  ASSERT_TRUE(TSUNAGU_OK(store().add_relation({x, me, "mute", kNow})));
  EXPECT_STORE_ERROR(store().add_relation({me, x, "hide", kNow}), "store_constraint");

  auto mine = TSUNAGU_OK(store().relations_of(me));
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 3u);
  struct Want {
    std::int64_t other;
    std::string kind;
    std::int64_t created_ms;
  };
  const Want want[] = {{y, "block", kNow + 1}, {x, "mute", kNow + 2}, {x, "block", kNow + 3}};
  for (size_t i = 0; i < mine->size(); ++i) {
    EXPECT_EQ((*mine)[i].user_id, me) << i;
    EXPECT_EQ((*mine)[i].other_id, want[i].other) << i;
    EXPECT_EQ((*mine)[i].kind, want[i].kind) << i;
    EXPECT_EQ((*mine)[i].created_ms, want[i].created_ms) << i;
  }

  struct Case {
    const char* name;
    std::int64_t user;
    std::vector<std::int64_t> want;
  };
  const Case cases[] = {
      {"blocked by two", x, {y, me}},  // oldest block first
      {"blocked by one", y, {me}},
      {"only muted", me, {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TSUNAGU_VALUE(store().blocked_by(c.user)), c.want) << c.name;
  }

  ASSERT_TRUE(TSUNAGU_OK(store().remove_relation(me, x, "block")));
  ASSERT_TRUE(TSUNAGU_OK(store().remove_relation(me, x, "block"))) << "removing twice is fine";
  EXPECT_EQ(TSUNAGU_VALUE(store().blocked_by(x)), std::vector<std::int64_t>{y});
  EXPECT_EQ(TSUNAGU_VALUE(store().relations_of(me)).size(), 2u);
}

// --- reports

TEST_P(StoreContractTest, ReportsRoundTripListAndResolve) {
  const std::int64_t r1 = TSUNAGU_VALUE(store().create_report(report(1, 2)));
  const std::int64_t r2 = TSUNAGU_VALUE(store().create_report(report(3, 2, "harassment")));
  const std::int64_t r3 = TSUNAGU_VALUE(store().create_report(report(1, 4)));
  EXPECT_EQ(r1, 1);

  const ReportRecord want = report(3, 2, "harassment");
  const ReportRecord got = TSUNAGU_VALUE(store().find_report(r2)).value();
  EXPECT_EQ(got.id, r2);
  EXPECT_EQ(got.reporter_id, 3);
  EXPECT_EQ(got.subject_id, 2);
  EXPECT_EQ(got.message_id, 7);
  EXPECT_EQ(got.space, "plaza");
  EXPECT_EQ(got.reason, "harassment");
  EXPECT_EQ(got.detail, want.detail);
  EXPECT_EQ(got.context_json, want.context_json);
  EXPECT_EQ(got.status, "open");
  EXPECT_EQ(got.resolution, "");
  EXPECT_EQ(got.resolved_by, 0);
  EXPECT_EQ(got.created_ms, kNow);
  EXPECT_EQ(got.resolved_ms, 0);
  EXPECT_FALSE(TSUNAGU_VALUE(store().find_report(999)).has_value());

  ReportRecord resolved = got;
  resolved.status = "resolved";
  resolved.resolution = "banned for a week";
  resolved.resolved_by = 9;
  resolved.resolved_ms = kNow + 60;
  resolved.detail = "not written";
  ASSERT_TRUE(TSUNAGU_OK(store().resolve_report(resolved)));
  const ReportRecord after = TSUNAGU_VALUE(store().find_report(r2)).value();
  EXPECT_EQ(after.status, "resolved");
  EXPECT_EQ(after.resolution, "banned for a week");
  EXPECT_EQ(after.resolved_by, 9);
  EXPECT_EQ(after.resolved_ms, kNow + 60);
  EXPECT_EQ(after.detail, want.detail);
  resolved.id = 999;
  EXPECT_STORE_ERROR(store().resolve_report(resolved), "not_found");

  struct Case {
    const char* name;
    std::string status;
    int limit;
    std::vector<std::int64_t> want;
  };
  const Case cases[] = {
      {"every status", "", 10, {r3, r2, r1}},
      {"open", "open", 10, {r3, r1}},
      {"resolved", "resolved", 10, {r2}},
      {"limit", "open", 1, {r3}},
      {"zero limit", "", 0, {}},
  };
  for (const Case& c : cases) {
    auto list = TSUNAGU_OK(store().list_reports(c.status, c.limit));
    ASSERT_TRUE(list) << c.name;
    EXPECT_EQ(ids(*list), c.want) << c.name;
  }
}

// --- bans

TEST_P(StoreContractTest, ActiveBanRules) {
  const std::string dev_a = hash_bytes('a');
  const std::string dev_b = hash_bytes('b');
  const std::string dev_c = hash_bytes('c');
  const std::int64_t now = kNow + 1000;
  const std::int64_t forever = TSUNAGU_VALUE(store().create_ban(ban(10, dev_a)));
  const std::int64_t until_later = TSUNAGU_VALUE(store().create_ban(ban(11, "", now + 1)));
  ASSERT_TRUE(TSUNAGU_OK(store().create_ban(ban(12, dev_b, now))));  // expires at now
  ASSERT_TRUE(TSUNAGU_OK(store().create_ban(ban(13, dev_c))));
  ASSERT_TRUE(TSUNAGU_OK(store().lift_bans(13, 1, kNow)));
  const std::int64_t older = TSUNAGU_VALUE(store().create_ban(ban(14, "", now - 1)));  // expired
  const std::int64_t newer = TSUNAGU_VALUE(store().create_ban(ban(14)));
  const std::int64_t device_only = TSUNAGU_VALUE(store().create_ban(ban(0, hash_bytes('z'))));
  (void)older;

  struct Case {
    const char* name;
    std::int64_t user;
    std::vector<std::string> devices;
    std::int64_t want;  // 0 = none
  };
  const Case cases[] = {
      {"by user, for good", 10, {}, forever},
      {"by device, a new user id", 99, {dev_a}, forever},
      {"by device, a guest not yet created", 0, {dev_a}, forever},
      {"device among others", 99, {"", dev_c, dev_a}, forever},
      {"until after now", 11, {}, until_later},
      {"until exactly now is over", 12, {dev_b}, 0},
      {"lifted", 13, {dev_c}, 0},
      {"newest of several", 14, {}, newer},
      {"other user", 15, {}, 0},
      {"empty device hash matches nothing", 99, {""}, 0},
      {"user 0 matches no ban by user", 0, {}, 0},
      {"ban without a user, by device", 0, {hash_bytes('z')}, device_only},
      {"user and device, newest wins", 10, {hash_bytes('z')}, device_only},
  };
  for (const Case& c : cases) {
    auto got = TSUNAGU_OK(store().active_ban(c.user, c.devices, now));
    ASSERT_TRUE(got) << c.name;
    EXPECT_EQ(got->has_value() ? (*got)->id : 0, c.want) << c.name;
  }
  // Later, the timed ban has run out.
  EXPECT_FALSE(TSUNAGU_VALUE(store().active_ban(11, {}, now + 1)).has_value());

  const BanRecord full = TSUNAGU_VALUE(store().active_ban(10, {}, now)).value();
  EXPECT_EQ(full.user_id, 10);
  EXPECT_EQ(full.device_hash, dev_a);
  EXPECT_EQ(full.reason, "harassment");
  EXPECT_EQ(full.created_by, 1);
  EXPECT_EQ(full.created_ms, kNow);
  EXPECT_EQ(full.until_ms, 0);
  EXPECT_EQ(full.lifted_ms, 0);
  EXPECT_EQ(full.lifted_by, 0);
}

// More devices than one query holds (SqliteStore batches them) still finds the ban.
TEST_P(StoreContractTest, ActiveBanAmongManyDevices) {
  std::vector<std::string> devices;
  for (char c = 'a'; c <= 'z'; ++c) devices.push_back(hash_bytes(c));
  const std::int64_t id = TSUNAGU_VALUE(store().create_ban(ban(5, hash_bytes('y'))));
  auto got = TSUNAGU_OK(store().active_ban(99, devices, kNow));
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->id, id);
}

TEST_P(StoreContractTest, LiftBansLiftsWhatIsInForceOnTheUser) {
  const std::int64_t now = kNow + 1000;
  const std::int64_t b1 = TSUNAGU_VALUE(store().create_ban(ban(7, hash_bytes('d'))));
  const std::int64_t b2 = TSUNAGU_VALUE(store().create_ban(ban(7, "", now + 500)));
  const std::int64_t expired = TSUNAGU_VALUE(store().create_ban(ban(7, "", now - 1)));
  const std::int64_t other = TSUNAGU_VALUE(store().create_ban(ban(8, hash_bytes('e'))));
  ASSERT_TRUE(TSUNAGU_OK(store().lift_bans(7, 42, now)));
  ASSERT_TRUE(TSUNAGU_OK(store().lift_bans(123, 42, now))) << "nothing to lift is fine";

  EXPECT_FALSE(TSUNAGU_VALUE(store().active_ban(7, {hash_bytes('d')}, now)).has_value());
  EXPECT_TRUE(TSUNAGU_VALUE(store().active_ban(8, {}, now)).has_value());

  auto bans = TSUNAGU_OK(store().bans_of(7));
  ASSERT_TRUE(bans);
  EXPECT_EQ(ids(*bans), (std::vector<std::int64_t>{b1, b2, expired}));  // oldest first
  struct Want {
    std::int64_t lifted_ms;
    std::int64_t lifted_by;
  };
  const Want want[] = {{now, 42}, {now, 42}, {0, 0}};
  for (size_t i = 0; i < bans->size(); ++i) {
    EXPECT_EQ((*bans)[i].lifted_ms, want[i].lifted_ms) << i;
    EXPECT_EQ((*bans)[i].lifted_by, want[i].lifted_by) << i;
  }
  EXPECT_EQ(ids(TSUNAGU_VALUE(store().bans_of(8))), std::vector<std::int64_t>{other});
  EXPECT_TRUE(TSUNAGU_VALUE(store().bans_of(9)).empty());
}

// --- audit log

TEST_P(StoreContractTest, AuditLogAppendsAndPages) {
  EXPECT_FALSE(TSUNAGU_VALUE(store().last_audit()).has_value());
  EXPECT_TRUE(TSUNAGU_VALUE(store().audit_after(0, 10)).empty());
  const AuditRecord entries[] = {
      audit(0, "start", 0),       audit(1, "login", 0), audit(2, "ban", 1),
      audit(1, "role.change", 3), audit(3, "login", 0),
  };
  std::vector<std::int64_t> appended;
  for (const AuditRecord& e : entries) {
    appended.push_back(TSUNAGU_VALUE(store().append_audit(e)));
  }
  EXPECT_EQ(appended, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));

  const AuditRecord last = TSUNAGU_VALUE(store().last_audit()).value();
  EXPECT_EQ(last.id, 5);
  EXPECT_EQ(last.created_ms, kNow);
  EXPECT_EQ(last.actor_id, 3);
  EXPECT_EQ(last.action, "login");
  EXPECT_EQ(last.subject_id, 0);
  EXPECT_EQ(last.detail_json, R"({"k":"v"})");
  EXPECT_EQ(last.prev_hash, "ab12");
  EXPECT_EQ(last.hash, "cd34");

  struct Case {
    const char* name;
    std::int64_t after;
    int limit;
    std::vector<std::int64_t> want;
  };
  const Case after_cases[] = {
      {"from the start", 0, 10, {1, 2, 3, 4, 5}},
      {"first page", 0, 2, {1, 2}},
      {"next page", 2, 2, {3, 4}},
      {"last page", 4, 2, {5}},
      {"past the end", 5, 2, {}},
      {"zero limit", 0, 0, {}},
  };
  for (const Case& c : after_cases) {
    EXPECT_EQ(ids(TSUNAGU_VALUE(store().audit_after(c.after, c.limit))), c.want) << c.name;
  }
  const Case user_cases[] = {
      {"actor or subject, newest first", 1, 10, {4, 3, 2}},
      {"limit", 1, 2, {4, 3}},
      {"subject only", 3, 10, {5, 4}},
      {"nobody", 99, 10, {}},
      {"zero limit", 1, 0, {}},
  };
  for (const Case& c : user_cases) {
    EXPECT_EQ(ids(TSUNAGU_VALUE(store().audit_of_user(c.after, c.limit))), c.want) << c.name;
  }
}

}  // namespace tsunagu::store::contract
