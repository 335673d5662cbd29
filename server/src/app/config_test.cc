#include "app/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace tsunagu::app {
namespace {

TEST(ConfigTest, DefaultsSuitMakeRun) {
  auto config = parse_serve_args({});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->port, 8080);
  EXPECT_EQ(config->data_dir, "data");
  EXPECT_EQ(config->tick_hz, 20);
}

TEST(ConfigTest, FlagsOverrideTheFile) {
  auto path = std::filesystem::temp_directory_path() / "tsunagu_config_test.json";
  std::ofstream(path) << R"({"port": 9000, "data": "/srv/tsunagu", "log_level": "warn"})";
  auto config = parse_serve_args({"--port", "9100", "--config", path.string(), "--host", "0.0.0.0"});
  std::filesystem::remove(path);
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->port, 9100);
  EXPECT_EQ(config->data_dir, "/srv/tsunagu");
  EXPECT_EQ(config->host, "0.0.0.0");
  EXPECT_EQ(config->log_level, core::LogLevel::kWarn);
}

TEST(ConfigTest, BadInputSaysWhatToFix) {
  struct Case {
    const char* name;
    std::vector<std::string_view> args;
    const char* message_part;
  };
  const Case cases[] = {
      {"unknown flag", {"--colour", "red"}, "unknown flag --colour"},
      {"missing value", {"--port"}, "needs a value"},
      {"port not a number", {"--port", "80a"}, "--port needs a number"},
      {"port out of range", {"--port", "70000"}, "0–65535"},
      {"bad log level", {"--log-level", "loud"}, "log level"},
      {"cert without key", {"--tls-cert", "c.pem"}, "go together"},
      {"missing config file", {"--config", "/nonexistent/x.json"}, "cannot read config file"},
      {"tick too fast", {"--tick-hz", "1000"}, "tick_hz"},
      {"janus mode", {"--janus", "maybe"}, "janus must be auto, off or ws://"},
      {"janus tls url", {"--janus", "wss://j.example:8989/"}, "janus must be"},
      {"external janus needs secrets", {"--janus", "ws://10.0.0.5:8188/"}, "janus_api_secret"},
      {"rtp range reversed", {"--janus-rtp-ports", "30000-20000"}, "janus_rtp_ports"},
      {"rtp range privileged", {"--janus-rtp-ports", "80-2000"}, "janus_rtp_ports"},
      {"rtp range not numbers", {"--janus-rtp-ports", "a-b"}, "janus_rtp_ports"},
      {"turn url scheme", {"--turn-url", "stun:s.example:3478"}, "turn: or turns:"},
      {"turn without secret", {"--turn-url", "turn:t.example:3478"}, "turn_secret"},
  };
  for (const auto& c : cases) {
    auto config = parse_serve_args(c.args);
    ASSERT_FALSE(config) << c.name;
    EXPECT_NE(config.error().message().find(c.message_part), std::string::npos)
        << c.name << ": " << config.error().message();
  }
}

TEST(ConfigTest, ConfigJsonRejectsUnknownAndMistypedFields) {
  ServeConfig config;
  EXPECT_FALSE(apply_config_json(R"({"prot": 1})", config));
  EXPECT_FALSE(apply_config_json(R"({"port": "eighty"})", config));
  EXPECT_FALSE(apply_config_json("[]", config));
  EXPECT_TRUE(apply_config_json(R"({"allowed_origins": ["https://a.example"]})", config));
  EXPECT_EQ(config.allowed_origins.size(), 1u);
}

TEST(ConfigTest, VoiceSettings) {
  auto defaults = parse_serve_args({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->janus, "auto");
  auto config = parse_serve_args({"--janus", "off", "--janus-rtp-ports", "40000-40100",
                                  "--janus-ice-enforce", "127.0.0.1", "--janus-nat-ip",
                                  "203.0.113.7", "--janus-stun", "stun.example:3478"});
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->janus, "off");
  EXPECT_EQ(config->janus_rtp_min, 40000);
  EXPECT_EQ(config->janus_rtp_max, 40100);
  EXPECT_EQ(config->janus_ice_enforce, "127.0.0.1");
  EXPECT_EQ(config->janus_nat_ip, "203.0.113.7");
  EXPECT_EQ(config->janus_stun, "stun.example:3478");
  ServeConfig external;
  ASSERT_TRUE(apply_config_json(R"({"janus": "ws://10.0.0.5:8188/", "janus_api_secret": "s",
                                    "janus_admin_key": "k"})",
                                external));
  EXPECT_EQ(external.janus, "ws://10.0.0.5:8188/");
  EXPECT_EQ(external.janus_admin_key, "k");
}

TEST(ConfigTest, HeadacheBankSettings) {
  auto defaults = parse_serve_args({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->k_anonymity, 10);
  EXPECT_EQ(defaults->research_key_file, "");
  auto flags = parse_serve_args({"--k-anonymity", "5", "--research-key-file", "/etc/t/key"});
  ASSERT_TRUE(flags) << flags.error().message();
  EXPECT_EQ(flags->k_anonymity, 5);
  EXPECT_EQ(flags->research_key_file, "/etc/t/key");
  ServeConfig config;
  ASSERT_TRUE(apply_config_json(R"({"k_anonymity": 20, "research_key_file": "/k"})", config));
  EXPECT_EQ(config.k_anonymity, 20);
  EXPECT_EQ(config.research_key_file, "/k");
  for (const char* k : {"0", "1001", "ten"}) {
    auto bad = parse_serve_args({"--k-anonymity", k});
    ASSERT_FALSE(bad) << k;
    EXPECT_NE(bad.error().message().find("k"), std::string::npos) << k;
  }
  EXPECT_FALSE(apply_config_json(R"({"k_anonymity": "10"})", config));
}

TEST(ConfigTest, ConsultationGracePeriod) {
  EXPECT_EQ(parse_serve_args({})->consult_grace_s, 60);
  EXPECT_EQ(parse_serve_args({"--consult-grace", "5"})->consult_grace_s, 5);
  ServeConfig config;
  ASSERT_TRUE(apply_config_json(R"({"consult_grace": 120})", config));
  EXPECT_EQ(config.consult_grace_s, 120);
  for (const char* s : {"0", "601", "soon"}) {
    auto bad = parse_serve_args({"--consult-grace", s});
    ASSERT_FALSE(bad) << s;
    EXPECT_NE(bad.error().message().find("consult"), std::string::npos) << s;
  }
}

TEST(ConfigTest, GenCertDefaultsToLocalNames) {
  auto config = parse_gen_cert_args({"--out", "/tmp/x"});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->hosts, (std::vector<std::string>{"localhost", "127.0.0.1"}));
  auto custom = parse_gen_cert_args({"--host", "192.168.1.20", "--days", "30"});
  ASSERT_TRUE(custom);
  EXPECT_EQ(custom->hosts, std::vector<std::string>{"192.168.1.20"});
  EXPECT_EQ(custom->days, 30);
  EXPECT_FALSE(parse_gen_cert_args({"--days", "many"}));
}

}  // namespace
}  // namespace tsunagu::app
