#include "swarm/bot.h"

#include <functional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

namespace tsunagu::swarm {
namespace {

namespace http = beast::http;
using nlohmann::json;
using boost::system::error_code;

constexpr auto kStepTimeout = std::chrono::seconds(10);  // each connect, handshake, request
constexpr auto kSettleTimeout = std::chrono::seconds(40);  // from start to joined, retries included
constexpr int kMaxHops = 3;          // `reconnect` messages followed in a row
constexpr int kSessionAttempts = 6;  // POST /api/session, when answered 429 or refused
constexpr std::size_t kMaxMessage = 16u << 20;  // a snapshot of 10,000 avatars is ~250 KB
constexpr std::size_t kKeepBuffer = 64u << 10;  // shrink the read buffer after bigger messages

auto ec_token(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// WebSocket framing as it travels (RFC 6455): server frames are unmasked, client frames carry
// a 4-byte mask.
std::size_t down_frame_size(std::size_t payload) {
  return payload + (payload < 126 ? 2 : payload < 65536 ? 4 : 10);
}
std::size_t up_frame_size(std::size_t payload) { return down_frame_size(payload) + 4; }

const std::string* string_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

float number_field(const json& j, const char* key, float fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<float>() : fallback;
}

const char* state_name(int state) {
  static const char* kNames[] = {"idle",    "session", "connecting", "hello",
                                 "joining", "joined",  "closing",    "done"};
  return state >= 0 && state < 8 ? kNames[state] : "?";
}

}  // namespace

Bot::Bot(Shared& shared, Worker& worker, int index)
    : shared_(shared),
      worker_(worker),
      index_(index),
      move_timer_(worker.io),
      watchdog_timer_(worker.io) {}

Bot::~Bot() = default;

void Bot::start() {
  asio::co_spawn(worker_.io, run(), [this](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      // A bug in the swarm, not the server; named so that it is found.
      ++worker_.counters.connect_errors[std::string("swarm exception: ") + ex.what()];
    }
    settle(false);
    shared_.finished.fetch_add(1, std::memory_order_acq_rel);
  });
}

void Bot::stop() {
  if (stopping_) return;
  stopping_ = true;
  moving_ = false;
  move_timer_.cancel();
  if (ws_ && ws_->is_open() && state_ >= State::kHello && state_ < State::kDone) {
    asio::co_spawn(worker_.io, close_politely(), asio::detached);
  } else {
    // Still connecting: cut the attempt short.
    error_code ignored;
    if (http_) http_->socket().close(ignored);
    if (ws_) beast::get_lowest_layer(*ws_).socket().close(ignored);
  }
}

void Bot::settle(bool joined) {
  if (settled_) return;
  settled_ = true;
  if (joined) shared_.joined.fetch_add(1, std::memory_order_acq_rel);
  shared_.settled.fetch_add(1, std::memory_order_acq_rel);
  watchdog_timer_.cancel();
}

void Bot::connect_error(const std::string& step) {
  if (settled_ || stopping_) return;  // later failures are counted as closes; stopping is ours
  ++worker_.counters.connect_errors[step];
  settle(false);
}

asio::awaitable<void> Bot::run() {
  asio::co_spawn(worker_.io, watchdog(), asio::detached);
  state_ = State::kSession;
  token_ = co_await create_session();
  if (!token_.empty()) {
    const auto& spaces = shared_.options.spaces;
    std::string space = spaces[static_cast<std::size_t>(index_) % spaces.size()];
    for (int hop = 0; !stopping_; ++hop) {
      std::optional<std::string> next = co_await play(space);
      if (!next) break;
      if (hop == kMaxHops) {
        ++worker_.counters.connect_errors["too many reconnects"];
        settle(false);
        break;
      }
      ++worker_.counters.reconnects;
      space = *next;
    }
  }
  settle(false);  // no-op if it joined
  gone_ = true;
  state_ = State::kDone;
  watchdog_timer_.cancel();
  shared_.finished.fetch_add(1, std::memory_order_acq_rel);
}

asio::awaitable<void> Bot::watchdog() {
  watchdog_timer_.expires_after(kSettleTimeout);
  error_code ec;
  co_await watchdog_timer_.async_wait(ec_token(ec));
  if (ec || settled_ || stopping_) co_return;
  connect_error(std::string("timeout while ") + state_name(static_cast<int>(state_)));
  error_code ignored;
  if (http_) http_->socket().close(ignored);
  if (ws_) beast::get_lowest_layer(*ws_).socket().close(ignored);
}

asio::awaitable<std::string> Bot::create_session() {
  const json body{{"name", "bot-" + std::to_string(index_)},
                  {"avatar", index_ % 8},
                  {"rules_version", shared_.rules_version}};
  for (int attempt = 1; attempt <= kSessionAttempts && !stopping_ && !settled_; ++attempt) {
    error_code ec;
    http_.emplace(worker_.io);
    http_->expires_after(kStepTimeout);
    co_await http_->async_connect(shared_.endpoint, ec_token(ec));
    int status = 0;
    std::string answer;
    if (!ec) {
      http::request<http::string_body> req{http::verb::post, "/api/session", 11};
      req.set(http::field::host, shared_.host_header);
      req.set(http::field::content_type, "application/json");
      req.body() = body.dump();
      req.prepare_payload();
      co_await http::async_write(*http_, req, ec_token(ec));
      if (!ec) {
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        co_await http::async_read(*http_, buffer, res, ec_token(ec));
        status = static_cast<int>(res.result_int());
        answer = std::move(res.body());
      }
      error_code ignored;
      http_->socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    }
    http_.reset();
    if (stopping_ || settled_) co_return "";
    if (status == 201) {
      json j = json::parse(answer, nullptr, /*allow_exceptions=*/false);
      const std::string* token = j.is_object() ? string_field(j, "token") : nullptr;
      if (token && !token->empty()) co_return *token;
      connect_error("session: no token in the answer");
      co_return "";
    }
    const bool retry = ec || status == 429 || status == 503;
    if (!retry) {
      connect_error("session: HTTP " + std::to_string(status));
      co_return "";
    }
    if (attempt == kSessionAttempts) {
      connect_error(ec ? "session: " + ec.message() : "session: HTTP " + std::to_string(status));
      co_return "";
    }
    ++worker_.counters.session_retries;
    move_timer_.expires_after(std::chrono::milliseconds(500 * attempt));
    co_await move_timer_.async_wait(ec_token(ec));
  }
  connect_error("session: stopped");
  co_return "";
}

asio::awaitable<bool> Bot::write_text(std::string text) {
  error_code ec;
  ws_->text(true);
  co_await ws_->async_write(asio::buffer(text), ec_token(ec));
  co_return !ec;
}

asio::awaitable<std::optional<std::string>> Bot::play(std::string space) {
  const auto& spaces = shared_.options.spaces;
  auto found = std::find(spaces.begin(), spaces.end(), space);
  space_index_ = found != spaces.end()
                     ? static_cast<int>(found - spaces.begin())
                     : 1000 + static_cast<int>(std::hash<std::string>{}(space) % 1000000);
  got_joined_ = got_snapshot_ = ready_ = closing_ = false;
  reconnect_to_.reset();
  known_.clear();
  state_ = State::kConnecting;

  error_code ec;
  ws_.emplace(worker_.io);
  auto& tcp = beast::get_lowest_layer(*ws_);
  tcp.expires_after(kStepTimeout);
  co_await tcp.async_connect(shared_.endpoint, ec_token(ec));
  if (ec) {
    connect_error("websocket connect: " + ec.message());
    co_return std::nullopt;
  }
  tcp.expires_never();  // the websocket's own timeouts apply from here
  ws_->set_option(websocket::stream_base::timeout{kStepTimeout, websocket::stream_base::none(),
                                                  false});
  ws_->read_message_max(kMaxMessage);
  const std::string target = "/ws?space=" + space;  // named: see hello below
  co_await ws_->async_handshake(shared_.host_header, target, ec_token(ec));
  if (ec) {
    connect_error("websocket handshake: " + ec.message());
    co_return std::nullopt;
  }
  state_ = State::kHello;
  // (Values are built before co_await, never as temporaries in its expression: GCC 12
  // miscompiles some of those in coroutines.)
  std::string hello = hello_message();
  const bool sent = !stopping_ && co_await write_text(std::move(hello));
  if (!sent) {
    connect_error("hello");
    co_return std::nullopt;
  }

  Counters& counters = worker_.counters;
  for (;;) {
    buffer_.clear();
    co_await ws_->async_read(buffer_, ec_token(ec));
    if (ec) break;
    const std::size_t size = buffer_.size();
    if (shared_.current() == Phase::kMeasure) down_bytes_ += down_frame_size(size);
    if (!ws_->got_text()) {
      on_binary({static_cast<const std::uint8_t*>(buffer_.data().data()), size});
    } else {
      ++counters.text_messages;
      const std::string_view text(static_cast<const char*>(buffer_.data().data()), size);
      const json message = json::parse(text, nullptr, /*allow_exceptions=*/false);
      const std::string* type = message.is_object() ? string_field(message, "type") : nullptr;
      if (type == nullptr) {
        ++counters.decode_errors;
      } else if (*type == "welcome") {
        on_welcome(message);
        if (id_ == 0) {
          connect_error("welcome without an avatar id");
          break;
        }
        state_ = State::kJoining;
        std::string join = join_message(space);
        if (!co_await write_text(std::move(join))) {
          connect_error("join");
          break;
        }
      } else if (*type == "joined") {
        on_joined(message);
      } else if (*type == "reconnect") {
        const std::string* to = string_field(message, "space");
        if (to == nullptr) {
          ++counters.decode_errors;
          continue;
        }
        reconnect_to_ = *to;
        closing_ = true;
        moving_ = false;
        move_timer_.cancel();
        co_await ws_->async_close(websocket::close_code::normal, ec_token(ec));
        break;
      } else if (*type == "error") {
        const std::string* code = string_field(message, "code");
        ++counters.protocol_errors[code ? *code : "?"];
        if (!got_joined_) {  // the join was refused (space_full, rules_not_accepted …)
          connect_error("join refused: " + (code ? *code : std::string("?")));
          closing_ = true;
          co_await ws_->async_close(websocket::close_code::normal, ec_token(ec));
          break;
        }
      }
    }
    if (buffer_.capacity() > kKeepBuffer) buffer_.shrink_to_fit();
  }

  // The connection is over.
  moving_ = false;
  move_timer_.cancel();
  const bool expected = closing_ || stopping_ || reconnect_to_.has_value();
  if (!expected) {
    const int code = ec == websocket::error::closed ? static_cast<int>(ws_->reason().code) : 1006;
    if (ready_) {
      ++counters.unexpected_closes[code];
    } else {
      connect_error("closed before joining (code " + std::to_string(code) + ")");
    }
  }
  ready_ = false;
  state_ = State::kClosing;
  co_return reconnect_to_;
}

std::string Bot::hello_message() const {
  return json{{"type", "hello"}, {"v", proto::kProtocolVersion}, {"token", token_}}.dump();
}

std::string Bot::join_message(const std::string& space) {
  return json{{"type", "join"}, {"space", space}}.dump();
}

void Bot::on_welcome(const json& message) {
  auto you = message.find("you");
  if (you == message.end() || !you->is_object()) return;
  auto id = you->find("id");
  if (id != you->end() && id->is_number_unsigned()) {
    const auto v = id->get<std::uint64_t>();
    if (v > 0 && v <= UINT32_MAX) id_ = static_cast<std::uint32_t>(v);
  }
}

void Bot::on_joined(const json& message) {
  got_joined_ = true;
  Bounds bounds;
  Pose spawn;
  auto space = message.find("space");
  if (space != message.end() && space->is_object()) {
    auto b = space->find("bounds");
    if (b != space->end() && b->is_object()) {
      bounds = {number_field(*b, "min_x", bounds.min_x), number_field(*b, "min_z", bounds.min_z),
                number_field(*b, "max_x", bounds.max_x), number_field(*b, "max_z", bounds.max_z)};
    }
    auto s = space->find("spawn");
    if (s != space->end() && s->is_object()) {
      spawn = {number_field(*s, "x", 0), number_field(*s, "y", 0), number_field(*s, "z", 0),
               number_field(*s, "yaw", 0), 0};
    }
  }
  truth_ = quantize(spawn);  // a join puts the avatar at the spawn point
  if (!behaviour_) {
    const std::uint64_t seed = shared_.options.seed * 0x9E3779B97F4A7C15ull + index_;
    behaviour_.emplace(pattern_for(shared_.options.pattern, index_), make_layout(bounds), seed);
  }
  if (got_snapshot_) became_ready();
}

void Bot::became_ready() {
  if (ready_) return;
  ready_ = true;
  state_ = State::kJoined;
  settle(true);
  // Moves start only now: the server drops a MOVE that comes before its snapshot went out.
  if (!shared_.options.idle && !moving_ && !stopping_ && shared_.current() < Phase::kQuiet) {
    moving_ = true;
    ++move_generation_;
    asio::co_spawn(worker_.io, move_loop(), asio::detached);
  }
}

void Bot::on_binary(std::span<const std::uint8_t> bytes) {
  Counters& counters = worker_.counters;
  auto frame = proto::decode_world(bytes);
  if (!frame) {
    ++counters.decode_errors;
    return;
  }
  ++counters.world_frames;
  shared_.frames.fetch_add(1, std::memory_order_relaxed);
  if (frame->snapshot) {
    known_.clear();
    ++counters.snapshots;
  }
  const SenderMap* senders = shared_.current() == Phase::kMeasure
                                 ? shared_.senders.load(std::memory_order_acquire)
                                 : nullptr;
  const std::int64_t now = senders ? shared_.now_ns() : 0;
  const float radius = shared_.options.neighbour_radius;
  for (const proto::WorldRecord& r : frame->records) {
    switch (r.kind) {
      case proto::kRecordJoin:
        ++counters.records_join;
        known_.put(r.id, r.transform);
        break;
      case proto::kRecordLeave:
        ++counters.records_leave;
        known_.erase(r.id);
        break;
      case proto::kRecordMove: {
        ++counters.records_move;
        if (!known_.update(r.id, r.transform)) {
          ++counters.moves_unknown;
          break;
        }
        // Latency counts only receivers near the mover (those the server updates every tick).
        if (senders == nullptr || r.id == id_ || distance_m(truth_, r.transform) > radius) break;
        auto sender = senders->find(r.id);
        if (sender == senders->end()) break;
        if (auto sent = sender->second->find(r.transform)) {
          worker_.latency.add((now - *sent) / 1000);
        }
        break;
      }
      default:
        ++counters.decode_errors;  // the codec admits only the kinds above
    }
  }
  if (frame->snapshot && !got_snapshot_) {
    got_snapshot_ = true;
    if (got_joined_) became_ready();
  }
}

asio::awaitable<void> Bot::move_loop() {
  using clock = std::chrono::steady_clock;
  const auto period = std::chrono::duration_cast<clock::duration>(
      std::chrono::duration<double>(1.0 / shared_.options.rate));
  // A random phase, so that bots do not all send in the same millisecond.
  auto next = clock::now() + period * ((index_ * 7919) % 1000) / 1000;
  auto last = clock::now();
  const std::uint32_t generation = move_generation_;
  auto mine = [&] { return moving_ && generation == move_generation_ && !stopping_; };
  ws_->binary(true);
  error_code ec;
  while (mine()) {
    move_timer_.expires_at(next);
    co_await move_timer_.async_wait(ec_token(ec));
    if (ec || !mine() || shared_.current() >= Phase::kQuiet) break;
    const auto now = clock::now();
    next += period;
    if (next < now) next = now + period;  // fell behind: skip, never burst
    const Pose& pose = behaviour_->step(std::chrono::duration<double>(now - last).count());
    last = now;
    const proto::Transform t = quantize(pose);
    if (t == truth_) continue;  // only changes are sent
    truth_ = t;
    ring_.record(t, shared_.now_ns());
    const auto frame = proto::encode_move(t);
    co_await ws_->async_write(asio::buffer(frame), ec_token(ec));
    if (ec) break;
    ++worker_.counters.moves_sent;
    if (shared_.current() == Phase::kMeasure) up_bytes_ += up_frame_size(frame.size());
  }
  if (generation == move_generation_) moving_ = false;
}

asio::awaitable<void> Bot::close_politely() {
  if (closing_ || !ws_ || !ws_->is_open()) co_return;
  closing_ = true;
  error_code ec;
  co_await ws_->async_close(websocket::close_code::normal, ec_token(ec));
}

}  // namespace tsunagu::swarm
