#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/account_service.h"
#include "care/consultation_desk.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "core/token_bucket.h"
#include "media/turn_credentials.h"
#include "media/voice_service.h"
#include "realtime/connection.h"
#include "realtime/control.h"
#include "realtime/limits.h"
#include "realtime/stage_roster.h"
#include "realtime/anonymous_roster.h"
#include "realtime/world_map.h"
#include "social/chat.h"
#include "social/moderation.h"
#include "social/word_filter.h"
#include "world/slide_registry.h"
#include "world/space.h"
#include "world/world_config.h"

namespace tsunagu::realtime {

class Client;

// Counters of what the hub refused or dropped, for /healthz and tests.
struct HubStats {
  std::uint64_t rejected_inputs = 0;  // error replies for bad input
  std::uint64_t rate_limited = 0;     // messages dropped by a token bucket
  std::uint64_t closed_for_abuse = 0;
};

// The domain services the real-time protocol calls into. All owned by the same loop.
struct HubServices {
  auth::AccountService& accounts;
  social::ModerationService& moderation;
  social::ChatService& chat;
  const social::WordFilter& word_filter;
  const core::Clock& clock;
};

// JOIN badge bits (docs/protocol.md, "World frames").
inline constexpr std::uint8_t kBadgeClinician = 1 << 0;
inline constexpr std::uint8_t kBadgeTrainee = 1 << 1;
inline constexpr std::uint8_t kBadgeStaff = 1 << 2;
inline constexpr std::uint8_t kBadgeFacilitator = 1 << 3;
// An anonymous label (医師A …) in the doctors' lounge: no role bits ride with it.
inline constexpr std::uint8_t kBadgeAnonymous = 1 << 4;
std::uint8_t badge_flags(auth::Role role);

// The real-time side of one event loop ("shard"): the spaces the WorldMap gives this shard,
// the clients connected to them, and the protocol that ties them together; and the levers
// moderation pulls on live connections. Thread: the shard's event loop owns the hub, its
// spaces and its clients; every call comes from it (other loops post to it).
class Hub {
 public:
  Hub(WorldMap& map, int shard, HubServices services, Limits limits = {},
      core::MetricsRegistry* metrics = nullptr);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // A new client on `connection`, which must outlive the returned Client.
  std::unique_ptr<Client> open(Connection& connection);

  // Advances every space by one tick (called at the world tick rate, 20 Hz by default).
  void tick();

  // Closes every client with `code` (1001 at shutdown).
  void close_all(std::uint16_t code, std::string_view reason);

  // Moderation on live connections. Each returns how many connections it reached.
  int disconnect_user(std::int64_t user_id, std::uint16_t code, std::string_view reason);
  int warn_user(std::int64_t user_id, std::string_view message);
  // A block between two users changed: they vanish from (or reappear to) each other now.
  void apply_block(std::int64_t a, std::int64_t b, bool blocked);
  // Sends a control message to a person's connection on this shard, if any.
  void send_to_user(std::int64_t user_id, const world::TextBytes& text);
  // Takes a person's connection on this shard out of `space`, if it is there.
  void evict(std::int64_t user_id, std::string_view space);
  // The consultation desk shared by every shard (docs/consultation.md); must outlive the hub.
  // Shard 0's hub also sweeps it once a second. Without it, consultations are not offered.
  void set_consultation_desk(care::ConsultationDesk* desk) { desk_ = desk; }

