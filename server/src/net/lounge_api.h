#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string_view>

#include "auth/account_service.h"
#include "lounge/case_board.h"
#include "net/api.h"

namespace tsunagu::net {

// One request for /api/lounge/…, after Api has done origin, CSRF, body and session checks.
struct LoungeRequest {
  std::string_view method;
  std::span<const std::string_view> parts;  // the path split at '/': "api", "lounge", …
  std::string_view query;
  const nlohmann::json& body;  // the parsed object of a state-changing request, else null
  const auth::Identity* who;   // nullptr when not signed in
};

// The doctors' lounge routes of the JSON API (docs/protocol.md, "Doctors' lounge"): the case
// board. Kept apart from api.cc; Api hands every /api/lounge/… request here. Answers never
// carry an author's user id, and an anonymous author's name never. Thread: the API's event
// loop (as the CaseBoard it uses).
class LoungeApi {
 public:
  explicit LoungeApi(lounge::CaseBoard& board) : board_(board) {}

  ApiResponse handle(const LoungeRequest& request);
  // The person's account was deleted: their posts go too.
  void erase_person(std::int64_t user_id);

 private:
  lounge::CaseBoard& board_;
};

}  // namespace tsunagu::net
