#pragma once

#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "care/consultation_desk.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/consultation_store.h"

namespace tsunagu::care {

// What stays of consultations once they end (docs/consultation.md, "Privacy and audit"): one
// anonymous statistics row each, and the notes members chose to keep. Thread: the API's event
// loop (as its store); the desk's finished() effects are posted there.
class ConsultationRecords {
 public:
  explicit ConsultationRecords(store::ConsultationStore& store) : store_(store) {}

  // Keeps the summary (asked time rounded down to the minute) and the note, if any.
  core::Status record(const ConsultationSummary& summary, const std::optional<KeptNote>& note);
  // {count, by_topic, by_outcome, by_end, wait_s:{p50,p90,max}, duration_s:{…}} since `since_ms`.
  core::Result<nlohmann::json> stats(std::int64_t since_ms);
  // {notes:[{id, ended_ms, clinician, topic, outcome, note}]}, newest first.
  core::Result<nlohmann::json> notes_of(std::int64_t user_id);
  core::Result<std::int64_t> erase(std::int64_t user_id) { return store_.erase_notes(user_id); }

 private:
  store::ConsultationStore& store_;
};

}  // namespace tsunagu::care
