#include "media/janus_supervisor.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "core/log.h"

namespace tsunagu::media {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kModule = "janus";

std::string seconds_text(milliseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

// The address our server reaches Janus's HTTP transport on: the bind address itself, or
// loopback when Janus listens on every address.
asio::ip::address http_host(const JanusSettings& s) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(s.bind_address, ec);
  if (ec) return asio::ip::address_v4::loopback();
  if (address.is_unspecified()) {
    if (address.is_v6()) return asio::ip::address_v6::loopback();
    return asio::ip::address_v4::loopback();
  }
  return address;
}

// One POST {"janus":"info"} to Janus's REST API, with a deadline. Kept alive by its own
// pending I/O; `done(ok)` runs once on the loop. ok means Janus answered server_info with our
// server_name (not some other Janus that happens to hold the port).
class InfoProbe : public std::enable_shared_from_this<InfoProbe> {
 public:
  InfoProbe(asio::io_context& io, tcp::endpoint endpoint, std::string server_name,
            milliseconds timeout, std::function<void(bool)> done)
      : stream_(io),
        endpoint_(endpoint),
        server_name_(std::move(server_name)),
        timeout_(timeout),
        done_(std::move(done)) {}

  void run() {
    req_ = {http::verb::post, "/janus", 11};
    req_.set(http::field::host, endpoint_.address().to_string());
    req_.set(http::field::content_type, "application/json");
    req_.body() = R"({"janus":"info","transaction":"tsunagu-probe"})";
    req_.prepare_payload();
    parser_.body_limit(64 * 1024);
    stream_.expires_after(timeout_);
    stream_.async_connect(
        endpoint_, [self = shared_from_this()](beast::error_code ec) { self->on_connect(ec); });
  }

 private:
  void on_connect(beast::error_code ec) {
    if (ec) return finish(false);
    http::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->on_write(ec);
    });
  }
  void on_write(beast::error_code ec) {
    if (ec) return finish(false);
    http::async_read(
        stream_, buffer_, parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->on_read(ec); });
  }
  void on_read(beast::error_code ec) {
    if (ec || parser_.get().result() != http::status::ok) return finish(false);
    auto body = nlohmann::json::parse(parser_.get().body(), nullptr, false);
    bool ok = body.is_object() && body.value("janus", "") == "server_info" &&
              body.value("server-name", "") == server_name_;
    finish(ok);
  }
  void finish(bool ok) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
    if (auto done = std::exchange(done_, nullptr)) done(ok);
  }

  beast::tcp_stream stream_;
  tcp::endpoint endpoint_;
  std::string server_name_;
  milliseconds timeout_;
  std::function<void(bool)> done_;
  http::request<http::string_body> req_;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
};

std::string describe_exit(int status) {
  if (WIFEXITED(status)) {
    int code = WEXITSTATUS(status);
    return "exited with code " + std::to_string(code) +
           (code == 127 ? " (could not execute the binary)" : "");
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return "was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "ended (wait status " + std::to_string(status) + ")";
}

// The last non-empty line of Janus's log (at most ~400 bytes read), to say why it died.
std::string last_log_line(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  char buf[400];
  off_t size = ::lseek(fd, 0, SEEK_END);
  off_t from = size > static_cast<off_t>(sizeof buf) ? size - static_cast<off_t>(sizeof buf) : 0;
  ssize_t n = ::pread(fd, buf, sizeof buf, from);
  ::close(fd);
  if (n <= 0) return {};
  std::string_view text(buf, static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  auto nl = text.rfind('\n');
  if (nl != std::string_view::npos) text.remove_prefix(nl + 1);
  std::string line(text);
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return line;
}

bool is_executable(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

// In the child between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(int log_fd, pid_t parent, const char* binary, char* const argv[]) {
  ::setpgid(0, 0);  // a terminal's Ctrl-C goes to Tsunagu, which stops Janus itself
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(126);  // the parent died before prctl
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD}) ::signal(sig, SIG_DFL);
  int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  ::dup2(log_fd, STDOUT_FILENO);
  ::dup2(log_fd, STDERR_FILENO);
  // Nothing else of Tsunagu's (listening sockets, the database) may leak into Janus.
  if (::close_range(3, ~0U, 0) != 0) {
    for (int fd = 3; fd < 65536; ++fd) ::close(fd);
  }
  ::execv(binary, argv);
  ::_exit(127);
}

}  // namespace

