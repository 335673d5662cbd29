#include "net/bank_api.h"

#include <charconv>
#include <vector>

#include "auth/permissions.h"
#include "bank/dates.h"
#include "bank/evidence.h"
#include "core/log.h"

namespace tsunagu::net {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxSelfCheckEntries = 2000;  // years of a daily diary
constexpr std::string_view kCsv = "text/csv; charset=utf-8";

int status_of(std::string_view code) {
  if (code == "account_required" || code == "permission_denied") return 403;
  if (code == "unauthenticated") return 401;
  if (code == "not_found") return 404;
  if (code == "method_not_allowed") return 405;
  if (code == "survey_already_answered" || code == "survey_outdated" || code == "diary_full") {
    return 409;
  }
  if (code == "rate_limited") return 429;
  if (code == "internal") return 500;
  return 400;
}

ApiResponse error(std::string_view code) {
  ApiResponse r;
  r.status = status_of(code);
  r.body = Api::error_body(code);
  return r;
}

ApiResponse error(const core::Error& e) {
  // Store failures carry their own names (store_busy, …); people see "internal".
  const bool known =
      e.name() == "not_found" || e.name() == "survey_already_answered" || e.name() == "diary_full";
  if (!known) core::log_error("bank", e.message());
  return error(known ? std::string_view(e.name()) : "internal");
}

ApiResponse error(const bank::Invalid& invalid) {
  ApiResponse r;
  r.status = status_of(invalid.code);
  r.body = BankApi::error_body(invalid);
  return r;
}

ApiResponse reply(int status, json body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

ApiResponse csv(std::string text) {
  ApiResponse r;
  r.body = std::move(text);
  r.content_type = std::string(kCsv);
  return r;
}

ApiResponse no_content() {
  ApiResponse r;
  r.status = 204;
  return r;
}

// "/api/surveys/epi/responses" → {"api", "surveys", "epi", "responses"}.
std::vector<std::string_view> parts_of(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto end = path.find('/');
    out.push_back(path.substr(0, end));
    if (end == std::string_view::npos) break;
    path.remove_prefix(end);
  }
  return out;
}

// A query parameter as sent. Every value these routes take (dates, ids, numbers) is plain
// ASCII; anything percent-encoded fails their validation instead of being decoded.
std::string_view param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto end = query.find('&');
    const std::string_view pair = query.substr(0, end);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return {};
}

std::optional<std::int64_t> positive(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

bool has_account(const auth::Identity& who) { return !who.user.login_id.empty(); }

json entry_json(const bank::IdentifiedEntry& e) { return bank::diary_entry_json(e.entry, e.id); }

// ?version=N, absent: the current version. False when malformed.
bool version_param(std::string_view query, std::optional<int>& version) {
  const std::string_view text = param(query, "version");
  if (text.empty()) return true;
  auto v = positive(text);
  if (!v || *v > 1'000'000) return false;
  version = static_cast<int>(*v);
  return true;
}

}  // namespace

bool BankApi::handles(std::string_view path) {
  for (std::string_view root :
       {"/api/diary", "/api/selfcheck", "/api/surveys", "/api/me/data", "/api/research"}) {
    if (path == root || (path.starts_with(root) && path[root.size()] == '/')) return true;
  }
  return path == "/api/diary.csv";
}

bool BankApi::takes_large_body(std::string_view path) { return path == "/api/selfcheck"; }

std::string BankApi::error_body(const bank::Invalid& invalid) {
  json body = json::parse(Api::error_body(invalid.code));
  if (!invalid.field.empty()) body["error"]["field"] = invalid.field;
  if (invalid.index >= 0) body["error"]["index"] = invalid.index;
  return body.dump();
}

bool BankApi::allow_write(const auth::Identity& who) {
  return writes_.allow(std::to_string(who.user.id), clock_.now());
}

ApiResponse BankApi::handle(const BankRequest& r) {
  const auto parts = parts_of(r.path);  // api …
  if (r.path == "/api/diary.csv" || parts[1] == "diary") return diary(r);
  if (parts[1] == "selfcheck") return selfcheck(r);
  if (parts[1] == "surveys") return surveys(r);
  if (parts[1] == "me") return own_data(r);
  return research(r);
}

void BankApi::account_deleted(std::int64_t user_id) {
  if (consult_ != nullptr) {
    if (auto erased = consult_->erase(user_id); !erased) {
      core::log_error("consult", "kept notes of deleted user " + std::to_string(user_id) +
                                     " not erased: " + erased.error().message());
    }
  }
  if (auto erased = bank_.erase(user_id, "account_deleted"); !erased) {
    core::log_error("bank", "erasing the bank data of deleted user " + std::to_string(user_id) +
                                ": " + erased.error().message());
  }
}

