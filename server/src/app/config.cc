#include "app/config.h"

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tsunagu::app {
namespace {

using core::Code;
using nlohmann::json;

auto bad(std::string message) {
  return core::fail(Code::kInvalidArgument, "bad_config", std::move(message));
}

bool parse_int(std::string_view text, int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

core::Status set_port(int port, ServeConfig& config) {
  if (port < 0 || port > 65535) return bad("port must be 0–65535");
  config.port = static_cast<std::uint16_t>(port);
  return {};
}

core::Status set_tick(int hz, ServeConfig& config) {
  if (hz < 1 || hz > 60) return bad("tick_hz must be 1–60");
  config.tick_hz = hz;
  return {};
}

core::Status set_threads(int n, ServeConfig& config) {
  if (n < 0 || n > 64) return bad("threads must be 0 (one per core) to 64");
  config.threads = n;
  return {};
}

core::Status set_guest_burst(int n, ServeConfig& config) {
  if (n < 1 || n > 100000) return bad("guest_burst must be 1–100000");
  config.guest_burst = n;
  return {};
}

core::Status set_consult_grace(int s, ServeConfig& config) {
  if (s < 1 || s > 600) return bad("consult_grace must be 1–600 seconds");
  config.consult_grace_s = s;
  return {};
}

core::Status set_k_anonymity(int k, ServeConfig& config) {
  if (k < 1 || k > 1000) return bad("k_anonymity must be 1–1000 (keep 10 unless you know why)");
  config.k_anonymity = k;
  return {};
}

core::Status set_janus(std::string_view text, ServeConfig& config) {
  if (text != "auto" && text != "off" && !text.starts_with("ws://")) {
    return bad("janus must be auto, off or ws://host:port/ (an external Janus)");
  }
  config.janus = text;
  return {};
}

core::Status set_rtp_ports(std::string_view text, ServeConfig& config) {
  const auto dash = text.find('-');
  int low = 0, high = 0;
  if (dash == std::string_view::npos || !parse_int(text.substr(0, dash), low) ||
      !parse_int(text.substr(dash + 1), high) || low < 1024 || high > 65535 || low >= high) {
    return bad("janus_rtp_ports must be MIN-MAX within 1024-65535, e.g. 20000-20999");
  }
  config.janus_rtp_min = low;
  config.janus_rtp_max = high;
  return {};
}

core::Status set_log_level(std::string_view text, ServeConfig& config) {
  if (!core::parse_log_level(text, config.log_level)) {
    return bad("log level must be debug, info, warn, error or off");
  }
  return {};
}

core::Status read_config_file(const std::string& path, ServeConfig& config) {
  std::ifstream in(path);
  if (!in) return bad("cannot read config file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto applied = apply_config_json(text.str(), config);
  if (!applied) return bad(path + ": " + applied.error().message());
  return {};
}

}  // namespace

core::Status apply_config_json(std::string_view json_text, ServeConfig& config) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return bad("not a JSON object");
  try {
    for (const auto& [key, value] : doc.items()) {
      if (key == "host") {
        config.host = value.get<std::string>();
      } else if (key == "port") {
        if (auto s = set_port(value.get<int>(), config); !s) return s;
      } else if (key == "data") {
        config.data_dir = value.get<std::string>();
      } else if (key == "web") {
        config.web_dir = value.get<std::string>();
      } else if (key == "content") {
        config.content_dir = value.get<std::string>();
      } else if (key == "tls_cert") {
        config.tls_cert = value.get<std::string>();
      } else if (key == "tls_key") {
        config.tls_key = value.get<std::string>();
      } else if (key == "allowed_origins") {
        config.allowed_origins = value.get<std::vector<std::string>>();
      } else if (key == "log_level") {
        if (auto s = set_log_level(value.get<std::string>(), config); !s) return s;
      } else if (key == "tick_hz") {
        if (auto s = set_tick(value.get<int>(), config); !s) return s;
      } else if (key == "threads") {
        if (auto s = set_threads(value.get<int>(), config); !s) return s;
      } else if (key == "guest_burst") {
        if (auto s = set_guest_burst(value.get<int>(), config); !s) return s;
      } else if (key == "consult_grace") {
        if (auto s = set_consult_grace(value.get<int>(), config); !s) return s;
      } else if (key == "k_anonymity") {
        if (auto s = set_k_anonymity(value.get<int>(), config); !s) return s;
      } else if (key == "research_key_file") {
        config.research_key_file = value.get<std::string>();
      } else if (key == "janus") {
        if (auto s = set_janus(value.get<std::string>(), config); !s) return s;
      } else if (key == "janus_rtp_ports") {
        if (auto s = set_rtp_ports(value.get<std::string>(), config); !s) return s;
      } else if (key == "janus_nat_ip") {
        config.janus_nat_ip = value.get<std::string>();
      } else if (key == "janus_stun") {
        config.janus_stun = value.get<std::string>();
      } else if (key == "janus_ice_enforce") {
        config.janus_ice_enforce = value.get<std::string>();
      } else if (key == "turn_urls") {
        config.turn_urls = value.get<std::vector<std::string>>();
      } else if (key == "turn_secret") {
        config.turn_secret = value.get<std::string>();
      } else if (key == "janus_api_secret") {
        config.janus_api_secret = value.get<std::string>();
      } else if (key == "janus_admin_key") {
        config.janus_admin_key = value.get<std::string>();
      } else {
        return bad("unknown field '" + key + "'");
      }
    }
  } catch (const json::exception&) {
    return bad("a field has the wrong type (see docs/operations.md)");
  }
  return {};
}

core::Result<ServeConfig> parse_serve_args(const std::vector<std::string_view>& args) {
  ServeConfig config;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--config") {
      if (auto s = read_config_file(std::string(args[i + 1]), config); !s) {
        return std::unexpected(s.error());
      }
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view flag = args[i];
    if (i + 1 >= args.size()) return bad("flag " + std::string(flag) + " needs a value");
    std::string_view value = args[++i];
    int number = 0;
    core::Status status;
    if (flag == "--config") {
      continue;
    } else if (flag == "--host") {
      config.host = value;
    } else if (flag == "--port") {
      status = parse_int(value, number) ? set_port(number, config) : bad("--port needs a number");
    } else if (flag == "--data") {
      config.data_dir = value;
    } else if (flag == "--web") {
      config.web_dir = value;
    } else if (flag == "--content") {
      config.content_dir = value;
    } else if (flag == "--tls-cert") {
      config.tls_cert = value;
    } else if (flag == "--tls-key") {
      config.tls_key = value;
    } else if (flag == "--allowed-origin") {
      config.allowed_origins.emplace_back(value);
    } else if (flag == "--log-level") {
      status = set_log_level(value, config);
    } else if (flag == "--tick-hz") {
      status = parse_int(value, number) ? set_tick(number, config) : bad("--tick-hz needs a number");
    } else if (flag == "--threads") {
      status = parse_int(value, number) ? set_threads(number, config) : bad("--threads needs a number");
    } else if (flag == "--guest-burst") {
      status = parse_int(value, number) ? set_guest_burst(number, config)
                                        : bad("--guest-burst needs a number");
    } else if (flag == "--consult-grace") {
      status = parse_int(value, number) ? set_consult_grace(number, config)
                                        : bad("--consult-grace needs a number of seconds");
    } else if (flag == "--k-anonymity") {
      status = parse_int(value, number) ? set_k_anonymity(number, config)
                                        : bad("--k-anonymity needs a number");
    } else if (flag == "--research-key-file") {
      config.research_key_file = value;
    } else if (flag == "--janus") {
      status = set_janus(value, config);
    } else if (flag == "--janus-rtp-ports") {
      status = set_rtp_ports(value, config);
    } else if (flag == "--janus-nat-ip") {
      config.janus_nat_ip = value;
    } else if (flag == "--janus-stun") {
      config.janus_stun = value;
    } else if (flag == "--janus-ice-enforce") {
      config.janus_ice_enforce = value;
    } else if (flag == "--turn-url") {
      config.turn_urls.emplace_back(value);
    } else {
      return bad("unknown flag " + std::string(flag) + " (see tsunagu help)");
    }
    if (!status) return std::unexpected(status.error());
  }
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return bad("--tls-cert and --tls-key go together");
  }
  if (config.janus.starts_with("ws://") &&
      (config.janus_api_secret.empty() || config.janus_admin_key.empty())) {
    return bad("an external Janus needs janus_api_secret and janus_admin_key in the config file");
  }
  for (const auto& url : config.turn_urls) {
    if (!url.starts_with("turn:") && !url.starts_with("turns:")) {
      return bad("a TURN URL starts with turn: or turns:, e.g. turns:turn.example.org:5349?transport=tcp");
    }
  }
  if (!config.turn_urls.empty() && config.turn_secret.size() < 16) {
    return bad("TURN needs turn_secret (coturn's static-auth-secret, at least 16 characters) in the config file");
  }
  return config;
}