milliseconds janus_backoff_delay(int attempt, milliseconds initial, milliseconds max) {
  if (attempt < 0) attempt = 0;
  milliseconds delay = initial;
  for (int i = 0; i < attempt && delay < max; ++i) delay *= 2;
  return delay < max ? delay : max;
}

JanusSupervisor::JanusSupervisor(asio::io_context& io, JanusSupervisorOptions options)
    : io_(io), options_(std::move(options)), tick_timer_(io), wait_timer_(io) {}

JanusSupervisor::~JanusSupervisor() { stop_now(); }

std::string JanusSupervisor::http_url() const {
  auto host = http_host(options_.settings);
  std::string h = host.is_v6() ? "[" + host.to_string() + "]" : host.to_string();
  return "http://" + h + ":" + std::to_string(options_.settings.http_port) + "/janus";
}

std::string JanusSupervisor::log_path() const {
  return (options_.settings.dir / "janus.log").string();
}

core::Status JanusSupervisor::start() {
  if (auto st = validate_janus_settings(options_.settings); !st) return st;
  if (state_ != State::kIdle) {
    return core::fail(core::Code::kFailedPrecondition, "janus_started",
                      "the Janus supervisor is already started");
  }
  // An unusable data folder is a configuration error, reported now rather than retried.
  std::error_code ec;
  std::filesystem::create_directories(options_.settings.dir, ec);
  if (ec || ::access(options_.settings.dir.c_str(), W_OK) != 0) {
    return core::fail(core::Code::kFailedPrecondition, "janus_dir",
                      "cannot write the Janus folder " + options_.settings.dir.string() + ": " +
                          (ec ? ec.message() : std::string(std::strerror(errno))));
  }
  truncate_log_ = true;
  logged_missing_ = false;
  attempt_ = 0;
  spawn();
  return {};
}

void JanusSupervisor::spawn() {
  const auto& s = options_.settings;
  if (!is_executable(options_.janus_binary)) {
    if (!logged_missing_) {
      core::log_warn(kModule, options_.janus_binary.string() +
                                  " not found: voice is unavailable, the world runs with text"
                                  " only. Install the Debian package `janus`; checking again"
                                  " every " +
                                  seconds_text(options_.missing_recheck));
      logged_missing_ = true;
    }
    state_ = State::kMissing;
    wait_then_spawn(options_.missing_recheck);
    return;
  }
  core::Result<JanusInstall> install =
      options_.install ? core::Result<JanusInstall>(*options_.install) : find_janus_install();
  if (!install) {
    if (!logged_missing_) {
      core::log_warn(kModule, install.error().message() +
                                  ": voice is unavailable; checking again every " +
                                  seconds_text(options_.missing_recheck));
      logged_missing_ = true;
    }
    state_ = State::kMissing;
    wait_then_spawn(options_.missing_recheck);
    return;
  }
  if (logged_missing_) {
    core::log_info(kModule, "Janus is installed now; starting it");
    logged_missing_ = false;
  }

  auto failed = [this](const std::string& why) {
    milliseconds delay =
        janus_backoff_delay(attempt_++, options_.backoff_initial, options_.backoff_max);
    core::log_error(kModule, why + "; voice is unavailable, retrying in " + seconds_text(delay));
    state_ = State::kBackoff;
    wait_then_spawn(delay);
  };
  if (auto st = write_janus_config(s, *install); !st) {
    return failed("cannot write the Janus configuration: " + st.error().message());
  }
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate_log_ ? O_TRUNC : O_APPEND);
  int log_fd = ::open(log_path().c_str(), flags, 0600);
  if (log_fd < 0) return failed("cannot open " + log_path() + ": " + std::strerror(errno));
  truncate_log_ = false;

  // Everything the child needs is built before fork: it may not allocate afterwards.
  std::string binary = options_.janus_binary.string();
  std::string config = janus_config_path(s).string();
  std::string folder = s.dir.string();
  std::string arg0 = "janus", arg_c = "-C", arg_f = "-F";
  char* argv[] = {arg0.data(), arg_c.data(), config.data(), arg_f.data(), folder.data(), nullptr};
  pid_t parent = ::getpid();

  pid_t child = ::fork();
  if (child == 0) exec_child(log_fd, parent, binary.c_str(), argv);
  int fork_errno = errno;
  ::close(log_fd);
  if (child < 0) return failed(std::string("fork failed: ") + std::strerror(fork_errno));

  pid_ = child;
  ++spawns_;
  ++generation_;
  sent_kill_ = false;
  probe_in_flight_ = false;
  health_failures_ = 0;
  spawned_at_ = Clock::now();
  deadline_ = spawned_at_ + options_.ready_timeout;
  state_ = State::kStarting;
  core::log_info(kModule, "started Janus (pid " + std::to_string(child) + ", API " + http_url() +
                              ", log " + log_path() + ")");
  schedule_tick();
}

