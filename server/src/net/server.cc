#include "net/server.h"

#include <unistd.h>

#include <algorithm>
#include <type_traits>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "core/log.h"
#include "core/ring_queue.h"
#include "net/bank_api.h"
#include "net/origin.h"
#include "net/slides_api.h"
#include "net/static_files.h"
#include "world/slide_decks.h"
#include "realtime/client.h"

namespace tsunagu::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using Request = http::request<http::string_body>;

constexpr auto kHttpTimeout = std::chrono::seconds(30);

template <class Stream>
constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

template <class Body>
void add_common_headers(http::response<Body>& res) {
  res.set(http::field::server, "tsunagu/" TSUNAGU_VERSION);
  for (const auto& h : security_headers()) res.set(h.name, h.value);
}

}  // namespace

// Shared state of the listener; sessions keep it alive while they run.
struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  Impl(std::vector<ShardRef> shards, ServerOptions options, Api& api,
       const realtime::WorldMap& map, core::MetricsRegistry* metrics)
      : shards(std::move(shards)),
        io(*this->shards.front().io),
        options(std::move(options)),
        api(api),
        map(map),
        metrics(metrics),
        acceptor(io) {
    if (metrics) {
      bytes_in = &metrics->counter("tsunagu_bytes_received_total",
                                   "WebSocket payload bytes received from clients.");
      bytes_out = &metrics->counter("tsunagu_bytes_sent_total",
                                    "WebSocket payload bytes sent to clients.");
      connections = &metrics->gauge("tsunagu_connections", "Open WebSocket connections.");
    }
  }

  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  // The shard for a `/ws?space=…` target (the default space's when absent or unknown).
  int shard_for(std::string_view target) const;

  std::vector<ShardRef> shards;
  asio::io_context& io;  // shard 0: listener, HTTP, API
  ServerOptions options;
  Api& api;
  const realtime::WorldMap& map;
  core::MetricsRegistry* metrics;
  core::Counter* bytes_in = nullptr;
  core::Counter* bytes_out = nullptr;
  core::Gauge* connections = nullptr;
  tcp::acceptor acceptor;
  std::optional<ssl::context> tls;
  bool accepting = false;
};

