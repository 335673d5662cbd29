#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/token_bucket.h"
#include "realtime/connection.h"
#include "realtime/hub.h"
#include "auth/account_service.h"
#include "world/space.h"

namespace tsunagu::realtime {

// One connected client: the protocol state machine (hello → join → chat/move/…), its rate
// limits and its membership of a space. Owned by the transport session; unregisters itself
// from the hub and its space when destroyed. Thread: the hub's event loop only.
class Client final : public world::MemberSink {
 public:
  Client(Hub& hub, Connection& connection);
  ~Client() override;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Input from the transport. Text must already be valid UTF-8 (the WebSocket layer checks).
  void on_text(std::string_view text);
  void on_binary(std::span<const std::uint8_t> bytes);
  // The transport's hello deadline passed (10 s after connecting).
  void on_handshake_timeout();

  bool authenticated() const { return identity_.has_value(); }
  bool closing() const { return closing_; }
  // The id of this person's avatar: the user id, or while anonymous in a space with labels
  // (the doctors' lounge) the alias the others know them by there.
  std::uint32_t avatar_id() const;
  const std::string& space_id() const { return space_id_; }
  // The role of the signed-in person (a guest before hello).
  auth::Role role() const { return identity_ ? identity_->role : auth::Role::kGuest; }

  void send_world_frame(const core::FrameRef& frame) override;
  bool ready_for_world_frame() const override { return connection_.can_take_world_frame(); }
  void send_control(const world::TextBytes& text) override;
  void send_json(const nlohmann::json& message);
  // Closes the connection and leaves the space; further input is ignored.
  void close(std::uint16_t code, std::string_view reason);
  // The hub is going away: forget it and the space (shutdown only).
  void orphan() {
    orphaned_ = true;
    space_ = nullptr;
    closing_ = true;
  }
  // Takes this person out of `space` if they are in it (a consultation ended, an observer was
  // removed): the others see them leave; the client is told with consult_status.
  void evict_from(std::string_view space);
  // Remembers that this user and `other` hide each other (blocks), for spaces joined later.
  void set_hidden(std::int64_t other, bool hidden);

 private:
  bool admit(bool is_chat);
  void handle_hello(const nlohmann::json& message);
  void handle_join(const nlohmann::json& message);
  void handle_chat(const nlohmann::json& message);
  void handle_emote(const nlohmann::json& message);
  void handle_voice(std::string_view kind, const nlohmann::json& message);
  void handle_stage(std::string_view kind, const nlohmann::json& message);
  void handle_slides(std::string_view kind, const nlohmann::json& message);
  void handle_screen(std::string_view kind, const nlohmann::json& message);  // client_screen.cc
  void handle_voice_moderate(media::VoiceRoom& room, const nlohmann::json& message);
  // consult_*, duty, observe* (docs/consultation.md); in client_consult.cc.
  void handle_consult(std::string_view kind, const nlohmann::json& message);
  // Whether a private consultation room may take this person now; mutes an observer's voice.
  bool admit_to_consultation(world::Space& room);
  void reply_error(std::string_view code, std::string_view message);
  void leave_space();

  Hub& hub_;
  Connection& connection_;
  std::optional<auth::Identity> identity_;
  std::vector<std::uint32_t> hidden_;  // users hidden from this one by blocks, sorted
  world::Space* space_ = nullptr;
  std::string space_id_;
  std::uint32_t alias_ = 0;  // set while anonymous in space_ (AnonymousRoster)
  std::string alias_name_;   // the label shown instead of the name then, e.g. 医師A
  core::TokenBucket messages_;
  core::TokenBucket chats_;
  std::chrono::steady_clock::time_point window_start_;
  int dropped_in_window_ = 0;
  int errors_in_window_ = 0;
  std::chrono::steady_clock::time_point last_rate_notice_{};
  bool closing_ = false;
  bool orphaned_ = false;
};

}  // namespace tsunagu::realtime
