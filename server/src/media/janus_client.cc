#include "media/janus_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <charconv>

#include "core/log.h"

namespace tsunagu::media {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using json = nlohmann::json;
using tcp = asio::ip::tcp;

namespace {

core::Error janus_error(const json& reply) {
  // A core error: {"janus":"error","error":{"code","reason"}}; a plugin error:
  // {"plugindata":{"data":{"error_code","error"}}}; or our own {"janus":"local_error"}.
  int code = 0;
  std::string reason;
  if (const auto e = reply.find("error"); e != reply.end() && e->is_object()) {
    code = e->value("code", 0);
    reason = e->value("reason", "");
  } else if (const auto* data = &reply["plugindata"]["data"]; data->is_object()) {
    code = data->value("error_code", 0);
    reason = data->value("error", "");
  }
  return core::Error(core::Code::kUnavailable, "janus_" + std::to_string(code), reason);
}

JanusEvent to_event(const json& message) {
  JanusEvent event;
  event.kind = message.value("janus", "");
  const auto plugindata = message.find("plugindata");
  if (plugindata != message.end() && plugindata->is_object()) {
    event.data = plugindata->value("data", json::object());
  } else {
    event.data = message;
  }
  if (const auto jsep = message.find("jsep"); jsep != message.end()) event.jsep = *jsep;
  return event;
}

bool plugin_failed(const json& reply) {
  const auto plugindata = reply.find("plugindata");
  if (plugindata == reply.end() || !plugindata->is_object()) return false;
  const json& data = (*plugindata)["data"];
  return data.is_object() && data.contains("error_code");
}

}  // namespace

core::Result<JanusClientOptions> parse_janus_ws_url(std::string_view url) {
  constexpr std::string_view scheme = "ws://";
  if (!url.starts_with(scheme)) {
    return core::fail(core::Code::kInvalidArgument, "janus_url",
                      "the Janus URL must start with ws:// (Janus's API belongs on a private "
                      "address; see deploy/janus.md)");
  }
  std::string_view rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  JanusClientOptions options;
  options.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  const auto colon = authority.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return core::fail(core::Code::kInvalidArgument, "janus_url",
                      "the Janus URL needs a host and a port, e.g. ws://127.0.0.1:8188/");
  }
  options.host = std::string(authority.substr(0, colon));
  const std::string_view port = authority.substr(colon + 1);
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), options.port);
  if (ec != std::errc() || end != port.data() + port.size() || options.port < 1 ||
      options.port > 65535) {
    return core::fail(core::Code::kInvalidArgument, "janus_url",
                      "the Janus URL's port must be 1-65535");
  }
  return options;
}

// One WebSocket connection to Janus. Lives until its socket closes; the client holds it
// while it is current.
struct JanusClient::Connection : std::enable_shared_from_this<Connection> {
  explicit Connection(asio::io_context& io) : resolver(io), ws(io) {}

  tcp::resolver resolver;
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buffer;
  std::deque<std::string> outbox;
  bool writing = false;
  bool open = false;
  std::function<void(const std::string&)> on_text;
  std::function<void()> on_close;

  void write(std::string text) {
    outbox.push_back(std::move(text));
    if (!writing && open) write_next();
  }
  void write_next() {
    if (outbox.empty() || !open) {
      writing = false;
      return;
    }
    writing = true;
    ws.text(true);
    ws.async_write(asio::buffer(outbox.front()),
                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                     if (ec) return self->closed();
                     self->outbox.pop_front();
                     self->write_next();
                   });
  }
  void read() {
    ws.async_read(buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->closed();
      const std::string text = beast::buffers_to_string(self->buffer.data());
      self->buffer.consume(self->buffer.size());
      if (self->on_text) self->on_text(text);
      if (self->open) self->read();
    });
  }
  void closed() {
    if (!open && !on_close) return;
    open = false;
    auto callback = std::move(on_close);
    on_close = nullptr;
    on_text = nullptr;
    if (callback) callback();
  }
  void shutdown() {
    on_close = nullptr;
    on_text = nullptr;
    open = false;
    beast::error_code ignored;
    beast::get_lowest_layer(ws).socket().close(ignored);
  }
};

