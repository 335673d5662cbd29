#pragma once

#include <cstdint>
#include <string>

namespace tsunagu::realtime {

// What the API (on one loop) may ask of the live world (on every loop): moderation that must
// reach a person wherever they are connected, and status. Implementations post to each loop;
// the effects happen shortly after the call returns. Thread-safe.
class Control {
 public:
  virtual ~Control() = default;
  virtual void disconnect_user(std::int64_t user_id, std::uint16_t code, std::string reason) = 0;
  virtual void warn_user(std::int64_t user_id, std::string message) = 0;
  virtual void apply_block(std::int64_t a, std::int64_t b, bool blocked) = 0;
  // A control message (JSON text) to a person, on whichever loop they are connected.
  virtual void send_to_user(std::int64_t user_id, std::string text) = 0;
  // Takes a person out of a space, wherever they are connected (consultation rooms).
  virtual void evict(std::int64_t user_id, std::string space) = 0;
  // An uploaded slide deck was deleted: every screen showing it goes blank.
  virtual void slides_removed(std::string deck_id) = 0;
  virtual std::string spaces_json() const = 0;
  virtual int connections() const = 0;
};

}  // namespace tsunagu::realtime
