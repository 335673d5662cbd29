#include "store/sqlite/sqlite_consultation_store.h"

#include <utility>

#include "store/sqlite/sqlite_query.h"

namespace tsunagu::store::sqlite {

core::Result<std::unique_ptr<SqliteConsultationStore>> SqliteConsultationStore::open(
    const std::string& path) {
  if (path.empty() || path == ":memory:") {
    return core::fail(core::Code::kInvalidArgument, "store_unavailable",
                      "the consultation store needs a database file, not " + path);
  }
  {
    auto main = SqliteStore::open(path);  // migrates (or checks) the schema; closed at once
    if (!main) return std::unexpected(main.error());
  }
  auto db = connect_side(path, "consult_notes", "migration 9");
  if (!db) return std::unexpected(db.error());
  return std::make_unique<SqliteConsultationStore>(Key(), std::move(*db));
}

SqliteConsultationStore::SqliteConsultationStore(Key, DbHandle db) : db_(std::move(db)) {}

SqliteConsultationStore::~SqliteConsultationStore() = default;

core::Status SqliteConsultationStore::add_summary(const ConsultSummaryRecord& s) {
  Query q(db_.get(),
          "INSERT INTO consult_log(topic, asked_minute_ms, wait_s, duration_s, outcome, ended_by, "
          "observers) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  q.bind(s.topic).bind(s.asked_minute_ms).bind(s.wait_s).bind(s.duration_s).bind(s.outcome);
  q.bind(s.ended_by).bind(s.observers);
  if (auto done = q.run(); !done) return std::unexpected(done.error());
  return {};
}

core::Result<std::vector<ConsultSummaryRecord>> SqliteConsultationStore::summaries(
    std::int64_t since_ms) {
  Query q(db_.get(),
          "SELECT topic, asked_minute_ms, wait_s, duration_s, outcome, ended_by, observers "
          "FROM consult_log WHERE asked_minute_ms >= ?1 ORDER BY asked_minute_ms, id");
  q.bind(since_ms);
  std::vector<ConsultSummaryRecord> out;
  while (q.next_row()) {
    out.push_back({q.text_at(0), q.int_at(1), q.int_at(2), q.int_at(3), q.text_at(4),
                   q.text_at(5), q.int_at(6)});
  }
  if (auto s = q.status(); !s) return std::unexpected(s.error());
  return out;
}

core::Result<std::int64_t> SqliteConsultationStore::add_note(const ConsultNoteRecord& n) {
  Query q(db_.get(),
          "INSERT INTO consult_notes(user_id, ended_ms, clinician, topic, outcome_json, note) "
          "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  q.bind(n.user_id).bind(n.ended_ms).bind(n.clinician).bind(n.topic).bind(n.outcome_json);
  q.bind(n.note);
  if (auto done = q.run(); !done) return std::unexpected(done.error());
  return q.last_insert_id();
}

core::Result<std::vector<ConsultNoteRecord>> SqliteConsultationStore::notes_of(
    std::int64_t user_id) {
  Query q(db_.get(),
          "SELECT id, user_id, ended_ms, clinician, topic, outcome_json, note FROM consult_notes "
          "WHERE user_id = ?1 ORDER BY id DESC");
  q.bind(user_id);
  std::vector<ConsultNoteRecord> out;
  while (q.next_row()) {
    out.push_back({q.int_at(0), q.int_at(1), q.int_at(2), q.text_at(3), q.text_at(4),
                   q.text_at(5), q.text_at(6)});
  }
  if (auto s = q.status(); !s) return std::unexpected(s.error());
  return out;
}

core::Result<std::int64_t> SqliteConsultationStore::erase_notes(std::int64_t user_id) {
  Query q(db_.get(), "DELETE FROM consult_notes WHERE user_id = ?1");
  q.bind(user_id);
  return q.run();
}

}  // namespace tsunagu::store::sqlite
