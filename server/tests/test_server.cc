#include "test_server.h"

#include <fcntl.h>
#include <poll.h>

#include <cstdlib>
#include <fstream>
#include <random>

namespace tsunagu::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("tsunagu-it-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

ServerProcess::ServerProcess(std::filesystem::path data_dir, std::vector<std::string> extra)
    : data_dir_(std::move(data_dir)), web_dir_(data_dir_.parent_path() / "web"),
      extra_(std::move(extra)) {
  std::filesystem::create_directories(web_dir_);
  std::ofstream(web_dir_ / "index.html") << "<!doctype html><title>Tsunagu</title>";
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
}

bool ServerProcess::start() {
  int fds[2];
  if (::pipe(fds) != 0) return false;
  std::vector<std::string> args = {TSUNAGU_BINARY, "serve", "--host", "127.0.0.1", "--port", "0",
                                   "--data", data_dir_.string(), "--web", web_dir_.string(),
                                   "--content", std::string(TSUNAGU_SOURCE_DIR) + "/content",
                                   "--log-level", "warn", "--threads", "2", "--janus", "off"};
  args.insert(args.end(), extra_.begin(), extra_.end());
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    std::_Exit(127);
  }
  ::close(fds[1]);
  stdout_fd_ = fds[0];
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{stdout_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[256];
    ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
    if (n <= 0) return false;
    out.append(buf, static_cast<std::size_t>(n));
    constexpr std::string_view kMarker = "://127.0.0.1:";
    auto at = out.find(kMarker);
    auto end = at == std::string::npos ? at : out.find('/', at + kMarker.size());
    if (end != std::string::npos) {
      auto digits = at + kMarker.size();
      port_ = static_cast<unsigned short>(std::stoi(out.substr(digits, end - digits)));
      return true;
    }
  }
  return false;
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return -1;
}

HttpResult http_request(unsigned short port, http::verb verb, const std::string& target,
                        const std::string& body,
                        std::vector<std::pair<std::string, std::string>> headers) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || verb == http::verb::post) {
    // JSON unless the caller said otherwise (slide pages are images)
    if (req.find(http::field::content_type) == req.end()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
  }
  http::write(stream, req);
  beast::flat_buffer buffer;
  HttpResult result;
  http::read(stream, buffer, result.raw);
  result.status = static_cast<int>(result.raw.result_int());
  result.body = result.raw.body();
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return result;
}

std::string new_guest(unsigned short port, const std::string& name, int avatar) {
  auto res = http_request(port, http::verb::post, "/api/session",
                          json{{"name", name}, {"avatar", avatar}, {"rules_version", 1}}.dump());
  if (res.status != 201) return "";
  return json::parse(res.body).value("token", "");
}

bool create_admin(const std::filesystem::path& data, const std::string& password) {
  const std::string cmd = "printf '%s\\n' '" + password + "' | " + std::string(TSUNAGU_BINARY) +
                          " admin create --login root --data " + data.string() +
                          " >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::vector<std::pair<std::string, std::string>> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

std::string person_with_role(unsigned short port, const std::string& admin, const std::string& name,
                             const std::string& role) {
  const std::string token = new_guest(port, name);
  if (token.empty() || role == "guest") return token;
  auto me = http_request(port, http::verb::get, "/api/session", "", bearer(token));
  if (me.status != 200) return "";
  const auto id = json::parse(me.body)["user"]["id"].get<std::int64_t>();
  auto set = http_request(port, http::verb::post, "/api/admin/users/" + std::to_string(id) + "/role",
                          json{{"role", role}}.dump(), bearer(admin));
  return set.status == 200 ? token : "";
}

bool WsClient::connect(unsigned short port, const std::string& origin, const std::string& target) {
  ws_.emplace(io_);
  buffer_.clear();  // nothing of an earlier connection is read as this one's
  beast::error_code ec;
  beast::get_lowest_layer(*ws_).connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return false;
  ws_->set_option(websocket::stream_base::decorator([origin](websocket::request_type& req) {
    if (!origin.empty()) req.set(http::field::origin, origin);
  }));
  ws_->handshake("127.0.0.1:" + std::to_string(port), target, ec);
  last_error_ = ec;
  return !ec;
}

void WsClient::send_text(const std::string& text) {
  ws_->text(true);
  beast::error_code ec;
  ws_->write(asio::buffer(text), ec);
}

void WsClient::send_binary(const std::vector<std::uint8_t>& bytes) {
  ws_->binary(true);
  beast::error_code ec;
  ws_->write(asio::buffer(bytes), ec);
}

std::optional<std::string> WsClient::read(std::chrono::milliseconds timeout, bool* text) {
  bool done = false;
  beast::error_code result;
  buffer_.clear();
  ws_->async_read(buffer_, [&](beast::error_code ec, std::size_t) {
    done = true;
    result = ec;
  });
  io_.restart();
  io_.run_for(timeout);
  if (!done) {
    // Cancel the read and let its handler run, so the stream stays usable.
    beast::get_lowest_layer(*ws_).cancel();
    io_.restart();
    io_.run();
    last_error_ = beast::error::timeout;
    return std::nullopt;
  }
  last_error_ = result;
  if (result) return std::nullopt;
  if (text) *text = ws_->got_text();
  return beast::buffers_to_string(buffer_.data());
}

std::optional<json> WsClient::read_until_type(const std::string& type,
                                              std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    bool text = false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto message = read(left, &text);
    if (!message) return std::nullopt;
    if (!text) continue;
    json j = json::parse(*message, nullptr, false);
    if (j.is_object() && j.value("type", "") == type) return j;
  }
  return std::nullopt;
}

int WsClient::read_until_closed(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (read(left)) continue;
    if (last_error_ == websocket::error::closed) return ws_->reason().code;
    if (last_error_ == beast::error::timeout) return 0;
    return ws_->reason().code ? ws_->reason().code : -1;
  }
  return 0;
}

std::optional<std::uint32_t> WsClient::enter(const std::string& token, const std::string& space) {
  send_json({{"type", "hello"}, {"v", 1}, {"token", token}});
  auto welcome = read_until_type("welcome");
  if (!welcome) return std::nullopt;
  send_json({{"type", "join"}, {"space", space}});
  if (!read_until_type("joined")) return std::nullopt;
  return (*welcome)["you"]["id"].get<std::uint32_t>();
}

void WsClient::close() {
  if (!ws_ || !ws_->is_open()) return;
  beast::error_code ec;
  ws_->close(websocket::close_code::normal, ec);
}

}  // namespace tsunagu::testing
