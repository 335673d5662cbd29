#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace tsunagu::media {

// What Janus said about a handle: a plugin's answer or event, or a core event.
struct JanusEvent {
  std::string kind;          // "event"/"success" (plugin), "webrtcup", "hangup", "media", "detached"…
  nlohmann::json data;       // plugindata.data for plugin answers/events, else the whole message
  nlohmann::json jsep;       // {"type","sdp"} or null
};

// The part of Janus's API the voice rooms use: one Janus session, many plugin handles. An
// interface so the rooms can be tested without a Janus (media/voice_room_test.cc).
// Thread: one event loop; callbacks run on it.
class JanusApi {
 public:
  using HandleDone = std::function<void(core::Result<std::uint64_t> handle)>;
  using MessageDone = std::function<void(core::Result<JanusEvent> answer)>;
  using EventSink = std::function<void(std::uint64_t handle, const JanusEvent& event)>;

  virtual ~JanusApi() = default;
  // True while a Janus session is established.
  virtual bool ready() const = 0;
  // Attaches a VideoRoom handle.
  virtual void attach(HandleDone done) = 0;
  // A plugin request. `done` gets the plugin's answer (synchronous requests) or its event
  // (asynchronous ones); a plugin-level error ("error_code" in the data) comes as an Error
  // named "janus_<code>".
  virtual void message(std::uint64_t handle, nlohmann::json body, nlohmann::json jsep,
                       MessageDone done) = 0;
  // Detaches a handle (fire and forget: Janus then drops its publisher or subscriptions).
  virtual void detach(std::uint64_t handle) = 0;
  // Events that answer no request (webrtcup, hangup, plugin notifications).
  void set_event_sink(EventSink sink) { event_sink_ = std::move(sink); }

 protected:
  EventSink event_sink_;
};

}  // namespace tsunagu::media
