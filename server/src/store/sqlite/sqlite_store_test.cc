#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/store_contract_test.h"

namespace tsunagu::store::sqlite {
namespace {

using namespace std::string_literals;
using contract::StoreContractTest;

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
                         ::testing::Values(contract::StoreFactory{"sqlite",
                                                                  []() -> std::unique_ptr<Store> {
                                                                    auto store = SqliteStore::open(
                                                                        ":memory:");
                                                                    if (!store) return nullptr;
                                                                    return std::move(*store);
                                                                  }}),
                         contract::factory_name);

// A fresh directory per test, removed afterwards (with the -wal and -shm files beside the db).
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tsunagu-store-XXXXXX");
    dir_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~TempDir() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  std::string dir_;
};

std::unique_ptr<SqliteStore> open_store(const std::string& path) {
  auto store = SqliteStore::open(path);
  EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message());
  return store ? std::move(*store) : nullptr;
}

// Direct access to the file, to inspect or tamper with it behind the store's back.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    sqlite3_open(path.c_str(), &db_);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << (err != nullptr ? err : "") << "\n"
        << sql;
  }
  // The error message of `sql`, or "" if it succeeded.
  std::string error_of(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    std::string out = rc == SQLITE_OK ? "" : (err != nullptr ? err : sqlite3_errstr(rc));
    sqlite3_free(err);
    return out;
  }
  // Column `column` of every row, as text, joined with ",".
  std::string text(const std::string& sql, int column = 0) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db_) << "\n" << sql;
      return "";
    }
    std::string out;
    for (bool first = true; sqlite3_step(s) == SQLITE_ROW; first = false) {
      const auto* t = sqlite3_column_text(s, column);
      if (!first) out += ",";
      out += t != nullptr ? reinterpret_cast<const char*>(t) : "NULL";
    }
    sqlite3_finalize(s);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string all_versions() {
  std::string out;
  for (const Migration& m : migrations()) {
    out += (out.empty() ? "" : ",") + std::to_string(m.version);
  }
  return out;
}

TEST(MigrationsTest, VersionsCountUpFromOne) {
  int want = 1;
  for (const Migration& m : migrations()) {
    EXPECT_EQ(m.version, want++);
    EXPECT_FALSE(m.sql.empty());
  }
  EXPECT_GE(migrations().size(), 6u);
}

TEST(SqliteStoreTest, OpensInMemory) { EXPECT_NE(open_store(":memory:"), nullptr); }

TEST(SqliteStoreTest, FileIsInWalModeWithEveryMigration) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  ASSERT_NE(open_store(path), nullptr);
  RawDb raw(path);
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.text("SELECT version FROM schema_migrations ORDER BY version"), all_versions());
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(raw.text("PRAGMA foreign_key_check"), "");
}

TEST(SqliteStoreTest, ReopenDoesNotReapplyMigrations) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  ASSERT_NE(open_store(path), nullptr);
  const std::string before =
      RawDb(path).text("SELECT version || ':' || applied_ms FROM schema_migrations");
  for (int i = 0; i < 3; ++i) ASSERT_NE(open_store(path), nullptr);
  const std::string after =
      RawDb(path).text("SELECT version || ':' || applied_ms FROM schema_migrations");
  EXPECT_EQ(after, before);
}

// Builds a database as a build with only the first `version` migrations left it.
void create_old_database(RawDb& raw, int version) {
  raw.exec(
      "CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, "
      "applied_ms INTEGER NOT NULL)");
  for (int v = 1; v <= version; ++v) {
    raw.exec(std::string(migrations()[v - 1].sql));
    raw.exec("INSERT INTO schema_migrations VALUES(" + std::to_string(v) + ", 42)");
  }
}

// A database left by an older build (only migration 1) gets exactly the missing ones.
TEST(SqliteStoreTest, ReopenAppliesOnlyNewMigrations) {
  TempDir dir;
  const std::string path = dir.path("old.db");
  {
    RawDb raw(path);
    create_old_database(raw, 1);
    raw.exec(
        "INSERT INTO sessions(token_hash, display_name, avatar, created_ms, last_seen_ms) "
        "VALUES(x'01', 'old', 1, 1, 1)");
  }
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  RawDb raw(path);
  EXPECT_EQ(raw.text("SELECT applied_ms FROM schema_migrations WHERE version = 1"), "42");
  EXPECT_EQ(raw.text("SELECT version FROM schema_migrations"), all_versions());
  EXPECT_EQ(raw.text("SELECT display_name FROM users"), "old");
  EXPECT_TRUE(store->append_chat(contract::chat("plaza", 1, "hi")).has_value());
}

