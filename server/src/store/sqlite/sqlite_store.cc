#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <utility>

#include "core/clock.h"
#include "store/sqlite/migrations.h"

namespace tsunagu::store::sqlite {

// Shared with the side stores (sqlite_query.cc); only this one function, because the rest of
// sqlite_query.h would clash with this file's own prepared-statement cache and Transaction.
core::Error sqlite_error(sqlite3* db, int rc, std::string_view what);

void DbCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }
void StatementFinalizer::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }

namespace {

using core::Code;
using core::fail;

// Long enough to ride out another process's checkpoint or migration, short enough that a
// stuck lock shows up as an error instead of a hung server.
constexpr int kBusyTimeoutMs = 5000;

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
  return exec(db, "PRAGMA synchronous = FULL", "configure");
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
  // Foreign keys are off while migrating (see migrate()), so check what the migration left.
  auto broken = query_one(db, "PRAGMA foreign_key_check", first_text);
  if (!broken) return std::unexpected(broken.error());
  if (broken->has_value()) {
    return fail(Code::kInternal, "internal",
                what + " leaves rows in table " + **broken + " that break a foreign key");
  }
  const std::string record = "INSERT INTO schema_migrations(version, applied_ms) VALUES(" +
                             std::to_string(m.version) + ", " +
                             std::to_string(core::SystemClock().unix_ms()) + ")";
  if (auto s = exec(db, record.c_str(), what); !s) return s;
  return tx->commit();
}

