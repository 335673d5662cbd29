#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace tsunagu::store {

// A case question on the doctors' lounge board (lounge/case_board.h): de-identified by its
// author, who may stay anonymous to the readers. The store keeps the author id only so that
// the author can delete it and their account deletion can remove it.
struct CaseQuestionRecord {
  std::int64_t id = 0;  // assigned by the store, increasing
  std::int64_t author_id = 0;
  bool anonymous = true;  // readers are not told who asked
  std::string title;
  std::string body;
  std::string tags_json;  // a JSON array of strings, validated by the board
  std::int64_t created_ms = 0;
  int answer_count = 0;  // filled in by reads
};

// An answer to a case question (from a verified clinician).
struct CaseAnswerRecord {
  std::int64_t id = 0;  // assigned by the store, increasing
  std::int64_t question_id = 0;
  std::int64_t author_id = 0;
  bool anonymous = false;
  std::string body;
  std::int64_t created_ms = 0;
};

// What erase_author removed.
struct LoungeErasure {
  std::int64_t questions = 0;  // with every answer they had
  std::int64_t answers = 0;    // the person's own answers to others' questions
};

// Durable state of the doctors' lounge: the case board. Lounge chat is never stored anywhere.
// Kept apart from Store so neither interface grows without bound; the two may share a database.
// Implementations: MemoryLoungeStore (tests), sqlite::SqliteLoungeStore; the contract is
// lounge_store_contract_test.h. Thread-safety: one thread at a time (the API's event loop).
// Every method returns an error value, never throws.
//
// Errors: "not_found" (a question or answer that does not exist, or is not that author's),
// "internal".
class LoungeStore {
 public:
  virtual ~LoungeStore() = default;

  virtual core::Result<std::int64_t> add_question(const CaseQuestionRecord& question) = 0;
  // With its answer count.
  virtual core::Result<std::optional<CaseQuestionRecord>> find_question(std::int64_t id) = 0;
  // Newest first: questions with id < `before` (0: from the newest), at most `limit`, each
  // with its answer count.
  virtual core::Result<std::vector<CaseQuestionRecord>> questions(std::int64_t before,
                                                                  int limit) = 0;
  // not_found when the question does not exist (any more).
  virtual core::Result<std::int64_t> add_answer(const CaseAnswerRecord& answer) = 0;
  // Oldest first.
  virtual core::Result<std::vector<CaseAnswerRecord>> answers_to(std::int64_t question_id) = 0;
  // Removes a question with its answers; not_found unless `author_id` wrote it.
  virtual core::Status delete_question(std::int64_t author_id, std::int64_t id) = 0;
  // Removes one answer; not_found unless `author_id` wrote it.
  virtual core::Status delete_answer(std::int64_t author_id, std::int64_t id) = 0;
  // Account deletion: every question of the person (with its answers) and every answer.
  virtual core::Result<LoungeErasure> erase_author(std::int64_t user_id) = 0;
};

}  // namespace tsunagu::store
