#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "care/consultation_records.h"
#include "auth/account_service.h"
#include "bank/bank_service.h"
#include "bank/invalid.h"
#include "core/clock.h"
#include "net/address_limiter.h"
#include "net/api.h"

namespace tsunagu::net {

// One request to the bank's routes, after Api has checked the Origin and the CSRF token,
// parsed the body and found who asks.
struct BankRequest {
  std::string_view method;
  std::string_view path;       // without the query
  std::string_view query;      // after '?'
  const nlohmann::json& body;  // the parsed body of a state-changing request, else {}
  const auth::Identity* who;   // nullptr when not signed in
  std::string_view address;    // the client's address (rate limits)
};

// The HTTP routes of the digital headache bank (docs/bank.md): /api/diary, /api/diary.csv,
// /api/selfcheck, /api/surveys, /api/me/data and /api/research. Decides who may do what
// (an account for the diary, the researcher role for exports, auth/permissions.h), checks
// every input with bank/'s validators and answers errors with the common body plus `field`
// (and `index` in a list). Writes are rate-limited per person, self-checks per address.
// Thread: the event loop that serves the API (as Api).
class BankApi {
 public:
  BankApi(bank::BankService& bank, const core::Clock& clock)
      : bank_(bank), clock_(clock), writes_(60, 1.0), checks_(20, 0.5), exports_(5, 0.1) {}

  static bool handles(std::string_view path);
  // Routes that accept bodies beyond the server's usual limit (a guest's whole diary).
  static bool takes_large_body(std::string_view path);

  ApiResponse handle(const BankRequest& request);

  // The account was erased (DELETE /api/account): its bank data goes too.
  void account_deleted(std::int64_t user_id);
  // Kept consultation notes are the person's own data too: GET /api/me/data includes them and
  // DELETE /api/me/data erases them (docs/consultation.md). Must outlive the API.
  void set_consultation_records(care::ConsultationRecords* records) { consult_ = records; }

  static std::string error_body(const bank::Invalid& invalid);

 private:
  ApiResponse diary(const BankRequest& r);
  ApiResponse selfcheck(const BankRequest& r);
  ApiResponse surveys(const BankRequest& r);
  ApiResponse respond(const BankRequest& r, std::string_view survey_id);
  ApiResponse own_data(const BankRequest& r);
  ApiResponse research(const BankRequest& r);
  // A write by a signed-in person within their allowance.
  bool allow_write(const auth::Identity& who);

  bank::BankService& bank_;
  const core::Clock& clock_;
  AddressLimiter writes_;   // keyed by user id
  AddressLimiter checks_;   // keyed by address
  AddressLimiter exports_;  // keyed by user id
  care::ConsultationRecords* consult_ = nullptr;
};

}  // namespace tsunagu::net
