#pragma once

#include <memory>
#include <string>

#include "core/error.h"
#include "store/bank_store.h"
#include "store/sqlite/sqlite_store.h"

namespace tsunagu::store::sqlite {

// The BankStore in the same SQLite file as SqliteStore (tables bank_*, migration 7), on a
// connection of its own: WAL lets the two connections read side by side, and writers take
// turns through SQLite's file lock (busy timeout 5 s). Foreign keys tie every row to a user;
// secure_delete overwrites deleted health data in the file instead of leaving it in free
// pages. Writes that touch several tables (a response with its key and consent, an erasure)
// are one transaction.
//
// Errors as SqliteStore's: store_unavailable, store_conflict, store_constraint (e.g. a user id
// that does not exist), store_busy, not_found, internal.
//
// Thread-safety: not thread-safe (one thread at a time; wrap it in LockedBankStore to share).
class SqliteBankStore final : public BankStore {
  struct Key {
    explicit Key() = default;
  };

 public:
  // Opens the database file at `path`, bringing its schema up to date first (through
  // SqliteStore::open, which owns the migrations). `path` must name a file: a second
  // connection to ":memory:" would see another, empty database.
  static core::Result<std::unique_ptr<SqliteBankStore>> open(const std::string& path);

  SqliteBankStore(Key, DbHandle db);  // use open()
  ~SqliteBankStore() override;
  SqliteBankStore(const SqliteBankStore&) = delete;
  SqliteBankStore& operator=(const SqliteBankStore&) = delete;

  core::Result<std::int64_t> add_diary(const DiaryRecord& entry) override;
  core::Status update_diary(const DiaryRecord& entry) override;
  core::Status delete_diary(std::int64_t user_id, std::int64_t id) override;
  core::Result<std::optional<DiaryRecord>> find_diary(std::int64_t user_id,
                                                      std::int64_t id) override;
  core::Result<std::vector<DiaryRecord>> diary_of(std::int64_t user_id, const std::string& from,
                                                  const std::string& to) override;
  core::Result<std::int64_t> count_diary(std::int64_t user_id) override;

  core::Status add_response(const SurveyResponseRecord& response, const std::string& dedupe_key,
                            const ConsentRecord& consent) override;
  core::Result<bool> has_dedupe_key(const std::string& dedupe_key) override;
  core::Result<std::vector<SurveyResponseRecord>> responses_to(const std::string& survey_id,
                                                               int version) override;
  core::Result<std::vector<SurveyResponseRecord>> responses_of(std::int64_t user_id) override;
  core::Result<std::vector<ConsentRecord>> consents_of(std::int64_t user_id) override;

  core::Result<BankErasure> erase_person(std::int64_t user_id) override;

 private:
  DbHandle db_;
};

}  // namespace tsunagu::store::sqlite
