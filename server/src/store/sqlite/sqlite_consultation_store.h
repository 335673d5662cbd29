#pragma once

#include <memory>
#include <string>

#include "core/error.h"
#include "store/consultation_store.h"
#include "store/sqlite/sqlite_store.h"

namespace tsunagu::store::sqlite {

// The ConsultationStore in the same SQLite file as SqliteStore (tables consult_*, migration 9),
// on a connection of its own like the bank and lounge stores. secure_delete overwrites erased
// notes. Errors as SqliteStore's. Thread-safety: one thread at a time (the API's event loop).
class SqliteConsultationStore final : public ConsultationStore {
  struct Key {
    explicit Key() = default;
  };

 public:
  // Opens the database file at `path`, bringing its schema up to date first.
  static core::Result<std::unique_ptr<SqliteConsultationStore>> open(const std::string& path);

  SqliteConsultationStore(Key, DbHandle db);  // use open()
  ~SqliteConsultationStore() override;

  core::Status add_summary(const ConsultSummaryRecord& summary) override;
  core::Result<std::vector<ConsultSummaryRecord>> summaries(std::int64_t since_ms) override;
  core::Result<std::int64_t> add_note(const ConsultNoteRecord& note) override;
  core::Result<std::vector<ConsultNoteRecord>> notes_of(std::int64_t user_id) override;
  core::Result<std::int64_t> erase_notes(std::int64_t user_id) override;

 private:
  DbHandle db_;
};

}  // namespace tsunagu::store::sqlite