  // Gives every space of this shard a voice room on `voice` (docs/voice.md). Without this
  // call voice is off: clients are told so and the world works with text only.
  void enable_voice(media::VoiceService& voice, media::TurnSettings turn = {});
  bool voice_enabled() const { return voice_ != nullptr; }
  // The voice room of a space of this shard, or nullptr (voice off).
  media::VoiceRoom* voice_room(const world::Space* space);
  // {"type":"voice_status",…} for `user` in `space`, with their TURN credentials.
  std::string voice_status_json(const world::Space* space, std::uint32_t user);
  // The slide decks presenters may show (content and uploaded, shared by every hub); must
  // outlive the hub. Without it there are no decks.
  void set_slide_registry(const world::SlideRegistry& registry) { slides_ = &registry; }
  // {"type":"slides",…}: what the screen of `space` shows.
  std::string slides_json(const world::Space* space);
  // An uploaded deck was deleted: the screens of this shard that show it go blank (and their
  // spaces are told).
  void slides_removed(std::string_view deck_id);
  // Raised hands and stage guests of a space of this shard (nullptr if not ours).
  StageRoster* stage_of(const world::Space* space);
  // The anonymous labels of a space of this shard (nullptr if not ours).
  AnonymousRoster* anonymous_roster(const world::Space* space);
  // Sends `text` to every member of `space`.
  static void broadcast(world::Space& space, std::string text);

  // {"spaces":[…]} as in GET /api/spaces (every shard's spaces).
  std::string spaces_json() const { return map_.spaces_json(); }
  int connections() const { return static_cast<int>(clients_.size()); }
  // The connection count, readable from any thread.
  int published_connections() const { return published_connections_.load(); }
  const HubStats& stats() const { return stats_; }
  // A space of this shard, or nullptr (unknown, or on another shard).
  world::Space* find_space(std::string_view id);
  const WorldMap& map() const { return map_; }
  int shard() const { return shard_; }

 private:
  friend class Client;
  // Registers an authenticated client; an older client of the same user is replaced.
  void attach(Client& client, std::int64_t user_id);
  void detach(Client& client);
  // The client of a user, or of an alias avatar id (an anonymous member, see AnonymousRoster).
  Client* client_of(std::int64_t user_id);
  void register_alias(std::uint32_t alias, Client& client) { aliases_[alias] = &client; }
  // Only while `client` holds it (a person's new connection may hold the same alias already).
  void unregister_alias(std::uint32_t alias, const Client& client) {
    if (auto it = aliases_.find(alias); it != aliases_.end() && it->second == &client) {
      aliases_.erase(it);
    }
  }
  // Per-user chat limit, shared by all of a person's connections.
  bool take_chat_token(std::int64_t user_id);
  void count_rejected();
  void count_rate_limited();

  // Per-space state of the hub: metrics (published after each tick), voice room, stage.
  struct SpaceMetrics {
    world::Space* space = nullptr;
    core::Histogram* tick_seconds = nullptr;
    core::Gauge* avatars = nullptr;
    core::Counter* frames_sent = nullptr;
    core::Counter* bytes_sent = nullptr;
    core::Counter* held_back = nullptr;
    core::Counter* deferred = nullptr;
    world::SpaceStats last;
    media::VoiceRoom* voice = nullptr;
    StageRoster stage;
    AnonymousRoster anonymous;
    std::string slides_deck;  // the id of the deck shown, or empty: the screen is blank
    int slides_page = 0;
  };
  SpaceMetrics* entry_of(const world::Space* space);
  // What the voice planner needs to know of a member (docs/voice.md, "Who hears whom").
  bool locate_voice(world::Space& space, std::uint32_t user, media::VoiceParticipant& out);
  void publish(SpaceMetrics& m, double seconds);

  WorldMap& map_;
  int shard_;
  HubServices services_;
  Limits limits_;
  std::vector<SpaceMetrics> spaces_;  // this shard's, in content order
  media::VoiceService* voice_ = nullptr;
  media::TurnSettings turn_;
  const world::SlideRegistry* slides_ = nullptr;
  std::uint32_t ticks_ = 0;
  care::ConsultationDesk* desk_ = nullptr;
  std::uint32_t desk_ticks_ = 0;
  std::atomic<int> published_connections_{0};
  core::Counter* rejected_metric_ = nullptr;
  core::Counter* rate_limited_metric_ = nullptr;
  std::vector<Client*> clients_;            // every open client, authenticated or not
  std::unordered_map<std::int64_t, Client*> by_user_;
  std::unordered_map<std::uint32_t, Client*> aliases_;  // anonymous members, by alias
  std::unordered_map<std::int64_t, core::TokenBucket> chat_by_user_;
  HubStats stats_;
};

}  // namespace tsunagu::realtime
