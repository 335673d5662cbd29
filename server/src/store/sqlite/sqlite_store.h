#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/store.h"

// Forward declarations, so that only sqlite_store.cc includes <sqlite3.h>.
struct sqlite3;
struct sqlite3_stmt;

namespace tsunagu::store::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const;
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const;
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// The default Store: one SQLite database file in WAL mode with synchronous=FULL, so a write is
// on disk when the call returns (a chat message survives a kill or power cut right after
// append_chat). The schema is brought up to date by open() (see migrations.h).
//
// Errors carry these names: "store_unavailable" (cannot open), "store_schema_too_new" (the
// file was written by a newer server), "store_conflict" (a UNIQUE column, e.g. token_hash,
// already holds the value), "store_constraint" (another constraint, e.g. an unknown
// session_id), "store_busy" (another process held the lock past the busy timeout), "not_found"
// (touch_session of an unknown id) and "internal". Only not_found and internal are wire names;
// callers map the rest to "internal".
//
// Thread-safety: not thread-safe. One thread at a time (the connection is opened without
// SQLite's mutex and the cached statements are shared). Other processes may open the same
// file; they wait for each other's locks up to the busy timeout.
class SqliteStore final : public Store {
  struct Key {
    explicit Key() = default;
  };

 public:
  // Opens or creates the database at `path` (":memory:" for a private in-memory database)
  // and applies the migrations it lacks. Refuses a database whose schema is newer than this
  // build.
  static core::Result<std::unique_ptr<SqliteStore>> open(const std::string& path);

  SqliteStore(Key, DbHandle db);  // use open()
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  core::Result<std::int64_t> create_session(const SessionRecord& session) override;
  core::Result<std::optional<SessionRecord>> find_session(const std::string& token_hash,
                                                          std::int64_t min_last_seen_ms) override;
  core::Status touch_session(std::int64_t id, std::int64_t last_seen_ms) override;

  core::Result<std::int64_t> append_chat(const ChatRecord& message) override;
  core::Result<std::vector<ChatRecord>> recent_chat(const std::string& space, int limit) override;

 private:
  core::Status prepare_statements();
  core::Result<Statement> prepare(const char* sql);
  core::Status step_done(sqlite3_stmt* statement, const char* what);
  core::Error error(int rc, const char* what) const;

  // Declared first so it is destroyed last, after the statements that belong to it.
  DbHandle db_;
  // Prepared once in open(), reused for every call (reset after each use).
  Statement insert_session_;
  Statement find_session_;
  Statement touch_session_;
  Statement insert_chat_;
  Statement recent_chat_;
};

}  // namespace tsunagu::store::sqlite
