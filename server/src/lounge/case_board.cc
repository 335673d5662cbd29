#include "lounge/case_board.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "auth/permissions.h"
#include "core/log.h"
#include "core/utf8.h"

namespace tsunagu::lounge {
namespace {

using core::Code;
using nlohmann::json;

std::unexpected<core::Error> denied() {
  return core::fail(Code::kPermissionDenied, "permission_denied",
                    "the case board is for verified clinicians and trainees");
}

std::unexpected<core::Error> invalid(const char* name, const char* message) {
  return core::fail(Code::kInvalidArgument, name, message);
}

// Decodes one code point from valid UTF-8 at `i`, advancing `i`.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
  char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += extra + 1;
  return cp;
}

bool is_disguising(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2060 || cp == 0xFEFF;
}

bool is_blank(char32_t cp) { return cp == U' ' || cp == U'\n' || cp == 0x3000 || cp == 0xA0; }

// Text a person typed, made safe to store and show: valid UTF-8, no bidirectional overrides or
// zero-width characters (they can disguise text), control characters as spaces (line breaks
// kept where `multiline`, CR LF as LF), blank ends trimmed. Empty (or "" for invalid UTF-8)
// when nothing is left.
std::string clean(std::string_view raw, bool multiline) {
  if (!core::is_valid_utf8(raw)) return {};
  std::string out;
  out.reserve(raw.size());
  std::size_t i = 0;
  while (i < raw.size()) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(raw, i);
    if (is_disguising(cp)) continue;
    if (cp == U'\r') {
      if (i < raw.size() && raw[i] == '\n') continue;  // CR LF → LF
      out += multiline ? '\n' : ' ';
      continue;
    }
    if (cp == U'\n') {
      out += multiline ? '\n' : ' ';
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      out += ' ';
      continue;
    }
    out.append(raw.substr(start, i - start));
  }
  std::size_t first = out.size(), last = 0;
  for (std::size_t k = 0; k < out.size();) {
    const std::size_t at = k;
    if (!is_blank(next_code_point(out, k))) {
      first = std::min(first, at);
      last = k;
    }
  }
  return first < last ? out.substr(first, last - first) : std::string();
}

bool fits(const std::string& text, int max_chars) {
  return !text.empty() && core::utf8_length(text) <= static_cast<std::size_t>(max_chars);
}

struct CleanQuestion {
  std::string title, body;
  std::vector<std::string> tags;
};

core::Result<CleanQuestion> clean_question(const QuestionDraft& draft) {
  CleanQuestion q{clean(draft.title, false), clean(draft.body, true), {}};
  if (!fits(q.title, kMaxTitleChars)) {
    return invalid("case_title_invalid", "the title must be 1–120 characters");
  }
  if (!fits(q.body, kMaxBodyChars)) {
    return invalid("case_body_invalid", "the question must be 1–4000 characters");
  }
  if (draft.tags.size() > static_cast<std::size_t>(kMaxTags) * 2) {
    return invalid("case_tags_invalid", "at most 5 tags");
  }
  for (const auto& raw : draft.tags) {
    std::string tag = clean(raw, false);
    if (tag.empty()) continue;
    if (!fits(tag, kMaxTagChars)) return invalid("case_tags_invalid", "a tag is 1–24 characters");
    if (std::ranges::find(q.tags, tag) == q.tags.end()) q.tags.push_back(std::move(tag));
  }
  if (q.tags.size() > static_cast<std::size_t>(kMaxTags)) {
    return invalid("case_tags_invalid", "at most 5 tags");
  }
  return q;
}

std::vector<std::string> tags_of(const std::string& tags_json) {
  std::vector<std::string> out;
  json tags = json::parse(tags_json, nullptr, false);
  if (!tags.is_array()) return out;
  for (const auto& t : tags) {
    if (t.is_string()) out.push_back(t.get<std::string>());
  }
  return out;
}

