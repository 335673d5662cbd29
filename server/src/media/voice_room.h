#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "media/janus_api.h"
#include "media/voice_plan.h"

namespace tsunagu::media {

// Where a voice room delivers its messages (docs/voice.md, "Messages on /ws").
struct VoiceRoomHooks {
  std::function<void(std::uint32_t user, std::string text)> send;  // to one member
  std::function<void(std::string text)> broadcast;                 // to every member of the space
  // Fills a member's position, zone, stage and blocks; false if they are not in the space.
  std::function<bool(std::uint32_t user, VoiceParticipant& out)> locate;
};

// The voice of one space: its Janus VideoRoom room, each member's publisher and subscriber
// handles, and the subscriptions that make each listener hear exactly what plan_voices()
// decides. Browsers never talk to Janus's API: they send SDP through /ws and this class makes
// the Janus requests (so blocks, zones and private spaces hold on the server).
//
// Per listener, subscriptions move through: idle → (attach, join) → offered → (the browser
// answers; start) → ready → (update) → offered … Only one negotiation is in flight at a time;
// a plan that changes meanwhile is applied when the listener is ready again.
//
// Screen sharing (docs/voice.md, "Screen sharing"): at most one presenter at a time shares a
// screen, as a video-only publisher of its own (feed id screen_feed(user)); while it is live
// it is part of every other listener's subscription, whatever the distance.
// Thread: the space's event loop (the same as the JanusApi's); callbacks come back there.
class VoiceRoom {
 public:
  VoiceRoom(JanusApi& janus, std::uint64_t room_id, std::string space_id, int capacity,
            VoiceSettings settings, VoiceRoomHooks hooks);
  ~VoiceRoom();
  VoiceRoom(const VoiceRoom&) = delete;
  VoiceRoom& operator=(const VoiceRoom&) = delete;

  // Janus is up (create the room through `control`, a handle of the service) or gone (every
  // handle is gone with it: forget everyone's voice state and tell the space).
  void janus_ready(std::uint64_t control, std::string admin_key, std::string room_secret);
  void janus_down();
  bool available() const { return created_; }
  std::string status_json(int retry_in_s) const;

  // A member's messages. Errors are the wire codes of docs/voice.md.
  void listen(std::uint32_t user);
  core::Status publish(std::uint32_t user, std::string sdp);
  core::Status answer(std::uint32_t user, std::string sdp);
  core::Status set_mic(std::uint32_t user, bool on);
  // A moderator's mute (or release): the speaker is dropped from (or put back into) every plan.
  void moderate(std::uint32_t user, bool muted);
  bool muted_by_moderator(std::uint32_t user) const { return moderated_.contains(user); }
  // The member left the space or disconnected: their handles are detached (and their screen
  // share ends).
  void leave(std::uint32_t user);

  // Screen sharing. The caller checks who may (a presenter in a space with a stage; a
  // moderator to stop someone else's share). `sdp`: an offer with one send-only video m-line.
  // Errors: voice_unavailable, screen_busy (someone else shares). Sharing again replaces
  // one's own share.
  core::Status share_screen(std::uint32_t user, std::string sdp);
  // Ends `user`'s share; false if they have none. `by_moderator`: they are told so.
  bool stop_screen(std::uint32_t user, bool by_moderator);
  // Who shares (from the offer on, so a second presenter is refused at once); 0: nobody.
  std::uint32_t screen_owner() const { return screen_.owner; }
  bool screen_live() const { return screen_.state == Share::kLive; }
  // {"type":"screen","user":id|null}: the live share of this space (after joined, on change).
  std::string screen_json() const;

  // Recomputes who hears whom and starts the subscription changes that follow. Cheap when
  // nobody uses voice. Call a few times a second.
  void plan();

  // A Janus event about one of this room's handles; false if the handle is not ours.
  bool on_event(std::uint64_t handle, const JanusEvent& event);

  int participants() const { return static_cast<int>(people_.size()); }
  // The voices a listener currently receives (tests, metrics).
  std::vector<std::uint32_t> receiving(std::uint32_t user) const;
  // Whether a listener currently receives the screen share.
  bool receiving_screen(std::uint32_t user) const;
  bool publishing(std::uint32_t user) const;

 private:
  enum class Pub { kNone, kJoining, kJoined, kLive };
  enum class Sub { kIdle, kAttaching, kJoining, kOffered, kStarting, kReady, kUpdating };
  enum class Share { kNone, kJoining, kJoined, kLive };
  struct Person {
    std::uint32_t id = 0;
    std::uint64_t generation = 0;  // callbacks for an earlier incarnation are ignored
    bool listening = false;
    bool mic_on = true;
    Pub pub = Pub::kNone;
    std::uint64_t pub_handle = 0;
    Sub sub = Sub::kIdle;
    std::uint64_t sub_handle = 0;
    // Names the subscriber handle to the browser (voice_offer.session): a new value means a new
    // connection. Janus 1.1.2 changes the SDP's o= session id on every renegotiation of one
    // handle, so the SDP cannot tell a renegotiation from a new handle.
    std::uint32_t sub_session = 0;
    std::vector<std::uint64_t> current;  // feeds Janus forwards to them (sorted)
    std::vector<std::uint64_t> desired;  // from the last plan (sorted)
    bool kicked_once = false;            // a stale publisher with their id was kicked
  };

  struct Screen {
    std::uint32_t owner = 0;  // 0: nobody shares
    std::uint64_t generation = 0;
    std::uint64_t handle = 0;
    Share state = Share::kNone;
    bool kicked_once = false;
  };

  Person& person(std::uint32_t user);
  void join_screen(std::uint64_t generation, std::string sdp);
  void end_screen();
  bool on_screen_event(const JanusEvent& event);
  Person* find(std::uint32_t user, std::uint64_t generation);
  void join_publisher(std::uint32_t user, std::string sdp);
  void advance(Person& p);
  void subscribe_first(Person& p);
  void update_subscriptions(Person& p);
  void on_offer(Person& p, const JanusEvent& event);
  void reset_subscriber(Person& p);
  void drop_handles(Person& p);
  void forget_handle(std::uint64_t handle);
  void send_error(std::uint32_t user, std::string_view code, std::string_view message);
  void publish_speakers();
  template <typename Fn>
  auto guarded(Fn fn);

  JanusApi& janus_;
  std::uint64_t room_id_;
  std::string space_id_;
  int capacity_;
  VoiceSettings settings_;
  VoiceRoomHooks hooks_;
  std::uint64_t control_ = 0;
  std::string room_secret_;
  bool created_ = false;
  std::uint64_t next_generation_ = 1;
  std::uint32_t next_sub_session_ = 1;
  std::unordered_map<std::uint32_t, Person> people_;
  std::unordered_map<std::uint64_t, std::uint32_t> handles_;  // handle → member
  std::unordered_set<std::uint32_t> moderated_;
  Screen screen_;
  std::vector<std::uint32_t> last_speakers_;
  std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace tsunagu::media