// Migrations run with foreign keys off, as SQLite's 12-step table rebuild requires: with them
// on, dropping the old copy of a table would fire ON DELETE actions on the rows referring to
// it. The pragma is a no-op inside a transaction, so it is set here, before any begins, and
// open() switches enforcement on once the schema is current.
core::Status migrate(sqlite3* db, const std::string& path) {
  if (auto s = exec(db, "PRAGMA foreign_keys = OFF", "disable foreign keys"); !s) return s;
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
// next call finds it ready and no bound copy of a token or password hash lingers.
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

// Parameter types beyond integers and text. Hashes are raw bytes, so they are BLOBs. The
// *OrNull kinds store "" as NULL: a guest's login_id must be NULL for UNIQUE to allow many
// guests, and an absent device hash must never equal another absent one.
struct Blob {
  std::string_view bytes;
};
struct BlobOrNull {
  std::string_view bytes;
};
struct TextOrNull {
  std::string_view text;
};

// SQLITE_TRANSIENT copies the value, so a binding never outlives the caller's string. A
// string_view may have a null data() when empty; "" keeps it an empty TEXT, not NULL.
int bind(sqlite3_stmt* s, int i, std::int64_t v) { return sqlite3_bind_int64(s, i, v); }
int bind(sqlite3_stmt* s, int i, int v) { return sqlite3_bind_int64(s, i, v); }
int bind(sqlite3_stmt* s, int i, std::string_view text) {
  return sqlite3_bind_text64(s, i, text.data() != nullptr ? text.data() : "", text.size(),
                             SQLITE_TRANSIENT, SQLITE_UTF8);
}
int bind(sqlite3_stmt* s, int i, const std::string& text) {
  return bind(s, i, std::string_view(text));
}
int bind(sqlite3_stmt* s, int i, Blob blob) {
  return sqlite3_bind_blob64(s, i, blob.bytes.data() != nullptr ? blob.bytes.data() : "",
                             blob.bytes.size(), SQLITE_TRANSIENT);
}
int bind(sqlite3_stmt* s, int i, BlobOrNull blob) {
  return blob.bytes.empty() ? sqlite3_bind_null(s, i) : bind(s, i, Blob{blob.bytes});
}
int bind(sqlite3_stmt* s, int i, TextOrNull text) {
  return text.text.empty() ? sqlite3_bind_null(s, i) : bind(s, i, text.text);
}

// Binds the arguments to parameters ?1, ?2, … in order; stops at the first failure.
template <typename... Args>
int bind_all([[maybe_unused]] sqlite3_stmt* s, const Args&... args) {
  [[maybe_unused]] int i = 0;
  int rc = SQLITE_OK;
  ((rc = rc == SQLITE_OK ? bind(s, ++i, args) : rc), ...);
  return rc;
}

// NULL reads as "" or 0, the "absent" value of every record field.
std::string column_string(sqlite3_stmt* s, int i) {
  // Fetch the pointer before the size: that order is what SQLite documents as safe.
  const void* data = sqlite3_column_blob(s, i);
  const int size = sqlite3_column_bytes(s, i);
  return data != nullptr ? std::string(static_cast<const char*>(data), size) : std::string();
}
void read_column(sqlite3_stmt* s, int i, std::int64_t& v) { v = sqlite3_column_int64(s, i); }
void read_column(sqlite3_stmt* s, int i, int& v) { v = sqlite3_column_int(s, i); }
void read_column(sqlite3_stmt* s, int i, std::string& v) { v = column_string(s, i); }

// Reads columns 0, 1, … of the current row into `fields`, in order.
template <typename... Fields>
void read_row(sqlite3_stmt* s, Fields&... fields) {
  int i = 0;
  (read_column(s, i++, fields), ...);
}

// Column lists, in the order the read_* functions below expect. Macros so that each query is
// one string literal, a stable key for the statement cache.
#define TSUNAGU_USER_COLUMNS \
  "id, display_name, avatar, role, login_id, password_hash, rules_version, created_ms, deleted_ms"
#define TSUNAGU_SESSION_COLUMNS "id, user_id, token_hash, device_hash, created_ms, last_seen_ms"
#define TSUNAGU_CHAT_COLUMNS "id, space, user_id, display_name, avatar, text, created_ms"
#define TSUNAGU_APPLICATION_COLUMNS                                                              \
  "id, user_id, real_name, registration_number, specialty, affiliation, status, decision_note, " \
  "decided_by, created_ms, decided_ms"
#define TSUNAGU_RELATION_COLUMNS "user_id, other_id, kind, created_ms"
#define TSUNAGU_REPORT_COLUMNS                                                             \
  "id, reporter_id, subject_id, message_id, space, reason, detail, context_json, status, " \
  "resolution, resolved_by, created_ms, resolved_ms"
#define TSUNAGU_BAN_COLUMNS \
  "id, user_id, device_hash, reason, created_by, created_ms, until_ms, lifted_ms, lifted_by"
#define TSUNAGU_AUDIT_COLUMNS \
  "id, created_ms, actor_id, action, subject_id, detail_json, prev_hash, hash"

UserRecord read_user(sqlite3_stmt* s) {
  UserRecord r;
  read_row(s, r.id, r.display_name, r.avatar, r.role, r.login_id, r.password_hash, r.rules_version,
           r.created_ms, r.deleted_ms);
  return r;
}

SessionRecord read_session(sqlite3_stmt* s) {
  SessionRecord r;
  read_row(s, r.id, r.user_id, r.token_hash, r.device_hash, r.created_ms, r.last_seen_ms);
  return r;
}

// user_id is 0 for messages carried over from before accounts whose session was gone.
ChatRecord read_chat(sqlite3_stmt* s) {
  ChatRecord r;
  read_row(s, r.id, r.space, r.user_id, r.display_name, r.avatar, r.text, r.created_ms);
  return r;
}

ClinicianApplication read_application(sqlite3_stmt* s) {
  ClinicianApplication r;
  read_row(s, r.id, r.user_id, r.real_name, r.registration_number, r.specialty, r.affiliation,
           r.status, r.decision_note, r.decided_by, r.created_ms, r.decided_ms);
  return r;
}

RosterEntry read_roster(sqlite3_stmt* s) {
  RosterEntry r;
  read_row(s, r.registration_number, r.name, r.specialty);
  return r;
}

Relation read_relation(sqlite3_stmt* s) {
  Relation r;
  read_row(s, r.user_id, r.other_id, r.kind, r.created_ms);
  return r;
}

ReportRecord read_report(sqlite3_stmt* s) {
  ReportRecord r;
  read_row(s, r.id, r.reporter_id, r.subject_id, r.message_id, r.space, r.reason, r.detail,
           r.context_json, r.status, r.resolution, r.resolved_by, r.created_ms, r.resolved_ms);
  return r;
}

BanRecord read_ban(sqlite3_stmt* s) {
  BanRecord r;
  read_row(s, r.id, r.user_id, r.device_hash, r.reason, r.created_by, r.created_ms, r.until_ms,
           r.lifted_ms, r.lifted_by);
  return r;
}

AuditRecord read_audit(sqlite3_stmt* s) {
  AuditRecord r;
  read_row(s, r.id, r.created_ms, r.actor_id, r.action, r.subject_id, r.detail_json, r.prev_hash,
           r.hash);
  return r;
}

std::int64_t read_id(sqlite3_stmt* s) { return sqlite3_column_int64(s, 0); }
std::string read_bytes(sqlite3_stmt* s) { return column_string(s, 0); }

// A LIKE pattern matching `text` anywhere, with its own % _ and \ taken literally (the queries
// say ESCAPE '\').
std::string contains_pattern(std::string_view text) {
  std::string out = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

// active_ban binds device hashes in batches of this size (unused slots NULL, which equals
// nothing), so one cached statement serves any number of devices.
constexpr std::size_t kBanDeviceBatch = 8;

const std::string& active_ban_sql() {
  static const std::string sql = [] {
    std::string s = "SELECT " TSUNAGU_BAN_COLUMNS
                    " FROM bans WHERE lifted_ms = 0 AND (until_ms = 0 OR until_ms > ?2)"
                    " AND ((user_id = ?1 AND ?1 != 0) OR device_hash IN (";
    for (std::size_t i = 0; i < kBanDeviceBatch; ++i) {
      s += (i == 0 ? "?" : ", ?") + std::to_string(i + 3);
    }
    s += ")) ORDER BY id DESC LIMIT 1";
    return s;
  }();
  return sql;
}

// For statements that return no rows, or rows nobody needs.
void ignore_rows(sqlite3_stmt*) {}

// Wraps an error with the database path, for the logs of someone fixing a deployment.
std::unexpected<core::Error> at_path(const core::Error& e, const std::string& path) {
  if (e.message().find(path) != std::string::npos) return std::unexpected(e);
  return std::unexpected(core::Error(e.code(), e.name(), path + ": " + e.message()));
}

std::unexpected<core::Error> not_found(std::string_view what, std::int64_t id) {
  return fail(Code::kNotFound, "not_found",
              std::string(what) + ": no row with id " + std::to_string(id));
}

}  // namespace

core::Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  auto db = open_connection(path);
  if (!db) return std::unexpected(db.error());
  if (auto s = configure(db->get(), path); !s) return at_path(s.error(), path);
  if (auto s = migrate(db->get(), path); !s) return at_path(s.error(), path);
  if (auto s = exec(db->get(), "PRAGMA foreign_keys = ON", "enable foreign keys"); !s) {
    return at_path(s.error(), path);
  }
  return std::make_unique<SqliteStore>(Key(), std::move(*db));
}