ApiResponse BankApi::diary(const BankRequest& r) {
  if (r.who == nullptr) return error("unauthenticated");
  // Guests keep their diary in the browser (docs/bank.md).
  if (!has_account(*r.who)) return error("account_required");
  const std::int64_t user = r.who->user.id;
  const auto parts = parts_of(r.path);
  if (r.path == "/api/diary.csv") {
    if (r.method != "GET") return error("method_not_allowed");
    auto text = bank_.diary_csv(user);
    if (!text) return error(text.error());
    return csv(std::move(*text));
  }
  if (r.method != "GET" && !allow_write(*r.who)) return error("rate_limited");
  if (parts.size() == 2) {
    if (r.method == "GET") {
      const std::string from(param(r.query, "from"));
      const std::string to(param(r.query, "to"));
      for (const auto& [name, value] : {std::pair{"from", from}, std::pair{"to", to}}) {
        if (!value.empty() && !bank::parse_date(value)) {
          return error(bank::Invalid{"diary_invalid", name, -1, "must be YYYY-MM-DD"});
        }
      }
      auto entries = bank_.diary(user, from, to);
      if (!entries) return error(entries.error());
      json out = json::array();
      for (const auto& e : *entries) out.push_back(entry_json(e));
      return reply(200, {{"entries", std::move(out)}});
    }
    if (r.method != "POST") return error("method_not_allowed");
    auto entry = bank::parse_diary_entry(r.body, bank_.latest_diary_day());
    if (!entry) return error(entry.error());
    auto added = bank_.add_entry(user, *entry);
    if (!added) return error(added.error());
    return reply(201, {{"entry", entry_json(*added)}});
  }
  const auto id = parts.size() == 3 ? positive(parts[2]) : std::nullopt;
  if (!id) return error("not_found");
  if (r.method == "PUT") {
    auto entry = bank::parse_diary_entry(r.body, bank_.latest_diary_day());
    if (!entry) return error(entry.error());
    auto updated = bank_.update_entry(user, *id, *entry);
    if (!updated) return error(updated.error());
    return reply(200, {{"entry", entry_json(*updated)}});
  }
  if (r.method == "DELETE") {
    if (auto s = bank_.delete_entry(user, *id); !s) return error(s.error());
    return no_content();
  }
  return error("method_not_allowed");
}

ApiResponse BankApi::selfcheck(const BankRequest& r) {
  if (r.path != "/api/selfcheck") return error("not_found");
  if (r.method != "POST") return error("method_not_allowed");
  if (!checks_.allow(std::string(r.address), clock_.now())) return error("rate_limited");
  const auto entries = r.body.find("entries");
  const auto questionnaire = r.body.find("questionnaire");
  if (r.body.size() > 1 ||
      (r.body.size() == 1 && entries == r.body.end() && questionnaire == r.body.end())) {
    return error(bank::Invalid{"selfcheck_invalid", "", -1,
                               "send {}, {\"entries\": […]} or {\"questionnaire\": {…}}"});
  }
  if (questionnaire != r.body.end()) {
    auto evidence = bank::evidence_from_questionnaire(*questionnaire);
    if (!evidence) return error(evidence.error());
    return reply(200, bank::selfcheck_json(bank::evaluate(*evidence)));
  }
  if (entries != r.body.end()) {
    if (!entries->is_array() || entries->size() > kMaxSelfCheckEntries) {
      return error(bank::Invalid{"selfcheck_invalid", "entries", -1, "a list of at most 2000"});
    }
    std::vector<bank::DiaryEntry> diary;
    for (std::size_t i = 0; i < entries->size(); ++i) {
      auto e = bank::parse_diary_entry((*entries)[i], bank_.latest_diary_day());
      if (!e) {
        bank::Invalid invalid = e.error();
        invalid.index = static_cast<int>(i);
        return error(invalid);
      }
      diary.push_back(std::move(*e));
    }
    return reply(200, bank::selfcheck_json(bank::evaluate(bank::evidence_from_diary(diary))));
  }
  // {}: a member's stored diary.
  if (r.who == nullptr) return error("unauthenticated");
  if (!has_account(*r.who)) return error("account_required");
  auto check = bank_.check_diary(r.who->user.id);
  if (!check) return error(check.error());
  return reply(200, bank::selfcheck_json(*check));
}

ApiResponse BankApi::surveys(const BankRequest& r) {
  const auto parts = parts_of(r.path);  // api surveys [id [responses|aggregate]]
  if (parts.size() == 4 && parts[3] == "responses") {
    if (r.method != "POST") return error("method_not_allowed");
    return respond(r, parts[2]);
  }
  if (r.method != "GET") return error("method_not_allowed");
  if (parts.size() == 2) {
    auto listed = bank_.list(r.who ? std::optional(r.who->user.id) : std::nullopt);
    if (!listed) return error(listed.error());
    json out = json::array();
    for (const auto& l : *listed) {
      out.push_back({{"id", l.survey->id},
                     {"version", l.survey->version},
                     {"title", bank::local_json(l.survey->title)},
                     {"description", l.survey->source.value("description", json::object())},
                     {"members_only", l.survey->members_only},
                     {"answered", l.answered}});
    }
    return reply(200, {{"surveys", std::move(out)}});
  }
  if (parts.size() == 3) {
    const bank::SurveyDefinition* s = bank_.surveys().current(parts[2]);
    if (s == nullptr) return error("not_found");
    return reply(200, {{"survey", s->source}});
  }
  if (parts.size() == 4 && parts[3] == "aggregate") {
    std::optional<int> version;
    if (!version_param(r.query, version)) {
      return error(bank::Invalid{"survey_invalid", "version", -1, "must be a positive number"});
    }
    auto out = bank_.aggregate(parts[2], version);
    if (!out) return error(out.error());
    return reply(200, std::move(*out));
  }
  return error("not_found");
}

