#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace tsunagu::store {

// One finished consultation, for statistics: no person and no content (docs/consultation.md).
struct ConsultSummaryRecord {
  std::string topic;
  std::int64_t asked_minute_ms = 0;  // when it was asked, rounded down to the minute
  std::int64_t wait_s = 0;
  std::int64_t duration_s = 0;
  std::string outcome;   // an outcome kind, or "" (ended by the patient or a timeout)
  std::string ended_by;  // clinician, patient, timeout
  std::int64_t observers = 0;
};

// A note a member keeps from a consultation (with their consent).
struct ConsultNoteRecord {
  std::int64_t id = 0;  // assigned by the store, increasing
  std::int64_t user_id = 0;
  std::int64_t ended_ms = 0;
  std::string clinician;  // the clinician's display name then
  std::string topic;
  std::string outcome_json;
  std::string note;
};

// Durable state of consultations: the anonymous statistics rows and members' kept notes. The
// conversation itself is never stored anywhere. Implementations: MemoryConsultationStore
// (tests), sqlite::SqliteConsultationStore; the contract is consultation_store_contract_test.h.
// Thread-safety: one thread at a time (the API's event loop). Errors: "internal",
// "store_constraint" (a note for a user that does not exist), "store_busy".
class ConsultationStore {
 public:
  virtual ~ConsultationStore() = default;

  virtual core::Status add_summary(const ConsultSummaryRecord& summary) = 0;
  // Every summary asked at or after `since_ms`, oldest first.
  virtual core::Result<std::vector<ConsultSummaryRecord>> summaries(std::int64_t since_ms) = 0;
  virtual core::Result<std::int64_t> add_note(const ConsultNoteRecord& note) = 0;
  // A person's notes, newest first.
  virtual core::Result<std::vector<ConsultNoteRecord>> notes_of(std::int64_t user_id) = 0;
  // Removes every note of a person; returns how many.
  virtual core::Result<std::int64_t> erase_notes(std::int64_t user_id) = 0;
};

}  // namespace tsunagu::store
