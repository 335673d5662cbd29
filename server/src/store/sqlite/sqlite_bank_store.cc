#include "store/sqlite/sqlite_bank_store.h"

#include <sqlite3.h>

#include "store/sqlite/sqlite_query.h"

#include <string_view>
#include <utility>

namespace tsunagu::store::sqlite {
namespace {

using core::Code;
using core::fail;

#define TSUNAGU_DIARY_COLUMNS "id, user_id, date, entry_json, created_ms, updated_ms"
#define TSUNAGU_RESPONSE_COLUMNS \
  "id, survey_id, version, COALESCE(user_id, 0), month, answers_json, COALESCE(dedupe_key, '')"
#define TSUNAGU_CONSENT_COLUMNS "id, user_id, kind, survey_id, version, anonymous, created_ms"

DiaryRecord read_diary(const Query& q) {
  DiaryRecord r;
  r.id = q.int_at(0);
  r.user_id = q.int_at(1);
  r.date = q.text_at(2);
  r.entry_json = q.text_at(3);
  r.created_ms = q.int_at(4);
  r.updated_ms = q.int_at(5);
  return r;
}

SurveyResponseRecord read_response(const Query& q) {
  SurveyResponseRecord r;
  r.id = q.int_at(0);
  r.survey_id = q.text_at(1);
  r.version = static_cast<int>(q.int_at(2));
  r.user_id = q.int_at(3);
  r.month = q.text_at(4);
  r.answers_json = q.text_at(5);
  r.dedupe_key = q.text_at(6);
  return r;
}

ConsentRecord read_consent(const Query& q) {
  ConsentRecord c;
  c.id = q.int_at(0);
  c.user_id = q.int_at(1);
  c.kind = q.text_at(2);
  c.survey_id = q.text_at(3);
  c.version = static_cast<int>(q.int_at(4));
  c.anonymous = q.int_at(5) != 0;
  c.created_ms = q.int_at(6);
  return c;
}

template <typename T>
core::Result<std::vector<T>> all_rows(Query& q, T (*read)(const Query&)) {
  std::vector<T> out;
  while (q.next_row()) out.push_back(read(q));
  if (auto s = q.status(); !s) return std::unexpected(s.error());
  return out;
}

std::unexpected<core::Error> diary_not_found(std::int64_t id) {
  return fail(Code::kNotFound, "not_found", "diary entry " + std::to_string(id) + " not found");
}

core::Result<DbHandle> connect(const std::string& path) {
  return connect_side(path, "bank_diary", "migration 7");
}

}  // namespace

core::Result<std::unique_ptr<SqliteBankStore>> SqliteBankStore::open(const std::string& path) {
  if (path.empty() || path == ":memory:") {
    return fail(Code::kInvalidArgument, "store_unavailable",
                "the bank store needs a database file, not " + path);
  }
  {
    // Migrates (or checks) the schema; closed again at once.
    auto main = SqliteStore::open(path);
    if (!main) return std::unexpected(main.error());
  }
  auto db = connect(path);
  if (!db) return std::unexpected(db.error());
  return std::make_unique<SqliteBankStore>(Key(), std::move(*db));
}

SqliteBankStore::SqliteBankStore(Key, DbHandle db) : db_(std::move(db)) {}

SqliteBankStore::~SqliteBankStore() = default;

core::Result<std::int64_t> SqliteBankStore::add_diary(const DiaryRecord& entry) {
  Query q(db_.get(),
          "INSERT INTO bank_diary(user_id, date, entry_json, created_ms, updated_ms) "
          "VALUES(?1, ?2, ?3, ?4, ?5)");
  q.bind(entry.user_id).bind(entry.date).bind(entry.entry_json).bind(entry.created_ms);
  q.bind(entry.updated_ms);
  if (auto r = q.run(); !r) return std::unexpected(r.error());
  return sqlite3_last_insert_rowid(db_.get());
}

core::Status SqliteBankStore::update_diary(const DiaryRecord& entry) {
  Query q(db_.get(),
          "UPDATE bank_diary SET date = ?1, entry_json = ?2, updated_ms = ?3 "
          "WHERE id = ?4 AND user_id = ?5");
  q.bind(entry.date).bind(entry.entry_json).bind(entry.updated_ms).bind(entry.id);
  q.bind(entry.user_id);
  auto changed = q.run();
  if (!changed) return std::unexpected(changed.error());
  if (*changed == 0) return diary_not_found(entry.id);
  return {};
}

core::Status SqliteBankStore::delete_diary(std::int64_t user_id, std::int64_t id) {
  Query q(db_.get(), "DELETE FROM bank_diary WHERE id = ?1 AND user_id = ?2");
  auto changed = q.bind(id).bind(user_id).run();
  if (!changed) return std::unexpected(changed.error());
  if (*changed == 0) return diary_not_found(id);
  return {};
}

core::Result<std::optional<DiaryRecord>> SqliteBankStore::find_diary(std::int64_t user_id,
                                                                     std::int64_t id) {
  Query q(db_.get(),
          "SELECT " TSUNAGU_DIARY_COLUMNS " FROM bank_diary WHERE id = ?1 AND user_id = ?2");
  q.bind(id).bind(user_id);
  auto rows = all_rows(q, read_diary);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::nullopt;
  return rows->front();
}

core::Result<std::vector<DiaryRecord>> SqliteBankStore::diary_of(std::int64_t user_id,
                                                                 const std::string& from,
                                                                 const std::string& to) {
  Query q(db_.get(), "SELECT " TSUNAGU_DIARY_COLUMNS
                     " FROM bank_diary WHERE user_id = ?1 AND (?2 = '' OR date >= ?2)"
                     " AND (?3 = '' OR date <= ?3) ORDER BY date, id");
  q.bind(user_id).bind(from).bind(to);
  return all_rows(q, read_diary);
}

core::Result<std::int64_t> SqliteBankStore::count_diary(std::int64_t user_id) {
  Query q(db_.get(), "SELECT COUNT(*) FROM bank_diary WHERE user_id = ?1");
  q.bind(user_id);
  const std::int64_t n = q.next_row() ? q.int_at(0) : 0;
  if (auto s = q.status(); !s) return std::unexpected(s.error());
  return n;
}

core::Status SqliteBankStore::add_response(const SurveyResponseRecord& response,
                                           const std::string& dedupe_key,
                                           const ConsentRecord& consent) {
  Transaction tx(db_.get());
  if (auto s = tx.begin(); !s) return s;
  Query key(db_.get(), "INSERT INTO bank_response_keys(key) VALUES(?1)");
  if (auto r = key.bind(dedupe_key).run(); !r) return std::unexpected(r.error());
  Query row(db_.get(),
            "INSERT INTO bank_responses(id, survey_id, version, user_id, month, answers_json, "
            "dedupe_key) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  row.bind(response.id).bind(response.survey_id).bind(response.version);
  row.bind_or_null(response.user_id).bind(response.month).bind(response.answers_json);
  row.bind_or_null(response.dedupe_key);
  if (auto r = row.run(); !r) return std::unexpected(r.error());
  Query agreed(db_.get(),
               "INSERT INTO bank_consents(user_id, kind, survey_id, version, anonymous, "
               "created_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  agreed.bind(consent.user_id).bind(consent.kind).bind(consent.survey_id).bind(consent.version);
  agreed.bind(consent.anonymous ? 1 : 0).bind(consent.created_ms);
  if (auto r = agreed.run(); !r) return std::unexpected(r.error());
  return tx.commit();
}

core::Result<bool> SqliteBankStore::has_dedupe_key(const std::string& dedupe_key) {
  Query q(db_.get(), "SELECT 1 FROM bank_response_keys WHERE key = ?1");
  q.bind(dedupe_key);
  const bool found = q.next_row();
  if (auto s = q.status(); !s) return std::unexpected(s.error());
  return found;
}

core::Result<std::vector<SurveyResponseRecord>> SqliteBankStore::responses_to(
    const std::string& survey_id, int version) {
  Query q(db_.get(), "SELECT " TSUNAGU_RESPONSE_COLUMNS
                     " FROM bank_responses WHERE survey_id = ?1 AND version = ?2 ORDER BY id");
  q.bind(survey_id).bind(version);
  return all_rows(q, read_response);
}

core::Result<std::vector<SurveyResponseRecord>> SqliteBankStore::responses_of(
    std::int64_t user_id) {
  Query q(db_.get(),
          "SELECT " TSUNAGU_RESPONSE_COLUMNS " FROM bank_responses WHERE user_id = ?1 ORDER BY id");
  q.bind(user_id);  // 0 matches nothing: anonymous rows hold NULL
  return all_rows(q, read_response);
}

core::Result<std::vector<ConsentRecord>> SqliteBankStore::consents_of(std::int64_t user_id) {
  Query q(db_.get(),
          "SELECT " TSUNAGU_CONSENT_COLUMNS " FROM bank_consents WHERE user_id = ?1 ORDER BY id");
  q.bind(user_id);
  return all_rows(q, read_consent);
}

core::Result<BankErasure> SqliteBankStore::erase_person(std::int64_t user_id) {
  BankErasure erased;
  if (user_id == 0) return erased;
  Transaction tx(db_.get());
  if (auto s = tx.begin(); !s) return std::unexpected(s.error());
  // The keys first, while the responses still say which keys are this person's.
  Query keys(db_.get(),
             "DELETE FROM bank_response_keys WHERE key IN "
             "(SELECT dedupe_key FROM bank_responses WHERE user_id = ?1)");
  if (auto r = keys.bind(user_id).run(); !r) return std::unexpected(r.error());
  struct Step {
    const char* sql;
    std::int64_t* count;
  };
  const Step steps[] = {
      {"DELETE FROM bank_responses WHERE user_id = ?1", &erased.responses},
      {"DELETE FROM bank_diary WHERE user_id = ?1", &erased.diary_entries},
      {"DELETE FROM bank_consents WHERE user_id = ?1", &erased.consents},
  };
  for (const Step& step : steps) {
    Query q(db_.get(), step.sql);
    auto changed = q.bind(user_id).run();
    if (!changed) return std::unexpected(changed.error());
    *step.count = *changed;
  }
  if (auto s = tx.commit(); !s) return std::unexpected(s.error());
  return erased;
}

}  // namespace tsunagu::store::sqlite
