#include "media/voice_room.h"

#include <algorithm>

#include "core/log.h"

namespace tsunagu::media {

using json = nlohmann::json;

namespace {

constexpr int kMaxPublishers = 5000;
// A screen share's video: enough for legible slides and documents at 15 frames a second, far
// below what a hall of listeners' downlinks carry. Janus asks the presenter's browser to stay
// under it (REMB); the browser caps its own encoder at the same figure (screenShare.ts).
constexpr int kScreenBitrate = 1'200'000;
// How often Janus asks a screen share for a key frame (s), so a late or lossy viewer recovers.
constexpr int kScreenKeyframeEvery = 10;

std::vector<std::uint64_t> difference(const std::vector<std::uint64_t>& a,
                                      const std::vector<std::uint64_t>& b) {
  std::vector<std::uint64_t> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

json feed_list(const std::vector<std::uint64_t>& ids) {
  json list = json::array();
  for (std::uint64_t id : ids) list.push_back({{"feed", id}});
  return list;
}

}  // namespace

VoiceRoom::VoiceRoom(JanusApi& janus, std::uint64_t room_id, std::string space_id, int capacity,
                     VoiceSettings settings, VoiceRoomHooks hooks)
    : janus_(janus),
      room_id_(room_id),
      space_id_(std::move(space_id)),
      capacity_(capacity),
      settings_(settings),
      hooks_(std::move(hooks)) {}

VoiceRoom::~VoiceRoom() {
  for (auto& [_, p] : people_) drop_handles(p);
}

// Wraps a Janus callback so it does nothing once this room is gone.
template <typename Fn>
auto VoiceRoom::guarded(Fn fn) {
  return [alive = std::weak_ptr<char>(alive_), fn = std::move(fn)](auto&&... args) mutable {
    if (!alive.expired()) fn(std::forward<decltype(args)>(args)...);
  };
}

void VoiceRoom::janus_ready(std::uint64_t control, std::string admin_key, std::string room_secret) {
  control_ = control;
  room_secret_ = std::move(room_secret);
  json create = {{"request", "create"},
                 {"room", room_id_},
                 {"description", space_id_},
                 {"permanent", false},
                 {"is_private", true},
                 // everyone's microphone, plus one screen share
                 {"publishers", std::min(std::max(capacity_, 1) + 1, kMaxPublishers)},
                 {"audiocodec", "opus"},
                 {"videocodec", "vp8"},
                 {"bitrate", kScreenBitrate},
                 {"bitrate_cap", true},
                 {"fir_freq", kScreenKeyframeEvery},
                 {"notify_joining", false},
                 {"secret", room_secret_}};
  if (!admin_key.empty()) create["admin_key"] = admin_key;
  janus_.message(control, std::move(create), nullptr,
                 guarded([this](core::Result<JanusEvent> answer) {
                   // 427: the room exists already (a Janus that outlived our last run).
                   if (!answer && answer.error().name() != "janus_427") {
                     core::log_warn("voice", "could not create the voice room of " + space_id_ +
                                                 ": " + answer.error().message());
                     return;
                   }
                   created_ = true;
                   if (hooks_.broadcast) hooks_.broadcast(status_json(0));
                 }));
}

void VoiceRoom::janus_down() {
  const bool was = created_;
  created_ = false;
  control_ = 0;
  people_.clear();  // their handles died with the session
  handles_.clear();
  last_speakers_.clear();
  const bool was_sharing = screen_.state == Share::kLive;
  screen_ = {};
  if (was && hooks_.broadcast) hooks_.broadcast(status_json(5));
  if (was_sharing && hooks_.broadcast) hooks_.broadcast(screen_json());
}

std::string VoiceRoom::status_json(int retry_in_s) const {
  json status = {{"type", "voice_status"}, {"available", created_}};
  if (!created_) status["retry_in_s"] = std::max(retry_in_s, 1);
  return status.dump();
}

VoiceRoom::Person& VoiceRoom::person(std::uint32_t user) {
  auto [it, added] = people_.try_emplace(user);
  if (added) {
    it->second.id = user;
    it->second.generation = next_generation_++;
  }
  return it->second;
}

VoiceRoom::Person* VoiceRoom::find(std::uint32_t user, std::uint64_t generation) {
  const auto it = people_.find(user);
  return it == people_.end() || it->second.generation != generation ? nullptr : &it->second;
}

void VoiceRoom::listen(std::uint32_t user) {
  if (!created_) return send_error(user, "voice_unavailable", "voice is unavailable");
  person(user).listening = true;
}

core::Status VoiceRoom::publish(std::uint32_t user, std::string sdp) {
  if (!created_) return core::fail(core::Code::kUnavailable, "voice_unavailable", "voice is unavailable");
  if (moderated_.contains(user)) {
    return core::fail(core::Code::kPermissionDenied, "voice_muted_by_moderator",
                      "a moderator muted this microphone");
  }
  Person& p = person(user);
  if (p.pub_handle != 0) {  // a new microphone offer replaces the old publisher
    forget_handle(p.pub_handle);
    janus_.detach(p.pub_handle);
    p.pub_handle = 0;
  }
  p.pub = Pub::kJoining;
  p.mic_on = true;
  p.kicked_once = false;
  join_publisher(user, std::move(sdp));
  return {};
}

void VoiceRoom::join_publisher(std::uint32_t user, std::string sdp) {
  const std::uint64_t generation = person(user).generation;
  janus_.attach(guarded([this, user, generation, sdp](core::Result<std::uint64_t> handle) mutable {
    Person* p = find(user, generation);
    if (!handle) {
      if (p) p->pub = Pub::kNone;
      return send_error(user, "voice_failed", handle.error().message());
    }
    if (!p || p->pub != Pub::kJoining) return janus_.detach(*handle);
    p->pub_handle = *handle;
    handles_[*handle] = user;
    json body = {{"request", "joinandconfigure"}, {"ptype", "publisher"}, {"room", room_id_},
                 {"id", user},                    {"audio", true},        {"video", false}};
    json jsep = {{"type", "offer"}, {"sdp", sdp}};
    janus_.message(*handle, std::move(body), std::move(jsep),
                   guarded([this, user, generation, sdp](core::Result<JanusEvent> answer) mutable {
                     Person* p = find(user, generation);
                     if (!p) return;
                     if (answer && answer->jsep.is_object()) {
                       p->pub = Pub::kJoined;
                       return hooks_.send(user, json{{"type", "voice_published"},
                                                     {"sdp", answer->jsep.value("sdp", "")}}
                                                    .dump());
                     }
                     const bool taken = !answer && answer.error().name() == "janus_436";
                     if (taken && !p->kicked_once && control_ != 0) {
                       // A publisher with this id is left over (a replaced connection): kick
                       // it and try once more.
                       p->kicked_once = true;
                       forget_handle(p->pub_handle);
                       janus_.detach(p->pub_handle);
                       p->pub_handle = 0;
                       json kick = {{"request", "kick"}, {"room", room_id_}, {"id", user},
                                    {"secret", room_secret_}};
                       janus_.message(control_, std::move(kick), nullptr,
                                      guarded([this, user, sdp](core::Result<JanusEvent>) mutable {
                                        join_publisher(user, std::move(sdp));
                                      }));
                       return;
                     }
                     p->pub = Pub::kNone;
                     forget_handle(p->pub_handle);
                     janus_.detach(p->pub_handle);
                     p->pub_handle = 0;
                     send_error(user, "voice_failed",
                                answer ? "Janus gave no answer SDP" : answer.error().message());
                   }));
  }));
}

core::Status VoiceRoom::answer(std::uint32_t user, std::string sdp) {
  const auto it = people_.find(user);
  if (it == people_.end() || it->second.sub != Sub::kOffered) {
    return core::fail(core::Code::kFailedPrecondition, "voice_no_offer",
                      "there is no voice offer to answer");
  }
  Person& p = it->second;
  p.sub = Sub::kStarting;
  const std::uint64_t generation = p.generation;
  janus_.message(p.sub_handle, {{"request", "start"}}, {{"type", "answer"}, {"sdp", std::move(sdp)}},
                 guarded([this, user, generation](core::Result<JanusEvent> answer) {
                   Person* p = find(user, generation);
                   if (!p || p->sub != Sub::kStarting) return;
                   if (!answer) {
                     send_error(user, "voice_failed", answer.error().message());
                     return reset_subscriber(*p);
                   }
                   p->sub = Sub::kReady;
                   advance(*p);
                 }));
  return {};
}

core::Status VoiceRoom::set_mic(std::uint32_t user, bool on) {
  if (on && moderated_.contains(user)) {
    return core::fail(core::Code::kPermissionDenied, "voice_muted_by_moderator",
                      "a moderator muted this microphone");
  }
  const auto it = people_.find(user);
  if (it == people_.end() || it->second.pub == Pub::kNone) {
    return core::fail(core::Code::kFailedPrecondition, "voice_not_publishing",
                      "the microphone is not on");
  }
  it->second.mic_on = on;
  publish_speakers();
  return {};
}

void VoiceRoom::moderate(std::uint32_t user, bool muted) {
  if (muted) {
    moderated_.insert(user);
  } else {
    moderated_.erase(user);
  }
  const auto it = people_.find(user);
  const bool mic_on = !muted && it != people_.end() && it->second.pub != Pub::kNone &&
                      it->second.mic_on;
  hooks_.send(user, json{{"type", "voice_mic"}, {"on", mic_on}, {"by_moderator", muted}}.dump());
  plan();  // take them out of (or back into) everyone's subscriptions now
}

void VoiceRoom::leave(std::uint32_t user) {
  if (screen_.owner == user) end_screen();
  const auto it = people_.find(user);
  if (it == people_.end()) return;
  drop_handles(it->second);
  people_.erase(it);
  publish_speakers();
}

void VoiceRoom::plan() {
  if (!created_) return;
  std::vector<VoiceParticipant> crowd;
  std::vector<Person*> who;
  crowd.reserve(people_.size());
  who.reserve(people_.size());
  for (auto& [id, p] : people_) {
    if (!p.listening && p.pub != Pub::kLive) continue;
    VoiceParticipant vp;
    if (!hooks_.locate || !hooks_.locate(id, vp)) continue;
    vp.id = id;
    // Self-muted speakers stay subscribed (muting is frequent, renegotiation is not free);
    // a moderator's mute removes them.
    vp.speaking = p.pub == Pub::kLive;
    vp.muted_by_moderator = moderated_.contains(id);
    crowd.push_back(std::move(vp));
    who.push_back(&p);
  }
  const auto plan = plan_voices(crowd, settings_);
  const auto viewers = plan_screen(crowd, screen_live() ? screen_.owner : 0);
  for (std::size_t i = 0; i < who.size(); ++i) {
    Person& p = *who[i];
    if (!p.listening) continue;
    p.desired.clear();
    for (const VoiceFeed& feed : plan[i]) p.desired.push_back(feed.speaker);
    if (viewers[i]) p.desired.push_back(screen_feed(screen_.owner));
    std::sort(p.desired.begin(), p.desired.end());
    advance(p);
  }
  publish_speakers();
}

void VoiceRoom::advance(Person& p) {
  if (!p.listening || !created_) return;
  if (p.sub == Sub::kIdle && !p.desired.empty()) return subscribe_first(p);
  if (p.sub == Sub::kReady && p.desired != p.current) return update_subscriptions(p);
}

void VoiceRoom::subscribe_first(Person& p) {
  p.sub = Sub::kAttaching;
  const std::uint32_t user = p.id;
  const std::uint64_t generation = p.generation;
  janus_.attach(guarded([this, user, generation](core::Result<std::uint64_t> handle) {
    Person* p = find(user, generation);
    if (!handle) {
      if (p) p->sub = Sub::kIdle;
      return;
    }
    if (!p || p->sub != Sub::kAttaching) return janus_.detach(*handle);
    p->sub_handle = *handle;
    p->sub_session = next_sub_session_++;
    handles_[*handle] = user;
    p->sub = Sub::kJoining;
    json join = {{"request", "join"}, {"ptype", "subscriber"}, {"room", room_id_},
                 {"streams", feed_list(p->desired)}};
    janus_.message(*handle, std::move(join), nullptr,
                   guarded([this, user, generation](core::Result<JanusEvent> answer) {
                     Person* p = find(user, generation);
                     if (!p || p->sub != Sub::kJoining) return;
                     if (!answer || !answer->jsep.is_object()) {
                       core::log_debug("voice", "subscription failed: " +
                                                    (answer ? std::string("no offer")
                                                            : answer.error().message()));
                       return reset_subscriber(*p);  // tried again at the next plan
                     }
                     on_offer(*p, *answer);
                   }));
  }));
}

void VoiceRoom::update_subscriptions(Person& p) {
  const auto add = difference(p.desired, p.current);
  const auto remove = difference(p.current, p.desired);
  p.sub = Sub::kUpdating;
  json update = {{"request", "update"}};
  if (!add.empty()) update["subscribe"] = feed_list(add);
  if (!remove.empty()) update["unsubscribe"] = feed_list(remove);
  const std::uint32_t user = p.id;
  const std::uint64_t generation = p.generation;
  janus_.message(p.sub_handle, std::move(update), nullptr,
                 guarded([this, user, generation](core::Result<JanusEvent> answer) {
                   Person* p = find(user, generation);
                   if (!p || p->sub != Sub::kUpdating) return;
                   if (!answer) {
                     // A feed that left in the meantime, usually: the next plan knows better.
                     p->sub = Sub::kReady;
                     return;
                   }
                   if (answer->jsep.is_object()) return on_offer(*p, *answer);
                   p->sub = Sub::kReady;
                 }));
}

// Janus offers the listener's new set of streams: pass it on with the mid → avatar map (and
// which mid carries the screen share, if one is in it).
void VoiceRoom::on_offer(Person& p, const JanusEvent& event) {
  json feeds = json::array();
  json screen;
  p.current.clear();
  const auto streams = event.data.find("streams");
  if (streams != event.data.end() && streams->is_array()) {
    for (const json& s : *streams) {
      if (!s.is_object() || !s.value("active", true)) continue;
      const auto feed = s.find("feed_id");
      if (feed == s.end() || !feed->is_number_unsigned()) continue;
      const auto id = feed->get<std::uint64_t>();
      const std::string type = s.value("type", "");
      if (type == "audio" && !is_screen_feed(id)) {
        feeds.push_back({{"mid", s.value("mid", "")}, {"id", id}});
      } else if (type == "video" && is_screen_feed(id)) {
        screen = {{"mid", s.value("mid", "")}, {"id", static_cast<std::uint32_t>(id)}};
      } else {
        continue;
      }
      p.current.push_back(id);
    }
  }
  std::sort(p.current.begin(), p.current.end());
  p.current.erase(std::unique(p.current.begin(), p.current.end()), p.current.end());
  p.sub = Sub::kOffered;
  json offer = {{"type", "voice_offer"},
                {"sdp", event.jsep.value("sdp", "")},
                {"session", p.sub_session},
                {"feeds", std::move(feeds)}};
  if (!screen.is_null()) offer["screen"] = std::move(screen);
  hooks_.send(p.id, offer.dump());
}

bool VoiceRoom::on_event(std::uint64_t handle, const JanusEvent& event) {
  if (handle != 0 && handle == screen_.handle) return on_screen_event(event);
  const auto owner = handles_.find(handle);
  if (owner == handles_.end()) return false;
  const auto it = people_.find(owner->second);
  if (it == people_.end()) return true;
  Person& p = it->second;
  if (handle == p.pub_handle) {
    if (event.kind == "webrtcup" && p.pub == Pub::kJoined) {
      p.pub = Pub::kLive;
      publish_speakers();
    } else if (event.kind == "hangup" && p.pub == Pub::kLive) {
      p.pub = Pub::kJoined;
      publish_speakers();
    }
    return true;
  }
  if (handle == p.sub_handle) {
    if (event.kind == "hangup") {
      reset_subscriber(p);
      return true;
    }
    // Janus renegotiates by itself when a publisher it forwards leaves.
    if (event.kind == "event" && event.jsep.is_object() && event.jsep.value("type", "") == "offer") {
      on_offer(p, event);
    }
  }
  return true;
}

void VoiceRoom::reset_subscriber(Person& p) {
  if (p.sub_handle != 0) {
    forget_handle(p.sub_handle);
    janus_.detach(p.sub_handle);
  }
  p.sub_handle = 0;
  p.sub = Sub::kIdle;
  p.current.clear();
}

void VoiceRoom::drop_handles(Person& p) {
  for (std::uint64_t* handle : {&p.pub_handle, &p.sub_handle}) {
    if (*handle == 0) continue;
    forget_handle(*handle);
    janus_.detach(*handle);
    *handle = 0;
  }
}

void VoiceRoom::forget_handle(std::uint64_t handle) { handles_.erase(handle); }

void VoiceRoom::send_error(std::uint32_t user, std::string_view code, std::string_view message) {
  hooks_.send(user, json{{"type", "error"}, {"code", code}, {"message", message}}.dump());
}

// Who has a live, unmuted microphone: the mic indicator above avatars. Sent on change only.
void VoiceRoom::publish_speakers() {
  std::vector<std::uint32_t> speakers;
  for (const auto& [id, p] : people_) {
    if (p.pub == Pub::kLive && p.mic_on && !moderated_.contains(id)) speakers.push_back(id);
  }
  std::sort(speakers.begin(), speakers.end());
  if (speakers == last_speakers_) return;
  last_speakers_ = speakers;
  if (hooks_.broadcast) hooks_.broadcast(json{{"type", "voice_speakers"}, {"ids", speakers}}.dump());
}

std::vector<std::uint32_t> VoiceRoom::receiving(std::uint32_t user) const {
  std::vector<std::uint32_t> out;
  const auto it = people_.find(user);
  if (it == people_.end()) return out;
  for (std::uint64_t feed : it->second.current) {
    if (!is_screen_feed(feed)) out.push_back(static_cast<std::uint32_t>(feed));
  }
  return out;
}

bool VoiceRoom::receiving_screen(std::uint32_t user) const {
  const auto it = people_.find(user);
  return it != people_.end() &&
         std::any_of(it->second.current.begin(), it->second.current.end(), is_screen_feed);
}

// --- screen sharing ----------------------------------------------------------------------------

core::Status VoiceRoom::share_screen(std::uint32_t user, std::string sdp) {
  if (!created_)
    return core::fail(core::Code::kUnavailable, "voice_unavailable", "voice is unavailable");
  if (screen_.owner != 0 && screen_.owner != user) {
    return core::fail(core::Code::kFailedPrecondition, "screen_busy",
                      "someone else is sharing their screen in this space");
  }
  if (screen_.owner == user) end_screen();  // a new offer replaces one's own share
  screen_.owner = user;
  screen_.generation = next_generation_++;
  screen_.state = Share::kJoining;
  join_screen(screen_.generation, std::move(sdp));
  return {};
}

void VoiceRoom::join_screen(std::uint64_t generation, std::string sdp) {
  janus_.attach(guarded([this, generation, sdp](core::Result<std::uint64_t> handle) mutable {
    if (screen_.generation != generation || screen_.state != Share::kJoining) {
      if (handle) janus_.detach(*handle);
      return;
    }
    const std::uint32_t user = screen_.owner;
    if (!handle) {
      send_error(user, "screen_failed", handle.error().message());
      return end_screen();
    }
    screen_.handle = *handle;
    json body = {{"request", "joinandconfigure"},
                 {"ptype", "publisher"},
                 {"room", room_id_},
                 {"id", screen_feed(user)},
                 {"display", "screen"},
                 {"audio", false},
                 {"video", true},
                 {"bitrate", kScreenBitrate}};
    json jsep = {{"type", "offer"}, {"sdp", sdp}};
    janus_.message(
        *handle, std::move(body), std::move(jsep),
        guarded([this, generation, user, sdp](core::Result<JanusEvent> answer) mutable {
          if (screen_.generation != generation || screen_.state != Share::kJoining) return;
          if (answer && answer->jsep.is_object()) {
            screen_.state = Share::kJoined;
            return hooks_.send(
                user,
                json{{"type", "screen_published"}, {"sdp", answer->jsep.value("sdp", "")}}.dump());
          }
          const bool taken = !answer && answer.error().name() == "janus_436";
          if (taken && !screen_.kicked_once && control_ != 0) {
            // A share left over from a replaced connection: kick it, try once more.
            screen_.kicked_once = true;
            janus_.detach(screen_.handle);
            screen_.handle = 0;
            json kick = {{"request", "kick"},
                         {"room", room_id_},
                         {"id", screen_feed(user)},
                         {"secret", room_secret_}};
            janus_.message(control_, std::move(kick), nullptr,
                           guarded([this, generation, sdp](core::Result<JanusEvent>) mutable {
                             join_screen(generation, std::move(sdp));
                           }));
            return;
          }
          send_error(user, "screen_failed",
                     answer ? "Janus gave no answer SDP" : answer.error().message());
          end_screen();
        }));
  }));
}

bool VoiceRoom::on_screen_event(const JanusEvent& event) {
  if (event.kind == "webrtcup" && screen_.state == Share::kJoined) {
    screen_.state = Share::kLive;
    if (hooks_.broadcast) hooks_.broadcast(screen_json());
    plan();  // everyone sees it now, not at the next plan
  } else if (event.kind == "hangup" && screen_.state != Share::kNone) {
    // The presenter's connection died (or their browser closed it): the share is over.
    const std::uint32_t user = screen_.owner;
    end_screen();
    hooks_.send(user, json{{"type", "screen_stopped"}, {"by_moderator", false}}.dump());
  }
  return true;
}

bool VoiceRoom::stop_screen(std::uint32_t user, bool by_moderator) {
  if (user == 0 || screen_.owner != user) return false;
  end_screen();
  if (by_moderator) {
    hooks_.send(user, json{{"type", "screen_stopped"}, {"by_moderator", true}}.dump());
  }
  return true;
}

// Janus drops the publisher with its handle and renegotiates every subscriber that received it
// by itself (an unsolicited offer, see on_event); the next plan no longer asks for it.
void VoiceRoom::end_screen() {
  const bool was_live = screen_.state == Share::kLive;
  if (screen_.handle != 0) janus_.detach(screen_.handle);
  screen_ = {};
  if (was_live && hooks_.broadcast) hooks_.broadcast(screen_json());
}

std::string VoiceRoom::screen_json() const {
  json out = {{"type", "screen"}, {"user", nullptr}};
  if (screen_.state == Share::kLive) out["user"] = screen_.owner;
  return out.dump();
}

bool VoiceRoom::publishing(std::uint32_t user) const {
  const auto it = people_.find(user);
  return it != people_.end() && it->second.pub == Pub::kLive;
}

}  // namespace tsunagu::media