core::Result<GenCertConfig> parse_gen_cert_args(const std::vector<std::string_view>& args) {
  GenCertConfig config;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view flag = args[i];
    if (i + 1 >= args.size()) return bad("flag " + std::string(flag) + " needs a value");
    std::string_view value = args[++i];
    if (flag == "--out") {
      config.out_dir = value;
    } else if (flag == "--host") {
      config.hosts.emplace_back(value);
    } else if (flag == "--days") {
      if (!parse_int(value, config.days)) return bad("--days needs a number");
    } else {
      return bad("unknown flag " + std::string(flag) + " (see tsunagu help)");
    }
  }
  if (config.hosts.empty()) config.hosts = {"localhost", "127.0.0.1"};
  return config;
}

core::Result<AdminCreateConfig> parse_admin_create_args(
    const std::vector<std::string_view>& args) {
  AdminCreateConfig config;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view flag = args[i];
    if (i + 1 >= args.size()) return bad("flag " + std::string(flag) + " needs a value");
    std::string_view value = args[++i];
    if (flag == "--data") {
      config.data_dir = value;
    } else if (flag == "--login") {
      config.login_id = value;
    } else if (flag == "--name") {
      config.name = value;
    } else {
      return bad("unknown flag " + std::string(flag) + " (see tsunagu help)");
    }
  }
  if (config.login_id.empty()) return bad("--login is required");
  return config;
}