// The move to accounts: a version-2 database (guest sessions holding name and avatar, chat
// pointing at sessions) keeps every person, session and message under the same ids.
TEST(SqliteStoreTest, MigratesVersion2DatabaseToAccounts) {
  TempDir dir;
  const std::string path = dir.path("v2.db");
  {
    RawDb raw(path);
    raw.exec("PRAGMA foreign_keys = ON");  // as the version-2 server ran
    create_old_database(raw, 2);
    raw.exec(
        "INSERT INTO sessions(id, token_hash, display_name, avatar, created_ms, last_seen_ms) "
        "VALUES (1, x'00ff01', 'さくら', 2, 100, 1000), (2, x'00ff02', 'Taro', 5, 200, 2000), "
        "(3, x'00ff03', 'gone', 1, 300, 3000)");
    raw.exec(
        "INSERT INTO chat_messages(id, space, session_id, display_name, avatar, text, "
        "created_ms) VALUES (1, 'plaza', 1, 'さくら', 2, 'こんにちは', 150), "
        "(2, 'plaza', 2, 'Taro', 5, 'hi', 250), (3, 'cafe', 3, 'gone', 1, 'bye', 350)");
    // An expired session was deleted: its chat row lost its session (ON DELETE SET NULL), and
    // its id must not come back.
    raw.exec("DELETE FROM sessions WHERE id = 3");
    ASSERT_EQ(raw.text("SELECT quote(session_id) FROM chat_messages WHERE id = 3"), "NULL");
  }
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);

  struct UserCase {
    std::int64_t id;
    std::string name;
    int avatar;
    std::int64_t created_ms;
  };
  for (const UserCase& c : {UserCase{1, "さくら", 2, 100}, UserCase{2, "Taro", 5, 200}}) {
    auto user = store->find_user(c.id);
    ASSERT_TRUE(user.has_value() && user->has_value()) << c.id;
    EXPECT_EQ((*user)->display_name, c.name);
    EXPECT_EQ((*user)->avatar, c.avatar);
    EXPECT_EQ((*user)->role, "guest");
    EXPECT_EQ((*user)->login_id, "");
    EXPECT_EQ((*user)->password_hash, "");
    EXPECT_EQ((*user)->rules_version, 0);
    EXPECT_EQ((*user)->created_ms, c.created_ms);
    EXPECT_EQ((*user)->deleted_ms, 0);
  }
  EXPECT_FALSE(store->find_user(3)->has_value());

  struct SessionCase {
    std::string token_hash;
    std::int64_t id;
    std::int64_t last_seen_ms;
  };
  for (const SessionCase& c :
       {SessionCase{"\0\xff\x01"s, 1, 1000}, SessionCase{"\0\xff\x02"s, 2, 2000}}) {
    auto s = store->find_session(c.token_hash, 0);
    ASSERT_TRUE(s.has_value() && s->has_value()) << c.id;
    EXPECT_EQ((*s)->id, c.id);
    EXPECT_EQ((*s)->user_id, c.id);  // one user per old session, same id
    EXPECT_EQ((*s)->token_hash, c.token_hash);
    EXPECT_EQ((*s)->device_hash, "");
    EXPECT_EQ((*s)->last_seen_ms, c.last_seen_ms);
  }
  EXPECT_FALSE(store->find_session("\0\xff\x03"s, 0)->has_value());

  struct ChatCase {
    std::int64_t id;
    std::string space;
    std::int64_t user_id;
    std::string text;
  };
  for (const ChatCase& c : {ChatCase{1, "plaza", 1, "こんにちは"}, ChatCase{2, "plaza", 2, "hi"},
                            ChatCase{3, "cafe", 0, "bye"}}) {
    auto m = store->find_chat(c.id);
    ASSERT_TRUE(m.has_value() && m->has_value()) << c.id;
    EXPECT_EQ((*m)->space, c.space);
    EXPECT_EQ((*m)->user_id, c.user_id) << c.id;
    EXPECT_EQ((*m)->text, c.text);
  }
  EXPECT_EQ(store->recent_chat("plaza", 10)->size(), 2u);

  // The old token hashes are still unique, and no id is handed out twice.
  auto dup = store->create_session(contract::session(1, "\0\xff\x01"s));
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().name(), "store_conflict");
  EXPECT_EQ(*store->create_user(contract::guest("new")), 4);
  EXPECT_EQ(*store->create_session(contract::session(4, "new")), 4);
  EXPECT_EQ(*store->append_chat(contract::chat("plaza", 4, "new")), 4);

  RawDb raw(path);
  EXPECT_EQ(raw.text("SELECT version FROM schema_migrations"), all_versions());
  EXPECT_EQ(raw.text("SELECT name FROM pragma_table_info('sessions') ORDER BY cid"),
            "id,user_id,token_hash,device_hash,created_ms,last_seen_ms");
  EXPECT_EQ(raw.text("SELECT name FROM pragma_table_info('chat_messages') ORDER BY cid"),
            "id,space,user_id,display_name,avatar,text,created_ms");
  EXPECT_EQ(raw.text("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('sessions')"),
            "users");
  EXPECT_EQ(raw.text("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('chat_messages')"),
            "users");
  EXPECT_EQ(raw.text("SELECT name FROM sqlite_master WHERE name LIKE 'new_%'"), "");
  EXPECT_EQ(raw.text("SELECT name FROM sqlite_sequence WHERE name LIKE 'new_%'"), "");
  EXPECT_EQ(raw.text("PRAGMA foreign_key_check"), "");
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
}