SqliteStore::SqliteStore(Key, DbHandle db) : db_(std::move(db)) {}

SqliteStore::~SqliteStore() = default;

core::Error SqliteStore::error(int rc, std::string_view what) const {
  return sqlite_error(db_.get(), rc, what);
}

core::Result<sqlite3_stmt*> SqliteStore::cached(std::string_view sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return it->second.get();
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  Statement statement(raw);
  if (rc != SQLITE_OK) return std::unexpected(error(rc, sql));
  // A second statement in the text would be silently ignored; that is a bug in this file.
  const std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
  if (raw == nullptr || rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    return fail(Code::kInternal, "internal", "not exactly one SQL statement: " + std::string(sql));
  }
  return statements_.emplace(std::string(sql), std::move(statement)).first->second.get();
}

template <typename OnRow, typename... Args>
core::Status SqliteStore::run(std::string_view sql, OnRow&& on_row, const Args&... args) {
  auto statement = cached(sql);
  if (!statement) return std::unexpected(statement.error());
  sqlite3_stmt* s = *statement;
  const ResetOnExit reset(s);
  if (const int rc = bind_all(s, args...); rc != SQLITE_OK) return std::unexpected(error(rc, sql));
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) on_row(s);
  if (rc != SQLITE_DONE) return std::unexpected(error(rc, sql));
  return {};
}