namespace {

// One WebSocket client. Implements realtime::Connection: outgoing messages wait in a bounded
// queue with one write in flight; buffers are shared, never copied. Kept alive by its pending
// reads and writes (shared_from_this). Thread: the server's io_context.
template <class Stream>
class WsSession : public std::enable_shared_from_this<WsSession<Stream>>,
                  public realtime::Connection {
 public:
  WsSession(Stream&& stream, std::shared_ptr<Server::Impl> server, realtime::Hub& hub)
      : ws_(std::move(stream)),
        server_(std::move(server)),
        hub_(hub),
        hello_timer_(ws_.get_executor()) {
    if (server_->connections) server_->connections->add(1);
  }
  ~WsSession() override {
    if (server_->connections) server_->connections->add(-1);
  }

  void run(Request request) {
    cookie_token_ = Api::session_cookie(request[http::field::cookie]);
    beast::get_lowest_layer(ws_).expires_never();  // the websocket has its own timeouts
    websocket::stream_base::timeout timeouts =
        websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.idle_timeout = std::chrono::seconds(60);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.read_message_max(server_->options.max_ws_message);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
      res.set(http::field::server, "tsunagu/" TSUNAGU_VERSION);
    }));
    ws_.async_accept(request, beast::bind_front_handler(&WsSession::on_accept,
                                                        this->shared_from_this()));
  }

  std::string_view cookie_token() const override { return cookie_token_; }
  void send_text(realtime::TextBytes text) override { enqueue({std::move(text), {}}); }
  void send_binary(realtime::BinaryBytes bytes) override {
    ++world_frames_queued_;
    enqueue({nullptr, std::move(bytes)});
  }
  bool can_take_world_frame() const override { return world_frames_queued_ < 2; }
  void close(std::uint16_t code, std::string_view reason) override {
    if (close_queued_) return;
    close_queued_ = true;
    close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
    queue_.push_back(Outgoing{nullptr, {}, /*close=*/true});
    if (!writing_) do_write();
  }

 private:
  // One queued message: text, binary, or the close frame (sent after what came before).
  struct Outgoing {
    realtime::TextBytes text;
    realtime::BinaryBytes binary;
    bool close = false;
  };

  void on_accept(beast::error_code ec) {
    if (ec) return fail(ec, "accept");
    client_ = hub_.open(*this);
    hello_timer_.expires_after(server_->options.hello_timeout);
    hello_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (!ec && self->client_) self->client_->on_handshake_timeout();
    });
    do_read();
  }

  void do_read() {
    ws_.async_read(buffer_,
                   beast::bind_front_handler(&WsSession::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t bytes) {
    if (ec) return fail(ec, "read");
    if (server_->bytes_in) server_->bytes_in->add(bytes);
    if (client_) {
      auto data = buffer_.cdata();
      if (ws_.got_text()) {
        client_->on_text({static_cast<const char*>(data.data()), data.size()});
      } else {
        client_->on_binary({static_cast<const std::uint8_t*>(data.data()), data.size()});
      }
      if (client_ && client_->authenticated()) hello_timer_.cancel();
    }
    buffer_.consume(buffer_.size());
    do_read();
  }

  void enqueue(Outgoing out) {
    if (close_queued_) {
      if (out.binary) --world_frames_queued_;
      return;
    }
    if (queue_.size() >= server_->options.max_send_queue) {
      core::log_warn("net", "client too slow: send queue full, disconnecting");
      if (out.binary) --world_frames_queued_;
      close(realtime::close_code::kTooSlow, "client too slow");
      return;
    }
    queue_.push_back(std::move(out));
    if (!writing_) do_write();
  }

  void do_write() {
    if (queue_.empty()) return;
    writing_ = true;
    Outgoing& out = queue_.front();
    auto self = this->shared_from_this();
    if (out.close) {
      ws_.async_close(close_reason_, [self](beast::error_code ec) {
        self->writing_ = false;
        self->queue_.clear();
        if (ec) self->fail(ec, "close");
      });
      return;
    }
    ws_.text(out.text != nullptr);
    auto buffer = out.text ? asio::buffer(*out.text) : asio::buffer(out.binary->bytes());
    ws_.async_write(buffer, beast::bind_front_handler(&WsSession::on_write, self));
  }

  void on_write(beast::error_code ec, std::size_t bytes) {
    writing_ = false;
    if (ec) return fail(ec, "write");
    if (server_->bytes_out) server_->bytes_out->add(bytes);
    if (queue_.front().binary) --world_frames_queued_;
    queue_.pop_front();
    do_write();
  }

  // One failure policy: the connection is over; the client leaves its space now, and the
  // session object goes when its last pending operation returns.
  void fail(beast::error_code ec, const char* what) {
    if (ec != websocket::error::closed && ec != asio::error::operation_aborted &&
        ec != beast::error::timeout && ec != asio::error::eof) {
      core::log_debug("net", std::string("websocket ") + what + ": " + ec.message());
    }
    hello_timer_.cancel();
    client_.reset();
  }

  websocket::stream<Stream> ws_;
  std::shared_ptr<Server::Impl> server_;
  realtime::Hub& hub_;
  std::string cookie_token_;
  std::unique_ptr<realtime::Client> client_;
  beast::flat_buffer buffer_;
  core::RingQueue<Outgoing> queue_;
  websocket::close_reason close_reason_;
  bool writing_ = false;
  bool close_queued_ = false;
  int world_frames_queued_ = 0;
  asio::steady_timer hello_timer_;
};

// One HTTP connection (keep-alive): static files, the API, or an upgrade to /ws.
// Thread: the server's io_context.
template <class Stream>
class HttpSession : public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  template <class... Args>
  HttpSession(std::shared_ptr<Server::Impl> server, Args&&... stream_args)
      : server_(std::move(server)), stream_(std::forward<Args>(stream_args)...) {}

  void run() {
    if constexpr (kIsTls<Stream>) {
      beast::get_lowest_layer(stream_).expires_after(kHttpTimeout);
      stream_.async_handshake(ssl::stream_base::server,
                              beast::bind_front_handler(&HttpSession::on_handshake,
                                                        this->shared_from_this()));
    } else {
      do_read();
    }
  }

 private:
  void on_handshake(beast::error_code ec) {
    if (ec) return;  // port scanners and plain-HTTP clients: nothing to answer
    do_read();
  }

  void do_read() {
    parser_.emplace();
    // The largest body any route takes; on_header holds the others to the usual limit.
    const auto& o = server_->options;
    parser_->body_limit(std::max({o.max_http_body, o.max_large_http_body, o.max_slide_page_body}));
    parser_->header_limit(16 * 1024);
    beast::get_lowest_layer(stream_).expires_after(kHttpTimeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&HttpSession::on_header, this->shared_from_this()));
  }

  // Only a few routes (a guest's whole diary for a self-check) take large bodies.
  void on_header(beast::error_code ec, std::size_t bytes) {
    if (ec) return on_read(ec, bytes);
    const std::string_view path = path_of(parser_->get().target());
    // A slide page is an image of up to max_slide_page_body; nothing else takes that much.
    const auto& o = server_->options;
    std::size_t limit = o.max_http_body;
    if (SlidesApi::takes_image_body(path)) limit = std::max(limit, o.max_slide_page_body);
    if (BankApi::takes_large_body(path)) limit = std::max(limit, o.max_large_http_body);
    const auto length = parser_->content_length();
    if (length && *length > limit) return on_read(http::error::body_limit, 0);
    parser_->body_limit(limit);  // chunked bodies
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      return send_json(http::status::payload_too_large, Api::error_body("body_too_large"), 11);
    }
    if (ec) return;
    Request request = parser_->release();
    keep_alive_ = request.keep_alive();
    const std::string_view path = path_of(request.target());
    if (websocket::is_upgrade(request)) return upgrade(std::move(request), path);
    if (path == "/metrics" && server_->metrics) return send_metrics(request.version());
    if (Api::handles(path)) return handle_api(request, path);
    handle_static(request, path);
  }

  void upgrade(Request request, std::string_view path) {
    keep_alive_ = false;
    if (path != "/ws") return send_json(http::status::not_found, Api::error_body("not_found"), 11);
    if (!origin_allowed(request[http::field::origin], request[http::field::host],
                        server_->options.allowed_origins)) {
      core::log_warn("net", "websocket upgrade refused: origin not allowed");
      return send_json(http::status::forbidden, Api::error_body("origin_not_allowed"), 11);
    }
    const int shard = server_->shard_for(request.target());
    if constexpr (!kIsTls<Stream>) {
      if (shard != 0) return hand_over(shard, std::move(request));
    }
    std::make_shared<WsSession<Stream>>(std::move(stream_), server_, *server_->shards[0].hub)
        ->run(std::move(request));
  }

  // Moves the connection's socket to another loop and starts its WebSocket session there.
  void hand_over(int shard, Request request) {
    tcp::socket socket = beast::get_lowest_layer(stream_).release_socket();
    beast::error_code ec;
    const auto protocol = socket.local_endpoint(ec).protocol();
    if (ec) return;
    const auto fd = socket.release(ec);
    if (ec) return;
    ShardRef target = server_->shards[static_cast<std::size_t>(shard)];
    asio::post(*target.io, [fd, protocol, target, server = server_,
                            request = std::move(request)]() mutable {
      tcp::socket moved(*target.io);
      beast::error_code assign_ec;
      moved.assign(protocol, fd, assign_ec);
      if (assign_ec) {
        ::close(fd);
        return;
      }
      std::make_shared<WsSession<PlainStream>>(PlainStream(std::move(moved)), server, *target.hub)
          ->run(std::move(request));
    });
  }

  void handle_api(const Request& request, std::string_view path) {
    beast::error_code ec;
    auto remote = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    std::string_view target = request.target();
    auto q = target.find('?');
    ApiRequest api_request;
    api_request.method = request.method_string();
    api_request.path = path;
    api_request.query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    api_request.body = request.body();
    api_request.authorization = request[http::field::authorization];
    api_request.content_type = request[http::field::content_type];
    api_request.cookie = request[http::field::cookie];
    api_request.origin = request[http::field::origin];
    api_request.host = request[http::field::host];
    api_request.csrf_token = request["X-CSRF-Token"];
    api_request.client_address = ec ? std::string() : remote.address().to_string();
    api_request.tls = kIsTls<Stream>;
    const bool head = request.method() == http::verb::head;
    const unsigned version = request.version();
    // The reply may come later (password hashing runs off the loop); the session stays alive
    // through the captured pointer, and reads nothing until it has answered.
    server_->api.handle(api_request, [self = this->shared_from_this(), head,
                                      version](ApiResponse response) {
      if (head) response.body.clear();
      self->send_api(std::move(response), version);
    });
  }

  void send_api(ApiResponse response, unsigned version) {
    http::response<http::string_body> res{static_cast<http::status>(response.status), version};
    add_common_headers(res);
    res.set(http::field::content_type, response.content_type);
    res.set(http::field::cache_control, "no-store");
    for (const auto& c : response.set_cookies) res.insert(http::field::set_cookie, c);
    res.body() = std::move(response.body);
    res.prepare_payload();
    res.keep_alive(keep_alive_);
    send(std::move(res));
  }

  core::Result<std::filesystem::path> resolve_slide(std::string_view target) {
    const auto missing = core::fail(core::Code::kNotFound, "not_found", "no such slide");
    const auto& o = server_->options;
    // An uploaded deck's page: only while the registry lists the deck, and only its own pages
    // (an unfinished or deleted upload is never served).
    const std::string_view under = path_of(target).substr(std::string_view("/slides").size());
    const std::string_view rest = under.substr(1);  // "<deck>/<file>"
    if (rest.starts_with(world::kUploadedDeckPrefix)) {
      const auto slash = rest.find('/');
      if (slash == std::string_view::npos || !o.slide_registry || o.uploaded_slides_root.empty()) {
        return missing;
      }
      const auto deck = o.slide_registry->find(rest.substr(0, slash));
      const std::string_view file = rest.substr(slash + 1);
      if (!deck || !deck->uploaded() || std::ranges::find(deck->pages, file) == deck->pages.end()) {
        return missing;
      }
      auto found = resolve_static_path(o.uploaded_slides_root, under);
      if (!found) return missing;
      return found;
    }
    if (server_->options.slides_root.empty()) return missing;
    auto file = resolve_static_path(server_->options.slides_root, target.substr(std::string_view("/slides").size()));
    if (!file || !world::valid_slide_file(file->filename().string())) return missing;
    return file;
  }

  void handle_static(const Request& request, std::string_view path) {
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
      return send_json(http::status::method_not_allowed, Api::error_body("method_not_allowed"),
                       request.version());
    }
    // Slides (content/slides) are served at /slides/<deck>/<page image>; nothing else there.
    const bool slides = path.starts_with("/slides/");
    auto file = slides ? resolve_slide(request.target()) : resolve_static_path(server_->options.web_root, request.target());
    if (!file) {
      auto status = file.error().code() == core::Code::kInvalidArgument ? http::status::bad_request
                                                                        : http::status::not_found;
      if (file.error().name() == "static_root_missing") {
        core::log_error("net", file.error().message());
      }
      return send_json(status, Api::error_body("not_found"), request.version());
    }
    // An uploaded page never changes under its URL (a random id, written once) and may be
    // kept a day, in the browser only (it may be a lecture's own material).
    const std::string_view cache = slides && path.starts_with("/slides/up-")
                                       ? std::string_view("private, max-age=86400, immutable")
                                       : cache_control(path);
    auto etag = weak_etag_of(*file);
    if (etag && etag_matches(request[http::field::if_none_match], *etag)) {
      http::response<http::empty_body> res{http::status::not_modified, request.version()};
      add_common_headers(res);
      res.set(http::field::etag, *etag);
      res.set(http::field::cache_control, cache);
      res.keep_alive(keep_alive_);
      return send(std::move(res));
    }
    beast::error_code ec;
    http::file_body::value_type body;
    body.open(file->c_str(), beast::file_mode::scan, ec);
    if (ec) return send_json(http::status::not_found, Api::error_body("not_found"), request.version());
    const auto size = body.size();
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                        std::make_tuple(http::status::ok, request.version())};
    add_common_headers(res);
    res.set(http::field::content_type, mime_type(*file));
    res.set(http::field::cache_control, cache);
    if (etag) res.set(http::field::etag, *etag);
    res.content_length(size);
    res.keep_alive(keep_alive_);
    if (request.method() == http::verb::head) {
      http::response<http::empty_body> head{http::status::ok, request.version()};
      head.base() = res.base();
      return send(std::move(head));
    }
    send(std::move(res));
  }

  void send_metrics(unsigned version) {
    http::response<http::string_body> res{http::status::ok, version};
    add_common_headers(res);
    res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = server_->metrics->render();
    res.prepare_payload();
    res.keep_alive(keep_alive_);
    send(std::move(res));
  }

  void send_json(http::status status, std::string body, unsigned version) {
    http::response<http::string_body> res{status, version};
    add_common_headers(res);
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.body() = std::move(body);
    res.prepare_payload();
    res.keep_alive(keep_alive_);
    send(std::move(res));
  }

  template <class Body>
  void send(http::response<Body>&& response) {
    auto res = std::make_shared<http::response<Body>>(std::move(response));
    const bool close = !res->keep_alive();
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res, close](beast::error_code ec,
                                                                    std::size_t) {
                        if (ec) return;
                        if (close) return self->do_close();
                        self->do_read();
                      });
  }

  void do_close() {
    if constexpr (kIsTls<Stream>) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
    } else {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  std::shared_ptr<Server::Impl> server_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = true;
};

}  // namespace

