#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include "media/janus_api.h"

namespace tsunagu::media {

struct JanusClientOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string path = "/";
  std::string api_secret;  // sent with every request; never logged
  std::chrono::milliseconds retry{2000};       // between connection attempts
  std::chrono::milliseconds keepalive{20000};  // Janus drops idle sessions after 60 s
  std::chrono::milliseconds request_timeout{10000};
};

// "ws://host:port/path" → options (only plain ws: Janus's API listens on a private address;
// see deploy/janus.md). kInvalidArgument names what is wrong.
core::Result<JanusClientOptions> parse_janus_ws_url(std::string_view url);

// Our server's connection to Janus's WebSocket API ("janus-protocol"): one Janus session,
// requests matched to answers by transaction, keep-alives, and a new session whenever the
// connection or the session is lost (every handle is gone then: on_ready(false) tells the
// rooms to start over). Thread: one event loop; every call and callback happens there.
class JanusClient final : public JanusApi {
 public:
  JanusClient(boost::asio::io_context& io, JanusClientOptions options);
  ~JanusClient() override;
  JanusClient(const JanusClient&) = delete;
  JanusClient& operator=(const JanusClient&) = delete;

  // Connects, and keeps reconnecting every `retry` until stop().
  void start();
  void stop();
  // Drops the connection and tries again at once (Janus restarted under us).
  void reconnect_now();
  // Tries at once if not connected (Janus just became ready); no-op otherwise.
  void connect_soon();

  bool ready() const override { return session_ != 0; }
  void attach(HandleDone done) override;
  void message(std::uint64_t handle, nlohmann::json body, nlohmann::json jsep,
               MessageDone done) override;
  void detach(std::uint64_t handle) override;

  // Called when ready() changes.
  std::function<void(bool ready)> on_ready;

 private:
  struct Connection;
  struct Pending {
    std::function<void(const nlohmann::json& reply)> done;  // gets the final reply or error
    bool wait_for_event = false;  // plugin request: an "ack" is not the answer
    std::chrono::steady_clock::time_point deadline;
  };

  void connect();
  void on_connected(std::shared_ptr<Connection> connection);
  void on_message(const std::string& text);
  void on_closed();
  void schedule_retry();
  void tick();
  void send(nlohmann::json request, std::function<void(const nlohmann::json&)> done,
            bool wait_for_event = false);
  void fail_all(std::string_view why);
  void set_session(std::uint64_t session);

  boost::asio::io_context& io_;
  JanusClientOptions options_;
  boost::asio::steady_timer retry_timer_;
  boost::asio::steady_timer tick_timer_;
  std::shared_ptr<Connection> connection_;
  std::unordered_map<std::string, Pending> pending_;
  std::uint64_t next_transaction_ = 1;
  std::uint64_t session_ = 0;
  std::chrono::steady_clock::time_point next_keepalive_;
  bool running_ = false;
  std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace tsunagu::media