TEST(SqliteStoreTest, RefusesNewerSchema) {
  TempDir dir;
  const std::string path = dir.path("new.db");
  ASSERT_NE(open_store(path), nullptr);
  RawDb(path).exec("INSERT INTO schema_migrations VALUES(99, 1)");
  auto store = SqliteStore::open(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().name(), "store_schema_too_new");
  EXPECT_EQ(store.error().code(), core::Code::kFailedPrecondition);
  EXPECT_NE(store.error().message().find("99"), std::string::npos) << store.error().message();
  EXPECT_NE(store.error().message().find(path), std::string::npos) << store.error().message();
}

TEST(SqliteStoreTest, UnopenablePathIsAnError) {
  TempDir dir;
  auto store = SqliteStore::open(dir.path("no/such/dir/t.db"));
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().name(), "store_unavailable");
}

// Every lookup the store makes often is served by an index, not a table scan.
TEST(SqliteStoreTest, QueriesUseIndexes) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  ASSERT_NE(open_store(path), nullptr);
  RawDb raw(path);
  struct Case {
    const char* query;
    const char* index;
  };
  const Case cases[] = {
      {"SELECT * FROM sessions WHERE user_id = 1", "sessions_by_user"},
      {"SELECT id FROM sessions WHERE last_seen_ms < 5", "sessions_by_last_seen"},
      {"SELECT * FROM chat_messages WHERE space = 'p' ORDER BY id DESC LIMIT 5",
       "chat_messages_by_space"},
      {"DELETE FROM chat_messages WHERE user_id = 1", "chat_messages_by_user"},
      {"SELECT * FROM reports WHERE status = 'open' ORDER BY id DESC LIMIT 5", "reports_by_status"},
      {"SELECT * FROM bans WHERE user_id = 1 ORDER BY id", "bans_by_user"},
      {"SELECT * FROM bans WHERE device_hash IN (x'01', NULL)", "bans_by_device"},
      {"SELECT * FROM audit_log WHERE actor_id = 1", "audit_log_by_actor"},
      {"SELECT * FROM audit_log WHERE subject_id = 1", "audit_log_by_subject"},
      {"SELECT * FROM clinician_applications WHERE status = 'pending' ORDER BY id DESC",
       "clinician_applications_by_status"},
      {"SELECT * FROM clinician_applications WHERE user_id = 1 ORDER BY id DESC LIMIT 1",
       "clinician_applications_by_user"},
      {"SELECT user_id FROM relations WHERE other_id = 1 AND kind = 'block'", "relations_by_other"},
  };
  for (const Case& c : cases) {
    const std::string plan = raw.text(std::string("EXPLAIN QUERY PLAN ") + c.query, 3);
    EXPECT_NE(plan.find(c.index), std::string::npos) << c.query << "\nplan: " << plan;
  }
}