void Server::Impl::do_accept() {
  acceptor.async_accept(io,
                        beast::bind_front_handler(&Impl::on_accept, shared_from_this()));
}

void Server::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (!accepting) return;
  if (!ec) {
    if (tls) {
      std::make_shared<HttpSession<TlsStream>>(shared_from_this(), std::move(socket), *tls)->run();
    } else {
      std::make_shared<HttpSession<PlainStream>>(shared_from_this(), std::move(socket))->run();
    }
  } else if (ec == asio::error::no_descriptors) {
    core::log_error("net", "out of file descriptors; not accepting for a moment");
  }
  do_accept();
}

int Server::Impl::shard_for(std::string_view target) const {
  std::string_view space = map.config().default_space;
  if (auto q = target.find('?'); q != std::string_view::npos) {
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
      auto end = query.find('&');
      std::string_view pair = query.substr(0, end);
      if (pair.starts_with("space=")) space = pair.substr(6);
      if (end == std::string_view::npos) break;
      query.remove_prefix(end + 1);
    }
  }
  const int shard = map.shard_of(space);
  return shard >= 0 && shard < static_cast<int>(shards.size()) ? shard : 0;
}

Server::Server(std::vector<ShardRef> shards, ServerOptions options, Api& api,
               const realtime::WorldMap& map, core::MetricsRegistry* metrics)
    : impl_(std::make_shared<Impl>(std::move(shards), std::move(options), api, map, metrics)) {}

