#include "media/voice_service.h"

#include "core/log.h"
#include "media/janus_token.h"

namespace tsunagu::media {

VoiceService::VoiceService(JanusApi& janus, std::string admin_key)
    : janus_(janus), admin_key_(std::move(admin_key)) {
  auto secret = random_secret(24);
  room_secret_ = secret ? *secret : std::string();
  janus_.set_event_sink(
      [this](std::uint64_t handle, const JanusEvent& event) { on_event(handle, event); });
}

VoiceRoom& VoiceService::add_room(std::uint64_t room_id, std::string space_id, int capacity,
                                  VoiceSettings settings, VoiceRoomHooks hooks) {
  rooms_.push_back(std::make_unique<VoiceRoom>(janus_, room_id, std::move(space_id), capacity,
                                               settings, std::move(hooks)));
  VoiceRoom& room = *rooms_.back();
  if (available()) room.janus_ready(control_, admin_key_, room_secret_);
  return room;
}

void VoiceService::janus_changed(bool ready) {
  ready_ = ready;
  ++epoch_;
  if (!ready) {
    control_ = 0;
    for (auto& room : rooms_) room->janus_down();
    return;
  }
  const std::uint64_t epoch = epoch_;
  std::weak_ptr<char> alive = alive_;
  janus_.attach([this, alive, epoch](core::Result<std::uint64_t> handle) {
    if (alive.expired() || epoch != epoch_ || !ready_) return;
    if (!handle) {
      core::log_warn("voice", "could not attach to Janus's VideoRoom: " + handle.error().message());
      return;
    }
    control_ = *handle;
    for (auto& room : rooms_) room->janus_ready(control_, admin_key_, room_secret_);
  });
}

void VoiceService::on_event(std::uint64_t handle, const JanusEvent& event) {
  for (auto& room : rooms_) {
    if (room->on_event(handle, event)) return;
  }
}

}  // namespace tsunagu::media
