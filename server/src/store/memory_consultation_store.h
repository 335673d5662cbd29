#pragma once

#include "store/consultation_store.h"

namespace tsunagu::store {

// ConsultationStore in memory, for tests. Not thread-safe.
class MemoryConsultationStore final : public ConsultationStore {
 public:
  core::Status add_summary(const ConsultSummaryRecord& summary) override;
  core::Result<std::vector<ConsultSummaryRecord>> summaries(std::int64_t since_ms) override;
  core::Result<std::int64_t> add_note(const ConsultNoteRecord& note) override;
  core::Result<std::vector<ConsultNoteRecord>> notes_of(std::int64_t user_id) override;
  core::Result<std::int64_t> erase_notes(std::int64_t user_id) override;

  bool fail_writes = false;  // tests: every write fails with "internal"

 private:
  std::vector<ConsultSummaryRecord> summaries_;
  std::vector<ConsultNoteRecord> notes_;
  std::int64_t next_id_ = 1;
};

}  // namespace tsunagu::store
