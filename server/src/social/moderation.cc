#include "social/moderation.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/utf8.h"

namespace tsunagu::social {
namespace {

using core::Code;
using nlohmann::json;

constexpr std::size_t kMaxTextChars = 1000;
constexpr int kMaxBanHours = 24 * 365;

auto invalid(const char* name, const char* why) {
  return core::fail(Code::kInvalidArgument, name, why);
}

core::Result<std::string> bounded_text(std::string_view raw, bool required, const char* name) {
  if (!core::is_valid_utf8(raw)) return invalid(name, "text is not UTF-8");
  std::string text(raw);
  if (required && text.find_first_not_of(" \n\t") == std::string::npos) {
    return invalid(name, "text is required");
  }
  if (core::utf8_length(text) > kMaxTextChars) return invalid(name, "text is too long");
  return text;
}

}  // namespace

bool valid_report_reason(std::string_view reason) {
  static constexpr std::string_view kReasons[] = {"harassment", "spam", "impersonation",
                                                  "medical_misinformation", "personal_info",
                                                  "other"};
  return std::find(std::begin(kReasons), std::end(kReasons), reason) != std::end(kReasons);
}

core::Status ModerationService::require_staff(const Actor& actor) const {
  if (!actor.staff) return core::fail(Code::kPermissionDenied, "permission_denied", "staff only");
  return {};
}

core::Result<store::UserRecord> ModerationService::existing_user(std::int64_t id) {
  auto user = store_.find_user(id);
  if (!user) return std::unexpected(user.error());
  if (!user->has_value() || (*user)->deleted_ms != 0) {
    return core::fail(Code::kNotFound, "not_found", "no such user");
  }
  return std::move(**user);
}

core::Status ModerationService::relate(std::int64_t user_id, std::int64_t other_id,
                                       std::string_view kind, bool on) {
  if (kind != "mute" && kind != "block") return invalid("relation_invalid", "unknown kind");
  if (user_id == other_id) return invalid("relation_invalid", "cannot mute or block yourself");
  if (!on) return store_.remove_relation(user_id, other_id, std::string(kind));
  auto other = existing_user(other_id);
  if (!other) return invalid("relation_invalid", "no such user");
  return store_.add_relation({user_id, other_id, std::string(kind), clock_.unix_ms()});
}

core::Result<std::vector<ModerationService::RelatedUser>> ModerationService::relations(
    std::int64_t user_id) {
  auto relations = store_.relations_of(user_id);
  if (!relations) return std::unexpected(relations.error());
  std::vector<RelatedUser> out;
  for (auto& r : *relations) {
    auto other = store_.find_user(r.other_id);
    std::string name = other && other->has_value() ? (*other)->display_name : "";
    out.push_back({std::move(r), std::move(name)});
  }
  return out;
}

core::Result<std::vector<store::UserRecord>> ModerationService::find_users(
    const Actor& actor, std::string_view query) {
  if (auto s = require_staff(actor); !s) return std::unexpected(s.error());
  if (!core::is_valid_utf8(query) || query.size() > 100) {
    return invalid("query_invalid", "bad search text");
  }
  return store_.list_users(std::string(query), 100);
}

core::Result<std::vector<std::int64_t>> ModerationService::hidden_from(std::int64_t user_id) {
  auto mine = store_.relations_of(user_id);
  if (!mine) return std::unexpected(mine.error());
  auto theirs = store_.blocked_by(user_id);
  if (!theirs) return std::unexpected(theirs.error());
  std::vector<std::int64_t> hidden = std::move(*theirs);
  for (const auto& r : *mine) {
    if (r.kind == "block") hidden.push_back(r.other_id);
  }
  std::sort(hidden.begin(), hidden.end());
  hidden.erase(std::unique(hidden.begin(), hidden.end()), hidden.end());
  return hidden;
}

core::Result<store::ReportRecord> ModerationService::report(std::int64_t reporter_id,
                                                            const ReportForm& form) {
  if (!valid_report_reason(form.reason)) return invalid("report_invalid", "unknown reason");
  if (form.subject_id == reporter_id) return invalid("report_invalid", "cannot report yourself");
  auto detail = bounded_text(form.detail, false, "report_invalid");
  if (!detail) return std::unexpected(detail.error());
  if (auto subject = existing_user(form.subject_id); !subject) {
    return invalid("report_invalid", "no such user");
  }
  // Five reports at once, then one every two minutes per person: enough for real trouble,
  // too few to bury the moderators.
  auto [it, inserted] = report_limits_.try_emplace(reporter_id, 5, 1.0 / 120, clock_.now());
  if (!it->second.try_take(clock_.now())) {
    return core::fail(Code::kResourceExhausted, "report_rate_limited", "too many reports");
  }
  store::ReportRecord r;
  r.reporter_id = reporter_id;
  r.subject_id = form.subject_id;
  r.reason.assign(form.reason);
  r.detail = std::move(*detail);
  r.created_ms = clock_.unix_ms();
  std::string space(form.space);
  if (form.message_id != 0) {
    auto message = store_.find_chat(form.message_id);
    if (!message) return std::unexpected(message.error());
    if (!message->has_value() || (*message)->user_id != form.subject_id) {
      return invalid("report_invalid", "that message is not theirs");
    }
    r.message_id = form.message_id;
    space = (*message)->space;
  }
  r.space = space;
  // Evidence: what was said in that space around the report, as it was.
  json context = json::array();
  if (!space.empty()) {
    auto recent = store_.recent_chat(space, kReportContextMessages);
    if (!recent) return std::unexpected(recent.error());
    for (const auto& m : *recent) {
      context.push_back({{"id", m.id}, {"user", m.user_id}, {"name", m.display_name},
                         {"text", m.text}, {"ts", m.created_ms}});
    }
  }
  r.context_json = context.dump();
  auto id = store_.create_report(r);
  if (!id) return std::unexpected(id.error());
  r.id = *id;
  audit_.append(reporter_id, "report.create", r.subject_id,
                {{"report", r.id}, {"reason", r.reason}});
  return r;
}

core::Result<std::vector<store::ReportRecord>> ModerationService::reports(
    const Actor& actor, std::string_view status) {
  if (auto s = require_staff(actor); !s) return std::unexpected(s.error());
  return store_.list_reports(std::string(status), 200);
}

core::Result<store::ReportRecord> ModerationService::resolve(const Actor& actor,
                                                             std::int64_t report_id,
                                                             std::string_view resolution) {
  if (auto s = require_staff(actor); !s) return std::unexpected(s.error());
  auto text = bounded_text(resolution, true, "resolution_invalid");
  if (!text) return std::unexpected(text.error());
  auto found = store_.find_report(report_id);
  if (!found) return std::unexpected(found.error());
  if (!found->has_value()) return core::fail(Code::kNotFound, "not_found", "no such report");
  store::ReportRecord r = std::move(**found);
  r.status = "resolved";
  r.resolution = std::move(*text);
  r.resolved_by = actor.user_id;
  r.resolved_ms = clock_.unix_ms();
  if (auto s = store_.resolve_report(r); !s) return std::unexpected(s.error());
  audit_.append(actor.user_id, "report.resolve", r.subject_id, {{"report", r.id}});
  return r;
}

core::Status ModerationService::warn(const Actor& actor, std::int64_t user_id,
                                     std::string_view message) {
  if (auto s = require_staff(actor); !s) return s;
  auto text = bounded_text(message, true, "warning_invalid");
  if (!text) return std::unexpected(text.error());
  if (auto user = existing_user(user_id); !user) return std::unexpected(user.error());
  audit_.append(actor.user_id, "moderation.warn", user_id, {{"message", *text}});
  return {};
}

core::Status ModerationService::kick(const Actor& actor, std::int64_t user_id,
                                     std::string_view reason) {
  if (auto s = require_staff(actor); !s) return s;
  auto text = bounded_text(reason, false, "reason_invalid");
  if (!text) return std::unexpected(text.error());
  if (auto user = existing_user(user_id); !user) return std::unexpected(user.error());
  audit_.append(actor.user_id, "moderation.kick", user_id, {{"reason", *text}});
  return {};
}

core::Status ModerationService::record_speaker_mute(const Actor& actor, std::int64_t user_id,
                                                    std::string_view space, bool muted) {
  if (auto s = require_staff(actor); !s) return s;
  if (auto user = existing_user(user_id); !user) return std::unexpected(user.error());
  audit_.append(actor.user_id, muted ? "voice.mute" : "voice.unmute", user_id,
                {{"space", std::string(space)}});
  return {};
}

core::Status ModerationService::record_screen_stop(const Actor& actor, std::int64_t user_id,
                                                   std::string_view space) {
  if (auto s = require_staff(actor); !s) return s;
  if (auto user = existing_user(user_id); !user) return std::unexpected(user.error());
  audit_.append(actor.user_id, "screen.stop", user_id, {{"space", std::string(space)}});
  return {};
}

core::Result<store::BanRecord> ModerationService::ban(const Actor& actor, std::int64_t user_id,
                                                      std::string_view reason, int hours) {
  if (auto s = require_staff(actor); !s) return std::unexpected(s.error());
  if (hours < 0 || hours > kMaxBanHours) return invalid("ban_invalid", "hours must be 0–8760");
  auto text = bounded_text(reason, true, "reason_invalid");
  if (!text) return std::unexpected(text.error());
  auto user = existing_user(user_id);
  if (!user) return std::unexpected(user.error());
  if (user->role == "admin" || user->role == "moderator") {
    return core::fail(Code::kPermissionDenied, "permission_denied", "staff cannot be banned");
  }
  auto devices = store_.devices_of_user(user_id);
  if (!devices) return std::unexpected(devices.error());
  store::BanRecord ban;
  ban.user_id = user_id;
  ban.reason = std::move(*text);
  ban.created_by = actor.user_id;
  ban.created_ms = clock_.unix_ms();
  ban.until_ms = hours == 0 ? 0 : ban.created_ms + hours * 3'600'000LL;
  // One row for the user, and one per device, so a new guest session on the same browser
  // finds the ban too.
  auto id = store_.create_ban(ban);
  if (!id) return std::unexpected(id.error());
  for (const auto& device : *devices) {
    store::BanRecord per_device = ban;
    per_device.device_hash = device;
    if (auto d = store_.create_ban(per_device); !d) return std::unexpected(d.error());
  }
  ban.id = *id;
  if (auto s = store_.delete_sessions_of_user(user_id, 0); !s) return std::unexpected(s.error());
  audit_.append(actor.user_id, "moderation.ban", user_id,
                {{"hours", hours}, {"reason", ban.reason}, {"devices", devices->size()}});
  return ban;
}

core::Status ModerationService::unban(const Actor& actor, std::int64_t user_id) {
  if (auto s = require_staff(actor); !s) return s;
  if (auto s = store_.lift_bans(user_id, actor.user_id, clock_.unix_ms()); !s) return s;
  audit_.append(actor.user_id, "moderation.unban", user_id, json::object());
  return {};
}

core::Result<std::vector<store::AuditRecord>> ModerationService::audit_trail(
    const Actor& actor, std::int64_t user_id) {
  if (auto s = require_staff(actor); !s) return std::unexpected(s.error());
  audit_.append(actor.user_id, "audit.view_user", user_id, json::object());
  return store_.audit_of_user(user_id, 200);
}

core::Result<std::vector<store::BanRecord>> ModerationService::bans_of(const Actor& actor,
                                                                       std::int64_t user_id) {
  if (auto s = require_staff(actor); !s) return std::unexpected(s.error());
  return store_.bans_of(user_id);
}

}  // namespace tsunagu::social
