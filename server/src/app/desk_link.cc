#include "app/desk_link.h"

#include "core/log.h"

namespace tsunagu::app {

void DeskLink::send(std::int64_t user, std::string text) {
  control_.send_to_user(user, std::move(text));
}

void DeskLink::evict(std::int64_t user, std::string space) {
  control_.evict(user, std::move(space));
}

void DeskLink::audit(std::int64_t actor, std::string action, std::int64_t subject,
                     nlohmann::json detail) {
  if (auto ok = audit_.append(actor, action, subject, detail); !ok) {
    core::log_error("consult", "audit entry " + action + " not written: " + ok.error().message());
  }
}

void DeskLink::finished(care::ConsultationSummary summary, std::optional<care::KeptNote> note) {
  post_to_api_([this, summary = std::move(summary), note = std::move(note)] {
    if (auto ok = records_.record(summary, note); !ok) {
      core::log_error("consult", "a finished consultation was not recorded: " + ok.error().message());
    }
  });
}

}  // namespace tsunagu::app