core::Result<std::string> parse_data_arg(const std::vector<std::string_view>& args) {
  if (args.empty()) return std::string("data");
  if (args.size() == 2 && args[0] == "--data") return std::string(args[1]);
  return bad("expected: --data DIR");
}

std::string_view usage() {
  return R"(tsunagu — an open-source medical metaverse server

usage:
  tsunagu serve [--config FILE] [--host H] [--port P] [--data DIR] [--web DIR]
                [--content DIR] [--tls-cert FILE --tls-key FILE]
                [--allowed-origin ORIGIN]... [--log-level debug|info|warn|error]
                [--tick-hz N] [--threads N] [--guest-burst N]
                [--janus auto|off|ws://HOST:PORT/] [--janus-nat-ip IP]
                [--janus-stun HOST[:PORT]] [--janus-rtp-ports MIN-MAX]
                [--janus-ice-enforce LIST] [--turn-url URL]...
                [--k-anonymity K] [--research-key-file FILE] [--consult-grace S]
      Serves the web client, the API and the real-time world. With --janus auto (the
      default) it runs its own Janus for voice; see deploy/janus.md. The headache bank
      shows and exports no group smaller than K (10) and keys its pseudonyms with FILE
      (DIR/research.key, created on first start; see docs/bank.md). A dropped connection
      keeps its place in a consultation for S seconds (60; docs/consultation.md).
      Defaults: 127.0.0.1:8080, data/, web/dist/, content/.
  tsunagu gen-cert [--out DIR] [--host NAME_OR_IP]... [--days N]
      Writes a self-signed certificate and key (cert.pem, key.pem) for a LAN trial
      over HTTPS, so phones on the same network may use their microphones.
  tsunagu admin create --login ID [--name NAME] [--data DIR]
      Creates an administrator. The password is read from standard input (one line);
      there is no default password.
  tsunagu audit verify [--data DIR]
      Checks the audit log's hash chain; exits 1 and names the first broken entry.
  tsunagu version
  tsunagu help
)";
}

}  // namespace tsunagu::app