template <typename... Args>
core::Result<std::int64_t> SqliteStore::execute(std::string_view sql, const Args&... args) {
  if (auto s = run(sql, ignore_rows, args...); !s) return std::unexpected(s.error());
  return sqlite3_changes64(db_.get());
}

template <typename... Args>
core::Result<std::int64_t> SqliteStore::insert(std::string_view sql, const Args&... args) {
  // Outside a transaction the statement is its own, fsynced (synchronous=FULL) before
  // sqlite3_step returns: the row is durable when this returns.
  if (auto s = run(sql, ignore_rows, args...); !s) return std::unexpected(s.error());
  return sqlite3_last_insert_rowid(db_.get());
}

template <typename T, typename... Args>
core::Result<std::optional<T>> SqliteStore::select_one(std::string_view sql,
                                                       T (*read)(sqlite3_stmt*),
                                                       const Args&... args) {
  std::optional<T> out;
  const auto keep_first = [&](sqlite3_stmt* row) {
    if (!out) out = read(row);
  };
  auto s = run(sql, keep_first, args...);
  if (!s) return std::unexpected(s.error());
  return out;
}

template <typename T, typename... Args>
core::Result<std::vector<T>> SqliteStore::select_all(std::string_view sql, T (*read)(sqlite3_stmt*),
                                                     const Args&... args) {
  std::vector<T> out;
  const auto keep_all = [&](sqlite3_stmt* row) { out.push_back(read(row)); };
  auto s = run(sql, keep_all, args...);
  if (!s) return std::unexpected(s.error());
  return out;
}

template <typename... Args>
core::Status SqliteStore::update_one(std::string_view what, std::string_view sql,
                                     const Args&... args) {
  auto changed = execute(sql, args...);
  if (!changed) return std::unexpected(changed.error());
  // Every caller binds the id as ?1.
  if (*changed == 0) return not_found(what, std::get<0>(std::tie(args...)));
  return {};
}

// --- users

core::Result<std::int64_t> SqliteStore::create_user(const UserRecord& u) {
  return insert(
      "INSERT INTO users(display_name, avatar, role, login_id, password_hash, rules_version, "
      "created_ms, deleted_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      u.display_name, u.avatar, u.role, TextOrNull{u.login_id}, TextOrNull{u.password_hash},
      u.rules_version, u.created_ms, u.deleted_ms);
}

core::Result<std::optional<UserRecord>> SqliteStore::find_user(std::int64_t id) {
  return select_one("SELECT " TSUNAGU_USER_COLUMNS " FROM users WHERE id = ?1", read_user, id);
}

core::Result<std::optional<UserRecord>> SqliteStore::find_user_by_login(
    const std::string& login_id) {
  if (login_id.empty()) return std::nullopt;  // guests have none; NULL never matches anyway
  return select_one("SELECT " TSUNAGU_USER_COLUMNS " FROM users WHERE login_id = ?1", read_user,
                    login_id);
}

core::Status SqliteStore::update_user(const UserRecord& u) {
  return update_one("update_user",
                    "UPDATE users SET display_name = ?2, avatar = ?3, role = ?4, login_id = ?5, "
                    "password_hash = ?6, rules_version = ?7 WHERE id = ?1",
                    u.id, u.display_name, u.avatar, u.role, TextOrNull{u.login_id},
                    TextOrNull{u.password_hash}, u.rules_version);
}