JanusClient::JanusClient(asio::io_context& io, JanusClientOptions options)
    : io_(io), options_(std::move(options)), retry_timer_(io), tick_timer_(io) {}

JanusClient::~JanusClient() { stop(); }

void JanusClient::start() {
  if (running_) return;
  running_ = true;
  connect();
  tick();
}

void JanusClient::stop() {
  running_ = false;
  retry_timer_.cancel();
  tick_timer_.cancel();
  if (connection_) connection_->shutdown();
  connection_.reset();
  fail_all("stopped");
  set_session(0);
}

void JanusClient::reconnect_now() {
  if (!running_) return;
  if (connection_) connection_->shutdown();
  connection_.reset();
  fail_all("reconnecting");
  set_session(0);
  retry_timer_.cancel();
  connect();
}

void JanusClient::connect_soon() {
  if (!running_ || connection_) return;
  retry_timer_.cancel();
  connect();
}

void JanusClient::connect() {
  if (!running_ || connection_) return;
  auto connection = std::make_shared<Connection>(io_);
  connection_ = connection;
  std::weak_ptr<char> alive = alive_;
  connection->resolver.async_resolve(
      options_.host, std::to_string(options_.port),
      [this, alive, connection](beast::error_code ec, tcp::resolver::results_type results) {
        if (alive.expired() || connection != connection_) return;
        if (ec) return on_closed();
        beast::get_lowest_layer(connection->ws).expires_after(std::chrono::seconds(5));
        beast::get_lowest_layer(connection->ws)
            .async_connect(results, [this, alive, connection](beast::error_code ec,
                                                             const tcp::endpoint&) {
              if (alive.expired() || connection != connection_) return;
              if (ec) return on_closed();
              beast::get_lowest_layer(connection->ws).expires_never();
              connection->ws.set_option(
                  websocket::stream_base::decorator([](websocket::request_type& request) {
                    request.set(beast::http::field::sec_websocket_protocol, "janus-protocol");
                  }));
              connection->ws.read_message_max(1 << 20);
              const std::string host = options_.host + ":" + std::to_string(options_.port);
              connection->ws.async_handshake(
                  host, options_.path, [this, alive, connection](beast::error_code ec) {
                    if (alive.expired() || connection != connection_) return;
                    if (ec) return on_closed();
                    on_connected(connection);
                  });
            });
      });
}

void JanusClient::on_connected(std::shared_ptr<Connection> connection) {
  connection->open = true;
  connection->on_text = [this](const std::string& text) { on_message(text); };
  connection->on_close = [this] { on_closed(); };
  connection->read();
  send({{"janus", "create"}}, [this](const json& reply) {
    if (reply.value("janus", "") != "success") {
      core::log_warn("voice", "Janus refused to create a session: " +
                                  janus_error(reply).message());
      if (connection_) connection_->shutdown();
      connection_.reset();
      return schedule_retry();
    }
    set_session(reply["data"].value("id", std::uint64_t{0}));
    core::log_info("voice", "connected to Janus");
  });
}

void JanusClient::on_closed() {
  const bool was_ready = session_ != 0;
  connection_.reset();
  fail_all("connection to Janus lost");
  set_session(0);
  if (was_ready) core::log_warn("voice", "lost the connection to Janus; retrying");
  schedule_retry();
}

void JanusClient::schedule_retry() {
  if (!running_) return;
  retry_timer_.expires_after(options_.retry);
  std::weak_ptr<char> alive = alive_;
  retry_timer_.async_wait([this, alive](beast::error_code ec) {
    if (ec || alive.expired()) return;
    connect();
  });
}

