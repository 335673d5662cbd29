#include "media/janus_supervisor.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace tsunagu::media {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr const char* kJanusBinary = "/usr/bin/janus";

TEST(JanusBackoffTest, DoublesUpToTheCap) {
  struct Case {
    int attempt;
    milliseconds want;
  };
  const std::vector<Case> cases = {{-1, 1000ms}, {0, 1000ms},  {1, 2000ms},
                                   {2, 4000ms},  {3, 8000ms},  {4, 16000ms},
                                   {5, 30000ms}, {6, 30000ms}, {100, 30000ms}};
  for (const auto& c : cases) {
    SCOPED_TRACE("attempt " + std::to_string(c.attempt));
    EXPECT_EQ(janus_backoff_delay(c.attempt, 1000ms, 30000ms), c.want);
  }
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/tsunagu-janus-supervisor-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

int free_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

void write_script(const fs::path& path, const std::string& body) {
  {
    std::ofstream out(path);
    out << "#!/bin/sh\n" << body << "\n";
  }
  ::chmod(path.c_str(), 0755);
}

JanusSupervisorOptions test_options(const fs::path& dir) {
  JanusSupervisorOptions o;
  o.settings.dir = dir / "janus";
  o.settings.http_port = free_port();
  o.settings.api_secret = "server-api-secret-0123456789";
  o.settings.token_auth_secret = "token-auth-secret-0123456789";
  o.settings.videoroom_admin_key = "videoroom-admin-key-0123456789";
  o.poll_interval = 10ms;
  o.probe_timeout = 500ms;
  o.stop_grace = 2000ms;
  return o;
}

// For fake binaries: module lists that need no package.
JanusInstall fake_install() {
  JanusInstall i;
  i.lib_dir = "/nonexistent/janus";
  i.plugins = {"libjanus_videoroom.so"};
  i.transports = {"libjanus_http.so"};
  return i;
}

// Runs the loop until `done()` or `timeout`; true if done.
bool run_until(asio::io_context& io, const std::function<bool()>& done, milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    io.restart();
    io.run_for(10ms);
  }
  return true;
}

bool process_gone(pid_t pid) { return ::kill(pid, 0) == -1 && errno == ESRCH; }

std::vector<long long> read_stamps_ms(const fs::path& path) {
  std::vector<long long> out;
  std::ifstream in(path);
  long long ns;
  while (in >> ns) out.push_back(ns / 1000000);
  return out;
}

TEST(JanusSupervisorTest, RejectsBadSettingsAtStart) {
  TempDir tmp;
  asio::io_context io;
  auto options = test_options(tmp.path());
  options.settings.api_secret.clear();
  JanusSupervisor supervisor(io, options);
  auto st = supervisor.start();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message().find("api_secret"), std::string::npos);
  EXPECT_EQ(supervisor.spawn_count(), 0);
}

TEST(JanusSupervisorTest, RejectsAnUnwritableFolderAtStart) {
  TempDir tmp;
  asio::io_context io;
  auto options = test_options(tmp.path());
  { std::ofstream(tmp.path() / "file") << "x"; }
  options.settings.dir = tmp.path() / "file" / "janus";  // below a regular file
  JanusSupervisor supervisor(io, options);
  auto st = supervisor.start();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().name(), "janus_dir");
  EXPECT_EQ(supervisor.spawn_count(), 0);
}

TEST(JanusSupervisorTest, ReportsItsApiUrl) {
  asio::io_context io;
  JanusSupervisorOptions o;
  o.settings.http_port = 18088;
  EXPECT_EQ(JanusSupervisor(io, o).http_url(), "http://127.0.0.1:18088/janus");
  o.settings.bind_address = "0.0.0.0";
  EXPECT_EQ(JanusSupervisor(io, o).http_url(), "http://127.0.0.1:18088/janus");
  o.settings.bind_address = "::1";
  EXPECT_EQ(JanusSupervisor(io, o).http_url(), "http://[::1]:18088/janus");
}

