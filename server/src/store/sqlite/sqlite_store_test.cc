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

namespace tsunagu::store::sqlite {
namespace {

using namespace std::string_literals;

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
  explicit RawDb(const std::string& path) { sqlite3_open(path.c_str(), &db_); }
  ~RawDb() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err;
  }
  std::string text(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr);
    std::string out;
    if (s != nullptr && sqlite3_step(s) == SQLITE_ROW) {
      const auto* t = sqlite3_column_text(s, 0);
      out = t != nullptr ? reinterpret_cast<const char*>(t) : "";
    }
    sqlite3_finalize(s);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

SessionRecord session(const std::string& hash, std::int64_t last_seen_ms = 1000) {
  return SessionRecord{.token_hash = hash,
                       .display_name = "さくら",
                       .avatar = 2,
                       .created_ms = 500,
                       .last_seen_ms = last_seen_ms};
}

ChatRecord chat(const std::string& space, std::int64_t session_id, const std::string& text) {
  return ChatRecord{.space = space,
                    .session_id = session_id,
                    .display_name = "山田 太郎",
                    .avatar = 3,
                    .text = text,
                    .created_ms = 1'760'000'000'123};
}

TEST(MigrationsTest, VersionsCountUpFromOne) {
  int want = 1;
  for (const Migration& m : migrations()) {
    EXPECT_EQ(m.version, want++);
    EXPECT_FALSE(m.sql.empty());
  }
  EXPECT_GE(migrations().size(), 2u);
}

TEST(SqliteStoreTest, OpensInMemory) { EXPECT_NE(open_store(":memory:"), nullptr); }

TEST(SqliteStoreTest, FileIsInWalModeWithEveryMigration) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  ASSERT_NE(open_store(path), nullptr);
  RawDb raw(path);
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.text("SELECT group_concat(version) FROM schema_migrations ORDER BY version"),
            "1,2");
}

TEST(SqliteStoreTest, ReopenDoesNotReapplyMigrations) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  ASSERT_NE(open_store(path), nullptr);
  const std::string before =
      RawDb(path).text("SELECT group_concat(version || ':' || applied_ms) FROM schema_migrations");
  for (int i = 0; i < 3; ++i) ASSERT_NE(open_store(path), nullptr);
  const std::string after =
      RawDb(path).text("SELECT group_concat(version || ':' || applied_ms) FROM schema_migrations");
  EXPECT_EQ(after, before);
}

// A database left by an older build (only migration 1) gets exactly the missing ones.
TEST(SqliteStoreTest, ReopenAppliesOnlyNewMigrations) {
  TempDir dir;
  const std::string path = dir.path("old.db");
  {
    RawDb raw(path);
    raw.exec(
        "CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, "
        "applied_ms INTEGER NOT NULL)");
    raw.exec(std::string(migrations()[0].sql));
    raw.exec("INSERT INTO schema_migrations VALUES(1, 42)");
    raw.exec(
        "INSERT INTO sessions(token_hash, display_name, avatar, created_ms, last_seen_ms) "
        "VALUES(x'01', 'old', 1, 1, 1)");
  }
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  RawDb raw(path);
  EXPECT_EQ(raw.text("SELECT applied_ms FROM schema_migrations WHERE version = 1"), "42");
  EXPECT_EQ(raw.text("SELECT count(*) FROM schema_migrations"), "2");
  EXPECT_EQ(raw.text("SELECT display_name FROM sessions"), "old");
  EXPECT_TRUE(store->append_chat(chat("plaza", 1, "hi")).has_value());
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

TEST(SqliteStoreTest, CreatesAndFindsSessions) {
  auto store = open_store(":memory:");
  ASSERT_NE(store, nullptr);
  // Raw hash bytes, including NUL and 0xFF, must survive as a BLOB.
  const std::string hash = "\0\xff\x01"s + std::string(29, 'h');
  auto id = store->create_session(session(hash));
  ASSERT_TRUE(id.has_value()) << id.error().message();
  auto second = store->create_session(session("other"));
  ASSERT_TRUE(second.has_value());
  EXPECT_GT(*second, *id);

  auto found = store->find_session(hash, 0);
  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(found->has_value());
  const SessionRecord& s = **found;
  EXPECT_EQ(s.id, *id);
  EXPECT_EQ(s.token_hash, hash);
  EXPECT_EQ(s.display_name, "さくら");
  EXPECT_EQ(s.avatar, 2);
  EXPECT_EQ(s.created_ms, 500);
  EXPECT_EQ(s.last_seen_ms, 1000);

  auto missing = store->find_session("\0\xff\x02"s + std::string(29, 'h'), 0);
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
}

// Sessions last seen before min_last_seen_ms are expired; the boundary itself is alive.
TEST(SqliteStoreTest, FindSkipsExpiredSessions) {
  auto store = open_store(":memory:");
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->create_session(session("h", 1000)).has_value());
  struct Case {
    std::int64_t min_last_seen_ms;
    bool found;
  };
  for (const Case c : {Case{0, true}, Case{999, true}, Case{1000, true}, Case{1001, false}}) {
    auto found = store->find_session("h", c.min_last_seen_ms);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->has_value(), c.found) << "min_last_seen_ms=" << c.min_last_seen_ms;
  }
}

