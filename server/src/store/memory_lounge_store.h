#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "store/lounge_store.h"

namespace tsunagu::store {

// An in-memory LoungeStore for tests of the modules above it: the same observable contract as
// sqlite::SqliteLoungeStore (lounge_store_contract_test.h runs the same cases against both),
// nothing durable. The tables are public so tests can look at what was written; `fail_writes`
// makes every write fail with "internal" (reads still work). Not thread-safe.
class MemoryLoungeStore final : public LoungeStore {
 public:
  core::Result<std::int64_t> add_question(const CaseQuestionRecord& question) override;
  core::Result<std::optional<CaseQuestionRecord>> find_question(std::int64_t id) override;
  core::Result<std::vector<CaseQuestionRecord>> questions(std::int64_t before, int limit) override;
  core::Result<std::int64_t> add_answer(const CaseAnswerRecord& answer) override;
  core::Result<std::vector<CaseAnswerRecord>> answers_to(std::int64_t question_id) override;
  core::Status delete_question(std::int64_t author_id, std::int64_t id) override;
  core::Status delete_answer(std::int64_t author_id, std::int64_t id) override;
  core::Result<LoungeErasure> erase_author(std::int64_t user_id) override;

  bool fail_writes = false;
  std::vector<CaseQuestionRecord> question_rows;  // id order
  std::vector<CaseAnswerRecord> answer_rows;      // id order

 private:
  CaseQuestionRecord counted(const CaseQuestionRecord& q) const;
  std::int64_t next_question_ = 1;
  std::int64_t next_answer_ = 1;
};

}  // namespace tsunagu::store