core::Result<std::vector<UserRecord>> SqliteStore::list_users(const std::string& query, int limit) {
  // SQLite reads a negative LIMIT as "no limit"; here it means nothing was asked for.
  if (limit <= 0) return std::vector<UserRecord>();
  if (query.empty()) {
    return select_all("SELECT " TSUNAGU_USER_COLUMNS " FROM users ORDER BY id DESC LIMIT ?1",
                      read_user, limit);
  }
  // LIKE: substring, case-insensitive for ASCII letters only (as MemoryStore).
  return select_all("SELECT " TSUNAGU_USER_COLUMNS
                    " FROM users WHERE display_name LIKE ?1 ESCAPE '\\'"
                    " OR login_id LIKE ?1 ESCAPE '\\' ORDER BY id DESC LIMIT ?2",
                    read_user, contains_pattern(query), limit);
}

// One transaction: a failure half-way leaves the person's data whole rather than half-erased.
// created_ms stays (when the id came to be is not about the person); deleted_ms keeps the
// first erasure's time if called again.
core::Status SqliteStore::erase_user(std::int64_t id, std::int64_t now_ms) {
  auto tx = Transaction::begin(db_.get());
  if (!tx) return std::unexpected(tx.error());
  if (auto s = update_one("erase_user",
                          "UPDATE users SET display_name = '', avatar = 0, role = 'deleted', "
                          "login_id = NULL, password_hash = NULL, rules_version = 0, "
                          "deleted_ms = CASE WHEN deleted_ms = 0 THEN ?2 ELSE deleted_ms END "
                          "WHERE id = ?1",
                          id, now_ms);
      !s) {
    return s;
  }
  const char* const kDeletes[] = {
      "DELETE FROM sessions WHERE user_id = ?1",
      "DELETE FROM chat_messages WHERE user_id = ?1",
      "DELETE FROM relations WHERE user_id = ?1",
      "DELETE FROM relations WHERE other_id = ?1",
      "DELETE FROM clinician_applications WHERE user_id = ?1",
  };
  for (const char* sql : kDeletes) {
    if (auto s = execute(sql, id); !s) return std::unexpected(s.error());
  }
  return tx->commit();
}

// --- sessions

core::Result<std::int64_t> SqliteStore::create_session(const SessionRecord& s) {
  return insert(
      "INSERT INTO sessions(user_id, token_hash, device_hash, created_ms, last_seen_ms) "
      "VALUES(?1, ?2, ?3, ?4, ?5)",
      s.user_id, Blob{s.token_hash}, BlobOrNull{s.device_hash}, s.created_ms, s.last_seen_ms);
}

core::Result<std::optional<SessionRecord>> SqliteStore::find_session(
    const std::string& token_hash, std::int64_t min_last_seen_ms) {
  return select_one("SELECT " TSUNAGU_SESSION_COLUMNS
                    " FROM sessions WHERE token_hash = ?1 AND last_seen_ms >= ?2",
                    read_session, Blob{token_hash}, min_last_seen_ms);
}

core::Status SqliteStore::touch_session(std::int64_t id, std::int64_t last_seen_ms) {
  // MAX(): a wall clock stepping back must not make a session look older than it is.
  return update_one("touch_session",
                    "UPDATE sessions SET last_seen_ms = MAX(last_seen_ms, ?2) WHERE id = ?1", id,
                    last_seen_ms);
}

// Deleting what is already gone is not an error: sign-out and the expiry sweep may race.
core::Status SqliteStore::delete_session(std::int64_t id) {
  auto s = execute("DELETE FROM sessions WHERE id = ?1", id);
  if (!s) return std::unexpected(s.error());
  return {};
}

