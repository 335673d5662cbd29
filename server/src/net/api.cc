#include "net/api.h"

#include <nlohmann/json.hpp>

#include "core/log.h"
#include "core/messages.h"

namespace tsunagu::net {
namespace {

using nlohmann::json;

ApiResponse error(int status, std::string_view code) { return {status, Api::error_body(code)}; }

json user_json(const store::SessionRecord& s) {
  return {{"id", s.id}, {"name", s.display_name}, {"avatar", s.avatar}};
}

std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view kPrefix = "Bearer ";
  if (authorization.substr(0, kPrefix.size()) != kPrefix) return {};
  return authorization.substr(kPrefix.size());
}

}  // namespace

Api::Api(auth::SessionService& sessions, realtime::Hub& hub, const core::Clock& clock,
         std::string rules_json)
    : sessions_(sessions),
      hub_(hub),
      clock_(clock),
      rules_json_(std::move(rules_json)),
      started_(clock.now()) {}

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

ApiResponse Api::handle(const ApiRequest& request) {
  const auto& path = request.path;
  const bool get = request.method == "GET" || request.method == "HEAD";
  if (path == "/healthz") return get ? health() : error(405, "method_not_allowed");
  if (path == "/api/session") {
    if (request.method == "POST") return create_session(request);
    if (get) return current_session(request);
    return error(405, "method_not_allowed");
  }
  if (path == "/api/spaces") return get ? ApiResponse{200, hub_.spaces_json()} : error(405, "method_not_allowed");
  if (path == "/api/rules") return get ? ApiResponse{200, rules_json_} : error(405, "method_not_allowed");
  return error(404, "not_found");
}

ApiResponse Api::health() const {
  auto uptime = std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - started_);
  json body = {{"status", "ok"},
               {"version", TSUNAGU_VERSION},
               {"uptime_s", uptime.count()},
               {"connections", hub_.connections()}};
  return {200, body.dump()};
}

ApiResponse Api::create_session(const ApiRequest& request) {
  if (!session_limiter_.allow(request.client_address, clock_.now())) {
    return error(429, "rate_limited");
  }
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return error(400, "bad_json");
  auto name = body.find("name");
  if (name == body.end() || !name->is_string()) return error(400, "name_missing");
  auto avatar = body.find("avatar");
  if (avatar == body.end() || !avatar->is_number_integer()) return error(400, "avatar_invalid");
  auto created = sessions_.create_guest(name->get_ref<const std::string&>(),
                                        avatar->get<int>());
  if (!created) {
    if (created.error().code() == core::Code::kInvalidArgument) {
      return error(400, created.error().name());
    }
    core::log_error("api", "guest session not created: " + created.error().message());
    return error(500, "internal");
  }
  json out = {{"token", created->token}, {"user", user_json(created->session)}};
  return {201, out.dump()};
}

ApiResponse Api::current_session(const ApiRequest& request) {
  auto session = sessions_.authenticate(bearer_token(request.authorization));
  if (!session) return error(401, "unauthenticated");
  return {200, json{{"user", user_json(*session)}}.dump()};
}

}  // namespace tsunagu::net