ApiResponse BankApi::respond(const BankRequest& r, std::string_view survey_id) {
  if (r.who == nullptr) return error("unauthenticated");
  const bank::SurveyDefinition* survey = bank_.surveys().current(survey_id);
  if (survey == nullptr) return error("not_found");
  if (survey->members_only && !has_account(*r.who)) return error("account_required");
  if (!allow_write(*r.who)) return error("rate_limited");
  for (const auto& [key, value] : r.body.items()) {
    if (key != "version" && key != "consent" && key != "anonymous" && key != "answers") {
      return error(bank::Invalid{"survey_invalid", key, -1, "is not a field of a response"});
    }
  }
  // Consent is asked before anything else is looked at: no consent, nothing kept.
  const auto consent = r.body.find("consent");
  if (consent == r.body.end() || *consent != true) return error("consent_required");
  const auto version = r.body.find("version");
  if (version == r.body.end() || !version->is_number_integer()) {
    return error(bank::Invalid{"survey_invalid", "version", -1, "must be a whole number"});
  }
  if (version->get<std::int64_t>() != survey->version) return error("survey_outdated");
  const auto anonymous = r.body.find("anonymous");
  if (anonymous != r.body.end() && !anonymous->is_boolean()) {
    return error(bank::Invalid{"survey_invalid", "anonymous", -1, "must be true or false"});
  }
  const bool is_anonymous = anonymous != r.body.end() && anonymous->get<bool>();
  const auto answers = r.body.find("answers");
  auto checked = bank::check_answers(*survey, answers == r.body.end() ? json() : *answers);
  if (!checked) return error(checked.error());
  if (auto s = bank_.respond(r.who->user.id, *survey, is_anonymous, *checked); !s) {
    return error(s.error());
  }
  return reply(201,
               {{"survey", survey->id}, {"version", survey->version}, {"anonymous", is_anonymous}});
}

ApiResponse BankApi::own_data(const BankRequest& r) {
  if (r.path != "/api/me/data") return error("not_found");
  if (r.who == nullptr) return error("unauthenticated");
  const store::UserRecord& u = r.who->user;
  if (r.method == "GET") {
    auto data = bank_.own_data(u.id);
    if (!data) return error(data.error());
    json account = {{"id", u.id},
                    {"name", u.display_name},
                    {"avatar", u.avatar},
                    {"role", auth::role_name(r.who->role)},
                    {"has_account", has_account(*r.who)},
                    {"rules_version", u.rules_version},
                    {"created_ms", u.created_ms}};
    if (has_account(*r.who)) account["login_id"] = u.login_id;
    (*data)["account"] = std::move(account);
    if (consult_ != nullptr) {
      auto notes = consult_->notes_of(u.id);
      if (!notes) return error(notes.error());
      (*data)["consultation_notes"] = std::move((*notes)["notes"]);
    }
    return reply(200, std::move(*data));
  }
  if (r.method == "DELETE") {
    if (!allow_write(*r.who)) return error("rate_limited");
    if (auto erased = bank_.erase(u.id, "request"); !erased) return error(erased.error());
    if (consult_ != nullptr) {
      if (auto erased = consult_->erase(u.id); !erased) return error(erased.error());
    }
    return no_content();
  }
  return error("method_not_allowed");
}

ApiResponse BankApi::research(const BankRequest& r) {
  const auto parts = parts_of(r.path);  // api research export|dictionary
  if (parts.size() != 3 || (parts[2] != "export" && parts[2] != "dictionary")) {
    return error("not_found");
  }
  if (r.method != "GET") return error("method_not_allowed");
  if (r.who == nullptr) return error("unauthenticated");
  if (!auth::allowed(r.who->role, auth::Action::kExportResearchData)) {
    return error("permission_denied");
  }
  const std::string_view survey = param(r.query, "survey");
  std::optional<int> version;
  if (survey.empty() || !version_param(r.query, version)) {
    return error(bank::Invalid{"survey_invalid", survey.empty() ? "survey" : "version", -1,
                               "?survey=<id>[&version=<n>]"});
  }
  if (parts[2] == "dictionary") {
    auto text = bank_.dictionary(survey, version);
    if (!text) return error(text.error());
    return csv(std::move(*text));
  }
  if (!exports_.allow(std::to_string(r.who->user.id), clock_.now())) return error("rate_limited");
  auto out = bank_.research_export(r.who->user.id, survey, version);
  if (!out) return error(out.error());
  return csv(std::move(out->csv));
}

}  // namespace tsunagu::net
