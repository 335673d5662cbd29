#pragma once

#include <memory>
#include <string>

#include "core/error.h"
#include "store/lounge_store.h"
#include "store/sqlite/sqlite_store.h"

namespace tsunagu::store::sqlite {

// The LoungeStore in the same SQLite file as SqliteStore (tables lounge_*, migration 8), on a
// connection of its own (as SqliteBankStore): WAL lets the connections read side by side and
// writers take turns through SQLite's file lock (busy timeout 5 s). Foreign keys tie every row
// to a user and every answer to its question; secure_delete overwrites what an author deletes.
//
// Errors as SqliteStore's: store_unavailable, store_constraint (e.g. a user id that does not
// exist), store_busy, not_found, internal.
//
// Thread-safety: not thread-safe (one thread at a time: the API's event loop).
class SqliteLoungeStore final : public LoungeStore {
  struct Key {
    explicit Key() = default;
  };

 public:
  // Opens the database file at `path`, bringing its schema up to date first (through
  // SqliteStore::open, which owns the migrations). `path` must name a file.
  static core::Result<std::unique_ptr<SqliteLoungeStore>> open(const std::string& path);

  SqliteLoungeStore(Key, DbHandle db);  // use open()
  ~SqliteLoungeStore() override;
  SqliteLoungeStore(const SqliteLoungeStore&) = delete;
  SqliteLoungeStore& operator=(const SqliteLoungeStore&) = delete;

  core::Result<std::int64_t> add_question(const CaseQuestionRecord& question) override;
  core::Result<std::optional<CaseQuestionRecord>> find_question(std::int64_t id) override;
  core::Result<std::vector<CaseQuestionRecord>> questions(std::int64_t before, int limit) override;
  core::Result<std::int64_t> add_answer(const CaseAnswerRecord& answer) override;
  core::Result<std::vector<CaseAnswerRecord>> answers_to(std::int64_t question_id) override;
  core::Status delete_question(std::int64_t author_id, std::int64_t id) override;
  core::Status delete_answer(std::int64_t author_id, std::int64_t id) override;
  core::Result<LoungeErasure> erase_author(std::int64_t user_id) override;

 private:
  DbHandle db_;
};

}  // namespace tsunagu::store::sqlite
