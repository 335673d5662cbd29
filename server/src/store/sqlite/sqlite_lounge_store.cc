#include "store/sqlite/sqlite_lounge_store.h"

#include <sqlite3.h>

#include <string_view>
#include <utility>

namespace tsunagu::store::sqlite {
namespace {

using core::Code;
using core::fail;

constexpr int kBusyTimeoutMs = 5000;

core::Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + sqlite3_errstr(rc);
  if (db != nullptr && sqlite3_extended_errcode(db) == rc) {
    message += std::string(" (") + sqlite3_errmsg(db) + ")";
  }
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return core::Error(Code::kFailedPrecondition, "store_constraint", std::move(message));
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    return core::Error(Code::kUnavailable, "store_busy", std::move(message));
  }
  return core::Error(Code::kInternal, "internal", std::move(message));
}

core::Status exec(sqlite3* db, const char* sql) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(db, rc, sql));
  return {};
}

// One statement, prepared per call (the board is read a page at a time; no cache needed).
// Parameters are bound in order; the first failure is kept and reported by status().
class Query {
 public:
  Query(sqlite3* db, const char* sql) : db_(db), sql_(sql) {
    sqlite3_stmt* raw = nullptr;
    rc_ = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
    statement_.reset(raw);
  }
  Query& bind(std::int64_t v) {
    ++index_;
    if (rc_ == SQLITE_OK) rc_ = sqlite3_bind_int64(statement_.get(), index_, v);
    return *this;
  }
  Query& bind(std::string_view text) {
    ++index_;
    if (rc_ == SQLITE_OK) {
      rc_ = sqlite3_bind_text64(statement_.get(), index_, text.data() != nullptr ? text.data() : "",
                                text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    return *this;
  }
  bool next_row() {
    if (rc_ != SQLITE_OK && rc_ != SQLITE_ROW) return false;
    rc_ = sqlite3_step(statement_.get());
    return rc_ == SQLITE_ROW;
  }
  core::Status status() const {
    if (rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE) return {};
    return std::unexpected(sqlite_error(db_, rc_, sql_));
  }
  // Runs a statement that returns no rows; returns the rows it changed.
  core::Result<std::int64_t> run() {
    while (next_row()) {
    }
    if (auto s = status(); !s) return std::unexpected(s.error());
    return sqlite3_changes64(db_);
  }
  std::int64_t int_at(int i) const { return sqlite3_column_int64(statement_.get(), i); }
  std::string text_at(int i) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_.get(), i));
    const int size = sqlite3_column_bytes(statement_.get(), i);
    return text != nullptr ? std::string(text, static_cast<std::size_t>(size)) : std::string();
  }

 private:
  sqlite3* db_;
  const char* sql_;
  Statement statement_;
  int rc_ = SQLITE_OK;
  int index_ = 0;
};

// Rolls back unless committed; IMMEDIATE takes the write lock first.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  core::Status begin() {
    auto s = exec(db_, "BEGIN IMMEDIATE");
    open_ = s.has_value();
    return s;
  }
  core::Status commit() {
    auto s = exec(db_, "COMMIT");
    if (s) open_ = false;
    return s;
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

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
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) {
    return fail(Code::kUnavailable, "store_unavailable",
                "cannot open database " + path + ": " +
                    (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  for (const char* pragma :
       {"PRAGMA foreign_keys = ON", "PRAGMA secure_delete = ON", "PRAGMA synchronous = FULL"}) {
    if (auto s = exec(raw, pragma); !s) return std::unexpected(s.error());
  }
  Query tables(
      raw, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'lounge_questions'");
  if (!tables.next_row() || tables.int_at(0) != 1) {
    return fail(Code::kUnavailable, "store_unavailable",
                "database " + path + " has no lounge tables (migration 8 missing)");
  }
  return db;
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
