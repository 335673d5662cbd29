// Screen sharing in a space with a stage (docs/voice.md, "Screen sharing"): the permission
// checks and the audit; the voice room does the Janus side.
#include <nlohmann/json.hpp>

#include "auth/permissions.h"
#include "media/voice_room.h"
#include "realtime/client.h"
#include "realtime/hub.h"

namespace tsunagu::realtime {
namespace {

using json = nlohmann::json;

// An SDP from a browser: a string of sensible size (the message limit bounds it too).
constexpr std::size_t kMaxScreenSdpBytes = 12 * 1024;

const json& member(const json& object, const char* key) {
  static const json kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

}  // namespace

// `screen_publish` {sdp}: a presenter (the present permission) starts sharing; one share at a
// time per space: a second presenter gets screen_busy (a moderator can stop the first).
// `screen_stop` {}: one's own share ends. `screen_stop` {user}: a facilitator or moderator
// stops someone else's share (moderate_speakers permission; audited).
void Client::handle_screen(std::string_view kind, const json& message) {
  if (!space_) return reply_error("not_joined", "join a space first");
  if (!space_->config().stage) return reply_error("no_stage", "this space has no stage");
  media::VoiceRoom* room = hub_.voice_room(space_);
  if (!room || !room->available()) return reply_error("voice_unavailable", "voice is unavailable");
  const std::uint32_t me = avatar_id();
  if (kind == "screen_publish") {
    if (!auth::allowed(role(), auth::Action::kPresent)) {
      return reply_error("permission_denied", "only presenters share their screen");
    }
    const json& sdp = member(message, "sdp");
    if (!sdp.is_string() || sdp.get_ref<const std::string&>().empty() ||
        sdp.get_ref<const std::string&>().size() > kMaxScreenSdpBytes) {
      return reply_error("bad_message", "sdp must be a non-empty string");
    }
    if (auto done = room->share_screen(me, sdp.get<std::string>()); !done) {
      return reply_error(done.error().name(), done.error().message());
    }
    return;
  }
  if (kind != "screen_stop") return reply_error("unknown_type", "unknown message type");
  const json& user = member(message, "user");
  if (user.is_null() || (user.is_number_unsigned() && user.get<std::uint64_t>() == me)) {
    room->stop_screen(me, false);  // stopping nothing is fine: the share may have just ended
    return;
  }
  if (!user.is_number_unsigned() || user.get<std::uint64_t>() > UINT32_MAX) {
    return reply_error("bad_message", "user must be an id");
  }
  const bool allowed = auth::allowed(role(), auth::Action::kModerateSpeakers);
  if (!allowed) return reply_error("permission_denied", "only facilitators and moderators");
  const auto target = user.get<std::uint32_t>();
  if (room->screen_owner() != target) return reply_error("not_found", "that person is not sharing");
  auto recorded = hub_.services_.moderation.record_screen_stop({identity_->user.id, allowed},
                                                               target, space_id_);
  if (!recorded) return reply_error(recorded.error().name(), recorded.error().message());
  room->stop_screen(target, true);
}

}  // namespace tsunagu::realtime