TEST(SqliteStoreTest, TouchMovesLastSeenForwardOnly) {
  auto store = open_store(":memory:");
  ASSERT_NE(store, nullptr);
  auto id = store->create_session(session("h", 1000));
  ASSERT_TRUE(id.has_value());
  ASSERT_TRUE(store->touch_session(*id, 5000).has_value());
  EXPECT_TRUE(store->find_session("h", 5000)->has_value());
  ASSERT_TRUE(store->touch_session(*id, 3000).has_value());
  EXPECT_EQ((*store->find_session("h", 0))->last_seen_ms, 5000);

  auto unknown = store->touch_session(*id + 100, 6000);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().name(), "not_found");
}

TEST(SqliteStoreTest, DuplicateTokenHashIsAConflict) {
  auto store = open_store(":memory:");
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->create_session(session("same")).has_value());
  auto again = store->create_session(session("same"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().name(), "store_conflict");
  EXPECT_EQ(again.error().code(), core::Code::kAlreadyExists);
  // The failed insert left the cached statement usable.
  EXPECT_TRUE(store->create_session(session("different")).has_value());
}

TEST(SqliteStoreTest, ChatNeedsAnExistingSession) {
  auto store = open_store(":memory:");
  ASSERT_NE(store, nullptr);
  auto appended = store->append_chat(chat("plaza", 12345, "hi"));
  ASSERT_FALSE(appended.has_value());
  EXPECT_EQ(appended.error().name(), "store_constraint");
}

TEST(SqliteStoreTest, RecentChatIsNewestNOldestFirst) {
  auto store = open_store(":memory:");
  ASSERT_NE(store, nullptr);
  const std::int64_t sid = *store->create_session(session("h"));
  std::vector<std::int64_t> plaza_ids;
  for (int i = 0; i < 10; ++i) {
    auto id = store->append_chat(chat("plaza", sid, "p" + std::to_string(i)));
    ASSERT_TRUE(id.has_value()) << id.error().message();
    if (!plaza_ids.empty()) {
      EXPECT_GT(*id, plaza_ids.back());
    }
    plaza_ids.push_back(*id);
    if (i % 2 == 0) {
      ASSERT_TRUE(store->append_chat(chat("cafe", sid, "c")).has_value());
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
    auto got = store->recent_chat(c.space, c.limit);
    ASSERT_TRUE(got.has_value()) << got.error().message();
    std::vector<std::string> texts;
    for (const ChatRecord& r : *got) {
      texts.push_back(r.text);
      EXPECT_EQ(r.space, c.space);
    }
    EXPECT_EQ(texts, c.want) << c.space << " limit " << c.limit;
  }
  auto last = store->recent_chat("plaza", 1);
  ASSERT_EQ(last->size(), 1u);
  const ChatRecord& r = last->front();
  EXPECT_EQ(r.id, plaza_ids.back());
  EXPECT_EQ(r.session_id, sid);
  EXPECT_EQ(r.display_name, "山田 太郎");
  EXPECT_EQ(r.avatar, 3);
  EXPECT_EQ(r.created_ms, 1'760'000'000'123);
}

// Text is bound as a parameter, never spliced into SQL: whatever comes in is what comes out.
TEST(SqliteStoreTest, TextRoundTripsVerbatim) {
  auto store = open_store(":memory:");
  ASSERT_NE(store, nullptr);
  const std::int64_t sid = *store->create_session(session("h"));
  const std::string texts[] = {
      "こんにちは、世界！",
      "🌸👩🏽\u200d💻🇯🇵 絵文字",
      "'); DROP TABLE chat_messages; --",
      "Robert'); DELETE FROM sessions WHERE ('1'='1",
      "\" OR 1=1 --",
      "100% _wild_ \\backslash\\ ?1 :name @x $y",
      "line one\nline two\r\n\ttab",
      "nul\0inside"s,
      "",
      std::string(4000, 'x'),
  };
  for (const std::string& text : texts) {
    ASSERT_TRUE(store->append_chat(chat("it's \"quoted\"", sid, text)).has_value());
  }
  auto got = store->recent_chat("it's \"quoted\"", 100);
  ASSERT_TRUE(got.has_value());
  ASSERT_EQ(got->size(), std::size(texts));
  for (size_t i = 0; i < got->size(); ++i) EXPECT_EQ((*got)[i].text, texts[i]) << i;
  EXPECT_EQ(store->recent_chat("plaza", 10)->size(), 0u);
  EXPECT_TRUE(store->find_session("h", 0)->has_value());
}

TEST(SqliteStoreTest, DataSurvivesReopen) {
  TempDir dir;
  const std::string path = dir.path("t.db");
  std::int64_t sid = 0;
  {
    auto store = open_store(path);
    ASSERT_NE(store, nullptr);
    sid = *store->create_session(session("h"));
    ASSERT_TRUE(store->append_chat(chat("plaza", sid, "まだいる？")).has_value());
  }
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  auto found = store->find_session("h", 0);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->id, sid);
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
    auto sid = (*store)->create_session(session("h"));
    if (!sid || !(*store)->append_chat(chat("plaza", *sid, "last words")).has_value()) _exit(2);
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
