#pragma once

#include <utility>  // before Boost.Asio: its awaitable.hpp needs std::exchange

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "swarm/behaviour.h"
#include "swarm/known_avatars.h"
#include "swarm/latency.h"
#include "swarm/options.h"
#include "swarm/report.h"

// The networked part of the swarm: bots speaking the real protocol over Beast WebSockets.
namespace tsunagu::swarm {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

// The run's phases, in order. Main moves from one to the next; bots read it.
enum class Phase : int {
  kRamp = 0,     // bots connect and join; nothing is measured
  kMeasure = 1,  // latency and bytes are counted
  kQuiet = 2,    // bots stop moving, so that what they heard settles before the check
  kClosing = 3,  // bots close their connections
};

using SenderMap = std::unordered_map<std::uint32_t, const SendRing*>;

// What every bot shares. Immutable once the bots start, apart from the atomics. Thread-safe.
struct Shared {
  Options options;
  asio::ip::tcp::endpoint endpoint;
  std::string host_header;  // HOST:PORT
  int rules_version = 1;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::atomic<int> phase{static_cast<int>(Phase::kRamp)};
  std::atomic<int> settled{0};  // bots that joined (and got the snapshot) or gave up
  std::atomic<int> joined{0};
  std::atomic<int> finished{0};  // bots whose connection is over
  std::atomic<std::uint64_t> frames{0};  // WORLD frames received by all bots (for the quiet)
  // Avatar id → the sender's ring; published by main when measuring starts, then immutable.
  std::atomic<const SenderMap*> senders{nullptr};

  Phase current() const { return static_cast<Phase>(phase.load(std::memory_order_acquire)); }
  std::int64_t now_ns() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                                 start)
               .count() + 1;  // never 0 (0 marks an empty ring entry)
  }
};

class Bot;

// One event loop of the swarm and the bots that live on it. Counters and the latency
// histogram are touched only by the loop's thread (and by main while the loop is paused or
// stopped).
struct Worker {
  asio::io_context io{1};
  Counters counters;
  LatencyHistogram latency;
  std::vector<std::unique_ptr<Bot>> bots;  // destroyed before io
  std::thread thread;
};

// One simulated person: a guest session, a WebSocket in a space, moves at a fixed rate, and a
// record of every avatar it heard of. Thread: lives on its worker's loop for its whole life;
// main reads its results only while that loop is paused or stopped. The SendRing is the one
// part other loops read (see SendRing).
class Bot {
 public:
  Bot(Shared& shared, Worker& worker, int index);
  ~Bot();

  // Starts the bot's life on its loop (call on that loop, or post it there).
  void start();
  // Ends it politely: stops moving and closes the connection. Call on the bot's loop.
  void stop();

  // Results (read with the loop paused).
  std::uint32_t id() const { return id_; }
  bool in_space() const { return ready_ && !gone_; }
  int space_index() const { return space_index_; }
  const proto::Transform& truth() const { return truth_; }
  const KnownAvatars& known() const { return known_; }
  const SendRing& ring() const { return ring_; }
  std::uint64_t down_bytes() const { return down_bytes_; }
  std::uint64_t up_bytes() const { return up_bytes_; }

 private:
  enum class State { kIdle, kSession, kConnecting, kHello, kJoining, kJoined, kClosing, kDone };

  asio::awaitable<void> run();
  asio::awaitable<std::string> create_session();
  // One WebSocket connection to `space`; returns the space to reconnect to, if told to.
  asio::awaitable<std::optional<std::string>> play(std::string space);
  asio::awaitable<void> move_loop();
  asio::awaitable<void> close_politely();
  asio::awaitable<void> watchdog();
  asio::awaitable<bool> write_text(std::string text);

  std::string hello_message() const;
  static std::string join_message(const std::string& space);
  // Handlers of received messages.
  void on_binary(std::span<const std::uint8_t> bytes);
  void on_welcome(const nlohmann::json& message);
  void on_joined(const nlohmann::json& message);
  void became_ready();
  // Counts the bot as joined or given up, once.
  void settle(bool joined);
  // Counts a failure before joining (later ones are closes), and gives up.
  void connect_error(const std::string& step);

  Shared& shared_;
  Worker& worker_;
  const int index_;
  State state_ = State::kIdle;
  bool stopping_ = false;   // stop() was called
  bool closing_ = false;    // we started the closing handshake
  bool settled_ = false;
  bool ready_ = false;      // joined and got the snapshot
  bool gone_ = false;       // the connection ended
  bool got_snapshot_ = false;
  bool got_joined_ = false;
  bool moving_ = false;     // a move loop runs
  std::uint32_t move_generation_ = 0;  // a move loop of an older connection ends at once
  std::string token_;
  int space_index_ = -1;
  std::uint32_t id_ = 0;
  std::optional<std::string> reconnect_to_;
  std::optional<websocket::stream<beast::tcp_stream>> ws_;
  std::optional<beast::tcp_stream> http_;
  beast::flat_buffer buffer_;
  asio::steady_timer move_timer_;
  asio::steady_timer watchdog_timer_;
  std::optional<Behaviour> behaviour_;
  proto::Transform truth_;
  KnownAvatars known_;
  SendRing ring_;
  std::uint64_t down_bytes_ = 0;  // in the measured window, with framing
  std::uint64_t up_bytes_ = 0;
};

}  // namespace tsunagu::swarm
