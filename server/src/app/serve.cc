#include "app/serve.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "auth/session_service.h"
#include "core/log.h"
#include "net/api.h"
#include "net/self_signed.h"
#include "net/server.h"
#include "realtime/client.h"
#include "realtime/hub.h"
#include "social/chat.h"
#include "store/sqlite/sqlite_store.h"
#include "world/world_config.h"

namespace tsunagu::app {
namespace {

namespace asio = boost::asio;

constexpr auto kShutdownGrace = std::chrono::milliseconds(1500);

int fail_start(const std::string& message) {
  core::log_error("app", message);
  return 2;
}

core::Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return core::fail(core::Code::kNotFound, "missing_file", "cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Drives Hub::tick at a fixed rate. Deadlines advance by the period, not from "now", so the
// rate does not drift when a tick runs late. Thread: the io_context's.
class Ticker {
 public:
  Ticker(asio::io_context& io, realtime::Hub& hub, int hz)
      : timer_(io), hub_(hub), period_(std::chrono::microseconds(1'000'000 / hz)) {}

  void start() {
    next_ = std::chrono::steady_clock::now() + period_;
    arm();
  }
  void stop() { timer_.cancel(); stopped_ = true; }

 private:
  void arm() {
    timer_.expires_at(next_);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec || stopped_) return;
      hub_.tick();
      next_ += period_;
      auto now = std::chrono::steady_clock::now();
      if (next_ < now) next_ = now;  // fell far behind: skip, don't burst
      arm();
    });
  }

  asio::steady_timer timer_;
  realtime::Hub& hub_;
  std::chrono::steady_clock::duration period_;
  std::chrono::steady_clock::time_point next_;
  bool stopped_ = false;
};

}  // namespace

int serve(const ServeConfig& config) {
  core::set_log_level(config.log_level);
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(config.data_dir, ec);
  if (ec) return fail_start("cannot create data directory " + config.data_dir + ": " + ec.message());

  auto world = world::load_world_config((fs::path(config.content_dir) / "world.json").string());
  if (!world) return fail_start(world.error().message());
  auto rules = read_file(fs::path(config.content_dir) / "rules.json");
  if (!rules) return fail_start(rules.error().message() + " (is --content pointing at content/?)");
  if (!fs::exists(fs::path(config.web_dir) / "index.html")) {
    return fail_start("no web client at " + config.web_dir + "/index.html: run `make build` first");
  }
  std::optional<net::TlsFiles> tls;
  if (!config.tls_cert.empty()) {
    if (auto ok = net::check_tls_pair(config.tls_cert, config.tls_key); !ok) {
      return fail_start(ok.error().message());
    }
    tls = net::TlsFiles{config.tls_cert, config.tls_key};
  }
  auto store = store::sqlite::SqliteStore::open((fs::path(config.data_dir) / "tsunagu.db").string());
  if (!store) return fail_start(store.error().message());

  core::SystemClock clock;
  auth::SessionService sessions(**store, clock);
  social::ChatService chat(**store, clock);
  realtime::Hub hub(*world, sessions, chat, clock);
  net::Api api(sessions, hub, clock, std::move(*rules));
  {
    // Declared after the hub: destroying the io_context destroys pending handlers, and with
    // them the sessions whose clients detach from the hub.
    asio::io_context io(1);
    net::ServerOptions options;
    options.host = config.host;
    options.port = config.port;
    options.web_root = config.web_dir;
    options.tls = tls;
    options.allowed_origins = config.allowed_origins;
    net::Server server(io, options, api, hub);
    auto port = server.start();
    if (!port) return fail_start(port.error().message());

    Ticker ticker(io, hub, config.tick_hz);
    ticker.start();
    asio::steady_timer grace(io);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code, int signal) {
      core::log_info("app", signal == SIGTERM ? "SIGTERM: shutting down" : "SIGINT: shutting down");
      server.stop_accepting();
      ticker.stop();
      hub.close_all(realtime::close_code::kGoingAway, "server shutting down");
      grace.expires_after(kShutdownGrace);
      grace.async_wait([&](boost::system::error_code) { io.stop(); });
    });

    const std::string scheme = tls ? "https" : "http";
    const std::string shown_host = config.host == "0.0.0.0" ? "127.0.0.1" : config.host;
    std::printf("Tsunagu is running: %s://%s:%u/\n", scheme.c_str(), shown_host.c_str(), *port);
    std::fflush(stdout);
    core::log_info("app", "listening on " + config.host + ":" + std::to_string(*port) +
                              ", data in " + config.data_dir);
    io.run();
  }
  core::log_info("app", "stopped cleanly");
  return 0;
}

int gen_cert(const GenCertConfig& config) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(config.out_dir, ec);
  if (ec) return fail_start("cannot create " + config.out_dir + ": " + ec.message());
  const fs::path cert = fs::path(config.out_dir) / "cert.pem";
  const fs::path key = fs::path(config.out_dir) / "key.pem";
  auto written = net::write_self_signed_pair(cert, key, config.hosts, config.days);
  if (!written) return fail_start(written.error().message());
  std::printf("Wrote %s and %s.\nStart with: tsunagu serve --host 0.0.0.0 --tls-cert %s --tls-key %s\n",
              cert.c_str(), key.c_str(), cert.c_str(), key.c_str());
  return 0;
}

}  // namespace tsunagu::app
