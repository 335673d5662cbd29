#pragma once

// Helpers for integration tests: the real `tsunagu` binary in a child process on a free
// port, and small blocking HTTP and WebSocket clients with timeouts.

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <utility>  // before Boost.Asio: its awaitable.hpp needs std::exchange
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

namespace tsunagu::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;

// A fresh directory under /tmp, removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The server binary running as a child process. start() waits for its "running" line.
class ServerProcess {
 public:
  explicit ServerProcess(std::filesystem::path data_dir, std::vector<std::string> extra = {});
  ~ServerProcess();
  bool start();
  // Sends SIGTERM and waits; returns the exit status (or -1).
  int terminate();
  unsigned short port() const { return port_; }
  const std::filesystem::path& web_dir() const { return web_dir_; }

 private:
  std::filesystem::path data_dir_;
  std::filesystem::path web_dir_;
  std::vector<std::string> extra_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  unsigned short port_ = 0;
};

struct HttpResult {
  int status = 0;
  std::string body;
  http::response<http::string_body> raw;
};

HttpResult http_request(unsigned short port, http::verb verb, const std::string& target,
                        const std::string& body = "",
                        std::vector<std::pair<std::string, std::string>> headers = {});

// POST /api/session; returns the token (empty on failure).
std::string new_guest(unsigned short port, const std::string& name, int avatar = 0);

// `tsunagu admin create --login root` on a data directory, with `password` on stdin.
bool create_admin(const std::filesystem::path& data, const std::string& password);
// The Authorization header of a tool-style client.
std::vector<std::pair<std::string, std::string>> bearer(const std::string& token);
// A guest session given `role` by the admin (whose token is `admin`); "guest" keeps it a guest.
// Returns its token (empty on failure).
std::string person_with_role(unsigned short port, const std::string& admin, const std::string& name,
                             const std::string& role);

// A WebSocket client with per-read timeouts.
class WsClient {
 public:
  // Connects and upgrades; `origin` empty means no Origin header.
  bool connect(unsigned short port, const std::string& origin = "",
               const std::string& target = "/ws");
  void send_text(const std::string& text);
  void send_json(const json& message) { send_text(message.dump()); }
  void send_binary(const std::vector<std::uint8_t>& bytes);
  // The next message, or nullopt on timeout/close. `text` tells its kind.
  std::optional<std::string> read(std::chrono::milliseconds timeout, bool* text = nullptr);
  // Reads until a JSON message of `type` arrives (others are skipped).
  std::optional<json> read_until_type(const std::string& type,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until closed; returns the close code (0 if it did not close in time).
  int read_until_closed(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // hello + join; returns the welcome message's "you".id.
  std::optional<std::uint32_t> enter(const std::string& token, const std::string& space = "plaza");
  void close();

 private:
  asio::io_context io_;
  std::optional<websocket::stream<beast::tcp_stream>> ws_;
  beast::flat_buffer buffer_;
  beast::error_code last_error_;
};

}  // namespace tsunagu::testing
