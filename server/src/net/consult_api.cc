#include "net/consult_api.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "core/log.h"

namespace tsunagu::net {
namespace {

ApiResponse answer(int status, std::string body) {
  ApiResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

ApiResponse refuse(int status, std::string_view code) { return answer(status, Api::error_body(code)); }

ApiResponse failed(const core::Error& e) {
  core::log_error("consult", e.message());
  return refuse(500, "internal");
}

// ?days=N: 1–366, default 30; nullopt when malformed.
std::optional<int> days_of(std::string_view query) {
  constexpr std::string_view kKey = "days=";
  const auto at = query.find(kKey);
  if (at == std::string_view::npos) return 30;
  if (at != 0 && query[at - 1] != '&') return 30;
  std::string_view value = query.substr(at + kKey.size());
  value = value.substr(0, value.find('&'));
  int days = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), days);
  if (ec != std::errc() || end != value.data() + value.size() || days < 1 || days > 366) {
    return std::nullopt;
  }
  return days;
}

}  // namespace

ApiResponse ConsultApi::handle(std::string_view method, std::string_view path,
                               std::string_view query, const auth::Identity* who) {
  if (method != "GET") return refuse(405, "method_not_allowed");
  if (who == nullptr) return refuse(401, "unauthenticated");
  if (path == "/api/me/consultations") {
    auto notes = records_.notes_of(who->user.id);
    if (!notes) return failed(notes.error());
    return answer(200, notes->dump());
  }
  if (!auth::allowed(who->role, auth::Action::kViewConsultationStats)) {
    return refuse(403, "permission_denied");
  }
  const auto days = days_of(query);
  if (!days) return refuse(400, "days_invalid");
  const std::int64_t since = clock_.unix_ms() - static_cast<std::int64_t>(*days) * 86'400'000;
  auto stats = records_.stats(since);
  if (!stats) return failed(stats.error());
  return answer(200, stats->dump());
}

}  // namespace tsunagu::net
