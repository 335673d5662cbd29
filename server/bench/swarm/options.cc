#include "swarm/options.h"

#include <charconv>
#include <cstdlib>
#include <type_traits>
#include <cmath>

namespace tsunagu::swarm {
namespace {

auto bad_url(std::string message) {
  return core::fail(core::Code::kInvalidArgument, "bad_url", std::move(message));
}
auto bad(std::string message) {
  return core::fail(core::Code::kInvalidArgument, "bad_option", std::move(message));
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
  if (text.empty()) return false;
  if constexpr (std::is_floating_point_v<T>) {
    // std::from_chars for double is in GCC 12's library; keep to the plain C locale form.
    char* end = nullptr;
    const std::string copy(text);
    const double v = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return false;
    out = static_cast<T>(v);
    return true;
  } else {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
  }
}

std::vector<std::string> split_spaces(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

bool valid_space_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace

core::Result<Endpoint> parse_url(std::string_view url) {
  std::string_view rest;
  for (std::string_view scheme : {"http://", "ws://"}) {
    if (url.starts_with(scheme)) rest = url.substr(scheme.size());
  }
  if (rest.empty()) {
    if (url.starts_with("https://") || url.starts_with("wss://")) {
      return bad_url("TLS is not supported: give the server's plain http:// address");
    }
    return bad_url("the URL must look like http://127.0.0.1:8080");
  }
  const auto slash = rest.find('/');
  if (slash != std::string_view::npos) {
    if (rest.substr(slash) != "/") return bad_url("the URL must not have a path");
    rest = rest.substr(0, slash);
  }
  Endpoint e;
  std::string_view port_text;
  if (rest.starts_with('[')) {  // [::1]:8080
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return bad_url("unclosed [ in the host");
    e.host = std::string(rest.substr(1, close - 1));
    rest = rest.substr(close + 1);
    if (!rest.starts_with(':')) return bad_url("the URL needs a port");
    port_text = rest.substr(1);
  } else {
    const auto colon = rest.rfind(':');
    if (colon == std::string_view::npos) return bad_url("the URL needs a port");
    e.host = std::string(rest.substr(0, colon));
    port_text = rest.substr(colon + 1);
  }
  int port = 0;
  if (e.host.empty()) return bad_url("the URL needs a host");
  if (!parse_number(port_text, port) || port < 1 || port > 65535) {
    return bad_url("the port must be 1–65535");
  }
  e.port = static_cast<std::uint16_t>(port);
  return e;
}

bool is_loopback(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  if (!host.starts_with("127.")) return false;
  // 127.a.b.c with numbers 0–255.
  int parts = 0;
  std::string_view rest = host;
  while (true) {
    const auto dot = rest.find('.');
    int value = -1;
    if (!parse_number(rest.substr(0, dot), value) || value < 0 || value > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return parts == 4;
}

core::Result<Options> parse_options(const std::vector<std::string_view>& args) {
  Options o;
  std::string url = "http://127.0.0.1:8080";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view flag = args[i];
    if (flag == "--json") { o.json = true; continue; }
    if (flag == "--idle") { o.idle = true; continue; }
    if (flag == "--allow-remote") { o.allow_remote = true; continue; }
    if (i + 1 >= args.size()) return bad(std::string(flag) + " needs a value (see --help)");
    const std::string_view value = args[++i];
    bool ok = true;
    if (flag == "--url") {
      url = std::string(value);
    } else if (flag == "--clients") {
      ok = parse_number(value, o.clients) && o.clients >= 1 && o.clients <= 100000;
      if (!ok) return bad("--clients must be 1–100000");
    } else if (flag == "--rate") {
      ok = parse_number(value, o.rate) && o.rate > 0 && o.rate <= 60;
      if (!ok) return bad("--rate must be more than 0 and at most 60 (Hz)");
    } else if (flag == "--seconds") {
      ok = parse_number(value, o.seconds) && o.seconds >= 0 && o.seconds <= 86400;
      if (!ok) return bad("--seconds must be 0–86400");
    } else if (flag == "--space") {
      o.spaces = split_spaces(value);
      if (o.spaces.empty()) return bad("--space needs a space id (or several, comma-separated)");
      for (const auto& s : o.spaces) {
        if (!valid_space_id(s)) return bad("--space: '" + s + "' is not a space id ([a-z0-9-])");
      }
    } else if (flag == "--threads") {
      ok = parse_number(value, o.threads) && o.threads >= 1 && o.threads <= 64;
      if (!ok) return bad("--threads must be 1–64");
    } else if (flag == "--pattern") {
      auto p = parse_pattern(value);
      if (!p) return bad("--pattern must be wander, exhibits, stage or mix");
      o.pattern = *p;
    } else if (flag == "--ramp") {
      ok = parse_number(value, o.ramp) && o.ramp > 0 && o.ramp <= 100000;
      if (!ok) return bad("--ramp must be more than 0 (bots per second)");
    } else if (flag == "--seed") {
      if (!parse_number(value, o.seed)) return bad("--seed must be a whole number");
    } else {
      return bad("unknown option " + std::string(flag) + " (see --help)");
    }
  }
  auto endpoint = parse_url(url);
  if (!endpoint) return bad("--url: " + endpoint.error().message());
  if (!o.allow_remote && !is_loopback(endpoint->host)) {
    return bad("--url: the swarm only targets this machine (127.0.0.1); '" + endpoint->host +
               "' is another host");
  }
  o.server = *endpoint;
  return o;
}

std::string_view usage() {
  return R"(tsunagu-swarm — thousands of bots in one process speaking Tsunagu's real protocol

usage: tsunagu-swarm [--url http://127.0.0.1:8080] [--clients N] [--rate HZ] [--seconds S]
                     [--space ID[,ID…]] [--pattern wander|exhibits|stage|mix] [--threads N]
                     [--ramp BOTS_PER_S] [--idle] [--seed N] [--json]

  --url       the server (loopback only)                        default http://127.0.0.1:8080
  --clients   bots                                              default 100
  --rate      MOVE frames per second per bot, sent only on change  default 20
  --seconds   the measured window, after every bot has joined   default 10
  --space     the space(s) to join; bot i joins the (i mod n)-th  default plaza
  --pattern   how bots move                                     default mix
  --threads   event loops in the swarm                          default 1
  --ramp      bots started per second                           default 200
  --idle      bots join and never move (memory tests)
  --seed      seed of the bots' randomness                      default 1
  --json      print exactly one JSON line with every number at the end

Exit status: 0 when every bot connected and joined, no error message or unexpected close came,
and every bot knew all its neighbours (bots within 10 m) with their last transforms; 1 otherwise;
2 for a bad command line or an unreachable server.
)";
}

}  // namespace tsunagu::swarm
