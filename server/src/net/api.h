#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "auth/session_service.h"
#include "core/clock.h"
#include "net/address_limiter.h"
#include "realtime/hub.h"

namespace tsunagu::net {

struct ApiRequest {
  std::string_view method;
  std::string_view path;  // without the query
  std::string_view body;
  std::string_view authorization;  // the Authorization header, if any
  std::string_view content_type;
  std::string client_address;
};

struct ApiResponse {
  int status = 200;
  std::string body;  // JSON
};

// The JSON API (GET /healthz and /api/*, docs/protocol.md), kept apart from sockets so every
// route is tested directly. Errors carry a stable code and a Japanese and English message.
// Thread: the event loop that owns the hub and the store.
class Api {
 public:
  Api(auth::SessionService& sessions, realtime::Hub& hub, const core::Clock& clock,
      std::string rules_json);

  // True if this path belongs to the API (the rest is static files and /ws).
  static bool handles(std::string_view path);
  ApiResponse handle(const ApiRequest& request);

  // Body for an error name (falls back to "internal" for names not in the catalogue).
  static std::string error_body(std::string_view code);

 private:
  ApiResponse create_session(const ApiRequest& request);
  ApiResponse current_session(const ApiRequest& request);
  ApiResponse health() const;

  auth::SessionService& sessions_;
  realtime::Hub& hub_;
  const core::Clock& clock_;
  std::string rules_json_;
  std::chrono::steady_clock::time_point started_;
  AddressLimiter session_limiter_{20, 0.5};  // 20 at once, then one every 2 s per address
};

}  // namespace tsunagu::net