// Once a second: keep-alives, and requests Janus never answered.
void JanusClient::tick() {
  if (!running_) return;
  const auto now = std::chrono::steady_clock::now();
  if (session_ != 0 && now >= next_keepalive_) {
    next_keepalive_ = now + options_.keepalive;
    send({{"janus", "keepalive"}}, [](const json&) {});
  }
  std::vector<std::function<void(const json&)>> expired;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.deadline <= now) {
      expired.push_back(std::move(it->second.done));
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  const json timeout = {{"janus", "local_error"},
                        {"error", {{"code", 0}, {"reason", "Janus did not answer in time"}}}};
  for (auto& done : expired) done(timeout);
  tick_timer_.expires_after(std::chrono::seconds(1));
  std::weak_ptr<char> alive = alive_;
  tick_timer_.async_wait([this, alive](beast::error_code ec) {
    if (!ec && !alive.expired()) tick();
  });
}

void JanusClient::send(json request, std::function<void(const json&)> done, bool wait_for_event) {
  const std::string transaction = "t" + std::to_string(next_transaction_++);
  request["transaction"] = transaction;
  if (!options_.api_secret.empty()) request["apisecret"] = options_.api_secret;
  if (session_ != 0 && request.value("janus", "") != "create") request["session_id"] = session_;
  if (!connection_ || !connection_->open) {
    const json lost = {{"janus", "local_error"},
                       {"error", {{"code", 0}, {"reason", "not connected to Janus"}}}};
    asio::post(io_, [done = std::move(done), lost] { done(lost); });
    return;
  }
  pending_[transaction] = {std::move(done), wait_for_event,
                           std::chrono::steady_clock::now() + options_.request_timeout};
  connection_->write(request.dump());
}

void JanusClient::on_message(const std::string& text) {
  json message = json::parse(text, nullptr, false);
  if (message.is_discarded() || !message.is_object()) return;
  const std::string kind = message.value("janus", "");
  if (kind == "timeout") {  // our session expired: start again
    core::log_warn("voice", "Janus session timed out; reconnecting");
    return reconnect_now();
  }
  const std::string transaction = message.value("transaction", "");
  const auto it = transaction.empty() ? pending_.end() : pending_.find(transaction);
  if (it != pending_.end()) {
    if (kind == "ack" && it->second.wait_for_event) return;  // the event follows
    auto done = std::move(it->second.done);
    pending_.erase(it);
    done(message);
    return;
  }
  const std::uint64_t sender = message.value("sender", std::uint64_t{0});
  if (sender != 0 && event_sink_) event_sink_(sender, to_event(message));
}

void JanusClient::fail_all(std::string_view why) {
  auto pending = std::move(pending_);
  pending_.clear();
  const json lost = {{"janus", "local_error"}, {"error", {{"code", 0}, {"reason", why}}}};
  for (auto& [_, p] : pending) p.done(lost);
}

void JanusClient::set_session(std::uint64_t session) {
  const bool was = session_ != 0;
  session_ = session;
  next_keepalive_ = std::chrono::steady_clock::now() + options_.keepalive;
  if (was != (session != 0) && on_ready) on_ready(session != 0);
}

void JanusClient::attach(HandleDone done) {
  send({{"janus", "attach"}, {"plugin", "janus.plugin.videoroom"}},
       [done = std::move(done)](const json& reply) {
         if (reply.value("janus", "") != "success") return done(std::unexpected(janus_error(reply)));
         done(reply["data"].value("id", std::uint64_t{0}));
       });
}

void JanusClient::message(std::uint64_t handle, json body, json jsep, MessageDone done) {
  json request = {{"janus", "message"}, {"handle_id", handle}, {"body", std::move(body)}};
  if (!jsep.is_null()) request["jsep"] = std::move(jsep);
  send(std::move(request),
       [done = std::move(done)](const json& reply) {
         const std::string kind = reply.value("janus", "");
         if ((kind != "success" && kind != "event") || plugin_failed(reply)) {
           return done(std::unexpected(janus_error(reply)));
         }
         done(to_event(reply));
       },
       /*wait_for_event=*/true);
}

void JanusClient::detach(std::uint64_t handle) {
  if (!ready()) return;
  send({{"janus", "detach"}, {"handle_id", handle}}, [](const json&) {});
}

}  // namespace tsunagu::media
