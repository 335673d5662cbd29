#include "net/api.h"

#include <sodium.h>

#include <charconv>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "core/messages.h"
#include "net/bank_api.h"
#include "net/lounge_api.h"
#include "net/origin.h"
#include "net/slides_api.h"
#include "net/consult_api.h"
#include "realtime/connection.h"

namespace tsunagu::net {

using nlohmann::json;

namespace {

constexpr std::string_view kSessionCookie = "tsunagu_session";
constexpr std::string_view kDeviceCookie = "tsunagu_device";
constexpr int kSessionMaxAgeS = 30 * 24 * 3600;
constexpr int kDeviceMaxAgeS = 400 * 24 * 3600;  // the longest browsers keep a cookie

std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto end = header.find(';');
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

std::string cookie(std::string_view name, std::string_view value, int max_age_s, bool tls) {
  std::string c(name);
  c += '=';
  c += value;
  c += "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age_s);
  if (tls) c += "; Secure";
  return c;
}

std::string percent_decode(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%' && i + 2 < in.size()) {
      unsigned v = 0;
      auto [end, ec] = std::from_chars(in.data() + i + 1, in.data() + i + 3, v, 16);
      if (ec != std::errc() || end != in.data() + i + 3) return std::string();
      out += static_cast<char>(v);
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::string query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto end = query.find('&');
    std::string_view pair = query.substr(0, end);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      return percent_decode(pair.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return "";
}

// "/api/admin/clinicians/12/approve" split at '/', without the empty first part.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto end = path.find('/');
    out.push_back(path.substr(0, end));
    if (end == std::string_view::npos) break;
    path.remove_prefix(end);
  }
  return out;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

int status_for(const core::Error& e) {
  switch (e.code()) {
    case core::Code::kInvalidArgument: return 400;
    case core::Code::kUnauthenticated: return 401;
    case core::Code::kPermissionDenied: return 403;
    case core::Code::kNotFound: return 404;
    case core::Code::kAlreadyExists: return 409;
    case core::Code::kFailedPrecondition: return 409;
    case core::Code::kResourceExhausted: return 429;
    case core::Code::kUnavailable: return e.name() == "busy" ? 503 : 500;
    default: return 500;
  }
}

json user_json(const store::UserRecord& u, auth::Role role) {
  json j = {{"id", u.id},
            {"name", u.display_name},
            {"avatar", u.avatar},
            {"role", auth::role_name(role)},
            {"has_account", !u.login_id.empty()},
            {"rules_version", u.rules_version}};
  if (!u.login_id.empty()) j["login_id"] = u.login_id;
  return j;
}

json application_json(const store::ClinicianApplication& a) {
  return {{"id", a.id},
          {"user_id", a.user_id},
          {"real_name", a.real_name},
          {"registration_number", a.registration_number},
          {"specialty", a.specialty},
          {"affiliation", a.affiliation},
          {"status", a.status},
          {"decision_note", a.decision_note},
          {"created_ms", a.created_ms},
          {"decided_ms", a.decided_ms}};
}

json report_json(const store::ReportRecord& r) {
  json context = json::parse(r.context_json, nullptr, false);
  if (context.is_discarded()) context = json::array();
  return {{"id", r.id},           {"reporter_id", r.reporter_id}, {"subject_id", r.subject_id},
          {"message_id", r.message_id}, {"space", r.space},       {"reason", r.reason},
          {"detail", r.detail},   {"context", context},           {"status", r.status},
          {"resolution", r.resolution}, {"created_ms", r.created_ms},
          {"resolved_ms", r.resolved_ms}};
}

json audit_json(const store::AuditRecord& e) {
  json detail = json::parse(e.detail_json, nullptr, false);
  return {{"id", e.id},         {"created_ms", e.created_ms}, {"actor_id", e.actor_id},
          {"action", e.action}, {"subject_id", e.subject_id},
          {"detail", detail.is_discarded() ? json(e.detail_json) : detail}, {"hash", e.hash}};
}

json ban_json(const store::BanRecord& b) {
  return {{"id", b.id},         {"user_id", b.user_id},       {"reason", b.reason},
          {"created_ms", b.created_ms}, {"until_ms", b.until_ms}, {"lifted_ms", b.lifted_ms},
          {"device", !b.device_hash.empty()}};
}

}  // namespace

// One request in flight: its copied inputs, the parsed body, who asks, and the reply.
struct Api::Call : std::enable_shared_from_this<Api::Call> {
  std::string method, path, query, body, authorization, cookie, origin, host, csrf, address;
  std::string content_type;
  bool tls = false;
  Reply reply;
  std::vector<std::string_view> parts;
  json in;  // the parsed body (object), when there is one
  std::string token;  // the session token used
  std::optional<auth::Identity> who;
  bool by_cookie = false;