// A "janus" that dies at once is restarted after 100, 200, 400, 400 … ms (the test's
// initial and cap), and voice never becomes available.
TEST(JanusSupervisorTest, RestartsADyingJanusWithBackoff) {
  TempDir tmp;
  fs::path stamps = tmp.path() / "stamps";
  fs::path fake = tmp.path() / "fake-janus";
  write_script(fake, "date +%s%N >> '" + stamps.string() + "'\nexit 3");

  asio::io_context io;
  auto options = test_options(tmp.path());
  options.janus_binary = fake;
  options.install = fake_install();
  options.backoff_initial = 100ms;
  options.backoff_max = 400ms;
  JanusSupervisor supervisor(io, options);
  std::vector<bool> changes;
  std::vector<long long> delays;
  supervisor.on_change = [&](bool up) { changes.push_back(up); };
  supervisor.on_retry = [&](milliseconds d) { delays.push_back(d.count()); };
  ASSERT_TRUE(supervisor.start());
  ASSERT_TRUE(run_until(
      io, [&] { return delays.size() >= 5; }, 5000ms));
  bool stopped = false;
  supervisor.stop([&] { stopped = true; });
  ASSERT_TRUE(run_until(
      io, [&] { return stopped; }, 2000ms));

  EXPECT_TRUE(changes.empty());
  EXPECT_FALSE(supervisor.available());
  const std::vector<long long> want = {100, 200, 400, 400, 400, 400, 400, 400};
  ASSERT_LE(delays.size(), want.size());
  EXPECT_EQ(delays, std::vector<long long>(want.begin(), want.begin() + delays.size()));

  // Each script ran, and no restart came sooner than its delay: a script writes its stamp
  // before it exits, and the next one starts at least `delay` after that exit.
  auto t = read_stamps_ms(stamps);
  ASSERT_GE(t.size(), 5u);
  EXPECT_LE(static_cast<int>(t.size()), supervisor.spawn_count());
  for (size_t i = 1; i < t.size(); ++i) {
    long long gap = t[i] - t[i - 1];
    SCOPED_TRACE("restart " + std::to_string(i) + " after " + std::to_string(gap) + " ms");
    EXPECT_GE(gap, want[i - 1] - 2);     // clock granularity
    EXPECT_LE(gap, want[i - 1] + 2000);  // generous: shells start slowly on a busy machine
  }
  // The config was written for each start, privately.
  struct stat st {};
  ASSERT_EQ(::stat((options.settings.dir / "janus.jcfg").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(fs::exists(options.settings.dir / "janus.log"));
}

// No binary: nothing is spawned, voice is unavailable, and the supervisor keeps looking, so
// installing Janus later brings it up without restarting Tsunagu.
TEST(JanusSupervisorTest, WaitsForAMissingBinaryToBeInstalled) {
  TempDir tmp;
  fs::path fake = tmp.path() / "bin" / "janus";
  fs::path stamps = tmp.path() / "stamps";
  asio::io_context io;
  auto options = test_options(tmp.path());
  options.janus_binary = fake;
  options.install = fake_install();
  options.missing_recheck = 100ms;
  options.backoff_initial = 1000ms;
  JanusSupervisor supervisor(io, options);
  std::vector<long long> delays;
  supervisor.on_retry = [&](milliseconds d) { delays.push_back(d.count()); };
  ASSERT_TRUE(supervisor.start());
  run_until(
      io, [] { return false; }, 350ms);
  EXPECT_EQ(supervisor.spawn_count(), 0);
  EXPECT_FALSE(supervisor.available());
  EXPECT_EQ(supervisor.pid(), 0);
  ASSERT_GE(delays.size(), 2u);
  EXPECT_EQ(delays, std::vector<long long>(delays.size(), 100));  // no backoff growth

  fs::create_directories(fake.parent_path());
  write_script(fake, "date +%s%N >> '" + stamps.string() + "'\nexit 0");
  // It ran (not just forked): the script wrote its stamp.
  EXPECT_TRUE(run_until(
      io, [&] { return read_stamps_ms(stamps).size() == 1; }, 1000ms));
  EXPECT_EQ(supervisor.spawn_count(), 1);
  supervisor.stop();
  run_until(
      io, [] { return false; }, 50ms);
}

// A "janus" that never answers is killed at the ready timeout and started again.
TEST(JanusSupervisorTest, KillsAJanusThatNeverAnswers) {
  TempDir tmp;
  fs::path fake = tmp.path() / "fake-janus";
  write_script(fake, "exec sleep 30");
  asio::io_context io;
  auto options = test_options(tmp.path());
  options.janus_binary = fake;
  options.install = fake_install();
  options.ready_timeout = 300ms;
  options.backoff_initial = 50ms;
  JanusSupervisor supervisor(io, options);
  ASSERT_TRUE(supervisor.start());
  ASSERT_TRUE(run_until(
      io, [&] { return supervisor.pid() != 0; }, 500ms));
  pid_t first = supervisor.pid();
  ASSERT_TRUE(run_until(
      io, [&] { return supervisor.spawn_count() >= 2; }, 2000ms));
  EXPECT_TRUE(process_gone(first));
  EXPECT_FALSE(supervisor.available());
  supervisor.stop_now();
  EXPECT_EQ(supervisor.pid(), 0);
}

// stop() escalates to SIGKILL when SIGTERM is ignored, and still reports done.
TEST(JanusSupervisorTest, StopKillsAJanusThatIgnoresSigterm) {
  TempDir tmp;
  fs::path fake = tmp.path() / "fake-janus";
  fs::path trapped = tmp.path() / "trapped";
  write_script(fake,
               "trap '' TERM\ntouch '" + trapped.string() + "'\nwhile :; do sleep 0.05; done");
  asio::io_context io;
  auto options = test_options(tmp.path());
  options.janus_binary = fake;
  options.install = fake_install();
  options.ready_timeout = 10s;
  options.stop_grace = 200ms;
  JanusSupervisor supervisor(io, options);
  ASSERT_TRUE(supervisor.start());
  ASSERT_TRUE(run_until(
      io, [&] { return supervisor.pid() != 0; }, 500ms));
  ASSERT_TRUE(run_until(
      io, [&] { return fs::exists(trapped); }, 2000ms));  // trap is set
  pid_t pid = supervisor.pid();
  bool stopped = false;
  auto begin = Clock::now();
  supervisor.stop([&] { stopped = true; });
  ASSERT_TRUE(run_until(
      io, [&] { return stopped; }, 2000ms));
  auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - begin);
  EXPECT_GE(took, 190ms);
  EXPECT_LT(took, 1500ms);
  EXPECT_TRUE(process_gone(pid));
  EXPECT_EQ(supervisor.pid(), 0);
}

// The real thing: available within 5 s; kill -9 → unavailable, then back after the backoff;
// stop() → the process is gone.
TEST(JanusSupervisorTest, RealJanusStartsRestartsAndStops) {
  if (!fs::exists(kJanusBinary)) {
    GTEST_SKIP() << kJanusBinary << " missing: install the Debian package `janus` to run this test";
  }
  TempDir tmp;
  asio::io_context io;
  auto options = test_options(tmp.path());
  options.poll_interval = 50ms;
  options.backoff_initial = 200ms;
  options.health_interval = 200ms;
  JanusSupervisor supervisor(io, options);
  std::vector<bool> changes;
  supervisor.on_change = [&](bool up) { changes.push_back(up); };
  ASSERT_TRUE(supervisor.start());

  ASSERT_TRUE(run_until(
      io, [&] { return supervisor.available(); }, 5000ms))
      << "see " << (options.settings.dir / "janus.log");
  pid_t first = supervisor.pid();
  ASSERT_GT(first, 0);
  EXPECT_EQ(changes, std::vector<bool>{true});
  run_until(
      io, [] { return false; }, 500ms);  // a few health checks pass
  EXPECT_TRUE(supervisor.available());

  ASSERT_EQ(::kill(first, SIGKILL), 0);
  ASSERT_TRUE(run_until(
      io, [&] { return !supervisor.available(); }, 2000ms));
  ASSERT_TRUE(run_until(
      io, [&] { return supervisor.available(); }, 5000ms));
  pid_t second = supervisor.pid();
  EXPECT_NE(second, first);
  EXPECT_TRUE(process_gone(first));
  EXPECT_EQ(changes, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(supervisor.spawn_count(), 2);

  bool stopped = false;
  supervisor.stop([&] { stopped = true; });
  EXPECT_FALSE(supervisor.available());
  ASSERT_TRUE(run_until(
      io, [&] { return stopped; }, 5000ms));
  EXPECT_TRUE(process_gone(second));
  EXPECT_EQ(supervisor.pid(), 0);
  EXPECT_EQ(changes, (std::vector<bool>{true, false, true, false}));
  EXPECT_GT(fs::file_size(options.settings.dir / "janus.log"), 0u);
}

// Destroying the supervisor (as serve.cc does on exit) stops Janus too.
TEST(JanusSupervisorTest, RealJanusDiesWithTheSupervisor) {
  if (!fs::exists(kJanusBinary)) {
    GTEST_SKIP() << kJanusBinary << " missing: install the Debian package `janus` to run this test";
  }
  TempDir tmp;
  asio::io_context io;
  pid_t pid = 0;
  {
    JanusSupervisor supervisor(io, test_options(tmp.path()));
    ASSERT_TRUE(supervisor.start());
    ASSERT_TRUE(run_until(
        io, [&] { return supervisor.available(); }, 5000ms));
    pid = supervisor.pid();
  }
  EXPECT_TRUE(process_gone(pid));
}

}  // namespace
}  // namespace tsunagu::media