// Guests' login ids and absent hashes are NULL in the file, not "": UNIQUE(login_id) must
// allow many guests, and two absent device hashes must not look like the same device.
TEST(SqliteStoreTest, EmptyOptionalColumnsAreNull) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  const std::int64_t uid = *store->create_user(contract::guest("a"));
  ASSERT_TRUE(store->create_session(contract::session(uid, "h")).has_value());
  ASSERT_TRUE(store->create_ban(contract::ban(uid)).has_value());
  RawDb raw(path);
  EXPECT_EQ(raw.text("SELECT quote(login_id) || quote(password_hash) FROM users"), "NULLNULL");
  EXPECT_EQ(raw.text("SELECT quote(device_hash) FROM sessions"), "NULL");
  EXPECT_EQ(raw.text("SELECT quote(device_hash) FROM bans"), "NULL");
  EXPECT_EQ(raw.text("SELECT typeof(token_hash) FROM sessions"), "blob");
}

TEST(SqliteStoreTest, AuditLogIsAppendOnly) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->append_audit(contract::audit(1, "login", 0)).has_value());
  RawDb raw(path);
  struct Case {
    const char* name;
    const char* sql;
  };
  const Case cases[] = {
      {"update", "UPDATE audit_log SET action = 'logout'"},
      {"update of the hash", "UPDATE audit_log SET hash = 'ff' WHERE id = 1"},
      {"delete", "DELETE FROM audit_log WHERE id = 1"},
      {"delete all", "DELETE FROM audit_log"},
      // REPLACE deletes the old row without firing DELETE triggers (recursive_triggers is
      // off), so it needs a trigger of its own.
      {"replace",
       "REPLACE INTO audit_log(id, created_ms, actor_id, action, subject_id, "
       "detail_json, prev_hash, hash) VALUES(1, 0, 0, 'x', 0, '{}', '', '')"},
      {"insert or replace",
       "INSERT OR REPLACE INTO audit_log VALUES(1, 0, 0, 'x', 0, '{}', '', '')"},
      {"upsert",
       "INSERT INTO audit_log VALUES(1, 0, 0, 'x', 0, '{}', '', '') "
       "ON CONFLICT(id) DO UPDATE SET action = 'x'"},
  };
  for (const Case& c : cases) {
    const std::string error = raw.error_of(c.sql);
    EXPECT_NE(error.find("append-only"), std::string::npos) << c.name << ": '" << error << "'";
  }
  auto last = store->last_audit();
  ASSERT_TRUE(last.has_value() && last->has_value());
  EXPECT_EQ((*last)->action, "login");
  EXPECT_EQ((*last)->hash, "cd34");
  EXPECT_EQ(*store->append_audit(contract::audit(1, "logout", 0)), 2);
}

// Editing the log takes a schema change; the store then reads whatever is there (it is the
// hash chain's job to notice). This is how a test simulates tampering with the file.
void tamper_with_audit_log(const std::string& path, const std::string& sql) {
  RawDb raw(path);
  raw.exec(
      "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; "
      "DROP TRIGGER audit_log_no_replace; " +
      sql);
}

TEST(SqliteStoreTest, TamperingNeedsTheTriggersDropped) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  for (const char* action : {"a", "b", "c"}) {
    ASSERT_TRUE(store->append_audit(contract::audit(1, action, 0)).has_value());
  }
  tamper_with_audit_log(path,
                        "UPDATE audit_log SET action = 'edited' WHERE id = 2; "
                        "DELETE FROM audit_log WHERE id = 3");
  auto all = store->audit_after(0, 10);
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].action, "edited");
  EXPECT_EQ((*store->last_audit())->id, 2);
}

