#include "net/lounge_api.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "core/utf8.h"

namespace tsunagu::net {
namespace {

using nlohmann::json;

constexpr std::size_t kExcerptChars = 120;

int status_of(const core::Error& e) {
  switch (e.code()) {
    case core::Code::kInvalidArgument:
      return 400;
    case core::Code::kUnauthenticated:
      return 401;
    case core::Code::kPermissionDenied:
      return 403;
    case core::Code::kNotFound:
      return 404;
    case core::Code::kFailedPrecondition:
      return 409;
    case core::Code::kResourceExhausted:
      return 429;
    default:
      return 500;
  }
}

ApiResponse answer(int status, const json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

ApiResponse refuse(int status, std::string_view code) {
  ApiResponse r;
  r.status = status;
  r.body = Api::error_body(code);
  return r;
}

ApiResponse refuse(const core::Error& e) {
  const int status = status_of(e);
  if (status == 500) core::log_error("lounge", e.message());
  return refuse(status, e.name());
}

// The refusal of a draft that holds what looks like identifiers, with what was found, so the
// form can show it to its author.
ApiResponse suspected(const std::vector<lounge::IdentifierFinding>& findings) {
  json body = json::parse(Api::error_body("case_identifiers_suspected"));
  json list = json::array();
  for (const auto& f : findings) list.push_back({{"kind", f.kind}, {"text", f.text}});
  body["findings"] = list;
  return answer(409, body);
}

std::optional<std::int64_t> id_of(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

std::int64_t query_id(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto end = query.find('&');
    const std::string_view pair = query.substr(0, end);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
      return id_of(pair.substr(name.size() + 1)).value_or(0);
    }
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return 0;
}

// The first kExcerptChars code points of valid UTF-8 text.
std::string excerpt(const std::string& text) {
  if (core::utf8_length(text) <= kExcerptChars) return text;
  std::size_t i = 0, n = 0;
  while (i < text.size() && n < kExcerptChars) {
    const auto c = static_cast<unsigned char>(text[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++n;
  }
  return text.substr(0, i) + "…";
}

json author_json(const lounge::AuthorView& a) {
  json j = {{"anonymous", a.anonymous}, {"mine", a.mine}};
  if (!a.anonymous) {
    j["name"] = a.name;
    j["role"] = a.role;
  }
  return j;
}

json question_json(const lounge::QuestionView& q, bool full) {
  json j = {{"id", q.record.id},
            {"title", q.record.title},
            {"tags", q.tags},
            {"created_ms", q.record.created_ms},
            {"answer_count", q.record.answer_count},
            {"author", author_json(q.author)}};
  if (full) {
    j["body"] = q.record.body;
  } else {
    j["excerpt"] = excerpt(q.record.body);
  }
  return j;
}

json answer_json(const lounge::AnswerView& a) {
  return {{"id", a.record.id},
          {"question_id", a.record.question_id},
          {"body", a.record.body},
          {"created_ms", a.record.created_ms},
          {"author", author_json(a.author)}};
}

// Reads the fields of a draft; false (and `error` set) when one has the wrong type.
bool read_text(const json& body, const char* key, std::string& out) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

bool read_flag(const json& body, const char* key, bool& out) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_boolean()) return false;
  out = it->get<bool>();
  return true;
}

}  // namespace

ApiResponse LoungeApi::handle(const LoungeRequest& r) {
  if (!r.who) return refuse(401, "unauthenticated");
  const auth::Identity& who = *r.who;
  const auto& p = r.parts;  // api lounge …
  const bool get = r.method == "GET" || r.method == "HEAD";
  const json& in = r.body;

  if (p.size() == 3 && p[2] == "questions") {
    if (get) {
      auto list = board_.list(who, query_id(r.query, "before"));
      if (!list) return refuse(list.error());
      json out = json::array();
      for (const auto& q : *list) out.push_back(question_json(q, false));
      return answer(200, {{"questions", out}});
    }
    if (r.method != "POST") return refuse(405, "method_not_allowed");
    lounge::QuestionDraft draft;
    auto tags = in.find("tags");
    if (tags != in.end() && !tags->is_null()) {
      if (!tags->is_array()) return refuse(400, "case_tags_invalid");
      for (const auto& t : *tags) {
        if (!t.is_string()) return refuse(400, "case_tags_invalid");
        draft.tags.push_back(t.get<std::string>());
      }
    }
    if (!read_text(in, "title", draft.title) || !read_text(in, "body", draft.body) ||
        !read_flag(in, "anonymous", draft.anonymous) ||
        !read_flag(in, "confirm", draft.confirmed)) {
      return refuse(400, "bad_json");
    }
    auto asked = board_.ask(who, draft);
    if (!asked) {
      if (asked.error().name() == "case_identifiers_suspected") {
        return suspected(lounge::CaseBoard::findings(draft));
      }
      return refuse(asked.error());
    }
    return answer(201, {{"question", question_json(*asked, true)}});
  }
  if (p.size() >= 4 && p[2] == "questions") {
    const auto id = id_of(p[3]);
    if (!id) return refuse(404, "not_found");
    if (p.size() == 4) {
      if (get) {
        auto thread = board_.thread(who, *id);
        if (!thread) return refuse(thread.error());
        json answers = json::array();
        for (const auto& a : thread->answers) answers.push_back(answer_json(a));
        return answer(200,
                      {{"question", question_json(thread->question, true)}, {"answers", answers}});
      }
      if (r.method == "DELETE") {
        if (auto s = board_.remove_question(who, *id); !s) return refuse(s.error());
        return answer(200, {{"ok", true}});
      }
      return refuse(405, "method_not_allowed");
    }
    if (p.size() == 5 && p[4] == "answers") {
      if (r.method != "POST") return refuse(405, "method_not_allowed");
      lounge::AnswerDraft draft;
      if (!read_text(in, "body", draft.body) || !read_flag(in, "anonymous", draft.anonymous) ||
          !read_flag(in, "confirm", draft.confirmed)) {
        return refuse(400, "bad_json");
      }
      auto given = board_.answer(who, *id, draft);
      if (!given) {
        if (given.error().name() == "case_identifiers_suspected") {
          return suspected(lounge::CaseBoard::findings(draft));
        }
        return refuse(given.error());
      }
      return answer(201, {{"answer", answer_json(*given)}});
    }
  }
  if (p.size() == 4 && p[2] == "answers") {
    const auto id = id_of(p[3]);
    if (!id) return refuse(404, "not_found");
    if (r.method != "DELETE") return refuse(405, "method_not_allowed");
    if (auto s = board_.remove_answer(who, *id); !s) return refuse(s.error());
    return answer(200, {{"ok", true}});
  }
  return refuse(404, "not_found");
}

void LoungeApi::erase_person(std::int64_t user_id) {
  if (auto erased = board_.erase_person(user_id); !erased) {
    core::log_error("lounge", "posts of a deleted account not erased: " + erased.error().message());
  }
}

}  // namespace tsunagu::net
