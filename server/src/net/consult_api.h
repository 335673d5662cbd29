#pragma once

#include <span>
#include <string_view>

#include "auth/account_service.h"
#include "care/consultation_records.h"
#include "core/clock.h"
#include "net/api.h"

namespace tsunagu::net {

// The consultation routes of the JSON API (docs/consultation.md): a member's kept notes
// (GET /api/me/consultations) and the statistics for admins (GET /api/admin/consultations,
// ?days=1–366, default 30). Everything live goes over the WebSocket. Thread: the API's loop.
class ConsultApi {
 public:
  ConsultApi(care::ConsultationRecords& records, const core::Clock& clock)
      : records_(records), clock_(clock) {}

  static bool handles(std::string_view path) {
    return path == "/api/me/consultations" || path == "/api/admin/consultations";
  }
  ApiResponse handle(std::string_view method, std::string_view path, std::string_view query,
                     const auth::Identity* who);

 private:
  care::ConsultationRecords& records_;
  const core::Clock& clock_;
};

}  // namespace tsunagu::net
