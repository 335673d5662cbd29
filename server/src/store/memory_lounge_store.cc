#include "store/memory_lounge_store.h"

#include <algorithm>

namespace tsunagu::store {
namespace {

using core::Code;

std::unexpected<core::Error> write_failed() {
  return core::fail(Code::kInternal, "internal", "memory lounge store: writes disabled");
}

std::unexpected<core::Error> not_found(const char* what, std::int64_t id) {
  return core::fail(Code::kNotFound, "not_found",
                    std::string(what) + " " + std::to_string(id) + " not found");
}

}  // namespace

CaseQuestionRecord MemoryLoungeStore::counted(const CaseQuestionRecord& q) const {
  CaseQuestionRecord out = q;
  out.answer_count = static_cast<int>(std::ranges::count_if(
      answer_rows, [&](const CaseAnswerRecord& a) { return a.question_id == q.id; }));
  return out;
}

core::Result<std::int64_t> MemoryLoungeStore::add_question(const CaseQuestionRecord& question) {
  if (fail_writes) return write_failed();
  CaseQuestionRecord row = question;
  row.id = next_question_++;
  row.answer_count = 0;
  question_rows.push_back(row);
  return row.id;
}

core::Result<std::optional<CaseQuestionRecord>> MemoryLoungeStore::find_question(std::int64_t id) {
  for (const auto& q : question_rows) {
    if (q.id == id) return std::optional<CaseQuestionRecord>(counted(q));
  }
  return std::optional<CaseQuestionRecord>();
}

core::Result<std::vector<CaseQuestionRecord>> MemoryLoungeStore::questions(std::int64_t before,
                                                                           int limit) {
  std::vector<CaseQuestionRecord> out;
  for (auto it = question_rows.rbegin(); it != question_rows.rend(); ++it) {
    if (static_cast<int>(out.size()) >= limit) break;
    if (before > 0 && it->id >= before) continue;
    out.push_back(counted(*it));
  }
  return out;
}

core::Result<std::int64_t> MemoryLoungeStore::add_answer(const CaseAnswerRecord& answer) {
  if (fail_writes) return write_failed();
  const bool exists = std::ranges::any_of(
      question_rows, [&](const CaseQuestionRecord& q) { return q.id == answer.question_id; });
  if (!exists) return not_found("question", answer.question_id);
  CaseAnswerRecord row = answer;
  row.id = next_answer_++;
  answer_rows.push_back(row);
  return row.id;
}

core::Result<std::vector<CaseAnswerRecord>> MemoryLoungeStore::answers_to(
    std::int64_t question_id) {
  std::vector<CaseAnswerRecord> out;
  for (const auto& a : answer_rows) {
    if (a.question_id == question_id) out.push_back(a);
  }
  return out;
}

core::Status MemoryLoungeStore::delete_question(std::int64_t author_id, std::int64_t id) {
  if (fail_writes) return write_failed();
  auto it = std::ranges::find_if(question_rows, [&](const CaseQuestionRecord& q) {
    return q.id == id && q.author_id == author_id;
  });
  if (it == question_rows.end()) return not_found("question", id);
  question_rows.erase(it);
  std::erase_if(answer_rows, [&](const CaseAnswerRecord& a) { return a.question_id == id; });
  return {};
}

core::Status MemoryLoungeStore::delete_answer(std::int64_t author_id, std::int64_t id) {
  if (fail_writes) return write_failed();
  const auto removed = std::erase_if(answer_rows, [&](const CaseAnswerRecord& a) {
    return a.id == id && a.author_id == author_id;
  });
  if (removed == 0) return not_found("answer", id);
  return {};
}

core::Result<LoungeErasure> MemoryLoungeStore::erase_author(std::int64_t user_id) {
  if (fail_writes) return write_failed();
  LoungeErasure erased;
  std::vector<std::int64_t> theirs;
  for (const auto& q : question_rows) {
    if (q.author_id == user_id) theirs.push_back(q.id);
  }
  erased.answers =
      static_cast<std::int64_t>(std::erase_if(answer_rows, [&](const CaseAnswerRecord& a) {
        return a.author_id == user_id && std::ranges::find(theirs, a.question_id) == theirs.end();
      }));
  std::erase_if(answer_rows, [&](const CaseAnswerRecord& a) {
    return std::ranges::find(theirs, a.question_id) != theirs.end();
  });
  erased.questions = static_cast<std::int64_t>(std::erase_if(
      question_rows, [&](const CaseQuestionRecord& q) { return q.author_id == user_id; }));
  return erased;
}

}  // namespace tsunagu::store
