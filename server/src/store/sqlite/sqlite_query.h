#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/sqlite/sqlite_store.h"

// The statement helpers of the side stores (bank, lounge, consultations), which keep their
// own connection to the database file SqliteStore migrates. Only the .cc files of those stores
// include this header.
namespace tsunagu::store::sqlite {

// An SQLite result code as our error: store_conflict (UNIQUE/PRIMARY KEY), store_constraint,
// store_busy, internal.
core::Error sqlite_error(sqlite3* db, int rc, std::string_view what);
core::Status exec(sqlite3* db, const char* sql);

// One statement, prepared per call: the side stores' calls are few (a diary page, a board
// page, a finished consultation), so a statement cache would buy nothing. Parameters are bound
// in order; the first failure is kept and reported by status(). Not thread-safe.
class Query {
 public:
  Query(sqlite3* db, const char* sql);
  Query& bind(std::int64_t v);
  Query& bind(int v) { return bind(static_cast<std::int64_t>(v)); }
  Query& bind(std::string_view text);
  // "" and 0 are stored as NULL (e.g. anonymous survey responses have neither user nor key).
  Query& bind_or_null(std::string_view text);
  Query& bind_or_null(std::int64_t v);
  // True while there are rows; an error is kept in status().
  bool next_row();
  core::Status status() const;
  // Runs a statement that returns no rows; returns the rows it changed.
  core::Result<std::int64_t> run();
  std::int64_t int_at(int i) const;
  std::string text_at(int i) const;
  bool null_at(int i) const;
  // The rowid of the last INSERT on this connection.
  std::int64_t last_insert_id() const;

 private:
  sqlite3* db_;
  const char* sql_;
  Statement statement_;
  int rc_;
  int index_ = 0;
};

// Rolls back unless committed. IMMEDIATE takes the write lock first, so another connection
// waits (busy timeout) instead of one of them failing half-way.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  core::Status begin();
  core::Status commit();

 private:
  sqlite3* db_;
  bool open_ = false;
};

// Opens a side connection to the file at `path` (foreign keys on, secure_delete, synchronous
// FULL, busy timeout) and checks that `table` exists, else store_unavailable naming `migration`.
core::Result<DbHandle> connect_side(const std::string& path, const char* table,
                                    const char* migration);

}  // namespace tsunagu::store::sqlite
