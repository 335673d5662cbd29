#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "swarm/behaviour.h"

namespace tsunagu::swarm {

// Where the server is: http://HOST:PORT (or ws://), no path.
struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
};

// Parses "http://127.0.0.1:8080", "ws://localhost:8080/" …; HTTPS/WSS are not supported (a
// swarm measures the server, not TLS). Errors: bad_url.
core::Result<Endpoint> parse_url(std::string_view url);
// 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(std::string_view host);

// The command line of tsunagu-swarm. Every field has a default; see usage().
struct Options {
  Endpoint server{"127.0.0.1", 8080};
  int clients = 100;
  double rate = 20;     // MOVE frames per second at most, per bot
  double seconds = 10;  // the measured window, after every bot has joined
  std::vector<std::string> spaces{"plaza"};  // bot i goes to spaces[i % size]
  bool json = false;
  int threads = 1;
  Pattern pattern = Pattern::kMix;
  double ramp = 200;    // bots started per second
  bool idle = false;    // join, then never move
  bool allow_remote = false;
  std::uint64_t seed = 1;
  float neighbour_radius = 10;  // metres: the check and latency count receivers this near
};

// Parses the arguments after the program name. Errors: bad_option (the message says which).
// A non-loopback host is refused unless --allow-remote is given.
core::Result<Options> parse_options(const std::vector<std::string_view>& args);
std::string_view usage();

}  // namespace tsunagu::swarm
