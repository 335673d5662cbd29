#include "realtime/hub.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "realtime/client.h"

namespace tsunagu::realtime {

std::uint8_t badge_flags(auth::Role role) {
  switch (role) {
    case auth::Role::kClinician: return kBadgeClinician;
    case auth::Role::kTrainee: return kBadgeTrainee;
    case auth::Role::kFacilitator: return kBadgeFacilitator;
    case auth::Role::kModerator:
    case auth::Role::kAdmin: return kBadgeStaff;
    default: return 0;
  }
}

Hub::Hub(WorldMap& map, int shard, HubServices services, Limits limits,
         core::MetricsRegistry* metrics)
    : map_(map), shard_(shard), services_(services), limits_(limits) {
  for (world::Space* space : map_.spaces_of(shard)) {
    SpaceMetrics m;
    m.space = space;
    // Alias blocks follow the content order, so aliases are unique across shards too.
    const auto& all = map_.all();
    const auto index = std::find_if(all.begin(), all.end(),
                                    [&](const auto& s) { return s.get() == space; }) - all.begin();
    m.anonymous = AnonymousRoster(kAliasBase + static_cast<std::uint32_t>(index) * kAliasBlock);
    if (metrics) {
      const std::string label = "space=\"" + space->config().id + "\"";
      m.tick_seconds = &metrics->histogram("tsunagu_tick_duration_seconds",
                                           "Time to run one tick of a space.",
                                           core::tick_buckets(), label);
      m.avatars = &metrics->gauge("tsunagu_space_avatars", "Avatars in a space.", label);
      m.frames_sent = &metrics->counter("tsunagu_world_frames_sent_total",
                                        "World frames sent to listeners.", label);
      m.bytes_sent = &metrics->counter("tsunagu_world_bytes_sent_total",
                                       "Bytes of world frames sent to listeners.", label);
      m.held_back = &metrics->counter(
          "tsunagu_world_frames_held_back_total",
          "Ticks where a slow listener got no transforms (the newest go out later).", label);
      m.deferred = &metrics->counter("tsunagu_moves_deferred_total",
                                     "Transforms left for a later tick by the byte budget.", label);
    }
    spaces_.push_back(m);
  }
  if (metrics && shard == 0) {
    rejected_metric_ = &metrics->counter("tsunagu_rejected_inputs_total",
                                         "Client messages answered with an error.");
    rate_limited_metric_ = &metrics->counter("tsunagu_rate_limited_total",
                                             "Client messages dropped by a rate limit.");
  } else if (metrics) {
    // Every shard adds to the same two counters (registered once, found again by name).
    rejected_metric_ = metrics->find_counter("tsunagu_rejected_inputs_total");
    rate_limited_metric_ = metrics->find_counter("tsunagu_rate_limited_total");
  }
}

Hub::~Hub() {
  // Transports may outlive the hub at shutdown (their handlers die with the io_context);
  // their clients must then not call back into it.
  for (Client* client : clients_) client->orphan();
}

void Hub::count_rejected() {
  ++stats_.rejected_inputs;
  if (rejected_metric_) rejected_metric_->add();
}

void Hub::count_rate_limited() {
  ++stats_.rate_limited;
  if (rate_limited_metric_) rate_limited_metric_->add();
}

std::unique_ptr<Client> Hub::open(Connection& connection) {
  auto client = std::make_unique<Client>(*this, connection);
  clients_.push_back(client.get());
  published_connections_.store(connections());
  return client;
}

// Voice plans are made a few times a second: people walk about 1.5 m in that time, well
// inside the hearing radius's soft edge, and each change costs a renegotiation.
constexpr std::uint32_t kVoicePlanEveryTicks = 10;

// The desk's grace periods are in seconds; a sweep at 1 Hz is plenty (20 Hz ticks).
constexpr std::uint32_t kDeskSweepEveryTicks = 20;

void Hub::tick() {
  if (desk_ && shard_ == 0 && ++desk_ticks_ % kDeskSweepEveryTicks == 0) desk_->sweep();
  const bool plan_voice = voice_ && ++ticks_ % kVoicePlanEveryTicks == 0;
  for (SpaceMetrics& m : spaces_) {
    if (plan_voice && m.voice) m.voice->plan();
    const auto start = std::chrono::steady_clock::now();
    m.space->tick();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    publish(m, seconds);
    for (std::uint32_t id : m.space->take_too_slow()) {
      core::log_warn("realtime", "a client stayed too slow to read its frames; disconnecting");
      disconnect_user(id, close_code::kTooSlow, "client too slow");
    }
  }
}

void Hub::publish(SpaceMetrics& m, double seconds) {
  if (!m.tick_seconds) return;
  const world::SpaceStats& now = m.space->stats();
  m.tick_seconds->observe(seconds);
  m.avatars->set(m.space->count());
  m.frames_sent->add(now.frames_sent - m.last.frames_sent);
  m.bytes_sent->add(now.world_bytes_sent - m.last.world_bytes_sent);
  m.held_back->add(now.frames_held_back - m.last.frames_held_back);
  m.deferred->add(now.moves_deferred - m.last.moves_deferred);
  m.last = now;
}

void Hub::close_all(std::uint16_t code, std::string_view reason) {
  // Iterate over a copy in case a transport destroys a client synchronously.
  std::vector<Client*> all = clients_;
  for (Client* client : all) client->close(code, reason);
}

Client* Hub::client_of(std::int64_t user_id) {
  if (user_id >= kAliasBase && user_id <= UINT32_MAX) {
    auto alias = aliases_.find(static_cast<std::uint32_t>(user_id));
    return alias == aliases_.end() ? nullptr : alias->second;
  }
  auto it = by_user_.find(user_id);
  return it == by_user_.end() ? nullptr : it->second;
}

AnonymousRoster* Hub::anonymous_roster(const world::Space* space) {
  for (SpaceMetrics& m : spaces_) {
    if (m.space == space) return &m.anonymous;
  }
  return nullptr;
}

int Hub::disconnect_user(std::int64_t user_id, std::uint16_t code, std::string_view reason) {
  Client* client = client_of(user_id);
  if (!client) return 0;
  client->close(code, reason);
  return 1;
}

int Hub::warn_user(std::int64_t user_id, std::string_view message) {
  Client* client = client_of(user_id);
  if (!client) return 0;
  client->send_json({{"type", "warning"}, {"message", message}});
  return 1;
}

void Hub::apply_block(std::int64_t a, std::int64_t b, bool blocked) {
  // In a space where one of them is anonymous, that one's avatar there has an alias id.
  const Client* client_a = client_of(a);
  const Client* client_b = client_of(b);
  auto member = [](const Client* c, const world::Space* space, std::int64_t user) {
    return c && c->space_id() == space->config().id ? c->avatar_id()
                                                    : static_cast<std::uint32_t>(user);
  };
  for (SpaceMetrics& m : spaces_) {
    world::Space* space = m.space;
    space->set_hidden(member(client_a, space, a), member(client_b, space, b), blocked);
  }
  // Clients remember whom they hide, for the spaces they enter later.
  if (Client* ca = client_of(a)) ca->set_hidden(b, blocked);
  if (Client* cb = client_of(b)) cb->set_hidden(a, blocked);
}

void Hub::send_to_user(std::int64_t user_id, const world::TextBytes& text) {
  if (Client* client = client_of(user_id)) client->send_control(text);
}

void Hub::evict(std::int64_t user_id, std::string_view space) {
  if (Client* client = client_of(user_id)) client->evict_from(space);
}

bool Hub::take_chat_token(std::int64_t user_id) {
  const auto now = services_.clock.now();
  if (chat_by_user_.size() > 10'000) {
    for (auto it = chat_by_user_.begin(); it != chat_by_user_.end();) {
      it = it->second.tokens(now) >= limits_.chat_burst ? chat_by_user_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] =
      chat_by_user_.try_emplace(user_id, limits_.chat_burst, limits_.chats_per_second, now);
  return it->second.try_take(now);
}

void Hub::enable_voice(media::VoiceService& voice, media::TurnSettings turn) {
  voice_ = &voice;
  turn_ = std::move(turn);
  const auto& all = map_.all();
  for (SpaceMetrics& m : spaces_) {
    world::Space* space = m.space;
    // Room ids follow the content order, so they are unique across shards.
    const auto index = std::find_if(all.begin(), all.end(),
                                    [&](const auto& s) { return s.get() == space; }) -
                       all.begin();
    media::VoiceRoomHooks hooks;
    hooks.send = [this](std::uint32_t user, std::string text) {
      if (Client* c = client_of(user)) c->send_control(std::make_shared<const std::string>(std::move(text)));
    };
    hooks.broadcast = [space](std::string text) { broadcast(*space, std::move(text)); };
    hooks.locate = [this, space](std::uint32_t user, media::VoiceParticipant& out) {
      return locate_voice(*space, user, out);
    };
    const world::VoiceConfig& vc = space->config().voice;
    m.voice = &voice.add_room(1000 + static_cast<std::uint64_t>(index), space->config().id,
                              space->config().capacity,
                              media::VoiceSettings{vc.hearing_radius, vc.max_voices, vc.meeting_mode},
                              std::move(hooks));
  }
}

bool Hub::locate_voice(world::Space& space, std::uint32_t user, media::VoiceParticipant& out) {
  world::Space::Whereabouts where;
  if (!space.whereabouts(user, where)) return false;
  const world::SpaceConfig& config = space.config();
  out.x = where.x;
  out.z = where.z;
  out.zone = config.zone_at(where.x, where.z);
  // Standing on the stage carries a voice over the hall only with the presenter's right, or
  // when a facilitator brought this person up.
  const Client* client = client_of(user);
  const StageRoster* stage = stage_of(&space);
  const bool may_present = (client && auth::allowed(client->role(), auth::Action::kPresent)) ||
                           (stage && stage->is_guest(user));
  out.on_stage = out.zone == 0 && config.on_stage(where.x, where.z) && may_present;
  out.hidden = *where.hidden;
  return true;
}

media::VoiceRoom* Hub::voice_room(const world::Space* space) {
  for (SpaceMetrics& m : spaces_) {
    if (m.space == space) return m.voice;
  }
  return nullptr;
}

Hub::SpaceMetrics* Hub::entry_of(const world::Space* space) {
  for (SpaceMetrics& m : spaces_) {
    if (m.space == space) return &m;
  }
  return nullptr;
}

StageRoster* Hub::stage_of(const world::Space* space) {
  SpaceMetrics* m = entry_of(space);
  return m ? &m->stage : nullptr;
}

std::string Hub::slides_json(const world::Space* space) {
  const SpaceMetrics* m = entry_of(space);
  nlohmann::json out = {{"type", "slides"}, {"deck", nullptr}, {"title", nullptr}, {"page", 0},
                        {"pages", nlohmann::json::array()}};
  if (!m || !slides_ || m->slides_deck.empty()) return out.dump();
  const auto shown = slides_->find(m->slides_deck);
  if (!shown) return out.dump();  // deleted a moment ago; slides_removed() follows
  const world::SlideDeck& deck = *shown;
  out["deck"] = deck.id;
  out["title"] = {{"ja", deck.title.ja}, {"en", deck.title.en}};
  out["page"] = m->slides_page;
  for (std::size_t i = 0; i < deck.pages.size(); ++i) out["pages"].push_back(world::slide_url(deck, i));
  return out.dump();
}

void Hub::slides_removed(std::string_view deck_id) {
  for (SpaceMetrics& m : spaces_) {
    if (m.slides_deck.empty() || m.slides_deck != deck_id) continue;
    m.slides_deck.clear();
    m.slides_page = 0;
    broadcast(*m.space, slides_json(m.space));
  }
}

void Hub::broadcast(world::Space& space, std::string text) {
  auto bytes = std::make_shared<const std::string>(std::move(text));
  space.for_each_member([&](std::uint32_t, world::MemberSink& sink) { sink.send_control(bytes); });
}

std::string Hub::voice_status_json(const world::Space* space, std::uint32_t user) {
  media::VoiceRoom* room = voice_room(space);
  if (!room) return R"({"type":"voice_status","available":false,"off":true})";
  auto status = nlohmann::json::parse(room->status_json(voice_->retry_in_s()));
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto ice = media::turn_ice_servers(turn_, user, now);
  status["ice_servers"] = ice ? *ice : nlohmann::json::array();
  return status.dump();
}

world::Space* Hub::find_space(std::string_view id) {
  for (SpaceMetrics& m : spaces_) {
    if (m.space->config().id == id) return m.space;
  }
  return nullptr;
}

void Hub::attach(Client& client, std::int64_t user_id) {
  auto [it, inserted] = by_user_.try_emplace(user_id, &client);
  if (!inserted && it->second != &client) {
    Client* old = it->second;
    it->second = &client;
    core::log_info("realtime", "user reconnected; replacing the older connection");
    old->close(close_code::kReplaced, "replaced by a newer connection");
  }
}

void Hub::detach(Client& client) {
  std::erase(clients_, &client);
  published_connections_.store(connections());
  for (auto it = by_user_.begin(); it != by_user_.end(); ++it) {
    if (it->second == &client) {
      by_user_.erase(it);
      break;
    }
  }
}

}  // namespace tsunagu::realtime
