#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "audit/audit_log.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/token_bucket.h"
#include "store/store.h"

namespace tsunagu::social {

// Who asks, as far as moderation needs to know: their user id and whether the permission
// layer allows them the staff actions (decided by the caller with auth::allowed).
struct Actor {
  std::int64_t user_id = 0;
  bool staff = false;  // may view reports, warn, kick, ban, unban, read a user's audit trail
};

struct ReportForm {
  std::int64_t subject_id = 0;
  std::int64_t message_id = 0;
  std::string_view space;
  std::string_view reason;
  std::string_view detail;
};

inline constexpr int kReportContextMessages = 20;

// Safety tools: mutes and blocks (each person's own), reports (with the recent messages of the
// space kept as context), and the staff actions on reports and users. Every staff action is
// audited; the caller then applies kicks, bans and blocks to live connections. Not
// thread-safe: owned by the event loop.
class ModerationService {
 public:
  ModerationService(store::Store& store, audit::AuditLog& audit, const core::Clock& clock)
      : store_(store), audit_(audit), clock_(clock) {}

  // kind "mute" or "block". Errors: relation_invalid (self, unknown user, unknown kind).
  core::Status relate(std::int64_t user_id, std::int64_t other_id, std::string_view kind,
                      bool on);
  struct RelatedUser {
    store::Relation relation;
    std::string name;  // their display name now
  };
  core::Result<std::vector<RelatedUser>> relations(std::int64_t user_id);
  // Staff: users whose name or login id contains `query` ("" = newest), newest first.
  core::Result<std::vector<store::UserRecord>> find_users(const Actor& actor,
                                                          std::string_view query);
  // The users hidden from `user_id` by blocks in either direction.
  core::Result<std::vector<std::int64_t>> hidden_from(std::int64_t user_id);

  // Errors: report_invalid, report_rate_limited.
  core::Result<store::ReportRecord> report(std::int64_t reporter_id, const ReportForm& form);

  core::Result<std::vector<store::ReportRecord>> reports(const Actor& actor,
                                                         std::string_view status);
  core::Result<store::ReportRecord> resolve(const Actor& actor, std::int64_t report_id,
                                            std::string_view resolution);
  core::Status warn(const Actor& actor, std::int64_t user_id, std::string_view message);
  core::Status kick(const Actor& actor, std::int64_t user_id, std::string_view reason);
  // hours == 0: for good. Bans the user and every device they used.
  core::Result<store::BanRecord> ban(const Actor& actor, std::int64_t user_id,
                                     std::string_view reason, int hours);
  core::Status unban(const Actor& actor, std::int64_t user_id);
  // Audits a facilitator's or moderator's mute of someone's microphone in a space (the live
  // effect is the voice room's). `actor.staff` = the moderate_speakers permission. Uses only
  // the store and the audit log, both thread-safe, so any event loop may call it.
  core::Status record_speaker_mute(const Actor& actor, std::int64_t user_id,
                                   std::string_view space, bool muted);
  // Audits a facilitator's or moderator's stop of someone's screen share in a space (the live
  // effect is the voice room's); same rules as record_speaker_mute.
  core::Status record_screen_stop(const Actor& actor, std::int64_t user_id, std::string_view space);
  core::Result<std::vector<store::AuditRecord>> audit_trail(const Actor& actor,
                                                            std::int64_t user_id);
  core::Result<std::vector<store::BanRecord>> bans_of(const Actor& actor, std::int64_t user_id);

 private:
  core::Status require_staff(const Actor& actor) const;
  core::Result<store::UserRecord> existing_user(std::int64_t id);

  store::Store& store_;
  audit::AuditLog& audit_;
  const core::Clock& clock_;
  std::unordered_map<std::int64_t, core::TokenBucket> report_limits_;
};

// Reasons a report may give.
bool valid_report_reason(std::string_view reason);

}  // namespace tsunagu::social
