#pragma once

#include <functional>

#include "audit/audit_log.h"
#include "care/consultation_desk.h"
#include "care/consultation_records.h"
#include "realtime/control.h"

namespace tsunagu::app {

// Carries the consultation desk's decisions out into the running server: messages and
// evictions to whichever loop holds the person (realtime::Control), entries in the audit log,
// and finished consultations to the records on the API's loop (`post_to_api`). Thread-safe:
// the desk calls it from any loop.
class DeskLink final : public care::DeskEffects {
 public:
  DeskLink(realtime::Control& control, audit::AuditLog& audit, care::ConsultationRecords& records,
           std::function<void(std::function<void()>)> post_to_api)
      : control_(control), audit_(audit), records_(records), post_to_api_(std::move(post_to_api)) {}

  void send(std::int64_t user, std::string text) override;
  void evict(std::int64_t user, std::string space) override;
  void audit(std::int64_t actor, std::string action, std::int64_t subject,
             nlohmann::json detail) override;
  void finished(care::ConsultationSummary summary, std::optional<care::KeptNote> note) override;

 private:
  realtime::Control& control_;
  audit::AuditLog& audit_;
  care::ConsultationRecords& records_;
  std::function<void(std::function<void()>)> post_to_api_;
};

}  // namespace tsunagu::app
