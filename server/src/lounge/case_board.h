#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "audit/audit_log.h"
#include "auth/account_service.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/token_bucket.h"
#include "lounge/identifier_check.h"
#include "store/lounge_store.h"
#include "store/store.h"

namespace tsunagu::lounge {

inline constexpr int kMaxTitleChars = 120;
inline constexpr int kMaxBodyChars = 4000;
inline constexpr int kMaxTags = 5;
inline constexpr int kMaxTagChars = 24;
inline constexpr int kPageSize = 30;
// Posts (questions and answers) one person may make at once, then one every 3 minutes.
inline constexpr int kPostBurst = 10;
inline constexpr double kPostsPerSecond = 1.0 / 180;

struct QuestionDraft {
  std::string title;
  std::string body;
  std::vector<std::string> tags;
  bool anonymous = true;   // readers are not told who asked
  bool confirmed = false;  // the author checked what the identifier check pointed out
};

struct AnswerDraft {
  std::string body;
  bool anonymous = false;
  bool confirmed = false;
};

// Who wrote a post, as a reader may see it: a name and role only if the author chose so.
struct AuthorView {
  bool anonymous = true;
  std::string name;  // empty when anonymous
  std::string role;  // "clinician" or "trainee"; empty when anonymous
  bool mine = false;
};

struct QuestionView {
  store::CaseQuestionRecord record;  // author_id is for the board; never show it
  std::vector<std::string> tags;
  AuthorView author;
};

struct AnswerView {
  store::CaseAnswerRecord record;  // author_id is for the board; never show it
  AuthorView author;
};

struct ThreadView {
  QuestionView question;
  std::vector<AnswerView> answers;
};

// The doctors' lounge case board (docs/security.md, "Doctors' lounge"): a doctor posts a
// de-identified question, verified clinicians answer. Only those who may enter the lounge
// read or ask; only verified clinicians answer; authors may delete their own posts. Text is
// cleaned and checked for obvious identifiers (identifier_check.h): a draft with findings is
// refused with case_identifiers_suspected until the author confirms it. Posts and deletions are
// audited with ids only, never their text. Not thread-safe: owned by the API's event loop.
//
// Errors: permission_denied, not_found, case_title_invalid, case_body_invalid,
// case_tags_invalid, case_identifiers_suspected, rate_limited, internal.
class CaseBoard {
 public:
  // `users` is read for authors' names and roles.
  CaseBoard(store::LoungeStore& board, store::Store& users, audit::AuditLog& audit,
            const core::Clock& clock)
      : board_(board), users_(users), audit_(audit), clock_(clock) {}

  // Newest first, kPageSize at most, before question id `before` (0: the newest).
  core::Result<std::vector<QuestionView>> list(const auth::Identity& who, std::int64_t before);
  core::Result<ThreadView> thread(const auth::Identity& who, std::int64_t question_id);
  core::Result<QuestionView> ask(const auth::Identity& who, const QuestionDraft& draft);
  core::Result<AnswerView> answer(const auth::Identity& who, std::int64_t question_id,
                                  const AnswerDraft& draft);
  core::Status remove_question(const auth::Identity& who, std::int64_t question_id);
  core::Status remove_answer(const auth::Identity& who, std::int64_t answer_id);

  // What the identifier check finds in a draft (cleaned as ask/answer would): the API sends it
  // back with case_identifiers_suspected.
  static std::vector<IdentifierFinding> findings(const QuestionDraft& draft);
  static std::vector<IdentifierFinding> findings(const AnswerDraft& draft);

  // Account deletion: the person's questions (with their answers) and answers.
  core::Result<store::LoungeErasure> erase_person(std::int64_t user_id);

 private:
  bool take_post_token(std::int64_t user_id);
  AuthorView author_of(std::int64_t author_id, bool anonymous, const auth::Identity& viewer);

  store::LoungeStore& board_;
  store::Store& users_;
  audit::AuditLog& audit_;
  const core::Clock& clock_;
  std::unordered_map<std::int64_t, core::TokenBucket> posts_by_user_;
};

}  // namespace tsunagu::lounge