core::Status SqliteStore::delete_sessions_of_user(std::int64_t user_id,
                                                  std::int64_t keep_session_id) {
  auto s =
      execute("DELETE FROM sessions WHERE user_id = ?1 AND id != ?2", user_id, keep_session_id);
  if (!s) return std::unexpected(s.error());
  return {};
}

core::Result<std::vector<std::string>> SqliteStore::devices_of_user(std::int64_t user_id) {
  // Each device once, in the order first used.
  return select_all(
      "SELECT device_hash FROM sessions WHERE user_id = ?1 AND device_hash IS NOT NULL "
      "GROUP BY device_hash ORDER BY MIN(id)",
      read_bytes, user_id);
}

// --- chat

core::Result<std::int64_t> SqliteStore::append_chat(const ChatRecord& m) {
  return insert(
      "INSERT INTO chat_messages(space, user_id, display_name, avatar, text, created_ms) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
      m.space, m.user_id, m.display_name, m.avatar, m.text, m.created_ms);
}

core::Result<std::vector<ChatRecord>> SqliteStore::recent_chat(const std::string& space,
                                                               int limit) {
  if (limit <= 0) return std::vector<ChatRecord>();
  // Newest N by the (space, id) index, then turned around to oldest first.
  return select_all("SELECT " TSUNAGU_CHAT_COLUMNS
                    " FROM (SELECT * FROM chat_messages WHERE space = ?1 ORDER BY id DESC"
                    " LIMIT ?2) ORDER BY id ASC",
                    read_chat, space, limit);
}

core::Result<std::optional<ChatRecord>> SqliteStore::find_chat(std::int64_t id) {
  return select_one("SELECT " TSUNAGU_CHAT_COLUMNS " FROM chat_messages WHERE id = ?1", read_chat,
                    id);
}

// --- clinicians

core::Result<std::int64_t> SqliteStore::create_application(const ClinicianApplication& a) {
  return insert(
      "INSERT INTO clinician_applications(user_id, real_name, registration_number, specialty, "
      "affiliation, status, decision_note, decided_by, created_ms, decided_ms) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
      a.user_id, a.real_name, a.registration_number, a.specialty, a.affiliation, a.status,
      a.decision_note, a.decided_by, a.created_ms, a.decided_ms);
}

core::Result<std::optional<ClinicianApplication>> SqliteStore::find_application(std::int64_t id) {
  return select_one("SELECT " TSUNAGU_APPLICATION_COLUMNS
                    " FROM clinician_applications WHERE id = ?1",
                    read_application, id);
}

core::Result<std::optional<ClinicianApplication>> SqliteStore::latest_application_of(
    std::int64_t user_id) {
  return select_one("SELECT " TSUNAGU_APPLICATION_COLUMNS
                    " FROM clinician_applications WHERE user_id = ?1 ORDER BY id DESC LIMIT 1",
                    read_application, user_id);
}

core::Result<std::vector<ClinicianApplication>> SqliteStore::list_applications(
    const std::string& status, int limit) {
  if (limit <= 0) return std::vector<ClinicianApplication>();
  if (status.empty()) {
    return select_all("SELECT " TSUNAGU_APPLICATION_COLUMNS
                      " FROM clinician_applications ORDER BY id DESC LIMIT ?1",
                      read_application, limit);
  }
  return select_all("SELECT " TSUNAGU_APPLICATION_COLUMNS
                    " FROM clinician_applications WHERE status = ?1 ORDER BY id DESC LIMIT ?2",
                    read_application, status, limit);
}

core::Status SqliteStore::decide_application(const ClinicianApplication& a) {
  return update_one("decide_application",
                    "UPDATE clinician_applications SET status = ?2, decision_note = ?3, "
                    "decided_by = ?4, decided_ms = ?5 WHERE id = ?1",
                    a.id, a.status, a.decision_note, a.decided_by, a.decided_ms);
}

