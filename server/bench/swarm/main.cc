// tsunagu-swarm: thousands of bots in one process speaking Tsunagu's real protocol, for load
// tests and a correctness check. See docs/benchmarks.md and `tsunagu-swarm --help`.
//
// The run, in order: ramp (bots start at --ramp per second and join) → measure (--seconds:
// latency and bytes are counted) → quiet (bots stand still so that what they heard settles) →
// check (every loop paused; each bot's knowledge is compared with the truth) → close.

#include <sys/resource.h>

#include <utility>  // before Boost.Asio: its awaitable.hpp needs std::exchange

#include <cstdio>
#include <fstream>
#include <iostream>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "swarm/bot.h"
#include "swarm/neighbours.h"
#include "swarm/options.h"
#include "swarm/report.h"

namespace tsunagu::swarm {
namespace {

namespace http = beast::http;
using clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr auto kSettleAfterRamp = std::chrono::seconds(1);  // joins reach everyone
// After the bots stop, the server still sends what it deferred (byte budget, slow ticks); the
// check waits until no WORLD frame has come for kQuietSilence, at most kQuietMax.
constexpr auto kQuietSilence = std::chrono::seconds(1);
constexpr auto kQuietMax = std::chrono::seconds(20);
constexpr auto kRampGrace = std::chrono::seconds(45);       // slow joins, beyond the ramp
constexpr auto kCloseGrace = std::chrono::seconds(5);

// Progress goes to stderr, in --json mode too (stdout then holds only the JSON line): the
// bench script reads the "measuring" and "measured" lines to time its own samples.
void say(const Options&, const std::string& line) {
  std::cerr << "tsunagu-swarm: " << line << std::endl;
}

// Raises the open-file limit to the hard limit: every bot is a socket.
void raise_file_limit(const Options& o) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);
  const auto needed = static_cast<rlim_t>(o.clients) + 64;
  if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < needed) {
    std::cerr << "tsunagu-swarm: warning: the open-file limit (" << lim.rlim_max
              << ") is below the " << needed << " sockets this run needs\n";
  }
}

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

double resident_mb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024.0;  // kB
  }
  return 0;
}

// GET /api/rules → its version; nullopt if the server cannot be reached.
std::optional<int> fetch_rules_version(const Shared& shared, std::string& why) {
  try {
    asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(5));
    stream.connect(shared.endpoint);
    http::request<http::empty_body> req{http::verb::get, "/api/rules", 11};
    req.set(http::field::host, shared.host_header);
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    if (res.result_int() != 200) {
      why = "GET /api/rules answered " + std::to_string(res.result_int());
      return std::nullopt;
    }
    json j = json::parse(res.body(), nullptr, false);
    if (!j.is_object() || !j.contains("version") || !j["version"].is_number_integer()) {
      why = "GET /api/rules: no version in the answer";
      return std::nullopt;
    }
    return j["version"].get<int>();
  } catch (const std::exception& e) {
    why = e.what();
    return std::nullopt;
  }
}

// Runs `fn` on main while every loop is paused inside a handler, so that it may read every
// bot. The loops resume when it returns.
template <typename Fn>
void with_loops_paused(std::vector<std::unique_ptr<Worker>>& workers, Fn&& fn) {
  auto arrived = std::make_shared<std::latch>(static_cast<std::ptrdiff_t>(workers.size()));
  auto resume = std::make_shared<std::latch>(1);
  for (auto& w : workers) {
    asio::post(w->io, [arrived, resume] {
      arrived->count_down();
      resume->wait();
    });
  }
  arrived->wait();
  fn();
  resume->count_down();
}