std::vector<IdentifierFinding> merged(std::initializer_list<std::string_view> texts) {
  std::vector<IdentifierFinding> out;
  for (std::string_view text : texts) {
    for (auto& f : find_identifiers(text)) {
      if (std::ranges::find(out, f) == out.end()) out.push_back(std::move(f));
    }
  }
  return out;
}

std::unexpected<core::Error> suspected() {
  return core::fail(Code::kFailedPrecondition, "case_identifiers_suspected",
                    "the text looks like it holds identifying details; check and confirm");
}

std::unexpected<core::Error> too_many_posts() {
  return core::fail(Code::kResourceExhausted, "rate_limited", "too many posts; wait a little");
}

bool may_read(const auth::Identity& who) {
  return auth::allowed(who.role, auth::Action::kEnterDoctorsLounge);
}

}  // namespace

std::vector<IdentifierFinding> CaseBoard::findings(const QuestionDraft& draft) {
  std::string tags;
  for (const auto& t : draft.tags) tags += clean(t, false) + "\n";
  return merged({clean(draft.title, false), clean(draft.body, true), tags});
}

std::vector<IdentifierFinding> CaseBoard::findings(const AnswerDraft& draft) {
  return merged({clean(draft.body, true)});
}

bool CaseBoard::take_post_token(std::int64_t user_id) {
  const auto now = clock_.now();
  if (posts_by_user_.size() > 10'000) {
    for (auto it = posts_by_user_.begin(); it != posts_by_user_.end();) {
      it = it->second.tokens(now) >= kPostBurst ? posts_by_user_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = posts_by_user_.try_emplace(user_id, kPostBurst, kPostsPerSecond, now);
  return it->second.try_take(now);
}

AuthorView CaseBoard::author_of(std::int64_t author_id, bool anonymous,
                                const auth::Identity& viewer) {
  AuthorView view;
  view.mine = author_id == viewer.user.id;
  view.anonymous = anonymous;
  if (anonymous) return view;
  auto user = users_.find_user(author_id);
  if (user && user->has_value() && (*user)->deleted_ms == 0) {
    view.name = (*user)->display_name;
    view.role = (*user)->role;
  } else {
    view.anonymous = true;  // gone: nobody to name
  }
  return view;
}

core::Result<std::vector<QuestionView>> CaseBoard::list(const auth::Identity& who,
                                                        std::int64_t before) {
  if (!may_read(who)) return denied();
  auto rows = board_.questions(before, kPageSize);
  if (!rows) return std::unexpected(rows.error());
  std::vector<QuestionView> out;
  out.reserve(rows->size());
  for (auto& r : *rows) {
    QuestionView view{std::move(r), {}, {}};
    view.tags = tags_of(view.record.tags_json);
    view.author = author_of(view.record.author_id, view.record.anonymous, who);
    out.push_back(std::move(view));
  }
  return out;
}

core::Result<ThreadView> CaseBoard::thread(const auth::Identity& who, std::int64_t question_id) {
  if (!may_read(who)) return denied();
  auto found = board_.find_question(question_id);
  if (!found) return std::unexpected(found.error());
  if (!found->has_value()) return core::fail(Code::kNotFound, "not_found", "no such question");
  ThreadView thread;
  thread.question.record = std::move(**found);
  thread.question.tags = tags_of(thread.question.record.tags_json);
  thread.question.author =
      author_of(thread.question.record.author_id, thread.question.record.anonymous, who);
  auto answers = board_.answers_to(question_id);
  if (!answers) return std::unexpected(answers.error());
  for (auto& a : *answers) {
    AnswerView view{std::move(a), {}};
    view.author = author_of(view.record.author_id, view.record.anonymous, who);
    thread.answers.push_back(std::move(view));
  }
  return thread;
}

core::Result<QuestionView> CaseBoard::ask(const auth::Identity& who, const QuestionDraft& draft) {
  if (!may_read(who)) return denied();
  auto q = clean_question(draft);
  if (!q) return std::unexpected(q.error());
  std::string tag_lines;
  for (const auto& t : q->tags) tag_lines += t + "\n";
  const bool flagged = !merged({q->title, q->body, tag_lines}).empty();
  if (flagged && !draft.confirmed) return suspected();
  if (!take_post_token(who.user.id)) return too_many_posts();
  store::CaseQuestionRecord record;
  record.author_id = who.user.id;
  record.anonymous = draft.anonymous;
  record.title = std::move(q->title);
  record.body = std::move(q->body);
  record.tags_json = json(q->tags).dump();
  record.created_ms = clock_.unix_ms();
  auto id = board_.add_question(record);
  if (!id) return std::unexpected(id.error());
  record.id = *id;
  // Who asked is kept for accountability (admins read the audit log); the text never is.
  if (auto a = audit_.append(who.user.id, "lounge.question.post", 0,
                             {{"question_id", *id},
                              {"anonymous", draft.anonymous},
                              {"identifier_warning_confirmed", flagged}});
      !a) {
    core::log_error("lounge", "audit append failed: " + a.error().message());
  }
  QuestionView view{std::move(record), std::move(q->tags), {}};
  view.author = author_of(who.user.id, view.record.anonymous, who);
  return view;
}

core::Result<AnswerView> CaseBoard::answer(const auth::Identity& who, std::int64_t question_id,
                                           const AnswerDraft& draft) {
  if (!may_read(who) || !auth::allowed(who.role, auth::Action::kAnswerCaseQuestion)) {
    return core::fail(Code::kPermissionDenied, "permission_denied",
                      "answers are for verified clinicians");
  }
  std::string body = clean(draft.body, true);
  if (!fits(body, kMaxBodyChars)) {
    return invalid("case_body_invalid", "the answer must be 1–4000 characters");
  }
  const bool flagged = !find_identifiers(body).empty();
  if (flagged && !draft.confirmed) return suspected();
  if (!take_post_token(who.user.id)) return too_many_posts();
  store::CaseAnswerRecord record;
  record.question_id = question_id;
  record.author_id = who.user.id;
  record.anonymous = draft.anonymous;
  record.body = std::move(body);
  record.created_ms = clock_.unix_ms();
  auto id = board_.add_answer(record);
  if (!id) return std::unexpected(id.error());
  record.id = *id;
  if (auto a = audit_.append(who.user.id, "lounge.answer.post", 0,
                             {{"question_id", question_id},
                              {"answer_id", *id},
                              {"anonymous", draft.anonymous},
                              {"identifier_warning_confirmed", flagged}});
      !a) {
    core::log_error("lounge", "audit append failed: " + a.error().message());
  }
  AnswerView view{std::move(record), {}};
  view.author = author_of(who.user.id, view.record.anonymous, who);
  return view;
}

core::Status CaseBoard::remove_question(const auth::Identity& who, std::int64_t question_id) {
  if (!may_read(who)) return denied();
  if (auto s = board_.delete_question(who.user.id, question_id); !s) return s;
  if (auto a =
          audit_.append(who.user.id, "lounge.question.delete", 0, {{"question_id", question_id}});
      !a) {
    core::log_error("lounge", "audit append failed: " + a.error().message());
  }
  return {};
}

core::Status CaseBoard::remove_answer(const auth::Identity& who, std::int64_t answer_id) {
  if (!may_read(who)) return denied();
  if (auto s = board_.delete_answer(who.user.id, answer_id); !s) return s;
  if (auto a = audit_.append(who.user.id, "lounge.answer.delete", 0, {{"answer_id", answer_id}});
      !a) {
    core::log_error("lounge", "audit append failed: " + a.error().message());
  }
  return {};
}

core::Result<store::LoungeErasure> CaseBoard::erase_person(std::int64_t user_id) {
  return board_.erase_author(user_id);
}

}  // namespace tsunagu::lounge