// erase_user: query every table for what is left of the person.
TEST(SqliteStoreTest, EraseUserLeavesNoPersonalDataInAnyTable) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  const std::int64_t gone = *store->create_user(contract::member("Hanako", "hanako"));
  const std::int64_t other = *store->create_user(contract::guest("Taro"));
  ASSERT_TRUE(store->create_session(contract::session(gone, "g1", "dev")).has_value());
  ASSERT_TRUE(store->create_session(contract::session(gone, "g2")).has_value());
  ASSERT_TRUE(store->create_session(contract::session(other, "o1")).has_value());
  ASSERT_TRUE(store->append_chat(contract::chat("plaza", gone, "秘密")).has_value());
  ASSERT_TRUE(store->append_chat(contract::chat("plaza", other, "hi")).has_value());
  ASSERT_TRUE(store->add_relation({gone, other, "mute", 1}).has_value());
  ASSERT_TRUE(store->add_relation({other, gone, "block", 1}).has_value());
  ASSERT_TRUE(store->create_application(contract::application(gone, "S1")).has_value());
  ASSERT_TRUE(store->erase_user(gone, 777).has_value());

  RawDb raw(path);
  const std::string id = std::to_string(gone);
  struct Case {
    std::string query;
    std::string want;
  };
  const Case cases[] = {
      {"SELECT quote(display_name) || avatar || role || quote(login_id) || "
       "quote(password_hash) || rules_version || deleted_ms FROM users WHERE id = " +
           id,
       "''0deletedNULLNULL0777"},
      {"SELECT count(*) FROM users WHERE display_name = 'Hanako' OR login_id = 'hanako'", "0"},
      {"SELECT count(*) FROM sessions WHERE user_id = " + id, "0"},
      {"SELECT count(*) FROM chat_messages WHERE user_id = " + id + " OR text = '秘密'", "0"},
      {"SELECT count(*) FROM relations WHERE user_id = " + id + " OR other_id = " + id, "0"},
      {"SELECT count(*) FROM clinician_applications WHERE user_id = " + id +
           " OR real_name = '佐藤 花子'",
       "0"},
      {"SELECT count(*) FROM sessions", "1"},
      {"SELECT count(*) FROM chat_messages", "1"},
  };
  for (const Case& c : cases) EXPECT_EQ(raw.text(c.query), c.want) << c.query;
}

// erase_user is one transaction: if any step fails, nothing is erased.
TEST(SqliteStoreTest, EraseUserIsAllOrNothing) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  const std::int64_t uid = *store->create_user(contract::member("Hanako", "hanako"));
  ASSERT_TRUE(store->create_session(contract::session(uid, "h")).has_value());
  ASSERT_TRUE(store->append_chat(contract::chat("plaza", uid, "hi")).has_value());
  ASSERT_TRUE(store->create_application(contract::application(uid, "S1")).has_value());
  RawDb(path).exec(
      "CREATE TRIGGER refuse BEFORE DELETE ON clinician_applications "
      "BEGIN SELECT RAISE(ABORT, 'refused'); END");
  auto erased = store->erase_user(uid, 777);
  ASSERT_FALSE(erased.has_value());
  EXPECT_EQ(erased.error().name(), "store_constraint");
  EXPECT_EQ((*store->find_user(uid))->login_id, "hanako");
  EXPECT_TRUE(store->find_session("h", 0)->has_value());
  EXPECT_EQ(store->recent_chat("plaza", 10)->size(), 1u);
  // The store is usable afterwards (no transaction left open).
  RawDb(path).exec("DROP TRIGGER refuse");
  EXPECT_TRUE(store->erase_user(uid, 778).has_value());
  EXPECT_EQ((*store->find_user(uid))->deleted_ms, 778);
}

TEST(SqliteStoreTest, DataSurvivesReopen) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  std::int64_t uid = 0;
  {
    auto store = open_store(path);
    ASSERT_NE(store, nullptr);
    uid = *store->create_user(contract::member("さくら", "sakura"));
    ASSERT_TRUE(store->create_session(contract::session(uid, "h")).has_value());
    ASSERT_TRUE(store->append_chat(contract::chat("plaza", uid, "まだいる？")).has_value());
  }
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  auto found = store->find_session("h", 0);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->user_id, uid);
  EXPECT_EQ((*store->find_user_by_login("sakura"))->id, uid);
  auto history = store->recent_chat("plaza", 10);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().text, "まだいる？");
}

// The durability promise: once append_chat returns, a SIGKILL (no destructors, no close)
// loses nothing.
TEST(SqliteStoreTest, AppendedChatSurvivesKill) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = SqliteStore::open(path);
    if (!store) _exit(1);
    auto uid = (*store)->create_user(contract::guest("a"));
    if (!uid || !(*store)->append_chat(contract::chat("plaza", *uid, "last words"))) _exit(2);
    kill(getpid(), SIGKILL);
    _exit(3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  auto history = store->recent_chat("plaza", 10);
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(history->front().text, "last words");
}

}  // namespace
}  // namespace tsunagu::store::sqlite
