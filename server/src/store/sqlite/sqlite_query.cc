#include "store/sqlite/sqlite_query.h"

#include <sqlite3.h>

#include <utility>

namespace tsunagu::store::sqlite {

using core::Code;
using core::fail;

namespace {
// As in sqlite_store.cc: long enough to ride out the other connection's write.
constexpr int kBusyTimeoutMs = 5000;
}  // namespace

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

core::Status exec(sqlite3* db, const char* sql) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(db, rc, sql));
  return {};
}

Query::Query(sqlite3* db, const char* sql) : db_(db), sql_(sql) {
  sqlite3_stmt* raw = nullptr;
  rc_ = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  statement_.reset(raw);
}

Query& Query::bind(std::int64_t v) {
  ++index_;
  if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_int64(statement_.get(), index_, v);
  return *this;
}

Query& Query::bind(std::string_view text) {
  ++index_;
  if (rc_ == SQLITE_OK) {
    rc_ = sqlite3_bind_text64(statement_.get(), index_, text.data() != nullptr ? text.data() : "",
                              text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  return *this;
}

Query& Query::bind_or_null(std::string_view text) {
  if (!text.empty()) return bind(text);
  ++index_;
  if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_null(statement_.get(), index_);
  return *this;
}

Query& Query::bind_or_null(std::int64_t v) {
  if (v != 0) return bind(v);
  ++index_;
  if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_null(statement_.get(), index_);
  return *this;
}

bool Query::next_row() {
  if (rc_ != SQLITE_OK && rc_ != SQLITE_ROW) return false;
  rc_ = sqlite3_step(statement_.get());
  return rc_ == SQLITE_ROW;
}

core::Status Query::status() const {
  if (rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE) return {};
  return std::unexpected(sqlite_error(db_, rc_, sql_));
}

core::Result<std::int64_t> Query::run() {
  while (next_row()) {
  }
  if (auto s = status(); !s) return std::unexpected(s.error());
  return sqlite3_changes64(db_);
}

std::int64_t Query::int_at(int i) const { return sqlite3_column_int64(statement_.get(), i); }

std::string Query::text_at(int i) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_.get(), i));
  const int size = sqlite3_column_bytes(statement_.get(), i);
  return text != nullptr ? std::string(text, static_cast<std::size_t>(size)) : std::string();
}

bool Query::null_at(int i) const {
  return sqlite3_column_type(statement_.get(), i) == SQLITE_NULL;
}

std::int64_t Query::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

Transaction::~Transaction() {
  if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

core::Status Transaction::begin() {
  auto s = exec(db_, "BEGIN IMMEDIATE");
  open_ = s.has_value();
  return s;
}

core::Status Transaction::commit() {
  auto s = exec(db_, "COMMIT");
  if (s) open_ = false;
  return s;
}

core::Result<DbHandle> connect_side(const std::string& path, const char* table,
                                    const char* migration) {
  sqlite3* raw = nullptr;
  // NOMUTEX: one thread at a time by each side store's contract.
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) {
    return fail(Code::kUnavailable, "store_unavailable",
                "cannot open database " + path + ": " +
                    (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  for (const char* pragma :
       {"PRAGMA foreign_keys = ON", "PRAGMA secure_delete = ON", "PRAGMA synchronous = FULL"}) {
    if (auto s = exec(raw, pragma); !s) return std::unexpected(s.error());
  }
  Query tables(raw, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
  tables.bind(std::string_view(table));
  if (!tables.next_row() || tables.int_at(0) != 1) {
    return fail(Code::kUnavailable, "store_unavailable",
                "database " + path + " has no table " + table + " (" + migration + " missing)");
  }
  return db;
}

}  // namespace tsunagu::store::sqlite