// One transaction: an import is all or nothing, and one fsync instead of one per row.
core::Status SqliteStore::upsert_roster(const std::vector<RosterEntry>& entries) {
  auto tx = Transaction::begin(db_.get());
  if (!tx) return std::unexpected(tx.error());
  for (const RosterEntry& e : entries) {
    auto s = execute(
        "INSERT INTO clinician_roster(registration_number, name, specialty) VALUES(?1, ?2, ?3) "
        "ON CONFLICT(registration_number) DO UPDATE SET name = excluded.name, "
        "specialty = excluded.specialty",
        e.registration_number, e.name, e.specialty);
    if (!s) return std::unexpected(s.error());
  }
  return tx->commit();
}

core::Result<std::optional<RosterEntry>> SqliteStore::find_roster(
    const std::string& registration_number) {
  return select_one(
      "SELECT registration_number, name, specialty FROM clinician_roster "
      "WHERE registration_number = ?1",
      read_roster, registration_number);
}

// --- relations

// Adding an existing relation keeps the first one (and its created_ms).
core::Status SqliteStore::add_relation(const Relation& r) {
  auto s = execute(
      "INSERT INTO relations(user_id, other_id, kind, created_ms) VALUES(?1, ?2, ?3, ?4) "
      "ON CONFLICT DO NOTHING",
      r.user_id, r.other_id, r.kind, r.created_ms);
  if (!s) return std::unexpected(s.error());
  return {};
}

// Removing an absent relation is not an error (as adding a present one).
core::Status SqliteStore::remove_relation(std::int64_t user_id, std::int64_t other_id,
                                          const std::string& kind) {
  auto s = execute("DELETE FROM relations WHERE user_id = ?1 AND other_id = ?2 AND kind = ?3",
                   user_id, other_id, kind);
  if (!s) return std::unexpected(s.error());
  return {};
}

core::Result<std::vector<Relation>> SqliteStore::relations_of(std::int64_t user_id) {
  return select_all("SELECT " TSUNAGU_RELATION_COLUMNS
                    " FROM relations WHERE user_id = ?1 ORDER BY created_ms, other_id, kind",
                    read_relation, user_id);
}

core::Result<std::vector<std::int64_t>> SqliteStore::blocked_by(std::int64_t user_id) {
  return select_all(
      "SELECT user_id FROM relations WHERE other_id = ?1 AND kind = 'block' "
      "ORDER BY created_ms, user_id",
      read_id, user_id);
}

// --- reports

core::Result<std::int64_t> SqliteStore::create_report(const ReportRecord& r) {
  return insert(
      "INSERT INTO reports(reporter_id, subject_id, message_id, space, reason, detail, "
      "context_json, status, resolution, resolved_by, created_ms, resolved_ms) "
      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
      r.reporter_id, r.subject_id, r.message_id, r.space, r.reason, r.detail, r.context_json,
      r.status, r.resolution, r.resolved_by, r.created_ms, r.resolved_ms);
}

core::Result<std::optional<ReportRecord>> SqliteStore::find_report(std::int64_t id) {
  return select_one("SELECT " TSUNAGU_REPORT_COLUMNS " FROM reports WHERE id = ?1", read_report,
                    id);
}

core::Result<std::vector<ReportRecord>> SqliteStore::list_reports(const std::string& status,
                                                                  int limit) {
  if (limit <= 0) return std::vector<ReportRecord>();
  if (status.empty()) {
    return select_all("SELECT " TSUNAGU_REPORT_COLUMNS " FROM reports ORDER BY id DESC LIMIT ?1",
                      read_report, limit);
  }
  return select_all("SELECT " TSUNAGU_REPORT_COLUMNS
                    " FROM reports WHERE status = ?1 ORDER BY id DESC LIMIT ?2",
                    read_report, status, limit);
}

core::Status SqliteStore::resolve_report(const ReportRecord& r) {
  return update_one("resolve_report",
                    "UPDATE reports SET status = ?2, resolution = ?3, resolved_by = ?4, "
                    "resolved_ms = ?5 WHERE id = ?1",
                    r.id, r.status, r.resolution, r.resolved_by, r.resolved_ms);
}

