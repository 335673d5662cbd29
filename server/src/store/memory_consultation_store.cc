#include "store/memory_consultation_store.h"

#include <algorithm>

namespace tsunagu::store {
namespace {
std::unexpected<core::Error> write_failed() {
  return core::fail(core::Code::kInternal, "internal", "writes fail (test)");
}
}  // namespace

core::Status MemoryConsultationStore::add_summary(const ConsultSummaryRecord& summary) {
  if (fail_writes) return write_failed();
  summaries_.push_back(summary);
  return {};
}

core::Result<std::vector<ConsultSummaryRecord>> MemoryConsultationStore::summaries(
    std::int64_t since_ms) {
  std::vector<ConsultSummaryRecord> out;
  for (const auto& s : summaries_) {
    if (s.asked_minute_ms >= since_ms) out.push_back(s);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.asked_minute_ms < b.asked_minute_ms;
  });
  return out;
}

core::Result<std::int64_t> MemoryConsultationStore::add_note(const ConsultNoteRecord& note) {
  if (fail_writes) return write_failed();
  ConsultNoteRecord copy = note;
  copy.id = next_id_++;
  notes_.push_back(std::move(copy));
  return notes_.back().id;
}

core::Result<std::vector<ConsultNoteRecord>> MemoryConsultationStore::notes_of(
    std::int64_t user_id) {
  std::vector<ConsultNoteRecord> out;
  for (auto it = notes_.rbegin(); it != notes_.rend(); ++it) {
    if (it->user_id == user_id) out.push_back(*it);
  }
  return out;
}

core::Result<std::int64_t> MemoryConsultationStore::erase_notes(std::int64_t user_id) {
  if (fail_writes) return write_failed();
  return static_cast<std::int64_t>(
      std::erase_if(notes_, [&](const ConsultNoteRecord& n) { return n.user_id == user_id; }));
}

}  // namespace tsunagu::store
