#pragma once

#include <chrono>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/account_service.h"
#include "auth/clinician_service.h"
#include "core/clock.h"
#include "net/address_limiter.h"
#include "realtime/control.h"
#include "social/moderation.h"

namespace tsunagu::net {

class BankApi;    // net/bank_api.h
class LoungeApi;  // net/lounge_api.h
class SlidesApi;  // net/slides_api.h
class ConsultApi;  // net/consult_api.h

struct ApiRequest {
  std::string_view method;
  std::string_view path;  // without the query
  std::string_view query;  // after '?', may be empty
  std::string_view body;
  std::string_view authorization;  // the Authorization header, if any
  std::string_view content_type;
  std::string_view cookie;      // the Cookie header
  std::string_view origin;      // the Origin header
  std::string_view host;        // the Host header
  std::string_view csrf_token;  // the X-CSRF-Token header
  std::string client_address;
  bool tls = false;
};

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON (or CSV for exports)
  std::vector<std::string> set_cookies;
  std::string content_type = "application/json; charset=utf-8";
};

using Reply = std::function<void(ApiResponse)>;

struct ApiServices {
  auth::AccountService& accounts;
  auth::ClinicianService& clinicians;
  social::ModerationService& moderation;
  audit::AuditLog& audit;
  realtime::Control& realtime;  // the live world on every loop
  const core::Clock& clock;
  BankApi* bank = nullptr;  // the headache bank's routes (docs/bank.md); none when null
  LoungeApi* lounge = nullptr;  // the doctors' lounge case board (/api/lounge/…); none when null
  SlidesApi* slides = nullptr;  // slide decks and presenters' uploads (/api/slides…); none when null
  ConsultApi* consult = nullptr;  // kept notes and statistics of consultations; none when null
};

// The JSON API (GET /healthz and /api/*, docs/protocol.md and docs/security.md), kept apart
// from sockets so every route is tested directly. Browsers authenticate with HttpOnly cookies
// and send X-CSRF-Token on every state-changing request; other clients may use a Bearer token.
// Errors carry a stable code and a Japanese and English message. Thread: the event loop that
// owns the services; `reply` is called on it, now or later (password hashing runs elsewhere).
class Api {
 public:
  // `guest_burst`: guest sessions one address may create at once (then one every 2 s); load
  // tests on loopback raise it.
  Api(ApiServices services, std::string rules_json, std::vector<std::string> allowed_origins,
      int guest_burst = 20);

  // True if this path belongs to the API (the rest is static files and /ws).
  static bool handles(std::string_view path);
  void handle(const ApiRequest& request, Reply reply);

  // Body for an error name (falls back to "internal" for names not in the catalogue).
  static std::string error_body(std::string_view code);
  // The session token in a Cookie header, or "".
  static std::string_view session_cookie(std::string_view cookie_header);
  // The CSRF token that goes with a session token (derived, never stored).
  static std::string csrf_for(std::string_view session_token);

 private:
  struct Call;  // one request in flight (api.cc)
  void route(Call& call);
  void route_account(Call& call);
  void route_safety(Call& call);
  void route_admin(Call& call);
  void route_moderation(Call& call);

  ApiServices s_;
  std::string rules_json_;
  int rules_version_ = 0;
  std::vector<std::string> allowed_origins_;
  std::chrono::steady_clock::time_point started_;
  AddressLimiter session_limiter_;
};

}  // namespace tsunagu::net
