#include "care/consultation_records.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

namespace tsunagu::care {
namespace {

using nlohmann::json;

constexpr std::int64_t kMinuteMs = 60'000;

// Nearest-rank percentiles of an unsorted list (sorted here); zeros when empty.
json spread(std::vector<std::int64_t> values) {
  if (values.empty()) return {{"p50", 0}, {"p90", 0}, {"max", 0}};
  std::sort(values.begin(), values.end());
  auto rank = [&](double p) {
    const auto n = values.size();
    const auto index = static_cast<std::size_t>(std::max(1.0, std::ceil(p * static_cast<double>(n)))) - 1;
    return values[std::min(index, n - 1)];
  };
  return {{"p50", rank(0.5)}, {"p90", rank(0.9)}, {"max", values.back()}};
}

json counts(const std::map<std::string, int>& m) {
  json out = json::object();
  for (const auto& [key, n] : m) out[key.empty() ? "none" : key] = n;
  return out;
}

}  // namespace

core::Status ConsultationRecords::record(const ConsultationSummary& s,
                                         const std::optional<KeptNote>& note) {
  store::ConsultSummaryRecord row{s.topic,       s.asked_ms / kMinuteMs * kMinuteMs,
                                  s.wait_s,      s.duration_s,
                                  s.outcome,     s.ended_by,
                                  s.observers};
  if (auto ok = store_.add_summary(row); !ok) return ok;
  if (note) {
    store::ConsultNoteRecord n{0,          note->patient_id, note->ended_ms,
                               note->clinician, note->topic, note->outcome.dump(),
                               note->note};
    if (auto added = store_.add_note(n); !added) return std::unexpected(added.error());
  }
  return {};
}

core::Result<json> ConsultationRecords::stats(std::int64_t since_ms) {
  auto rows = store_.summaries(since_ms);
  if (!rows) return std::unexpected(rows.error());
  std::map<std::string, int> topics, outcomes, ends;
  std::vector<std::int64_t> waits, durations;
  for (const auto& r : *rows) {
    ++topics[r.topic];
    ++outcomes[r.outcome];
    ++ends[r.ended_by];
    waits.push_back(r.wait_s);
    durations.push_back(r.duration_s);
  }
  return json{{"count", rows->size()},
              {"since_ms", since_ms},
              {"by_topic", counts(topics)},
              {"by_outcome", counts(outcomes)},
              {"by_end", counts(ends)},
              {"wait_s", spread(std::move(waits))},
              {"duration_s", spread(std::move(durations))}};
}

core::Result<json> ConsultationRecords::notes_of(std::int64_t user_id) {
  auto notes = store_.notes_of(user_id);
  if (!notes) return std::unexpected(notes.error());
  json list = json::array();
  for (const auto& n : *notes) {
    list.push_back({{"id", n.id},
                    {"ended_ms", n.ended_ms},
                    {"clinician", n.clinician},
                    {"topic", n.topic},
                    {"outcome", json::parse(n.outcome_json, nullptr, false)},
                    {"note", n.note}});
  }
  return json{{"notes", list}};
}

}  // namespace tsunagu::care
