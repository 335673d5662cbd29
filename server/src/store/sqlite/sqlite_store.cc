#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <string_view>
#include <utility>

#include "core/clock.h"
#include "store/sqlite/migrations.h"

namespace tsunagu::store::sqlite {

void DbCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }
void StatementFinalizer::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }

namespace {

using core::Code;
using core::fail;

// Long enough to ride out another process's checkpoint or migration, short enough that a
// stuck lock shows up as an error instead of a hung server.
constexpr int kBusyTimeoutMs = 5000;

// `rc` is an extended result code (extended codes are switched on at open).
core::Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + sqlite3_errstr(rc);
  if (db != nullptr && sqlite3_extended_errcode(db) == rc) {
    message += std::string(" (") + sqlite3_errmsg(db) + ")";
  }
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return core::Error(Code::kAlreadyExists, "store_conflict", std::move(message));
  }
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return core::Error(Code::kFailedPrecondition, "store_constraint", std::move(message));
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    return core::Error(Code::kUnavailable, "store_busy", std::move(message));
  }
  return core::Error(Code::kInternal, "internal", std::move(message));
}

core::Status exec(sqlite3* db, const char* sql, std::string_view what) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(db, rc, what));
  return {};
}

// Runs `sql` (used once, so not cached) and hands its first row to `read`; std::nullopt if
// there is no row.
template <typename Read>
auto query_one(sqlite3* db, const char* sql, Read read)
    -> core::Result<std::optional<decltype(read(nullptr))>> {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  const Statement statement(raw);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(db, rc, sql));
  rc = sqlite3_step(raw);
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) return std::unexpected(sqlite_error(db, rc, sql));
  return read(raw);
}

std::string first_text(sqlite3_stmt* s) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  return text != nullptr ? text : "";
}

std::int64_t first_int(sqlite3_stmt* s) { return sqlite3_column_int64(s, 0); }