void JanusSupervisor::schedule_tick() {
  tick_timer_.expires_after(options_.poll_interval);
  tick_timer_.async_wait([this, alive = std::weak_ptr<char>(alive_)](boost::system::error_code ec) {
    if (ec || alive.expired()) return;
    tick();
  });
}

void JanusSupervisor::tick() {
  if (pid_ == 0) return;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    on_exit(r == pid_ ? status : 0);
    return;
  }
  auto now = Clock::now();
  switch (state_) {
    case State::kStarting:
      if (now >= deadline_) {
        if (!sent_kill_) {
          core::log_warn(kModule, "Janus did not answer within " +
                                      seconds_text(options_.ready_timeout) + "; killing it");
          ::kill(pid_, SIGKILL);
          sent_kill_ = true;
        }
      } else if (!probe_in_flight_) {
        probe();
      }
      break;
    case State::kRunning:
      if (now >= next_health_ && !probe_in_flight_) probe();
      break;
    case State::kStopping:
      if (now >= deadline_ && !sent_kill_) {
        core::log_warn(kModule, "Janus did not stop within " + seconds_text(options_.stop_grace) +
                                    "; sending SIGKILL");
        ::kill(pid_, SIGKILL);
        sent_kill_ = true;
      }
      break;
    default:
      break;
  }
  schedule_tick();
}

void JanusSupervisor::probe() {
  probe_in_flight_ = true;
  tcp::endpoint endpoint(http_host(options_.settings),
                         static_cast<unsigned short>(options_.settings.http_port));
  auto probe = std::make_shared<InfoProbe>(
      io_, endpoint, options_.settings.server_name, options_.probe_timeout,
      [this, alive = std::weak_ptr<char>(alive_), generation = generation_](bool ok) {
        if (alive.expired()) return;
        on_probe(generation, ok);
      });
  probe->run();
}

