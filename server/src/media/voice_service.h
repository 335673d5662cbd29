#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "media/janus_api.h"
#include "media/voice_room.h"

namespace tsunagu::media {

// The voice rooms of one event loop and their shared Janus session: when Janus comes up the
// service attaches a control handle and creates every room; when it goes, every room forgets
// its handles. Routes Janus events to the room that owns the handle.
// Thread: the loop of its rooms and of the JanusApi.
class VoiceService {
 public:
  // `admin_key` is the VideoRoom admin key (rooms can only be created with it); the room
  // secret (kick, moderation) is made up here and never leaves the server.
  VoiceService(JanusApi& janus, std::string admin_key);
  VoiceService(const VoiceService&) = delete;
  VoiceService& operator=(const VoiceService&) = delete;

  // A room for one space; lives as long as the service.
  VoiceRoom& add_room(std::uint64_t room_id, std::string space_id, int capacity,
                      VoiceSettings settings, VoiceRoomHooks hooks);

  // Janus's session came (true) or went (false).
  void janus_changed(bool ready);
  bool available() const { return ready_ && control_ != 0; }
  // Seconds a client should expect before voice may come back (shown in the UI).
  int retry_in_s() const { return 5; }

  void on_event(std::uint64_t handle, const JanusEvent& event);

 private:
  JanusApi& janus_;
  std::string admin_key_;
  std::string room_secret_;
  bool ready_ = false;
  std::uint64_t control_ = 0;
  std::uint64_t epoch_ = 0;  // one per Janus session, so a late attach answer is ignored
  std::vector<std::unique_ptr<VoiceRoom>> rooms_;
  std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace tsunagu::media
