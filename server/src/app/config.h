#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/log.h"

namespace tsunagu::app {

// Everything `tsunagu serve` needs to start. Defaults suit `make run` from the repository
// root; a config file (--config, JSON) sets any field, and flags override the file.
struct ServeConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string data_dir = "data";
  std::string web_dir = "web/dist";
  std::string content_dir = "content";
  std::string tls_cert;
  std::string tls_key;
  std::vector<std::string> allowed_origins;
  core::LogLevel log_level = core::LogLevel::kInfo;
  int tick_hz = 20;
  int threads = 0;        // event loops; 0 = one per core
  int guest_burst = 20;   // guest sessions per address at once (raise for load tests)
  int consult_grace_s = 60;  // a dropped connection keeps its consultation place (docs/consultation.md)
  int k_anonymity = 10;   // smallest group the headache bank shows or exports (docs/bank.md)
  std::string research_key_file;  // keyed pseudonyms; "" = <data_dir>/research.key
  // Voice (docs/voice.md, deploy/janus.md): "auto" runs our own Janus (text only while it is
  // missing or down), "off", or an external Janus's API as "ws://host:port/".
  std::string janus = "auto";
  std::string janus_nat_ip;       // public address(es) Janus announces (nat_1_1_mapping)
  std::string janus_stun;         // host[:port]
  std::string janus_ice_enforce;  // interfaces/addresses ICE may use (voice tests: 127.0.0.1)
  int janus_rtp_min = 20000, janus_rtp_max = 20999;
  // TURN for browsers (coturn with use-auth-secret; deploy/janus.md): URLs, and the shared
  // secret only from the config file.
  std::vector<std::string> turn_urls;
  std::string turn_secret;
  // For an external Janus only, and only from the config file (never on a command line):
  std::string janus_api_secret;
  std::string janus_admin_key;
};

// Parses `serve` arguments (after the word "serve"). Errors say which flag or field to fix.
// A `--config FILE` is read first wherever it appears, then the other flags apply on top.
core::Result<ServeConfig> parse_serve_args(const std::vector<std::string_view>& args);

// Applies a JSON config file's fields onto `config`.
core::Status apply_config_json(std::string_view json_text, ServeConfig& config);

struct GenCertConfig {
  std::string out_dir = "data/tls";
  std::vector<std::string> hosts;  // default: localhost, 127.0.0.1
  int days = 365;
};
core::Result<GenCertConfig> parse_gen_cert_args(const std::vector<std::string_view>& args);

struct AdminCreateConfig {
  std::string data_dir = "data";
  std::string login_id;
  std::string name;  // display name; the login id when empty
};
core::Result<AdminCreateConfig> parse_admin_create_args(const std::vector<std::string_view>& args);

// `audit verify [--data DIR]`: the data directory.
core::Result<std::string> parse_data_arg(const std::vector<std::string_view>& args);

// The help text of the command line.
std::string_view usage();

}  // namespace tsunagu::app