void JanusSupervisor::on_probe(std::uint64_t generation, bool ok) {
  if (generation != generation_) return;  // an answer about an earlier child
  probe_in_flight_ = false;
  auto now = Clock::now();
  if (state_ == State::kStarting && ok && !sent_kill_) {
    state_ = State::kRunning;
    ready_at_ = now;
    next_health_ = now + options_.health_interval;
    auto ms = std::chrono::duration_cast<milliseconds>(now - spawned_at_);
    core::log_info(
        kModule, "Janus is ready after " + std::to_string(ms.count()) + " ms: voice is available");
    set_available(true);
  } else if (state_ == State::kRunning) {
    next_health_ = now + options_.health_interval;
    if (ok) {
      health_failures_ = 0;
    } else if (++health_failures_ >= options_.health_failures_before_restart && !sent_kill_) {
      core::log_warn(kModule, "Janus stopped answering (" + std::to_string(health_failures_) +
                                  " checks failed); killing it to restart");
      set_available(false);
      ::kill(pid_, SIGKILL);
      sent_kill_ = true;
    }
  }
}

void JanusSupervisor::on_exit(int wait_status) {
  pid_t old = pid_;
  pid_ = 0;
  ++generation_;
  probe_in_flight_ = false;
  tick_timer_.cancel();
  if (state_ == State::kStopping) {
    core::log_info(kModule, "Janus (pid " + std::to_string(old) + ") stopped");
    finish_stop();
    return;
  }
  auto now = Clock::now();
  if (state_ == State::kRunning && now - ready_at_ >= options_.backoff_reset_after) attempt_ = 0;
  milliseconds delay =
      janus_backoff_delay(attempt_++, options_.backoff_initial, options_.backoff_max);
  std::string why = "Janus (pid " + std::to_string(old) + ") " + describe_exit(wait_status);
  // Janus says why it gave up in its last line ("[FATAL] … Couldn't start webserver …").
  bool own_exit =
      WIFEXITED(wait_status) || (WIFSIGNALED(wait_status) && WTERMSIG(wait_status) != SIGKILL);
  if (auto line = last_log_line(log_path()); own_exit && !line.empty()) {
    why += "; last log line: " + line;
  }
  core::log_warn(kModule, why + ". Voice is unavailable; restarting in " + seconds_text(delay));
  set_available(false);
  state_ = State::kBackoff;
  wait_then_spawn(delay);
}

void JanusSupervisor::wait_then_spawn(milliseconds delay) {
  if (on_retry) on_retry(delay);
  wait_timer_.expires_after(delay);
  wait_timer_.async_wait([this, alive = std::weak_ptr<char>(alive_)](boost::system::error_code ec) {
    if (ec || alive.expired()) return;
    if (state_ == State::kBackoff || state_ == State::kMissing) spawn();
  });
}

void JanusSupervisor::set_available(bool value) {
  if (available_.exchange(value, std::memory_order_acq_rel) == value) return;
  if (on_change) on_change(value);
}

void JanusSupervisor::stop(std::function<void()> done) {
  if (done) stop_waiters_.push_back(std::move(done));
  wait_timer_.cancel();
  set_available(false);
  if (pid_ == 0) {
    finish_stop();
    return;
  }
  if (state_ != State::kStopping) {
    state_ = State::kStopping;
    deadline_ = Clock::now() + options_.stop_grace;
    sent_kill_ = false;
    ::kill(pid_, SIGTERM);
  }
}

void JanusSupervisor::finish_stop() {
  state_ = State::kIdle;
  auto waiters = std::exchange(stop_waiters_, {});
  // Posted, so `done` never runs inside stop(); it belongs to the caller and runs even if
  // this supervisor is gone by then.
  for (auto& w : waiters) asio::post(io_, std::move(w));
}

void JanusSupervisor::stop_now() {
  tick_timer_.cancel();
  wait_timer_.cancel();
  available_.store(false, std::memory_order_release);
  if (pid_ != 0) {
    ::kill(pid_, SIGTERM);
    auto deadline = Clock::now() + options_.stop_grace;
    int status = 0;
    pid_t r = 0;
    while ((r = ::waitpid(pid_, &status, WNOHANG)) == 0 && Clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(20));
    }
    if (r == 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = 0;
  }
  ++generation_;
  state_ = State::kIdle;
  stop_waiters_.clear();
}

}  // namespace tsunagu::media
