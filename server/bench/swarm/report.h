#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "swarm/latency.h"
#include "swarm/neighbours.h"
#include "swarm/options.h"

// What a swarm run measured, how it is judged, and how it is printed.
namespace tsunagu::swarm {

// Event counts. Each event loop keeps its own; they are merged at the end. Thread: one owner.
struct Counters {
  std::uint64_t world_frames = 0;   // WORLD frames received (snapshots included)
  std::uint64_t snapshots = 0;
  std::uint64_t records_join = 0;
  std::uint64_t records_leave = 0;
  std::uint64_t records_move = 0;
  std::uint64_t moves_unknown = 0;  // MOVE records for an avatar the bot holds no JOIN for
  std::uint64_t text_messages = 0;
  std::uint64_t moves_sent = 0;
  std::uint64_t decode_errors = 0;  // binary frames the codec rejected
  std::uint64_t reconnects = 0;     // `reconnect` messages followed
  std::uint64_t session_retries = 0;  // POST /api/session answered 429, tried again
  std::map<std::string, std::uint64_t> protocol_errors;  // `error` messages by code
  std::map<int, std::uint64_t> unexpected_closes;        // by close code; 1006 = no close frame
  std::map<std::string, std::uint64_t> connect_errors;   // by the step that failed

  void merge(const Counters& other);
};

// Totals of a map of counts.
template <typename K>
std::uint64_t total(const std::map<K, std::uint64_t>& counts) {
  std::uint64_t n = 0;
  for (const auto& [k, v] : counts) n += v;
  return n;
}

struct RateStats {
  double mean = 0;
  double max = 0;
};
// Mean and maximum of per-client values.
RateStats rate_stats(const std::vector<double>& values);

struct Summary {
  Options options;
  int joined = 0;         // bots that joined their space and got its snapshot
  int in_space = 0;       // of those, bots still in it at the check
  double ramp_s = 0;      // from the first start until every bot joined (or gave up)
  double measured_s = 0;  // the window that latency and bytes cover
  double quiet_s = 0;     // from the bots' stop until no WORLD frame came for a second
  LatencyHistogram latency;     // µs, receivers within the neighbour radius only
  std::vector<double> down_bps;  // per joined bot, bytes per second in the window
  std::vector<double> up_bps;
  Counters counters;
  NeighbourReport neighbours;
  double cpu_percent = 0;  // the swarm's own CPU time over the window, % of one core
  double rss_mb = 0;
};

// Why the run failed; empty when it passed. Pure.
std::vector<std::string> judge(const Summary& summary);

// Every number of the run as one JSON object ("ok" and "failures" included).
nlohmann::json to_json(const Summary& summary, const std::vector<std::string>& failures);
// A human summary, several lines.
std::string to_text(const Summary& summary, const std::vector<std::string>& failures);

}  // namespace tsunagu::swarm
