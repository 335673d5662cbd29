#pragma once

#include <sys/types.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "media/janus_config.h"

namespace tsunagu::media {

// The delay before restart number `attempt` (0-based) after Janus died: initial · 2^attempt,
// at most `max`. Pure.
std::chrono::milliseconds janus_backoff_delay(int attempt, std::chrono::milliseconds initial,
                                              std::chrono::milliseconds max);

struct JanusSupervisorOptions {
  JanusSettings settings;  // written to settings.dir at every (re)start
  std::filesystem::path janus_binary = "/usr/bin/janus";
  // Module folders; found with find_janus_install() at each start when empty. Tests that run
  // a fake binary set one so nothing depends on the package.
  std::optional<JanusInstall> install;

  std::chrono::milliseconds poll_interval{200};     // waitpid(WNOHANG) and readiness probes
  std::chrono::milliseconds ready_timeout{10000};   // spawn → `info` answers, else killed
  std::chrono::milliseconds probe_timeout{2000};    // one HTTP `info` request
  std::chrono::milliseconds health_interval{5000};  // `info` while running
  int health_failures_before_restart = 3;           // a hung Janus is killed and restarted
  std::chrono::milliseconds backoff_initial{1000};
  std::chrono::milliseconds backoff_max{30000};
  // Up this long, and the next failure's backoff starts from backoff_initial again.
  std::chrono::milliseconds backoff_reset_after{60000};
  std::chrono::milliseconds missing_recheck{30000};  // binary or modules missing
  std::chrono::milliseconds stop_grace{3000};        // SIGTERM → SIGKILL
};

// Runs Tsunagu's own Janus as a child process and keeps it running, so voice comes back by
// itself while the world carries on with text only:
//
//   start() ─► spawn: write config, fork/exec `janus -C <dir>/janus.jcfg -F <dir>` with
//              stdout/stderr appended to <dir>/janus.log
//          ─► starting: poll waitpid(WNOHANG) and POST {"janus":"info"} until it answers
//          ─► running: available() == true; `info` every health_interval
//   exit / hang / ready timeout ─► available() == false, restart after 1 s, 2 s, 4 s … 30 s
//   binary or modules missing   ─► one log line, available() == false, look again every 30 s
//   stop() ─► SIGTERM, up to stop_grace, then SIGKILL
//
// Thread: everything runs on the io_context's thread, with timers and async I/O only (no
// blocking call on the loop, except stop_now()). Call start(), stop(), pid() and the
// destructor there, or before the loop runs / after it has stopped. available() may be read
// from any thread. The child gets PR_SET_PDEATHSIG(SIGKILL), tied to the thread that forked
// it: keep the loop's thread alive as long as the supervisor (serve.cc's main thread is).
class JanusSupervisor {
 public:
  JanusSupervisor(boost::asio::io_context& io, JanusSupervisorOptions options);
  ~JanusSupervisor();  // stop_now()
  JanusSupervisor(const JanusSupervisor&) = delete;
  JanusSupervisor& operator=(const JanusSupervisor&) = delete;

  // Validates the settings (an error here is bad configuration: fail the start), then begins
  // supervising. Janus itself being missing or failing is not an error: see the states above.
  core::Status start();

  // Stops supervising: SIGTERM, then SIGKILL after stop_grace. `done` runs on the loop once
  // the child is reaped (at once, posted, if there is none). on_change(false) fires if voice
  // was available.
  void stop(std::function<void()> done = {});

  // The same, blocking (bounded by stop_grace plus a moment), for use after the loop has
  // stopped. Calls no callbacks.
  void stop_now();

  bool available() const { return available_.load(std::memory_order_acquire); }
  pid_t pid() const { return pid_; }           // 0 when no child is running
  int spawn_count() const { return spawns_; }  // children forked so far
  // Where our server sends Janus API requests, e.g. "http://127.0.0.1:18088/janus".
  std::string http_url() const;
  const JanusSupervisorOptions& options() const { return options_; }

  // Called on the loop when available() changes (both ways).
  std::function<void(bool available)> on_change;
  // Called on the loop when the next start is scheduled after a failure (backoff) or while
  // the binary is missing (missing_recheck): for "voice unavailable, retrying in N s".
  std::function<void(std::chrono::milliseconds delay)> on_retry;

 private:
  enum class State { kIdle, kMissing, kStarting, kRunning, kBackoff, kStopping };

  void spawn();
  void tick();
  void schedule_tick();
  void probe();
  void on_probe(std::uint64_t generation, bool ok);
  void on_exit(int wait_status);
  void wait_then_spawn(std::chrono::milliseconds delay);
  void set_available(bool value);
  void finish_stop();
  std::string log_path() const;

  boost::asio::io_context& io_;
  JanusSupervisorOptions options_;
  boost::asio::steady_timer tick_timer_;
  boost::asio::steady_timer wait_timer_;
  std::shared_ptr<char> alive_ = std::make_shared<char>();  // handlers hold a weak_ptr

  State state_ = State::kIdle;
  pid_t pid_ = 0;
  std::uint64_t generation_ = 0;  // one per child, so late probe answers are ignored
  bool probe_in_flight_ = false;
  bool truncate_log_ = true;  // the first child of a start() starts a fresh janus.log
  bool logged_missing_ = false;
  bool sent_kill_ = false;
  int attempt_ = 0;  // failures since the last stable run
  int health_failures_ = 0;
  int spawns_ = 0;
  std::chrono::steady_clock::time_point spawned_at_, ready_at_, deadline_, next_health_;
  std::vector<std::function<void()>> stop_waiters_;
  std::atomic<bool> available_{false};
};

}  // namespace tsunagu::media