// A write transaction that rolls back unless commit() succeeds. BEGIN IMMEDIATE takes the
// write lock up front, so two processes migrating the same file take turns instead of one
// failing half-way.
class Transaction {
 public:
  static core::Result<Transaction> begin(sqlite3* db) {
    if (auto s = exec(db, "BEGIN IMMEDIATE", "begin transaction"); !s) {
      return std::unexpected(s.error());
    }
    return Transaction(db);
  }
  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction() {
    if (db_ != nullptr) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  core::Status commit() {
    auto s = exec(db_, "COMMIT", "commit");
    if (s) db_ = nullptr;
    return s;
  }

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

core::Result<DbHandle> open_connection(const std::string& path) {
  sqlite3* raw = nullptr;
  // NOMUTEX: the class is single-threaded by contract, so SQLite's own locking is dead weight.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);  // sqlite3_open_v2 may return a handle even on failure; it must be closed
  if (rc != SQLITE_OK) {
    return fail(Code::kUnavailable, "store_unavailable",
                "cannot open database " + path + ": " +
                    (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  return db;
}

// WAL lets readers and the writer overlap; synchronous=FULL fsyncs the WAL on every commit,
// which is what makes "committed when append_chat returns" hold across power loss. Opening a
// file where WAL cannot work (some network file systems) fails here rather than silently
// running with weaker guarantees.
core::Status configure(sqlite3* db, const std::string& path) {
  auto mode = query_one(db, "PRAGMA journal_mode = WAL", first_text);
  if (!mode) return std::unexpected(mode.error());
  if (*mode != "wal" && *mode != "memory") {
    return fail(Code::kUnavailable, "store_unavailable",
                "database " + path + " cannot use WAL journal mode (got '" + mode->value_or("") +
                    "'); put it on a local file system");
  }
  return exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", "configure");
}

core::Result<std::int64_t> schema_version(sqlite3* db) {
  auto v = query_one(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", first_int);
  if (!v) return std::unexpected(v.error());
  return v->value_or(0);
}

// A file written by a newer server may hold tables or meanings this build does not know;
// writing to it could corrupt them, so it is refused outright.
core::Status refuse_newer_schema(sqlite3* db, const std::string& path) {
  auto version = schema_version(db);
  if (!version) return std::unexpected(version.error());
  const int known = migrations().empty() ? 0 : migrations().back().version;
  if (*version <= known) return {};
  return fail(Code::kFailedPrecondition, "store_schema_too_new",
              "database " + path + " has schema version " + std::to_string(*version) +
                  ", newer than this server's " + std::to_string(known) +
                  "; upgrade tsunagu or use another database file");
}

// Applies `m` in its own transaction unless the database already has it. The version is
// read again inside the transaction, in case another process migrated meanwhile.
core::Status apply_if_new(sqlite3* db, const Migration& m) {
  auto tx = Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto version = schema_version(db);
  if (!version) return std::unexpected(version.error());
  if (*version >= m.version) return {};  // rolls back an empty transaction
  const std::string what = "migration " + std::to_string(m.version);
  if (auto s = exec(db, std::string(m.sql).c_str(), what); !s) return s;
  const std::string record = "INSERT INTO schema_migrations(version, applied_ms) VALUES(" +
                             std::to_string(m.version) + ", " +
                             std::to_string(core::SystemClock().unix_ms()) + ")";
  if (auto s = exec(db, record.c_str(), what); !s) return s;
  return tx->commit();
}

core::Status migrate(sqlite3* db, const std::string& path) {
  const char* kCreateMigrations =
      "CREATE TABLE IF NOT EXISTS schema_migrations("
      "version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)";
  if (auto s = exec(db, kCreateMigrations, "create schema_migrations"); !s) return s;
  if (auto s = refuse_newer_schema(db, path); !s) return s;
  for (const Migration& m : migrations()) {
    if (auto s = apply_if_new(db, m); !s) return s;
  }
  return {};
}

// Resets a cached statement when the call that uses it ends, whatever the path out, so the
// next call finds it ready and no bound copy of a token hash lingers.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* statement) : statement_(statement) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }

 private:
  sqlite3_stmt* statement_;
};

struct Blob {
  std::string_view bytes;
};

// SQLITE_TRANSIENT copies the value, so a binding never outlives the caller's string. A
// string_view may have a null data() when empty; "" keeps it an empty TEXT, not NULL.
int bind(sqlite3_stmt* s, int i, std::int64_t v) { return sqlite3_bind_int64(s, i, v); }
int bind(sqlite3_stmt* s, int i, std::string_view text) {
  return sqlite3_bind_text64(s, i, text.data() != nullptr ? text.data() : "", text.size(),
                             SQLITE_TRANSIENT, SQLITE_UTF8);
}
int bind(sqlite3_stmt* s, int i, Blob blob) {
  return sqlite3_bind_blob64(s, i, blob.bytes.data() != nullptr ? blob.bytes.data() : "",
                             blob.bytes.size(), SQLITE_TRANSIENT);
}

// Binds the arguments to parameters ?1, ?2, … in order; stops at the first failure.
template <typename... Args>
int bind_all(sqlite3_stmt* s, const Args&... args) {
  int i = 0;
  int rc = SQLITE_OK;
  ((rc = rc == SQLITE_OK ? bind(s, ++i, args) : rc), ...);
  return rc;
}

std::string column_string(sqlite3_stmt* s, int i) {
  // Fetch the pointer before the size: that order is what SQLite documents as safe.
  const void* data = sqlite3_column_blob(s, i);
  const int size = sqlite3_column_bytes(s, i);
  return data != nullptr ? std::string(static_cast<const char*>(data), size) : std::string();
}

SessionRecord read_session(sqlite3_stmt* s) {
  SessionRecord r;
  r.id = sqlite3_column_int64(s, 0);
  r.token_hash = column_string(s, 1);
  r.display_name = column_string(s, 2);
  r.avatar = sqlite3_column_int(s, 3);
  r.created_ms = sqlite3_column_int64(s, 4);
  r.last_seen_ms = sqlite3_column_int64(s, 5);
  return r;
}

ChatRecord read_chat(sqlite3_stmt* s) {
  ChatRecord r;
  r.id = sqlite3_column_int64(s, 0);
  r.space = column_string(s, 1);
  r.session_id = sqlite3_column_int64(s, 2);  // 0 once the session is deleted (NULL)
  r.display_name = column_string(s, 3);
  r.avatar = sqlite3_column_int(s, 4);
  r.text = column_string(s, 5);
  r.created_ms = sqlite3_column_int64(s, 6);
  return r;
}

// Wraps an error with the database path, for the logs of someone fixing a deployment.
std::unexpected<core::Error> at_path(const core::Error& e, const std::string& path) {
  if (e.message().find(path) != std::string::npos) return std::unexpected(e);
  return std::unexpected(core::Error(e.code(), e.name(), path + ": " + e.message()));
}

}  // namespace

core::Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  auto db = open_connection(path);
  if (!db) return std::unexpected(db.error());
  if (auto s = configure(db->get(), path); !s) return at_path(s.error(), path);
  if (auto s = migrate(db->get(), path); !s) return at_path(s.error(), path);
  auto store = std::make_unique<SqliteStore>(Key(), std::move(*db));
  if (auto s = store->prepare_statements(); !s) return at_path(s.error(), path);
  return store;
}

SqliteStore::SqliteStore(Key, DbHandle db) : db_(std::move(db)) {}

SqliteStore::~SqliteStore() = default;

core::Result<Statement> SqliteStore::prepare(const char* sql) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  Statement statement(raw);
  if (rc != SQLITE_OK) return std::unexpected(error(rc, sql));
  return statement;
}

core::Status SqliteStore::prepare_statements() {
  struct Entry {
    Statement* slot;
    const char* sql;
  };
  const Entry entries[] = {
      {&insert_session_,
       "INSERT INTO sessions(token_hash, display_name, avatar, created_ms, last_seen_ms) "
       "VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&find_session_,
       "SELECT id, token_hash, display_name, avatar, created_ms, last_seen_ms FROM sessions "
       "WHERE token_hash = ?1 AND last_seen_ms >= ?2"},
      // MAX(): a wall clock stepping back must not make a session look older than it is.
      {&touch_session_, "UPDATE sessions SET last_seen_ms = MAX(last_seen_ms, ?2) WHERE id = ?1"},
      {&insert_chat_,
       "INSERT INTO chat_messages(space, session_id, display_name, avatar, text, created_ms) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
      // Newest N by the (space, id) index, then turned around to oldest first.
      {&recent_chat_,
       "SELECT id, space, session_id, display_name, avatar, text, created_ms FROM ("
       "SELECT * FROM chat_messages WHERE space = ?1 ORDER BY id DESC LIMIT ?2"
       ") ORDER BY id ASC"},
  };
  for (const Entry& e : entries) {
    auto statement = prepare(e.sql);
    if (!statement) return std::unexpected(statement.error());
    *e.slot = std::move(*statement);
  }
  return {};
}

core::Error SqliteStore::error(int rc, const char* what) const {
  return sqlite_error(db_.get(), rc, what);
}

core::Status SqliteStore::step_done(sqlite3_stmt* statement, const char* what) {
  const int rc = sqlite3_step(statement);
  if (rc != SQLITE_DONE) return std::unexpected(error(rc, what));
  return {};
}

core::Result<std::int64_t> SqliteStore::create_session(const SessionRecord& session) {
  sqlite3_stmt* s = insert_session_.get();
  const ResetOnExit reset(s);
  const int rc = bind_all(s, Blob{session.token_hash}, std::string_view(session.display_name),
                          std::int64_t{session.avatar}, session.created_ms, session.last_seen_ms);
  if (rc != SQLITE_OK) return std::unexpected(error(rc, "create_session"));
  if (auto done = step_done(s, "create_session"); !done) return std::unexpected(done.error());
  return sqlite3_last_insert_rowid(db_.get());
}

core::Result<std::optional<SessionRecord>> SqliteStore::find_session(
    const std::string& token_hash, std::int64_t min_last_seen_ms) {
  sqlite3_stmt* s = find_session_.get();
  const ResetOnExit reset(s);
  const int bound = bind_all(s, Blob{token_hash}, min_last_seen_ms);
  if (bound != SQLITE_OK) return std::unexpected(error(bound, "find_session"));
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) return std::optional<SessionRecord>();
  if (rc != SQLITE_ROW) return std::unexpected(error(rc, "find_session"));
  return read_session(s);  // token_hash is UNIQUE: at most one row
}

core::Status SqliteStore::touch_session(std::int64_t id, std::int64_t last_seen_ms) {
  sqlite3_stmt* s = touch_session_.get();
  const ResetOnExit reset(s);
  const int rc = bind_all(s, id, last_seen_ms);
  if (rc != SQLITE_OK) return std::unexpected(error(rc, "touch_session"));
  if (auto done = step_done(s, "touch_session"); !done) return done;
  if (sqlite3_changes(db_.get()) == 0) {
    return fail(Code::kNotFound, "not_found", "touch_session: no session " + std::to_string(id));
  }
  return {};
}

core::Result<std::int64_t> SqliteStore::append_chat(const ChatRecord& m) {
  sqlite3_stmt* s = insert_chat_.get();
  const ResetOnExit reset(s);
  const int rc =
      bind_all(s, std::string_view(m.space), m.session_id, std::string_view(m.display_name),
               std::int64_t{m.avatar}, std::string_view(m.text), m.created_ms);
  if (rc != SQLITE_OK) return std::unexpected(error(rc, "append_chat"));
  // Autocommit: the statement is its own transaction, fsynced (synchronous=FULL) before
  // sqlite3_step returns.
  if (auto done = step_done(s, "append_chat"); !done) return std::unexpected(done.error());
  return sqlite3_last_insert_rowid(db_.get());
}

core::Result<std::vector<ChatRecord>> SqliteStore::recent_chat(const std::string& space,
                                                               int limit) {
  std::vector<ChatRecord> out;
  // SQLite reads a negative LIMIT as "no limit"; here it means nothing was asked for.
  if (limit <= 0) return out;
  sqlite3_stmt* s = recent_chat_.get();
  const ResetOnExit reset(s);
  const int bound = bind_all(s, std::string_view(space), std::int64_t{limit});
  if (bound != SQLITE_OK) return std::unexpected(error(bound, "recent_chat"));
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) out.push_back(read_chat(s));
  if (rc != SQLITE_DONE) return std::unexpected(error(rc, "recent_chat"));
  return out;
}

}  // namespace tsunagu::store::sqlite
