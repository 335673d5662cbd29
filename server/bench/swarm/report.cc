#include "swarm/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tsunagu::swarm {
namespace {

using nlohmann::json;

template <typename K>
void merge_counts(std::map<K, std::uint64_t>& into, const std::map<K, std::uint64_t>& from) {
  for (const auto& [k, v] : from) into[k] += v;
}

// Rounded for printing: three decimals are plenty for ms and KB/s.
double r3(double v) { return std::round(v * 1000.0) / 1000.0; }

json counts_json(const std::map<std::string, std::uint64_t>& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

json counts_json(const std::map<int, std::uint64_t>& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[std::to_string(k)] = v;
  return j;
}

std::string format(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

template <typename K>
std::string list_counts(const std::map<K, std::uint64_t>& m) {
  std::string out;
  for (const auto& [k, v] : m) {
    if (!out.empty()) out += ", ";
    if constexpr (std::is_same_v<K, int>) {
      out += std::to_string(k);
    } else {
      out += k;
    }
    out += " ×" + std::to_string(v);
  }
  return out;
}

}  // namespace

void Counters::merge(const Counters& o) {
  world_frames += o.world_frames;
  snapshots += o.snapshots;
  records_join += o.records_join;
  records_leave += o.records_leave;
  records_move += o.records_move;
  moves_unknown += o.moves_unknown;
  text_messages += o.text_messages;
  moves_sent += o.moves_sent;
  decode_errors += o.decode_errors;
  reconnects += o.reconnects;
  session_retries += o.session_retries;
  merge_counts(protocol_errors, o.protocol_errors);
  merge_counts(unexpected_closes, o.unexpected_closes);
  merge_counts(connect_errors, o.connect_errors);
}

RateStats rate_stats(const std::vector<double>& values) {
  RateStats s;
  if (values.empty()) return s;
  double sum = 0;
  for (double v : values) {
    sum += v;
    s.max = std::max(s.max, v);
  }
  s.mean = sum / static_cast<double>(values.size());
  return s;
}

std::vector<std::string> judge(const Summary& s) {
  std::vector<std::string> why;
  const Counters& c = s.counters;
  if (s.joined < s.options.clients) {
    why.push_back(std::to_string(s.options.clients - s.joined) + " of " +
                  std::to_string(s.options.clients) + " bots did not join");
  }
  if (auto n = total(c.connect_errors)) {
    why.push_back(std::to_string(n) + " connect errors (" + list_counts(c.connect_errors) + ")");
  }
  if (auto n = total(c.protocol_errors)) {
    why.push_back(std::to_string(n) + " error messages from the server (" +
                  list_counts(c.protocol_errors) + ")");
  }
  if (auto n = total(c.unexpected_closes)) {
    why.push_back(std::to_string(n) + " unexpected closes (codes " +
                  list_counts(c.unexpected_closes) + ")");
  }
  if (c.decode_errors) {
    why.push_back(std::to_string(c.decode_errors) + " binary frames failed to decode");
  }
  if (c.moves_unknown) {
    why.push_back(std::to_string(c.moves_unknown) + " MOVE records for avatars never joined");
  }
  if (c.world_frames == 0) why.push_back("no WORLD frame was received");
  if (!s.options.idle && s.neighbours.pairs > 0 && c.records_move == 0) {
    why.push_back("bots had neighbours but no MOVE record was received");
  }
  const NeighbourReport& n = s.neighbours;
  if (n.missing > 0) {
    why.push_back(format("bots missed neighbours: %llu of %llu pairs, min fraction %.4f (bot %u)",
                         static_cast<unsigned long long>(n.missing),
                         static_cast<unsigned long long>(n.pairs), n.min_fraction, n.worst_id));
  }
  if (n.stale > 0) {
    why.push_back(format("%llu neighbour positions were out of date %.1f s after the bots stopped "
                         "(max %.2f m off)",
                         static_cast<unsigned long long>(n.stale), s.quiet_s,
                         n.max_position_error_m));
  }
  if (n.ghosts > 0) {
    why.push_back(std::to_string(n.ghosts) + " avatars still known after they left");
  }
  return why;
}

json to_json(const Summary& s, const std::vector<std::string>& failures) {
  const Counters& c = s.counters;
  const RateStats down = rate_stats(s.down_bps), up = rate_stats(s.up_bps);
  const NeighbourReport& n = s.neighbours;
  json spaces = json::array();
  for (const auto& id : s.options.spaces) spaces.push_back(id);
  return json{
      {"ok", failures.empty()},
      {"failures", failures},
      {"clients", s.options.clients},
      {"joined", s.joined},
      {"in_space", s.in_space},
      {"threads", s.options.threads},
      {"pattern", std::string(pattern_name(s.options.pattern))},
      {"idle", s.options.idle},
      {"rate_hz", s.options.rate},
      {"spaces", spaces},
      {"ramp_s", r3(s.ramp_s)},
      {"measured_s", r3(s.measured_s)},
      {"quiet_s", r3(s.quiet_s)},
      {"latency_ms",
       {{"count", s.latency.count()},
        {"p50", r3(s.latency.quantile(0.50) / 1000.0)},
        {"p95", r3(s.latency.quantile(0.95) / 1000.0)},
        {"p99", r3(s.latency.quantile(0.99) / 1000.0)},
        {"max", r3(static_cast<double>(s.latency.max()) / 1000.0)},
        {"mean", r3(s.latency.mean() / 1000.0)}}},
      {"down_bytes_per_s", {{"mean", r3(down.mean)}, {"max", r3(down.max)}}},
      {"up_bytes_per_s", {{"mean", r3(up.mean)}, {"max", r3(up.max)}}},
      {"messages",
       {{"world_frames", c.world_frames},
        {"snapshots", c.snapshots},
        {"join_records", c.records_join},
        {"leave_records", c.records_leave},
        {"move_records", c.records_move},
        {"text", c.text_messages},
        {"moves_sent", c.moves_sent}}},
      {"errors",
       {{"connect", total(c.connect_errors)},
        {"connect_by_step", counts_json(c.connect_errors)},
        {"protocol", total(c.protocol_errors)},
        {"protocol_by_code", counts_json(c.protocol_errors)},
        {"unexpected_closes", total(c.unexpected_closes)},
        {"closes_by_code", counts_json(c.unexpected_closes)},
        {"decode", c.decode_errors},
        {"moves_unknown", c.moves_unknown}}},
      {"reconnects", c.reconnects},
      {"session_retries", c.session_retries},
      {"neighbours",
       {{"radius_m", s.options.neighbour_radius},
        {"observers", n.observers},
        {"observers_with_neighbours", n.observers_with_neighbours},
        {"pairs", n.pairs},
        {"missing", n.missing},
        {"min_fraction", r3(n.min_fraction)},
        {"mean_fraction", r3(n.mean_fraction)},
        {"stale_positions", n.stale},
        {"max_position_error_m", r3(n.max_position_error_m)},
        {"ghosts", n.ghosts}}},
      {"swarm_cpu_percent", r3(s.cpu_percent)},
      {"swarm_rss_mb", r3(s.rss_mb)},
  };
}

std::string to_text(const Summary& s, const std::vector<std::string>& failures) {
  const Counters& c = s.counters;
  const RateStats down = rate_stats(s.down_bps), up = rate_stats(s.up_bps);
  const NeighbourReport& n = s.neighbours;
  std::string out;
  out += format("tsunagu-swarm: %d/%d bots joined (%s, %s) in %.1f s; measured %.1f s\n", s.joined,
                s.options.clients, std::string(pattern_name(s.options.pattern)).c_str(),
                s.options.idle ? "idle" : "moving", s.ramp_s, s.measured_s);
  out += format("  update latency (ms, receivers within %.0f m): p50 %.1f  p95 %.1f  p99 %.1f  "
                "max %.1f  (%llu samples)\n",
                s.options.neighbour_radius, s.latency.quantile(0.5) / 1000, s.latency.quantile(0.95) / 1000,
                s.latency.quantile(0.99) / 1000, s.latency.max() / 1000.0,
                static_cast<unsigned long long>(s.latency.count()));
  out += format("  per client: down %.2f KB/s mean, %.2f max; up %.2f KB/s mean, %.2f max\n",
                down.mean / 1000, down.max / 1000, up.mean / 1000, up.max / 1000);
  out += format("  received: %llu WORLD frames, %llu JOIN, %llu LEAVE, %llu MOVE records; sent %llu "
                "MOVE frames\n",
                static_cast<unsigned long long>(c.world_frames),
                static_cast<unsigned long long>(c.records_join),
                static_cast<unsigned long long>(c.records_leave),
                static_cast<unsigned long long>(c.records_move),
                static_cast<unsigned long long>(c.moves_sent));
  out += format("  neighbours (checked %.1f s after the bots stopped): %llu pairs, min fraction "
                "known %.4f, mean %.4f; %llu stale, %llu ghosts\n",
                s.quiet_s, static_cast<unsigned long long>(n.pairs), n.min_fraction,
                n.mean_fraction, static_cast<unsigned long long>(n.stale),
                static_cast<unsigned long long>(n.ghosts));
  out += format("  errors: connect %llu, protocol %llu, unexpected closes %llu, decode %llu\n",
                static_cast<unsigned long long>(total(c.connect_errors)),
                static_cast<unsigned long long>(total(c.protocol_errors)),
                static_cast<unsigned long long>(total(c.unexpected_closes)),
                static_cast<unsigned long long>(c.decode_errors));
  out += format("  swarm: %.0f%% CPU (of one core), %.0f MB resident\n", s.cpu_percent, s.rss_mb);
  if (failures.empty()) {
    out += "  OK\n";
  } else {
    for (const auto& f : failures) out += "  FAIL: " + f + "\n";
  }
  return out;
}

}  // namespace tsunagu::swarm
