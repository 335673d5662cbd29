#include "realtime/client.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/log.h"
#include "proto/world_codec.h"
#include "realtime/space_access.h"

namespace tsunagu::realtime {
namespace {

using nlohmann::json;

constexpr std::string_view kEmotes[] = {"wave", "clap", "heart", "laugh", "thanks", "question"};

bool known_emote(std::string_view emote) {
  for (auto e : kEmotes) {
    if (e == emote) return true;
  }
  return false;
}

// The member `key` of a JSON object, or a shared null when absent (const operator[] on a
// missing key is undefined behaviour in nlohmann::json).
const json& field(const json& object, const char* key) {
  static const json kNull;
  auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

json bounds_json(const world::Bounds& b) {
  return {{"min_x", b.min_x}, {"min_z", b.min_z}, {"max_x", b.max_x}, {"max_z", b.max_z}};
}

json space_json(const world::SpaceConfig& c) {
  json zones = json::array();
  for (const auto& z : c.zones) {
    json zone = bounds_json(z.area);
    zone["id"] = z.id;
    zone["name"] = {{"ja", z.name.ja}, {"en", z.name.en}};
    zones.push_back(std::move(zone));
  }
  json portals = json::array();
  for (const auto& p : c.portals) {
    portals.push_back({{"to", p.to}, {"x", p.x}, {"z", p.z}, {"radius", p.radius}});
  }
  return {{"id", c.id},
          {"name", {{"ja", c.name.ja}, {"en", c.name.en}}},
          {"description", {{"ja", c.description.ja}, {"en", c.description.en}}},
          {"kind", c.kind},
          {"scene", c.scene},
          {"capacity", c.capacity},
          {"spawn", {{"x", c.spawn.x}, {"y", c.spawn.y}, {"z", c.spawn.z}, {"yaw", c.spawn.yaw}}},
          {"bounds",
           {{"min_x", c.bounds.min_x},
            {"min_z", c.bounds.min_z},
            {"max_x", c.bounds.max_x},
            {"max_z", c.bounds.max_z}}},
          {"portals", portals},
          {"voice",
           {{"hearing_radius", c.voice.hearing_radius},
            {"max_voices", c.voice.max_voices},
            {"meeting_mode", c.voice.meeting_mode}}},
          {"stage", c.stage ? bounds_json(*c.stage) : json()},
          {"access", world::access_name(c.access)},
          {"anonymous_labels", c.anonymous_labels},
          {"chat_stored", c.store_chat},
          {"zones", zones}};
}

json chat_json(const store::ChatRecord& m) {
  return {{"type", "chat"},
          {"id", m.id},
          {"space", m.space},
          {"from", static_cast<std::uint32_t>(m.user_id)},
          {"name", m.display_name},
          {"avatar", m.avatar},
          {"text", m.text},
          {"ts", m.created_ms}};
}

}  // namespace

Client::Client(Hub& hub, Connection& connection)
    : hub_(hub),
      connection_(connection),
      messages_(hub.limits_.message_burst, hub.limits_.messages_per_second,
                hub.services_.clock.now()),
      chats_(hub.limits_.chat_burst, hub.limits_.chats_per_second, hub.services_.clock.now()),
      window_start_(hub.services_.clock.now()) {}

Client::~Client() {
  if (orphaned_) return;
  leave_space();
  hub_.detach(*this);
  if (identity_ && hub_.desk_) hub_.desk_->disconnected(identity_->user.id);
}

void Client::evict_from(std::string_view space) {
  if (space_ && space_id_ == space) leave_space();
}

std::uint32_t Client::avatar_id() const {
  if (alias_ != 0) return alias_;
  return identity_ ? static_cast<std::uint32_t>(identity_->user.id) : 0;
}

void Client::send_world_frame(const core::FrameRef& frame) {
  if (!closing_) connection_.send_binary(frame);
}

void Client::send_control(const world::TextBytes& text) {
  if (!closing_) connection_.send_text(text);
}

void Client::close(std::uint16_t code, std::string_view reason) {
  if (closing_) return;
  closing_ = true;
  leave_space();
  connection_.close(code, reason);
}

void Client::leave_space() {
  if (space_ && identity_) {
    if (media::VoiceRoom* room = hub_.voice_room(space_)) room->leave(avatar_id());
    space_->remove(avatar_id());
    StageRoster* stage = hub_.stage_of(space_);
    if (stage && stage->remove(avatar_id())) {
      Hub::broadcast(*space_, stage->hands_json());
      Hub::broadcast(*space_, stage->stage_json());
    }
    // The last one out ends the session of anonymous labels (AnonymousRoster).
    if (space_->count() == 0) {
      if (AnonymousRoster* roster = hub_.anonymous_roster(space_)) roster->end_session();
    }
  }
  if (alias_ != 0) {
    hub_.unregister_alias(alias_, *this);
    alias_ = 0;
    alias_name_.clear();
  }
  space_ = nullptr;
  space_id_.clear();
}

// Every input passes here first: a token bucket per connection (and a second, slower one
// for chat and emotes). Dropped input is answered at most once a second; a client that keeps
// flooding is disconnected.
bool Client::admit(bool is_chat) {
  const auto now = hub_.services_.clock.now();
  const Limits& limits = hub_.limits_;
  if (now - window_start_ >= limits.window) {
    window_start_ = now;
    dropped_in_window_ = 0;
    errors_in_window_ = 0;
  }
  bool ok = messages_.try_take(now) && (!is_chat || chats_.try_take(now)) &&
            (!is_chat || hub_.take_chat_token(identity_->user.id));
  if (ok) return true;
  hub_.count_rate_limited();
  if (++dropped_in_window_ > limits.max_dropped_per_window) {
    ++hub_.stats_.closed_for_abuse;
    close(close_code::kPolicy, "flooding");
    return false;
  }
  if (now - last_rate_notice_ >= limits.rate_limited_notice_interval) {
    last_rate_notice_ = now;
    send_json({{"type", "error"}, {"code", "rate_limited"}, {"message", "slow down"}});
  }
  return false;
}

void Client::reply_error(std::string_view code, std::string_view message) {
  hub_.count_rejected();
  send_json({{"type", "error"}, {"code", code}, {"message", message}});
  if (++errors_in_window_ > hub_.limits_.max_errors_per_window) {
    ++hub_.stats_.closed_for_abuse;
    close(close_code::kTooManyErrors, "too many protocol errors");
  }
}

void Client::send_json(const json& message) {
  connection_.send_text(std::make_shared<const std::string>(message.dump()));
}

void Client::on_handshake_timeout() {
  if (!authenticated()) close(close_code::kBadHandshake, "hello expected");
}

void Client::on_text(std::string_view text) {
  if (closing_) return;
  json message = json::parse(text, nullptr, /*allow_exceptions=*/false);
  const bool is_object = !message.is_discarded() && message.is_object();
  const json* type = is_object ? &field(message, "type") : nullptr;
  if (!authenticated()) {
    if (!type || !type->is_string() || *type != "hello") {
      close(close_code::kBadHandshake, "hello expected");
      return;
    }
    handle_hello(message);
    return;
  }
  const std::string_view kind = type && type->is_string() ? type->get_ref<const std::string&>()
                                                          : std::string_view();
  const bool is_chat = kind == "chat" || kind == "emote";
  if (!admit(is_chat)) return;
  if (!is_object) return reply_error("bad_message", "not a JSON object");
  if (!type->is_string()) return reply_error("bad_message", "type must be a string");
  if (kind == "join") return handle_join(message);
  if (kind == "chat") return handle_chat(message);
  if (kind == "emote") return handle_emote(message);
  if (kind.starts_with("voice_")) return handle_voice(kind, message);
  if (kind.starts_with("screen_")) return handle_screen(kind, message);
  if (kind == "hand" || kind == "stage_invite" || kind == "stage_release") {
    return handle_stage(kind, message);
  }
  if (kind == "slides_show" || kind == "slides_page") return handle_slides(kind, message);
  if (kind.starts_with("consult_") || kind == "duty" || kind.starts_with("observe")) {
    return handle_consult(kind, message);
  }
  if (kind == "spaces") {
    return connection_.send_text(std::make_shared<const std::string>(
        "{\"type\":\"spaces\"," + hub_.spaces_json().substr(1)));
  }
  if (kind == "ping") return send_json({{"type", "pong"}, {"t", message.value("t", json())}});
  if (kind == "hello") return reply_error("already_hello", "hello was already received");
  reply_error("unknown_type", "unknown message type");
}

void Client::on_binary(std::span<const std::uint8_t> bytes) {
  if (closing_) return;
  if (!authenticated()) {
    close(close_code::kBadHandshake, "hello expected");
    return;
  }
  if (!admit(false)) return;
  auto move = proto::decode_move(bytes);
  if (!move) return reply_error(move.error().name(), move.error().message());
  // A move that races a space switch is harmless: it is dropped while not in a space.
  if (space_) space_->queue_move(avatar_id(), move->transform);
}

void Client::handle_hello(const json& message) {
  const json& v = field(message, "v");
  if (!v.is_number_integer() || v.get<int>() != proto::kProtocolVersion) {
    close(close_code::kUnsupportedVersion, "unsupported protocol version");
    return;
  }
  // Browsers authenticate with their HttpOnly cookie; other clients send the token here.
  const json& token = field(message, "token");
  std::string_view presented = token.is_string() ? std::string_view(token.get_ref<const std::string&>())
                                                 : connection_.cookie_token();
  auto who = hub_.services_.accounts.authenticate(presented);
  if (!who || who->user.id <= 0 || who->user.id > UINT32_MAX) {
    close(close_code::kUnauthorized, "unknown or expired session");
    return;
  }
  auto ban = hub_.services_.accounts.ban_for(*who);
  if (ban && ban->has_value()) {
    close(close_code::kBanned, "banned");
    return;
  }
  auto hidden = hub_.services_.moderation.hidden_from(who->user.id);
  if (!hidden) {
    core::log_error("realtime", "relations unavailable: " + hidden.error().message());
    close(close_code::kGoingAway, "try again");
    return;
  }
  for (std::int64_t id : *hidden) hidden_.push_back(static_cast<std::uint32_t>(id));
  identity_ = std::move(*who);
  hub_.attach(*this, identity_->user.id);
  json spaces = json::parse(hub_.spaces_json());
  const auto& u = identity_->user;
  send_json({{"type", "welcome"},
             {"v", proto::kProtocolVersion},
             {"you",
              {{"id", avatar_id()},
               {"name", u.display_name},
               {"avatar", u.avatar},
               {"role", auth::role_name(identity_->role)},
               {"flags", badge_flags(identity_->role)}}},
             {"rules_version", hub_.services_.accounts.rules_version()},
             {"rules_accepted", u.rules_version >= hub_.services_.accounts.rules_version()},
             {"spaces", spaces["spaces"]}});
  // After welcome: the desk re-sends an open request or consultation (docs/consultation.md).
  if (hub_.desk_) {
    hub_.desk_->connected({identity_->user.id, identity_->user.display_name, identity_->role});
  }
}

void Client::set_hidden(std::int64_t other, bool hidden) {
  auto id = static_cast<std::uint32_t>(other);
  auto at = std::lower_bound(hidden_.begin(), hidden_.end(), id);
  const bool present = at != hidden_.end() && *at == id;
  if (hidden && !present) hidden_.insert(at, id);
  if (!hidden && present) hidden_.erase(at);
}

void Client::handle_join(const json& message) {
  const json& id = field(message, "space");
  if (!id.is_string()) return reply_error("bad_message", "space must be a string");
  const int shard = hub_.map().shard_of(id.get_ref<const std::string&>());
  if (shard < 0) return reply_error("unknown_space", "no such space");
  // A closed space (the doctors' lounge) refuses before anyone is sent to its loop.
  const world::SpaceConfig* config = hub_.map().config().find(id.get_ref<const std::string&>());
  if (config && !may_enter(identity_->role, *config)) {
    return reply_error("permission_denied", "this space is for verified clinicians and trainees");
  }
  // A private consultation room takes only whom the desk placed there (docs/consultation.md).
  if (config && config->access == world::Access::kConsultation &&
      (!hub_.desk_ || !hub_.desk_->place_in(identity_->user.id, config->id))) {
    return reply_error("permission_denied", "this consultation room is private");
  }
  const json& anonymous = field(message, "anonymous");
  if (!anonymous.is_null() && !anonymous.is_boolean()) {
    return reply_error("bad_message", "anonymous must be true or false");
  }
  if (shard != hub_.shard()) {
    // The space lives on another event loop: the client reconnects there (docs/protocol.md).
    return send_json({{"type", "reconnect"}, {"space", id}});
  }
  world::Space* target = hub_.find_space(id.get<std::string>());
  if (!target) return reply_error("unknown_space", "no such space");
  if (identity_->user.rules_version < hub_.services_.accounts.rules_version()) {
    return reply_error("rules_not_accepted", "accept the rules of the space first");
  }
  if (!auth::allowed(identity_->role, auth::Action::kEnterPublicSpace)) {
    return reply_error("permission_denied", "not allowed here");
  }
  if (target->config().access == world::Access::kConsultation && !admit_to_consultation(*target)) {
    return reply_error("permission_denied", "this consultation room is private");
  }
  if (target != space_ && target->full()) return reply_error("space_full", "the space is full");
  // A space whose chat is not stored has no history either.
  auto history = target->config().store_chat
                     ? hub_.services_.chat.history(target->config().id)
                     : core::Result<std::vector<store::ChatRecord>>(std::in_place);
  if (!history) {
    core::log_error("realtime", "chat history unavailable: " + history.error().message());
    return reply_error("internal", "history unavailable, try again");
  }
  leave_space();
  const auto& u = identity_->user;
  // Anonymous where the space offers labels: an alias id and 医師A … instead of the user id
  // and name, and no badge that could be looked up (docs/security.md, "Doctors' lounge").
  if (anonymous.is_boolean() && anonymous.get<bool>() && target->config().anonymous_labels) {
    AnonymousRoster* roster = hub_.anonymous_roster(target);
    const AnonymousRoster::Label* label = roster ? roster->label_for(u.id) : nullptr;
    if (!label) return reply_error("space_full", "no anonymous label left in this space");
    alias_ = label->alias;
    alias_name_ = label->name;
    hub_.register_alias(alias_, *this);
  }
  auto added = target->add(avatar_id(), static_cast<std::uint8_t>(u.avatar),
                           alias_ != 0 ? alias_name_ : u.display_name, *this,
                           alias_ != 0 ? kBadgeAnonymous : badge_flags(identity_->role), hidden_);
  if (!added) {
    if (alias_ != 0) hub_.unregister_alias(alias_, *this);
    alias_ = 0;
    alias_name_.clear();
    return reply_error(added.error().name(), added.error().message());
  }
  space_ = target;
  space_id_ = target->config().id;
  // Blocks are kept by user id; where either side is here under an alias, hide the avatars
  // by the ids they have in this space (both ways).
  for (std::uint32_t other_user : hidden_) {
    const Client* other = hub_.client_of(other_user);
    if (other && other != this && other->space_ == target) {
      target->set_hidden(avatar_id(), other->avatar_id(), true);
    }
  }
  json past = json::array();
  for (const auto& m : *history) {
    if (!std::binary_search(hidden_.begin(), hidden_.end(), static_cast<std::uint32_t>(m.user_id))) {
      past.push_back(chat_json(m));
    }
  }
  send_json({{"type", "joined"},
             {"space", space_json(target->config())},
             {"history", past},
             // who this connection is in the space: the id and name the others see
             {"you",
              {{"id", avatar_id()},
               {"name", alias_ != 0 ? alias_name_ : u.display_name},
               {"anonymous", alias_ != 0}}}});
  send_control(std::make_shared<const std::string>(hub_.voice_status_json(space_, avatar_id())));
  if (const StageRoster* stage = hub_.stage_of(space_); stage && target->config().stage) {
    send_control(std::make_shared<const std::string>(stage->hands_json()));
    send_control(std::make_shared<const std::string>(stage->stage_json()));
    send_control(std::make_shared<const std::string>(hub_.slides_json(space_)));
    if (const media::VoiceRoom* room = hub_.voice_room(space_)) {
      send_control(std::make_shared<const std::string>(room->screen_json()));
    }
  }
}

void Client::handle_chat(const json& message) {
  if (!space_) return reply_error("not_joined", "join a space first");
  const json& text = field(message, "text");
  if (!text.is_string()) return reply_error("bad_message", "text must be a string");
  if (!auth::allowed(identity_->role, auth::Action::kChat)) {
    return reply_error("permission_denied", "not allowed to chat");
  }
  if (auto ok = hub_.services_.word_filter.check(text.get_ref<const std::string&>()); !ok) {
    return reply_error(ok.error().name(), ok.error().message());
  }
  const auto& u = identity_->user;
  // The doctors' lounge keeps nothing: the line is shown to those present and forgotten. An
  // anonymous member's line carries the alias and the label, never the user id or name.
  const social::ChatService::Author author_of_line{
      alias_ != 0 ? static_cast<std::int64_t>(alias_) : u.id,
      alias_ != 0 ? std::string_view(alias_name_) : std::string_view(u.display_name), u.avatar};
  auto posted = space_->config().store_chat
                    ? hub_.services_.chat.post(space_id_, author_of_line,
                                               text.get_ref<const std::string&>())
                    : hub_.services_.chat.compose(space_id_, author_of_line,
                                                  text.get_ref<const std::string&>());
  if (!posted) {
    if (posted.error().code() != core::Code::kInvalidArgument) {
      core::log_error("realtime", "chat not stored: " + posted.error().message());
      return reply_error("internal", "message not stored, try again");
    }
    return reply_error(posted.error().name(), posted.error().message());
  }
  // Stored first, then shown: everything anyone saw survives a restart. Nobody who hides the
  // author (a block) receives it.
  json line = chat_json(*posted);
  if (alias_ != 0) line["anonymous"] = true;
  auto bytes = std::make_shared<const std::string>(line.dump());
  const std::uint32_t author = avatar_id();
  space_->for_each_member([&](std::uint32_t id, world::MemberSink& sink) {
    if (!space_->hides(id, author)) sink.send_control(bytes);
  });
}

void Client::handle_emote(const json& message) {
  if (!space_) return reply_error("not_joined", "join a space first");
  const json& emote = field(message, "emote");
  if (!emote.is_string() || !known_emote(emote.get_ref<const std::string&>())) {
    return reply_error("emote_unknown", "unknown emote");
  }
  auto bytes = std::make_shared<const std::string>(
      json{{"type", "emote"}, {"from", avatar_id()}, {"emote", emote}}.dump());
  const std::uint32_t author = avatar_id();
  space_->for_each_member([&](std::uint32_t id, world::MemberSink& sink) {
    if (!space_->hides(id, author)) sink.send_control(bytes);
  });
}

}  // namespace tsunagu::realtime

namespace tsunagu::realtime {

// An SDP from a browser: a string of sensible size (the message limit bounds it too).
constexpr std::size_t kMaxSdpBytes = 12 * 1024;

void Client::handle_voice(std::string_view kind, const json& message) {
  if (!space_) return reply_error("not_joined", "join a space first");
  media::VoiceRoom* room = hub_.voice_room(space_);
  if (!room || !room->available()) return reply_error("voice_unavailable", "voice is unavailable");
  const std::uint32_t me = avatar_id();
  auto sdp = [&]() -> const std::string* {
    const json& value = field(message, "sdp");
    if (!value.is_string() || value.get_ref<const std::string&>().empty() ||
        value.get_ref<const std::string&>().size() > kMaxSdpBytes) {
      reply_error("bad_message", "sdp must be a non-empty string");
      return nullptr;
    }
    return &value.get_ref<const std::string&>();
  };
  core::Status done;
  if (kind == "voice_listen") {
    room->listen(me);
  } else if (kind == "voice_publish") {
    const std::string* offer = sdp();
    if (!offer) return;
    done = room->publish(me, *offer);
  } else if (kind == "voice_answer") {
    const std::string* answer = sdp();
    if (!answer) return;
    done = room->answer(me, *answer);
  } else if (kind == "voice_mic") {
    const json& on = field(message, "on");
    if (!on.is_boolean()) return reply_error("bad_message", "on must be true or false");
    done = room->set_mic(me, on.get<bool>());
  } else if (kind == "voice_leave") {
    room->leave(me);
  } else if (kind == "voice_moderate") {
    return handle_voice_moderate(*room, message);
  } else {
    return reply_error("unknown_type", "unknown message type");
  }
  if (!done) reply_error(done.error().name(), done.error().message());
}

// A facilitator or moderator mutes (or releases) someone's microphone in this space: the
// server stops forwarding it at once, whatever that person's browser does. Audited.
void Client::handle_voice_moderate(media::VoiceRoom& room, const json& message) {
  const json& user = field(message, "user");
  const json& muted = field(message, "muted");
  if (!user.is_number_unsigned() || user.get<std::uint64_t>() > UINT32_MAX || !muted.is_boolean()) {
    return reply_error("bad_message", "user must be an id and muted true or false");
  }
  const bool allowed = auth::allowed(role(), auth::Action::kModerateSpeakers);
  if (!allowed) return reply_error("permission_denied", "only facilitators and moderators");
  const auto target = user.get<std::uint32_t>();
  if (!space_->contains(target)) return reply_error("not_found", "that person is not in this space");
  auto recorded = hub_.services_.moderation.record_speaker_mute({identity_->user.id, allowed},
                                                                target, space_id_, muted.get<bool>());
  if (!recorded) return reply_error(recorded.error().name(), recorded.error().message());
  room.moderate(target, muted.get<bool>());
}

}  // namespace tsunagu::realtime

namespace tsunagu::realtime {

// Raised hands and the stage of a lecture hall (docs/voice.md, "Presenting"): anyone may raise
// a hand; a facilitator or moderator brings someone to the stage (then heard by the whole
// hall) or releases them; a guest on the stage may step down themselves.
void Client::handle_stage(std::string_view kind, const json& message) {
  if (!space_) return reply_error("not_joined", "join a space first");
  StageRoster* stage = hub_.stage_of(space_);
  if (!stage || !space_->config().stage) return reply_error("no_stage", "this space has no stage");
  const std::uint32_t me = avatar_id();
  bool hands_changed = false, stage_changed = false;
  if (kind == "hand") {
    const json& raised = field(message, "raised");
    if (!raised.is_boolean()) return reply_error("bad_message", "raised must be true or false");
    hands_changed = raised.get<bool>() ? stage->raise_hand(me) : stage->lower_hand(me);
  } else {
    const json& user = field(message, "user");
    if (!user.is_number_unsigned() || user.get<std::uint64_t>() > UINT32_MAX) {
      return reply_error("bad_message", "user must be an id");
    }
    const auto target = user.get<std::uint32_t>();
    const bool moderator = auth::allowed(role(), auth::Action::kModerateSpeakers);
    const bool stepping_down = kind == "stage_release" && target == me;
    if (!moderator && !stepping_down) {
      return reply_error("permission_denied", "only facilitators and moderators");
    }
    if (!space_->contains(target)) return reply_error("not_found", "that person is not in this space");
    if (kind == "stage_invite") {
      hands_changed = stage->hand_raised(target);
      stage_changed = stage->invite(target);
      if (stage_changed) {
        if (Client* invited = hub_.client_of(target)) {
          invited->send_json({{"type", "stage_invited"}, {"by", me}});
        }
      }
    } else {
      stage_changed = stage->release(target);
    }
  }
  if (hands_changed) Hub::broadcast(*space_, stage->hands_json());
  if (stage_changed) Hub::broadcast(*space_, stage->stage_json());
}

}  // namespace tsunagu::realtime

namespace tsunagu::realtime {

// A presenter (the present permission, or a stage guest) shows a deck on the hall's screen
// and turns its pages for everyone (docs/voice.md, "Slides").
void Client::handle_slides(std::string_view kind, const json& message) {
  if (!space_) return reply_error("not_joined", "join a space first");
  Hub::SpaceMetrics* entry = hub_.entry_of(space_);
  if (!entry || !space_->config().stage) return reply_error("no_stage", "this space has no stage");
  const bool presenter = auth::allowed(role(), auth::Action::kPresent) || entry->stage.is_guest(avatar_id());
  if (!presenter) return reply_error("permission_denied", "only presenters show slides");
  const world::SlideRegistry* decks = hub_.slides_;
  if (kind == "slides_show") {
    const json& deck = field(message, "deck");
    if (deck.is_null()) {
      entry->slides_deck.clear();
    } else {
      if (!deck.is_string()) return reply_error("bad_message", "deck must be an id or null");
      if (!decks || !decks->find(deck.get_ref<const std::string&>())) {
        return reply_error("slides_unknown", "no such slide deck");
      }
      entry->slides_deck = deck.get<std::string>();
    }
    entry->slides_page = 0;
  } else {
    const json& page = field(message, "page");
    if (!page.is_number_integer()) return reply_error("bad_message", "page must be a number");
    const auto shown = entry->slides_deck.empty() || !decks ? nullptr : decks->find(entry->slides_deck);
    if (!shown) return reply_error("slides_unknown", "no slides are shown");
    const auto pages = shown->pages.size();
    if (page.get<long long>() < 0 || page.get<long long>() >= static_cast<long long>(pages)) {
      return reply_error("slides_page_invalid", "no such page");
    }
    entry->slides_page = page.get<int>();
  }
  Hub::broadcast(*space_, hub_.slides_json(space_));
}

}  // namespace tsunagu::realtime