// Sleeps until `deadline` or until `done()` holds, checking every 50 ms.
template <typename Done>
void wait_until(clock::time_point deadline, Done&& done) {
  while (clock::now() < deadline && !done()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int run(const Options& options) {
  raise_file_limit(options);
  Shared shared;
  shared.options = options;
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    auto results = resolver.resolve(options.server.host, std::to_string(options.server.port));
    if (results.empty()) throw std::runtime_error("no address");
    shared.endpoint = results.begin()->endpoint();
  } catch (const std::exception& e) {
    std::cerr << "tsunagu-swarm: cannot resolve " << options.server.host << ": " << e.what()
              << "\n";
    return 2;
  }
  const bool v6 = shared.endpoint.address().is_v6();
  shared.host_header = (v6 ? "[" + options.server.host + "]" : options.server.host) + ":" +
                       std::to_string(options.server.port);
  std::string why;
  auto rules = fetch_rules_version(shared, why);
  if (!rules) {
    std::cerr << "tsunagu-swarm: the server at " << shared.host_header
              << " cannot be reached: " << why << "\n";
    return 2;
  }
  shared.rules_version = *rules;

  // The loops and their bots: bot i lives on loop i mod threads.
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < options.threads; ++t) workers.push_back(std::make_unique<Worker>());
  std::vector<Bot*> bots;
  for (int i = 0; i < options.clients; ++i) {
    Worker& w = *workers[static_cast<std::size_t>(i % options.threads)];
    w.bots.push_back(std::make_unique<Bot>(shared, w, i));
    bots.push_back(w.bots.back().get());
  }
  using Guard = asio::executor_work_guard<asio::io_context::executor_type>;
  std::vector<Guard> guards;
  for (auto& w : workers) {
    guards.emplace_back(w->io.get_executor());
    w->thread = std::thread([&io = w->io] {
      for (;;) {
        try {
          io.run();
          return;
        } catch (const std::exception& e) {
          std::cerr << "tsunagu-swarm: error in an event loop: " << e.what() << "\n";
        }
      }
    });
  }

  // Ramp: start bots at the given rate.
  say(options, "starting " + std::to_string(options.clients) + " bots at " +
                   std::to_string(static_cast<int>(options.ramp)) + " per second");
  const auto ramp_start = clock::now();
  for (int i = 0; i < options.clients; ++i) {
    std::this_thread::sleep_until(ramp_start + std::chrono::duration_cast<clock::duration>(
                                                   std::chrono::duration<double>(i / options.ramp)));
    Bot* bot = bots[static_cast<std::size_t>(i)];
    asio::post(workers[static_cast<std::size_t>(i % options.threads)]->io, [bot] { bot->start(); });
  }
  wait_until(clock::now() + kRampGrace,
             [&] { return shared.settled.load() >= options.clients; });
  const double ramp_s = std::chrono::duration<double>(clock::now() - ramp_start).count();
  say(options, std::to_string(shared.joined.load()) + " bots joined in " +
                   std::to_string(ramp_s).substr(0, 5) + " s");
  std::this_thread::sleep_for(kSettleAfterRamp);

  // Measure.
  SenderMap senders;
  with_loops_paused(workers, [&] {
    for (Bot* b : bots) {
      if (b->id() != 0) senders.emplace(b->id(), &b->ring());
    }
  });
  shared.senders.store(&senders, std::memory_order_release);
  const double cpu_start = process_cpu_seconds();
  const auto measure_start = clock::now();
  shared.phase.store(static_cast<int>(Phase::kMeasure), std::memory_order_release);
  say(options, "measuring for " + std::to_string(options.seconds).substr(0, 5) + " s");
  wait_until(measure_start + std::chrono::duration_cast<clock::duration>(
                                 std::chrono::duration<double>(options.seconds)),
             [&] { return shared.finished.load() >= options.clients; });
  shared.phase.store(static_cast<int>(Phase::kQuiet), std::memory_order_release);
  Summary summary;
  summary.options = options;
  summary.ramp_s = ramp_s;
  summary.measured_s = std::chrono::duration<double>(clock::now() - measure_start).count();
  summary.cpu_percent =
      summary.measured_s > 0 ? 100.0 * (process_cpu_seconds() - cpu_start) / summary.measured_s : 0;
  summary.rss_mb = resident_mb();
  say(options, "measured " + std::to_string(summary.measured_s).substr(0, 5) +
                   " s; standing still before the check");

  // Quiet, then the check with every loop paused.
  const auto quiet_start = clock::now();
  {
    std::uint64_t last = shared.frames.load();
    auto last_change = clock::now();
    while (clock::now() - quiet_start < kQuietMax && clock::now() - last_change < kQuietSilence) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::uint64_t now = shared.frames.load();
      if (now != last) {
        last = now;
        last_change = clock::now();
      }
    }
  }
  summary.quiet_s = std::chrono::duration<double>(clock::now() - quiet_start).count();
  with_loops_paused(workers, [&] {
    std::vector<BotView> views;
    views.reserve(bots.size());
    for (Bot* b : bots) {
      BotView v;
      v.id = b->id();
      if (b->in_space()) {
        v.space = b->space_index();
        v.truth = b->truth();
        v.known = &b->known();
        ++summary.in_space;
        const double secs = std::max(summary.measured_s, 1e-9);
        summary.down_bps.push_back(static_cast<double>(b->down_bytes()) / secs);
        summary.up_bps.push_back(static_cast<double>(b->up_bytes()) / secs);
      }
      views.push_back(v);
    }
    summary.neighbours = check_neighbours(views, options.neighbour_radius);
    for (auto& w : workers) {
      summary.counters.merge(w->counters);
      summary.latency.merge(w->latency);
    }
  });
  summary.joined = shared.joined.load();

  // Close politely, then stop.
  shared.phase.store(static_cast<int>(Phase::kClosing), std::memory_order_release);
  for (std::size_t i = 0; i < bots.size(); ++i) {
    Bot* bot = bots[i];
    asio::post(workers[i % workers.size()]->io, [bot] { bot->stop(); });
  }
  const int started = options.clients;
  wait_until(clock::now() + kCloseGrace, [&] { return shared.finished.load() >= started; });
  for (auto& g : guards) g.reset();
  for (auto& w : workers) w->io.stop();
  for (auto& w : workers) w->thread.join();
  shared.senders.store(nullptr);

  const auto failures = judge(summary);
  if (options.json) {
    std::cout << to_json(summary, failures).dump() << std::endl;
  } else {
    std::cout << to_text(summary, failures) << std::flush;
  }
  return failures.empty() ? 0 : 1;
}

}  // namespace
}  // namespace tsunagu::swarm

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  for (auto a : args) {
    if (a == "--help" || a == "-h" || a == "help") {
      std::cout << tsunagu::swarm::usage();
      return 0;
    }
  }
  auto options = tsunagu::swarm::parse_options(args);
  if (!options) {
    std::cerr << "tsunagu-swarm: " << options.error().message() << "\n";
    return 2;
  }
  return tsunagu::swarm::run(*options);
}