Server::~Server() { stop_accepting(); }

core::Result<std::uint16_t> Server::start() {
  auto& o = impl_->options;
  if (o.tls) {
    impl_->tls.emplace(ssl::context::tls_server);
    beast::error_code ec;
    impl_->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                            ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                            ssl::context::no_tlsv1_1);
    impl_->tls->use_certificate_chain_file(o.tls->cert.string(), ec);
    if (!ec) impl_->tls->use_private_key_file(o.tls->key.string(), ssl::context::pem, ec);
    if (ec) {
      return core::fail(core::Code::kFailedPrecondition, "tls_invalid",
                        "cannot load TLS certificate/key (" + ec.message() + ")");
    }
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(o.host, ec);
  if (ec) {
    return core::fail(core::Code::kInvalidArgument, "listen_failed",
                      "--host '" + o.host + "' is not an IP address");
  }
  tcp::endpoint endpoint(address, o.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::fail(core::Code::kUnavailable, "listen_failed",
                      "cannot listen on " + o.host + ":" + std::to_string(o.port) + " (" +
                          ec.message() + ")");
  }
  impl_->accepting = true;
  impl_->do_accept();
  return acceptor.local_endpoint().port();
}

void Server::stop_accepting() {
  if (!impl_->accepting) return;
  impl_->accepting = false;
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

}  // namespace tsunagu::net
