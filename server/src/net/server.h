#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/error.h"
#include "net/api.h"
#include "core/metrics.h"
#include "realtime/hub.h"
#include "realtime/world_map.h"
#include "world/slide_registry.h"

namespace tsunagu::net {

struct TlsFiles {
  std::filesystem::path cert;
  std::filesystem::path key;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (tests)
  std::filesystem::path web_root = "web/dist";
  std::filesystem::path slides_root;  // content/slides, served at /slides/ (images only)
  // Uploaded decks (DATA/slides), served at /slides/up-…/ while `slide_registry` lists them.
  std::filesystem::path uploaded_slides_root;
  const world::SlideRegistry* slide_registry = nullptr;  // thread-safe; outlives the server
  std::optional<TlsFiles> tls;
  std::vector<std::string> allowed_origins;
  std::size_t max_ws_message = 16 * 1024;  // an SDP offer fits (docs/voice.md)
  std::size_t max_http_body = 16 * 1024;
  std::size_t max_large_http_body = 512 * 1024;  // BankApi::takes_large_body routes only
  std::size_t max_slide_page_body = 4 * 1024 * 1024;  // SlidesApi::takes_image_body routes only
  std::chrono::seconds hello_timeout{10};
  std::size_t max_send_queue = 1024;  // messages queued for one client; more: it is too slow
};

// One event loop of the server and the hub that lives on it.
struct ShardRef {
  boost::asio::io_context* io;
  realtime::Hub* hub;
};

// HTTP(S) and WebSocket front door: static web client, the JSON API, /metrics, and /ws. HTTP
// runs on shard 0 (the loop of the API). A WebSocket upgrade for `/ws?space=X` is handed to the
// loop of space X: with plain TCP the socket itself moves there, so every connection then lives
// on its space's thread for life (with built-in TLS the server runs one loop). Thread: the
// listener and HTTP sessions on shard 0; each WebSocket session on its shard.
class Server {
 public:
  Server(std::vector<ShardRef> shards, ServerOptions options, Api& api,
         const realtime::WorldMap& map, core::MetricsRegistry* metrics = nullptr);
  ~Server();

  // Binds and starts accepting. Returns the bound port. Errors: tls_invalid, listen_failed.
  core::Result<std::uint16_t> start();
  // Stops accepting new connections; open ones continue until closed.
  void stop_accepting();

  // Listener state shared with the sessions (defined in server.cc).
  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace tsunagu::net