// --- bans

core::Result<std::int64_t> SqliteStore::create_ban(const BanRecord& b) {
  return insert(
      "INSERT INTO bans(user_id, device_hash, reason, created_by, created_ms, until_ms, "
      "lifted_ms, lifted_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      b.user_id, BlobOrNull{b.device_hash}, b.reason, b.created_by, b.created_ms, b.until_ms,
      b.lifted_ms, b.lifted_by);
}

// In force: not lifted, and for good or until after `now_ms`. User id 0 (a guest not yet
// created) matches no ban by user; empty device hashes match nothing. The newest ban wins.
core::Result<std::optional<BanRecord>> SqliteStore::active_ban(
    std::int64_t user_id, const std::vector<std::string>& device_hashes, std::int64_t now_ms) {
  std::vector<std::string_view> devices;
  for (const std::string& d : device_hashes) {
    if (!d.empty()) devices.push_back(d);
  }
  std::optional<BanRecord> newest;
  std::size_t next = 0;
  do {  // at least once, for the user id alone
    std::array<BlobOrNull, kBanDeviceBatch> batch{};
    for (auto& slot : batch) {
      if (next < devices.size()) slot.bytes = devices[next++];
    }
    auto found = [&]<std::size_t... I>(std::index_sequence<I...>) {
      return select_one(active_ban_sql(), read_ban, user_id, now_ms, batch[I]...);
    }
    (std::make_index_sequence<kBanDeviceBatch>());
    if (!found) return std::unexpected(found.error());
    if (*found && (!newest || (*found)->id > newest->id)) newest = std::move(*found);
  } while (next < devices.size());
  return newest;
}

core::Status SqliteStore::lift_bans(std::int64_t user_id, std::int64_t lifted_by,
                                    std::int64_t now_ms) {
  auto s = execute(
      "UPDATE bans SET lifted_ms = ?3, lifted_by = ?2 "
      "WHERE user_id = ?1 AND lifted_ms = 0 AND (until_ms = 0 OR until_ms > ?3)",
      user_id, lifted_by, now_ms);
  if (!s) return std::unexpected(s.error());
  return {};
}

core::Result<std::vector<BanRecord>> SqliteStore::bans_of(std::int64_t user_id) {
  return select_all("SELECT " TSUNAGU_BAN_COLUMNS " FROM bans WHERE user_id = ?1 ORDER BY id",
                    read_ban, user_id);
}

// --- audit log

core::Result<std::int64_t> SqliteStore::append_audit(const AuditRecord& e) {
  return insert(
      "INSERT INTO audit_log(created_ms, actor_id, action, subject_id, detail_json, prev_hash, "
      "hash) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      e.created_ms, e.actor_id, e.action, e.subject_id, e.detail_json, e.prev_hash, e.hash);
}

core::Result<std::optional<AuditRecord>> SqliteStore::last_audit() {
  return select_one("SELECT " TSUNAGU_AUDIT_COLUMNS " FROM audit_log ORDER BY id DESC LIMIT 1",
                    read_audit);
}

core::Result<std::vector<AuditRecord>> SqliteStore::audit_after(std::int64_t after_id, int limit) {
  if (limit <= 0) return std::vector<AuditRecord>();
  return select_all("SELECT " TSUNAGU_AUDIT_COLUMNS
                    " FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2",
                    read_audit, after_id, limit);
}

core::Result<std::vector<AuditRecord>> SqliteStore::audit_of_user(std::int64_t user_id, int limit) {
  if (limit <= 0) return std::vector<AuditRecord>();
  return select_all("SELECT " TSUNAGU_AUDIT_COLUMNS
                    " FROM audit_log WHERE actor_id = ?1 OR subject_id = ?1"
                    " ORDER BY id DESC LIMIT ?2",
                    read_audit, user_id, limit);
}

}  // namespace tsunagu::store::sqlite