  bool is(std::string_view m) const { return method == m; }
  bool get() const { return method == "GET" || method == "HEAD"; }
  bool changes_state() const { return !get(); }

  void respond(int status, json body, std::vector<std::string> cookies = {}) {
    ApiResponse r;
    r.status = status;
    r.body = body.dump();
    r.set_cookies = std::move(cookies);
    reply(std::move(r));
  }
  void error(int status, std::string_view code) {
    ApiResponse r;
    r.status = status;
    r.body = Api::error_body(code);
    reply(std::move(r));
  }
  void error(const core::Error& e) {
    if (status_for(e) == 500) core::log_error("api", path + ": " + e.message());
    error(status_for(e), e.name());
  }
  // Reads a string field, or "" when absent; false (and replies) when of the wrong type.
  bool text(const char* key, std::string& out) {
    auto it = in.find(key);
    if (it == in.end() || it->is_null()) return true;
    if (!it->is_string()) {
      error(400, "bad_json");
      return false;
    }
    out = it->get<std::string>();
    return true;
  }
};

Api::Api(ApiServices services, std::string rules_json, std::vector<std::string> allowed_origins,
         int guest_burst)
    : s_(services),
      rules_json_(std::move(rules_json)),
      allowed_origins_(std::move(allowed_origins)),
      started_(services.clock.now()),
      session_limiter_(guest_burst, 0.5) {
  rules_version_ = services.accounts.rules_version();
}

bool Api::handles(std::string_view path) {
  return path == "/healthz" || path == "/api" || path.starts_with("/api/");
}

std::string Api::error_body(std::string_view code) {
  const core::LocalizedText* text = core::localized_message(code);
  if (!text) {
    code = "internal";
    text = core::localized_message(code);
  }
  json body = {{"error", {{"code", code}}}};
  if (text) body["error"]["message"] = {{"ja", text->ja}, {"en", text->en}};
  return body.dump();
}

std::string_view Api::session_cookie(std::string_view cookie_header) {
  return cookie_value(cookie_header, kSessionCookie);
}

std::string Api::csrf_for(std::string_view session_token) {
  static constexpr unsigned char kKey[] = "tsunagu-csrf-v1";
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(session_token.data()),
                     session_token.size(), kKey, sizeof kKey - 1);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

void Api::handle(const ApiRequest& request, Reply reply) {
  auto call = std::make_shared<Call>();
  Call& c = *call;
  c.method = request.method;
  c.path = request.path;
  c.query = request.query;
  c.body = request.body;
  c.authorization = request.authorization;
  c.cookie = request.cookie;
  c.origin = request.origin;
  c.host = request.host;
  c.csrf = request.csrf_token;
  c.content_type = request.content_type;
  c.address = request.client_address;
  c.tls = request.tls;
  // The call lives while someone holds it: this function until route() returns, and any
  // asynchronous step (password hashing) that captured shared_from_this().
  c.reply = std::move(reply);
  c.parts = segments(c.path);
  route(c);
}

void Api::route(Call& c) {
  if (c.path == "/healthz") {
    if (!c.get()) return c.error(405, "method_not_allowed");
    auto uptime = std::chrono::duration_cast<std::chrono::seconds>(s_.clock.now() - started_);
    return c.respond(200, {{"status", "ok"},
                           {"version", TSUNAGU_VERSION},
                           {"uptime_s", uptime.count()},
                           {"connections", s_.realtime.connections()}});
  }
  if (c.changes_state()) {
    // A browser's cross-site request carries its Origin; refuse it before anything else.
    if (!c.origin.empty() && !origin_allowed(c.origin, c.host, allowed_origins_)) {
      return c.error(403, "origin_not_allowed");
    }
    if (!c.body.empty() && !SlidesApi::takes_image_body(c.path)) {  // images are not JSON
      c.in = json::parse(c.body, nullptr, /*allow_exceptions=*/false);
      if (c.in.is_discarded() || !c.in.is_object()) {
        if (c.path != "/api/admin/roster") return c.error(400, "bad_json");
        c.in = json::object();
      }
    } else {
      c.in = json::object();
    }
  }
  // Who asks: the Bearer token (tools) or the session cookie (browsers).
  std::string_view bearer;
  if (c.authorization.starts_with("Bearer ")) bearer = std::string_view(c.authorization).substr(7);
  std::string_view cookie = session_cookie(c.cookie);
  c.token = std::string(!bearer.empty() ? bearer : cookie);
  c.by_cookie = bearer.empty() && !cookie.empty();
  if (!c.token.empty()) {
    auto who = s_.accounts.authenticate(c.token);
    if (who) c.who = std::move(*who);
  }
  // Cookies ride along on any request a page makes; a state change needs proof that this
  // origin's script made it (the token only our pages can read).
  const bool open_route = c.path == "/api/session" || c.path == "/api/login";
  if (c.changes_state() && c.by_cookie && c.who && !(open_route && c.is("POST"))) {
    const std::string expected = csrf_for(c.token);
    if (c.csrf.size() != expected.size() ||
        sodium_memcmp(c.csrf.data(), expected.data(), expected.size()) != 0) {
      return c.error(403, "csrf_invalid");
    }
  }
  if (s_.bank != nullptr && BankApi::handles(c.path)) {
    static const json kNoBody = json::object();
    return c.reply(s_.bank->handle({c.method, c.path, c.query, c.changes_state() ? c.in : kNoBody,
                                    c.who ? &*c.who : nullptr, c.address}));
  }
  if (s_.lounge != nullptr && c.parts.size() >= 2 && c.parts[1] == "lounge") {
    static const json kNothing = json::object();
    return c.reply(s_.lounge->handle({c.method, c.parts, c.query, c.changes_state() ? c.in : kNothing,
                                      c.who ? &*c.who : nullptr}));
  }
  if (s_.consult != nullptr && ConsultApi::handles(c.path)) {
    return c.reply(s_.consult->handle(c.method, c.path, c.query, c.who ? &*c.who : nullptr));
  }
  if (c.parts.size() >= 2 && c.parts[1] == "slides") {
    if (s_.slides == nullptr) return c.error(404, "not_found");
    static const json kEmpty = json::object();
    return c.reply(s_.slides->handle({c.method, c.parts, c.content_type, c.body,
                                      c.changes_state() ? c.in : kEmpty, c.who ? &*c.who : nullptr}));
  }
  if (c.path == "/api/spaces") {
    if (!c.get()) return c.error(405, "method_not_allowed");
    ApiResponse r;
    r.body = s_.realtime.spaces_json();
    return c.reply(std::move(r));
  }
  if (c.path == "/api/rules") {
    if (!c.get()) return c.error(405, "method_not_allowed");
    ApiResponse r;
    r.body = rules_json_;
    return c.reply(std::move(r));
  }
  if (c.parts.size() >= 2) {
    const auto area = c.parts[1];
    if (area == "session" || area == "login" || area == "account" || area == "profile" ||
        area == "rules") {
      return route_account(c);
    }
    if (area == "blocks" || area == "mutes" || area == "reports" || area == "badges" ||
        area == "clinician") {
      return route_safety(c);
    }
    if (area == "admin") return route_admin(c);
    if (area == "mod") return route_moderation(c);
  }
  c.error(404, "not_found");
}

void Api::route_account(Call& c) {
  auto signed_in = [this](Call& c, const auth::SignIn& s, int status) {
    std::vector<std::string> cookies = {
        cookie(kSessionCookie, s.token, kSessionMaxAgeS, c.tls),
        cookie(kDeviceCookie, s.device_token, kDeviceMaxAgeS, c.tls)};
    json body = {{"csrf", csrf_for(s.token)},
                 {"user", user_json(s.identity.user, s.identity.role)},
                 {"rules_version", rules_version_}};
    // Browsers (which always send Origin) get the token only as an HttpOnly cookie, out of
    // reach of page scripts; tools without cookies get it in the body for Bearer/hello.
    if (c.origin.empty()) body["token"] = s.token;
    c.respond(status, body, std::move(cookies));
  };
  const std::string device(cookie_value(c.cookie, kDeviceCookie));

  if (c.path == "/api/session") {
    if (c.is("POST")) {
      if (!session_limiter_.allow(c.address, s_.clock.now())) return c.error(429, "rate_limited");
      auto name = c.in.find("name");
      if (name == c.in.end() || !name->is_string()) return c.error(400, "name_missing");
      auto avatar = c.in.find("avatar");
      if (avatar == c.in.end() || !avatar->is_number_integer()) {
        return c.error(400, "avatar_invalid");
      }
      auto rules = c.in.find("rules_version");
      const int accepted = rules != c.in.end() && rules->is_number_integer() ? rules->get<int>() : 0;
      auto created = s_.accounts.create_guest(
          {name->get_ref<const std::string&>(), avatar->get<int>(), accepted, device});
      if (!created) return c.error(created.error());
      return signed_in(c, *created, 201);
    }
    if (!c.who) {
      // A banned browser lost its session with the ban; tell it why, not just "who are you".
      auto ban = s_.accounts.ban_on(0, device);
      if (ban && ban->has_value()) return c.error(403, "banned");
      return c.error(401, "unauthenticated");
    }
    if (c.get()) {
      json out = {{"user", user_json(c.who->user, c.who->role)},
                  {"csrf", csrf_for(c.token)},
                  {"rules_version", rules_version_}};
      auto badge = s_.clinicians.badge_of(c.who->user.id);
      if (badge && badge->has_value()) {
        out["user"]["badge"] = {{"specialty", (*badge)->specialty}, {"name", (*badge)->real_name}};
      }
      return c.respond(200, out);
    }
    if (c.is("DELETE")) {
      if (auto s = s_.accounts.logout(*c.who); !s) return c.error(s.error());
      s_.realtime.disconnect_user(c.who->user.id, realtime::close_code::kSessionChanged, "signed out");
      return c.respond(200, {{"ok", true}},
                       {cookie(kSessionCookie, "", 0, c.tls)});
    }
    return c.error(405, "method_not_allowed");
  }
  if (c.path == "/api/login") {
    if (!c.is("POST")) return c.error(405, "method_not_allowed");
    std::string login_id, password;
    if (!c.text("login_id", login_id) || !c.text("password", password)) return;
    return s_.accounts.login(login_id, password, c.address, device,
                             [signed_in, call = c.shared_from_this()](core::Result<auth::SignIn> r) {
                               if (!r) return call->error(r.error());
                               signed_in(*call, *r, 200);
                             });
  }
  if (!c.who) return c.error(401, "unauthenticated");
  const auth::Identity who = *c.who;
  if (c.path == "/api/account") {
    if (c.is("POST")) {
      std::string login_id, password;
      if (!c.text("login_id", login_id) || !c.text("password", password)) return;
      return s_.accounts.create_account(
          who, login_id, password, [call = c.shared_from_this()](core::Result<store::UserRecord> r) {
            if (!r) return call->error(r.error());
            call->respond(201, {{"user", user_json(*r, auth::role_of(*r))}});
          });
    }
    if (c.is("DELETE")) {
      std::string password;
      if (!c.text("password", password)) return;
      return s_.accounts.delete_account(
          who, password, [this, call = c.shared_from_this(), who](core::Result<bool> r) {
            if (!r) return call->error(r.error());
            s_.realtime.disconnect_user(who.user.id, realtime::close_code::kSessionChanged, "deleted");
            if (s_.bank != nullptr) s_.bank->account_deleted(who.user.id);
            if (s_.lounge != nullptr) s_.lounge->erase_person(who.user.id);
            if (s_.slides != nullptr) s_.slides->erase_person(who.user.id);
            call->respond(200, {{"ok", true}}, {cookie(kSessionCookie, "", 0, call->tls)});
          });
    }
    return c.error(405, "method_not_allowed");
  }
  if (c.path == "/api/account/password") {
    if (!c.is("POST")) return c.error(405, "method_not_allowed");
    std::string current, next;
    if (!c.text("current", current) || !c.text("password", next)) return;
    return s_.accounts.change_password(
        who, current, next, [this, call = c.shared_from_this(), who](core::Result<bool> r) {
          if (!r) return call->error(r.error());
          // Other sessions are gone from the store; their live connections go too (this
          // browser's reconnects at once with its still-valid session).
          s_.realtime.disconnect_user(who.user.id, realtime::close_code::kSessionChanged,
                                      "password changed");
          call->respond(200, {{"ok", true}});
        });
  }
  if (c.path == "/api/profile") {
    if (!c.is("PATCH") && !c.is("POST")) return c.error(405, "method_not_allowed");
    std::optional<std::string> name;
    std::optional<int> avatar;
    if (auto it = c.in.find("name"); it != c.in.end()) {
      if (!it->is_string()) return c.error(400, "name_missing");
      name = it->get<std::string>();
    }
    if (auto it = c.in.find("avatar"); it != c.in.end()) {
      if (!it->is_number_integer()) return c.error(400, "avatar_invalid");
      avatar = it->get<int>();
    }
    auto updated = s_.accounts.update_profile(
        who, name ? std::optional<std::string_view>(*name) : std::nullopt, avatar);
    if (!updated) return c.error(updated.error());
    s_.realtime.disconnect_user(who.user.id, realtime::close_code::kSessionChanged, "profile changed");
    return c.respond(200, {{"user", user_json(*updated, who.role)}});
  }
  if (c.path == "/api/rules/accept") {
    if (!c.is("POST")) return c.error(405, "method_not_allowed");
    auto version = c.in.find("version");
    if (version == c.in.end() || !version->is_number_integer()) {
      return c.error(400, "rules_not_accepted");
    }
    if (auto s = s_.accounts.accept_rules(who, version->get<int>()); !s) return c.error(s.error());
    return c.respond(200, {{"ok", true}});
  }
  c.error(404, "not_found");
}

void Api::route_safety(Call& c) {
  const auto area = c.parts[1];
  if (area == "badges") {
    // Public: what the system draws above verified clinicians (?ids=1,2,3).
    if (!c.get()) return c.error(405, "method_not_allowed");
    json out = json::array();
    std::string ids = query_value(c.query, "ids");
    std::string_view rest = ids;
    int n = 0;
    while (!rest.empty() && n < 100) {
      auto comma = rest.find(',');
      auto id = parse_id(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      ++n;
      if (!id) continue;
      auto badge = s_.clinicians.badge_of(*id);
      if (badge && badge->has_value()) {
        out.push_back({{"id", *id},
                       {"kind", "clinician"},
                       {"specialty", (*badge)->specialty},
                       {"name", (*badge)->real_name}});
      }
    }
    return c.respond(200, {{"badges", out}});
  }
  if (!c.who) return c.error(401, "unauthenticated");
  const auth::Identity& who = *c.who;
  if (area == "clinician") {
    if (c.path != "/api/clinician/application") return c.error(404, "not_found");
    if (c.get()) {
      auto mine = s_.clinicians.my_application(who);
      if (!mine) return c.error(mine.error());
      return c.respond(200, {{"application", mine->has_value() ? application_json(**mine) : json()}});
    }
    if (!c.is("POST")) return c.error(405, "method_not_allowed");
    std::string real_name, number, specialty, affiliation;
    if (!c.text("real_name", real_name) || !c.text("registration_number", number) ||
        !c.text("specialty", specialty) || !c.text("affiliation", affiliation)) {
      return;
    }
    auto applied = s_.clinicians.apply(who, {real_name, number, specialty, affiliation});
    if (!applied) return c.error(applied.error());
    if (applied->status == "approved") {
      s_.realtime.disconnect_user(who.user.id, realtime::close_code::kSessionChanged, "verified");
    }
    return c.respond(201, {{"application", application_json(*applied)}});
  }
  if (!auth::allowed(who.role, area == "reports" ? auth::Action::kReport
                                                 : auth::Action::kMuteOrBlock)) {
    return c.error(403, "permission_denied");
  }
  if (area == "reports") {
    if (!c.is("POST")) return c.error(405, "method_not_allowed");
    auto subject = c.in.find("user_id");
    if (subject == c.in.end() || !subject->is_number_integer()) {
      return c.error(400, "report_invalid");
    }
    std::int64_t message_id = 0;
    if (auto m = c.in.find("message_id"); m != c.in.end() && m->is_number_integer()) {
      message_id = m->get<std::int64_t>();
    }
    std::string space, reason, detail;
    if (!c.text("space", space) || !c.text("reason", reason) || !c.text("detail", detail)) return;
    auto report = s_.moderation.report(
        who.user.id, {subject->get<std::int64_t>(), message_id, space, reason, detail});
    if (!report) return c.error(report.error());
    return c.respond(201, {{"report", {{"id", report->id}, {"status", report->status}}}});
  }
  // blocks and mutes
  const std::string kind = area == "blocks" ? "block" : "mute";
  if (c.get() && c.parts.size() == 2) {
    auto relations = s_.moderation.relations(who.user.id);
    if (!relations) return c.error(relations.error());
    json out = json::array();
    for (const auto& r : *relations) {
      if (r.relation.kind != kind) continue;
      out.push_back({{"user_id", r.relation.other_id},
                     {"name", r.name},
                     {"created_ms", r.relation.created_ms}});
    }
    return c.respond(200, {{area == "blocks" ? "blocks" : "mutes", out}});
  }
  std::optional<std::int64_t> other;
  bool on = true;
  if (c.is("POST") && c.parts.size() == 2) {
    auto id = c.in.find("user_id");
    if (id != c.in.end() && id->is_number_integer()) other = id->get<std::int64_t>();
  } else if (c.is("DELETE") && c.parts.size() == 3) {
    other = parse_id(c.parts[2]);
    on = false;
  } else {
    return c.error(405, "method_not_allowed");
  }
  if (!other) return c.error(400, "relation_invalid");
  if (auto s = s_.moderation.relate(who.user.id, *other, kind, on); !s) return c.error(s.error());
  if (kind == "block") {
    // Unblocking only shows them again if the other side has no block either.
    bool hidden = on;
    if (!on) {
      auto still = s_.moderation.hidden_from(who.user.id);
      hidden = still && std::binary_search(still->begin(), still->end(), *other);
    }
    s_.realtime.apply_block(who.user.id, *other, hidden);
  }
  c.respond(on ? 201 : 200, {{"ok", true}});
}

void Api::route_admin(Call& c) {
  if (!c.who) return c.error(401, "unauthenticated");
  const auth::Identity& who = *c.who;
  const auto& p = c.parts;  // api admin …
  if (p.size() >= 3 && p[2] == "clinicians") {
    if (p.size() == 3 && c.get()) {
      auto list = s_.clinicians.list(who, query_value(c.query, "status"));
      if (!list) return c.error(list.error());
      json out = json::array();
      for (const auto& a : *list) out.push_back(application_json(a));
      return c.respond(200, {{"applications", out}});
    }
    if (p.size() == 5 && c.is("POST") && (p[4] == "approve" || p[4] == "reject")) {
      auto id = parse_id(p[3]);
      if (!id) return c.error(404, "not_found");
      std::string note;
      if (!c.text("note", note)) return;
      auto decided = s_.clinicians.decide(who, *id, p[4] == "approve", note);
      if (!decided) return c.error(decided.error());
      if (decided->status == "approved") {
        s_.realtime.disconnect_user(decided->user_id, realtime::close_code::kSessionChanged, "verified");
      }
      return c.respond(200, {{"application", application_json(*decided)}});
    }
    return c.error(405, "method_not_allowed");
  }
  if (p.size() == 3 && p[2] == "roster") {
    if (!c.is("POST")) return c.error(405, "method_not_allowed");
    auto imported = s_.clinicians.import_roster(who, c.body);
    if (!imported) return c.error(imported.error());
    return c.respond(200, {{"rows", imported->rows},
                           {"approved", imported->approved},
                           {"errors", imported->errors}});
  }
  if (p.size() == 5 && p[2] == "users" && p[4] == "role") {
    if (!c.is("POST")) return c.error(405, "method_not_allowed");
    if (!auth::allowed(who.role, auth::Action::kSetRole)) return c.error(403, "permission_denied");
    auto id = parse_id(p[3]);
    std::string role_text;
    if (!c.text("role", role_text)) return;
    auto role = auth::parse_role(role_text);
    if (!id || !role || *role == auth::Role::kGuest) return c.error(400, "role_invalid");
    if (*id == who.user.id) return c.error(403, "permission_denied");  // no self-promotion/demotion
    if (auto s = s_.accounts.set_role(who.user.id, *id, *role); !s) return c.error(s.error());
    s_.realtime.disconnect_user(*id, realtime::close_code::kSessionChanged, "role changed");
    return c.respond(200, {{"ok", true}});
  }
  if (p.size() == 3 && p[2] == "audit") {
    if (!auth::allowed(who.role, auth::Action::kViewAuditLog)) {
      return c.error(403, "permission_denied");
    }
    if (!c.get()) return c.error(405, "method_not_allowed");
    const std::int64_t after = parse_id(query_value(c.query, "after")).value_or(0);
    auto entries = s_.audit.page(after, 200);
    if (!entries) return c.error(entries.error());
    json out = json::array();
    for (const auto& e : *entries) out.push_back(audit_json(e));
    return c.respond(200, {{"audit", out}});
  }
  if (p.size() == 4 && p[2] == "audit" && p[3] == "verify") {
    if (!auth::allowed(who.role, auth::Action::kViewAuditLog)) {
      return c.error(403, "permission_denied");
    }
    auto v = s_.audit.verify();
    if (!v) return c.error(v.error());
    return c.respond(200, {{"ok", v->ok},
                           {"checked", v->checked},
                           {"first_broken_id", v->first_broken_id},
                           {"problem", v->problem},
                           {"head_hash", v->head_hash}});
  }
  c.error(404, "not_found");
}

void Api::route_moderation(Call& c) {
  if (!c.who) return c.error(401, "unauthenticated");
  const auth::Identity& who = *c.who;
  const social::Actor actor{who.user.id, auth::allowed(who.role, auth::Action::kBan)};
  if (!actor.staff) return c.error(403, "permission_denied");
  const auto& p = c.parts;  // api mod …
  if (p.size() == 3 && p[2] == "reports" && c.get()) {
    auto list = s_.moderation.reports(actor, query_value(c.query, "status"));
    if (!list) return c.error(list.error());
    json out = json::array();
    for (const auto& r : *list) out.push_back(report_json(r));
    return c.respond(200, {{"reports", out}});
  }
  if (p.size() == 5 && p[2] == "reports" && p[4] == "resolve" && c.is("POST")) {
    auto id = parse_id(p[3]);
    std::string resolution;
    if (!id) return c.error(404, "not_found");
    if (!c.text("resolution", resolution)) return;
    auto r = s_.moderation.resolve(actor, *id, resolution);
    if (!r) return c.error(r.error());
    return c.respond(200, {{"report", report_json(*r)}});
  }
  if (p.size() == 3 && p[2] == "users" && c.get()) {
    auto users = s_.moderation.find_users(actor, query_value(c.query, "q"));
    if (!users) return c.error(users.error());
    json out = json::array();
    for (const auto& u : *users) {
      json j = user_json(u, auth::role_of(u));
      j["created_ms"] = u.created_ms;
      out.push_back(std::move(j));
    }
    return c.respond(200, {{"users", out}});
  }
  if (p.size() >= 4 && p[2] == "users") {
    auto id = parse_id(p[3]);
    if (!id) return c.error(404, "not_found");
    const std::string_view verb = p.size() == 5 ? p[4] : "";
    if (p.size() == 5 && verb == "audit" && c.get()) {
      auto trail = s_.moderation.audit_trail(actor, *id);
      if (!trail) return c.error(trail.error());
      json out = json::array();
      for (const auto& e : *trail) out.push_back(audit_json(e));
      auto bans = s_.moderation.bans_of(actor, *id);
      json ban_list = json::array();
      if (bans) {
        for (const auto& b : *bans) {
          if (b.device_hash.empty()) ban_list.push_back(ban_json(b));
        }
      }
      return c.respond(200, {{"audit", out}, {"bans", ban_list}});
    }
    if (!c.is("POST")) return c.error(405, "method_not_allowed");
    std::string text;
    if (verb == "warn") {
      if (!c.text("message", text)) return;
      if (auto s = s_.moderation.warn(actor, *id, text); !s) return c.error(s.error());
      s_.realtime.warn_user(*id, text);
      return c.respond(200, {{"ok", true}});
    }
    if (verb == "kick") {
      if (!c.text("reason", text)) return;
      if (auto s = s_.moderation.kick(actor, *id, text); !s) return c.error(s.error());
      s_.realtime.disconnect_user(*id, realtime::close_code::kKicked, "removed by a moderator");
      return c.respond(200, {{"ok", true}});
    }
    if (verb == "ban") {
      if (!c.text("reason", text)) return;
      int hours = 0;
      if (auto h = c.in.find("hours"); h != c.in.end()) {
        if (!h->is_number_integer()) return c.error(400, "ban_invalid");
        hours = h->get<int>();
      }
      auto ban = s_.moderation.ban(actor, *id, text, hours);
      if (!ban) return c.error(ban.error());
      s_.realtime.disconnect_user(*id, realtime::close_code::kBanned, "banned");
      return c.respond(200, {{"ban", ban_json(*ban)}});
    }
    if (verb == "unban") {
      if (auto s = s_.moderation.unban(actor, *id); !s) return c.error(s.error());
      return c.respond(200, {{"ok", true}});
    }
  }
  c.error(404, "not_found");
}

}  // namespace tsunagu::net
