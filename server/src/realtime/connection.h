#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/frame_pool.h"

namespace tsunagu::realtime {

using TextBytes = std::shared_ptr<const std::string>;
using BinaryBytes = core::FrameRef;

// The transport side of one client, implemented by net::WsSession. Sends are queued in
// order; the buffers are shared and immutable, so one encoding can go to many clients.
// Thread: called only on the thread that owns the connection.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void send_text(TextBytes text) = 0;
  // A world frame (pooled; the reference stays on this thread).
  virtual void send_binary(BinaryBytes bytes) = 0;
  // False while an earlier world frame still waits behind the one being written.
  virtual bool can_take_world_frame() const { return true; }
  // Sends a close frame with `code` and `reason` after what is queued, then stops reading.
  virtual void close(std::uint16_t code, std::string_view reason) = 0;
  // The session token from the upgrade request's cookie, or "" (non-browser clients send
  // theirs in hello instead).
  virtual std::string_view cookie_token() const = 0;
};

// Close codes of docs/protocol.md.
namespace close_code {
inline constexpr std::uint16_t kGoingAway = 1001;
inline constexpr std::uint16_t kInvalidPayload = 1007;
inline constexpr std::uint16_t kPolicy = 1008;
inline constexpr std::uint16_t kTooBig = 1009;
inline constexpr std::uint16_t kBadHandshake = 4000;
inline constexpr std::uint16_t kUnauthorized = 4001;
inline constexpr std::uint16_t kUnsupportedVersion = 4002;
inline constexpr std::uint16_t kTooManyErrors = 4003;
inline constexpr std::uint16_t kReplaced = 4004;
inline constexpr std::uint16_t kTooSlow = 4005;
inline constexpr std::uint16_t kBanned = 4006;
inline constexpr std::uint16_t kKicked = 4007;
inline constexpr std::uint16_t kSessionChanged = 4008;
}  // namespace close_code

}  // namespace tsunagu::realtime
