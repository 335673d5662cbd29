#include "store/sqlite/sqlite_lounge_store.h"

#include <sqlite3.h>

#include "store/sqlite/sqlite_query.h"

#include <string_view>
#include <utility>

namespace tsunagu::store::sqlite {
namespace {

using core::Code;
using core::fail;

#define TSUNAGU_QUESTION_COLUMNS                                                 \
  "q.id, q.author_id, q.anonymous, q.title, q.body, q.tags_json, q.created_ms, " \
  "(SELECT COUNT(*) FROM lounge_answers a WHERE a.question_id = q.id)"
#define TSUNAGU_ANSWER_COLUMNS "id, question_id, author_id, anonymous, body, created_ms"

CaseQuestionRecord read_question(const Query& q) {
  CaseQuestionRecord r;
  r.id = q.int_at(0);
  r.author_id = q.int_at(1);
  r.anonymous = q.int_at(2) != 0;
  r.title = q.text_at(3);
  r.body = q.text_at(4);
  r.tags_json = q.text_at(5);
  r.created_ms = q.int_at(6);
  r.answer_count = static_cast<int>(q.int_at(7));
  return r;
}

CaseAnswerRecord read_answer(const Query& q) {
  CaseAnswerRecord r;
  r.id = q.int_at(0);
  r.question_id = q.int_at(1);
  r.author_id = q.int_at(2);
  r.anonymous = q.int_at(3) != 0;
  r.body = q.text_at(4);
  r.created_ms = q.int_at(5);
  return r;
}

std::unexpected<core::Error> not_found(const char* what, std::int64_t id) {
  return fail(Code::kNotFound, "not_found",
              std::string(what) + " " + std::to_string(id) + " not found");
}

core::Result<DbHandle> connect(const std::string& path) {
  return connect_side(path, "lounge_questions", "migration 8");
}

}  // namespace

core::Result<std::unique_ptr<SqliteLoungeStore>> SqliteLoungeStore::open(const std::string& path) {
  if (path.empty() || path == ":memory:") {
    return fail(Code::kInvalidArgument, "store_unavailable",
                "the lounge store needs a database file, not " + path);
  }
  {
    auto main = SqliteStore::open(path);  // migrates (or checks) the schema; closed at once
    if (!main) return std::unexpected(main.error());
  }
  auto db = connect(path);
  if (!db) return std::unexpected(db.error());
  return std::make_unique<SqliteLoungeStore>(Key(), std::move(*db));
}

SqliteLoungeStore::SqliteLoungeStore(Key, DbHandle db) : db_(std::move(db)) {}

SqliteLoungeStore::~SqliteLoungeStore() = default;

core::Result<std::int64_t> SqliteLoungeStore::add_question(const CaseQuestionRecord& question) {
  Query q(db_.get(),
          "INSERT INTO lounge_questions(author_id, anonymous, title, body, tags_json, created_ms) "
          "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  q.bind(question.author_id)
      .bind(static_cast<std::int64_t>(question.anonymous ? 1 : 0))
      .bind(question.title)
      .bind(question.body)
      .bind(question.tags_json)
      .bind(question.created_ms);
  if (auto done = q.run(); !done) return std::unexpected(done.error());
  return sqlite3_last_insert_rowid(db_.get());
}

core::Result<std::optional<CaseQuestionRecord>> SqliteLoungeStore::find_question(std::int64_t id) {
  Query q(db_.get(), "SELECT " TSUNAGU_QUESTION_COLUMNS " FROM lounge_questions q WHERE q.id = ?1");
  q.bind(id);
  std::optional<CaseQuestionRecord> out;
  if (q.next_row()) out = read_question(q);
  if (auto s = q.status(); !s) return std::unexpected(s.error());
  return out;
}

core::Result<std::vector<CaseQuestionRecord>> SqliteLoungeStore::questions(std::int64_t before,
                                                                           int limit) {
  Query q(db_.get(), "SELECT " TSUNAGU_QUESTION_COLUMNS
                     " FROM lounge_questions q WHERE ?1 <= 0 OR q.id < ?1 ORDER BY q.id DESC "
                     "LIMIT ?2");
  q.bind(before).bind(static_cast<std::int64_t>(limit));
  std::vector<CaseQuestionRecord> out;
  while (q.next_row()) out.push_back(read_question(q));
  if (auto s = q.status(); !s) return std::unexpected(s.error());
  return out;
}

core::Result<std::int64_t> SqliteLoungeStore::add_answer(const CaseAnswerRecord& answer) {
  Query exists(db_.get(), "SELECT 1 FROM lounge_questions WHERE id = ?1");
  exists.bind(answer.question_id);
  const bool found = exists.next_row();
  if (auto s = exists.status(); !s) return std::unexpected(s.error());
  if (!found) return not_found("question", answer.question_id);
  Query q(db_.get(),
          "INSERT INTO lounge_answers(question_id, author_id, anonymous, body, created_ms) "
          "VALUES(?1, ?2, ?3, ?4, ?5)");
  q.bind(answer.question_id)
      .bind(answer.author_id)
      .bind(static_cast<std::int64_t>(answer.anonymous ? 1 : 0))
      .bind(answer.body)
      .bind(answer.created_ms);
  if (auto done = q.run(); !done) {
    // The question went between the two statements (its author deleted it).
    if (done.error().name() == "store_constraint") return not_found("question", answer.question_id);
    return std::unexpected(done.error());
  }
  return sqlite3_last_insert_rowid(db_.get());
}

core::Result<std::vector<CaseAnswerRecord>> SqliteLoungeStore::answers_to(
    std::int64_t question_id) {
  Query q(db_.get(), "SELECT " TSUNAGU_ANSWER_COLUMNS
                     " FROM lounge_answers WHERE question_id = ?1 ORDER BY id");
  q.bind(question_id);
  std::vector<CaseAnswerRecord> out;
  while (q.next_row()) out.push_back(read_answer(q));
  if (auto s = q.status(); !s) return std::unexpected(s.error());
  return out;
}

core::Status SqliteLoungeStore::delete_question(std::int64_t author_id, std::int64_t id) {
  // Answers go by ON DELETE CASCADE.
  Query q(db_.get(), "DELETE FROM lounge_questions WHERE id = ?1 AND author_id = ?2");
  q.bind(id).bind(author_id);
  auto changed = q.run();
  if (!changed) return std::unexpected(changed.error());
  if (*changed == 0) return not_found("question", id);
  return {};
}

core::Status SqliteLoungeStore::delete_answer(std::int64_t author_id, std::int64_t id) {
  Query q(db_.get(), "DELETE FROM lounge_answers WHERE id = ?1 AND author_id = ?2");
  q.bind(id).bind(author_id);
  auto changed = q.run();
  if (!changed) return std::unexpected(changed.error());
  if (*changed == 0) return not_found("answer", id);
  return {};
}

core::Result<LoungeErasure> SqliteLoungeStore::erase_author(std::int64_t user_id) {
  Transaction tx(db_.get());
  if (auto s = tx.begin(); !s) return std::unexpected(s.error());
  LoungeErasure erased;
  Query answers(db_.get(),
                "DELETE FROM lounge_answers WHERE author_id = ?1 AND question_id NOT IN "
                "(SELECT id FROM lounge_questions WHERE author_id = ?1)");
  answers.bind(user_id);
  auto a = answers.run();
  if (!a) return std::unexpected(a.error());
  erased.answers = *a;
  Query questions(db_.get(), "DELETE FROM lounge_questions WHERE author_id = ?1");
  questions.bind(user_id);
  auto q = questions.run();
  if (!q) return std::unexpected(q.error());
  erased.questions = *q;
  if (auto s = tx.commit(); !s) return std::unexpected(s.error());
  return erased;
}

}  // namespace tsunagu::store::sqlite
