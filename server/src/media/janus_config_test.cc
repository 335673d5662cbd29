#include "media/janus_config.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace tsunagu::media {
namespace {

namespace fs = std::filesystem;

// "section.key" -> raw value text, read back from what render_janus_config() wrote. Our
// output is one `key = value` per line inside `name: {` … `}`, so a line reader suffices.
using Keys = std::map<std::string, std::string>;

Keys parse(const std::string& text, std::vector<std::string>* sections = nullptr) {
  Keys out;
  std::istringstream in(text);
  std::string line, section;
  while (std::getline(in, line)) {
    auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    line = line.substr(first);
    if (line.ends_with(": {")) {
      section = line.substr(0, line.size() - 3);
      if (sections) sections->push_back(section);
      continue;
    }
    if (line == "}") {
      section.clear();
      continue;
    }
    auto eq = line.find(" = ");
    if (eq == std::string::npos) continue;
    out[section + "." + line.substr(0, eq)] = line.substr(eq + 3);
  }
  return out;
}

JanusSettings local_settings() {
  JanusSettings s;
  s.dir = "/var/lib/tsunagu/janus";
  s.http_port = 18088;
  s.api_secret = "api-secret-0123456789";
  s.token_auth_secret = "token-secret-0123456789";
  s.videoroom_admin_key = "admin-key-0123456789";
  return s;
}

JanusInstall fake_install() {
  JanusInstall i;
  i.lib_dir = "/usr/lib/x86_64-linux-gnu/janus";
  i.plugins = {"libjanus_videoroom.so", "libjanus_audiobridge.so", "libjanus_streaming.so",
               "libjanus_echotest.so"};
  i.transports = {"libjanus_http.so", "libjanus_websockets.so", "libjanus_pfunix.so",
                  "libjanus_mqtt.so"};
  i.event_handlers = {"libjanus_sampleevh.so", "libjanus_wsevh.so"};
  i.loggers = {"libjanus_jsonlog.so"};
  return i;
}

std::map<std::string, std::string> render_all(const JanusSettings& s) {
  auto files = render_janus_config(s, fake_install());
  EXPECT_TRUE(files) << (files ? "" : files.error().message());
  std::map<std::string, std::string> out;
  if (files) {
    for (auto& f : *files) out[f.name] = f.content;
  }
  return out;
}

TEST(JanusConfigTest, RendersTheFourFiles) {
  auto files = render_janus_config(local_settings(), fake_install());
  ASSERT_TRUE(files);
  std::vector<std::string> names;
  for (const auto& f : *files) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"janus.jcfg", "janus.transport.http.jcfg",
                                             "janus.transport.websockets.jcfg",
                                             "janus.plugin.videoroom.jcfg"}));
  EXPECT_EQ(janus_config_path(local_settings()), fs::path("/var/lib/tsunagu/janus/janus.jcfg"));
}

// Each case: settings, then per file the keys that must have a value and those that must be
// absent. Values are compared as written (strings with their quotes).
TEST(JanusConfigTest, Table) {
  struct Case {
    std::string name;
    std::function<void(JanusSettings&)> change;
    std::string file;
    std::map<std::string, std::string> want;
    std::vector<std::string> absent;
  };
  const std::vector<Case> cases = {
      {"core: folders, logging, auth",
       nullptr,
       "janus.jcfg",
       {{"general.configs_folder", "\"/var/lib/tsunagu/janus\""},
        {"general.plugins_folder", "\"/usr/lib/x86_64-linux-gnu/janus/plugins\""},
        {"general.transports_folder", "\"/usr/lib/x86_64-linux-gnu/janus/transports\""},
        {"general.log_to_stdout", "true"},
        {"general.debug_level", "4"},
        {"general.api_secret", "\"api-secret-0123456789\""},
        {"general.token_auth", "true"},
        {"general.token_auth_secret", "\"token-secret-0123456789\""},
        {"general.protected_folders", "[ \"/\" ]"},
        {"events.broadcast", "false"},
        {"media.rtp_port_range", "\"20000-20999\""}},
       {"general.admin_secret", "general.daemonize", "general.log_to_file", "general.interface"}},
      {"core: only videoroom, only http when ws is off",
       nullptr,
       "janus.jcfg",
       {{"plugins.disable",
         "\"libjanus_audiobridge.so,libjanus_echotest.so,libjanus_streaming.so\""},
        {"transports.disable", "\"libjanus_mqtt.so,libjanus_pfunix.so,libjanus_websockets.so\""},
        {"loggers.disable", "\"libjanus_jsonlog.so\""},
        {"events.disable", "\"libjanus_sampleevh.so,libjanus_wsevh.so\""}},
       {}},
      {"core: websockets stays enabled when ws_port is set",
       [](JanusSettings& s) { s.ws_port = 18188; },
       "janus.jcfg",
       {{"transports.disable", "\"libjanus_mqtt.so,libjanus_pfunix.so\""}},
       {}},
      {"core: local nat has no stun, turn or public address",
       nullptr,
       "janus.jcfg",
       {{"nat.ice_lite", "false"}, {"nat.ice_ignore_list", "\"vmnet\""}},
       {"nat.stun_server", "nat.stun_port", "nat.turn_server", "nat.turn_user", "nat.turn_pwd",
        "nat.nat_1_1_mapping", "nat.ice_enforce_list"}},
      {"core: loopback test namespace",
       [](JanusSettings& s) { s.ice_enforce_list = "127.0.0.1"; },
       "janus.jcfg",
       {{"nat.ice_enforce_list", "\"127.0.0.1\""}},
       {"nat.stun_server", "nat.ice_ignore_list"}},
      {"core: production nat",
       [](JanusSettings& s) {
         s.nat_1_1_mapping = "203.0.113.7";
         s.stun_server = "stun.example.org:3479";
         s.turn_server = "turn.example.org";
         s.turn_user = "janus";
         s.turn_pwd = "pw\"x";
         s.rtp_port_min = 40000;
         s.rtp_port_max = 40999;
         s.ice_lite = true;
       },
       "janus.jcfg",
       {{"nat.nat_1_1_mapping", "\"203.0.113.7\""},
        {"nat.stun_server", "\"stun.example.org\""},
        {"nat.stun_port", "3479"},
        {"nat.turn_server", "\"turn.example.org\""},
        {"nat.turn_port", "3478"},
        {"nat.turn_user", "\"janus\""},
        {"nat.turn_pwd", "\"pw\\\"x\""},
        {"nat.ice_lite", "true"},
        {"media.rtp_port_range", "\"40000-40999\""}},
       {}},
      {"http: REST on the bind address, admin off",
       nullptr,
       "janus.transport.http.jcfg",
       {{"general.http", "true"},
        {"general.port", "18088"},
        {"general.ip", "\"127.0.0.1\""},
        {"general.https", "false"},
        {"admin.admin_http", "false"},
        {"admin.admin_https", "false"}},
       {"general.secure_port", "admin.admin_port", "admin.admin_secret", "general.interface"}},
      {"websockets: off by default, admin off",
       nullptr,
       "janus.transport.websockets.jcfg",
       {{"general.ws", "false"},
        {"general.wss", "false"},
        {"admin.admin_ws", "false"},
        {"admin.admin_wss", "false"}},
       {"general.ws_port", "general.ws_ip", "admin.admin_ws_port"}},
      {"websockets: on when ws_port is set",
       [](JanusSettings& s) {
         s.ws_port = 18188;
         s.bind_address = "10.0.0.5";
       },
       "janus.transport.websockets.jcfg",
       {{"general.ws", "true"},
        {"general.ws_port", "18188"},
        {"general.ws_ip", "\"10.0.0.5\""},
        {"admin.admin_ws", "false"}},
       {}},
      {"videoroom: admin key and locked RTP forwarding",
       nullptr,
       "janus.plugin.videoroom.jcfg",
       {{"general.admin_key", "\"admin-key-0123456789\""},
        {"general.lock_rtp_forward", "true"},
        {"general.events", "false"}},
       {"room-1234.description", "room-5678.description"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    JanusSettings s = local_settings();
    if (c.change) c.change(s);
    auto files = render_all(s);
    ASSERT_TRUE(files.contains(c.file));
    Keys keys = parse(files[c.file]);
    for (const auto& [key, value] : c.want) {
      ASSERT_TRUE(keys.contains(key)) << key << " missing in\n" << files[c.file];
      EXPECT_EQ(keys[key], value) << key;
    }
    for (const auto& key : c.absent) EXPECT_FALSE(keys.contains(key)) << key << " present";
  }
}

TEST(JanusConfigTest, EverySectionIsClosed) {
  JanusSettings s = local_settings();
  s.ws_port = 18188;
  for (const auto& [name, content] : render_all(s)) {
    SCOPED_TRACE(name);
    EXPECT_EQ(std::count(content.begin(), content.end(), '{'),
              std::count(content.begin(), content.end(), '}'));
    EXPECT_TRUE(content.ends_with("}\n")) << content;
  }
}

TEST(JanusConfigTest, VideoRoomFileHasNoRooms) {
  auto files = render_all(local_settings());
  std::vector<std::string> sections;
  parse(files["janus.plugin.videoroom.jcfg"], &sections);
  EXPECT_EQ(sections, std::vector<std::string>{"general"});
}

TEST(JanusConfigTest, NoFileEnablesAnAdminApi) {
  JanusSettings s = local_settings();
  s.ws_port = 18188;
  for (const auto& [name, content] : render_all(s)) {
    SCOPED_TRACE(name);
    for (const auto& [key, value] : parse(content)) {
      if (key.starts_with("admin.admin_") && value != "false") {
        ADD_FAILURE() << key << " = " << value;
      }
      EXPECT_EQ(key.find("admin_secret"), std::string::npos) << key;
    }
  }
}

TEST(JanusConfigTest, EmptyModuleListsWriteNoDisableKeys) {
  JanusInstall only_ours;
  only_ours.lib_dir = "/opt/janus/lib/janus";
  only_ours.plugins = {"libjanus_videoroom.so"};
  only_ours.transports = {"libjanus_http.so"};
  auto files = render_janus_config(local_settings(), only_ours);
  ASSERT_TRUE(files);
  Keys keys = parse((*files)[0].content);
  for (auto key : {"plugins.disable", "transports.disable", "loggers.disable", "events.disable"}) {
    EXPECT_FALSE(keys.contains(key)) << key;
  }
}

TEST(JanusConfigTest, QuotesEscapeQuotesAndBackslashes) {
  EXPECT_EQ(libconfig_quote("plain"), "\"plain\"");
  EXPECT_EQ(libconfig_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(libconfig_quote(""), "\"\"");
}

TEST(JanusConfigTest, RejectsBadSettings) {
  struct Case {
    std::string name;
    std::function<void(JanusSettings&)> change;
    std::string message_has;  // the field the message must name
  };
  const std::vector<Case> cases = {
      {"no dir", [](JanusSettings& s) { s.dir.clear(); }, "dir"},
      {"host name as bind address", [](JanusSettings& s) { s.bind_address = "localhost"; },
       "bind_address"},
      {"no http port", [](JanusSettings& s) { s.http_port = 0; }, "http_port"},
      {"http port too big", [](JanusSettings& s) { s.http_port = 70000; }, "http_port"},
      {"negative ws port", [](JanusSettings& s) { s.ws_port = -1; }, "ws_port"},
      {"ws port equals http port", [](JanusSettings& s) { s.ws_port = s.http_port; }, "ws_port"},
      {"rtp range reversed",
       [](JanusSettings& s) {
         s.rtp_port_min = 30000;
         s.rtp_port_max = 20000;
       },
       "RTP"},
      {"rtp range privileged", [](JanusSettings& s) { s.rtp_port_min = 80; }, "RTP"},
      {"nat mapping is a name", [](JanusSettings& s) { s.nat_1_1_mapping = "example.org"; },
       "nat_1_1_mapping"},
      {"nat mapping trailing comma", [](JanusSettings& s) { s.nat_1_1_mapping = "1.2.3.4,"; },
       "nat_1_1_mapping"},
      {"stun with bad port", [](JanusSettings& s) { s.stun_server = "stun.example.org:0"; },
       "stun_server"},
      {"stun with a quote", [](JanusSettings& s) { s.stun_server = "a\"b"; }, "stun_server"},
      {"turn without credentials", [](JanusSettings& s) { s.turn_server = "turn.example.org"; },
       "turn_user"},
      {"turn credentials without server", [](JanusSettings& s) { s.turn_user = "u"; },
       "turn_server"},
      {"enforce list with spaces", [](JanusSettings& s) { s.ice_enforce_list = "eth0, lo"; },
       "ice_enforce_list"},
      {"no api secret", [](JanusSettings& s) { s.api_secret.clear(); }, "api_secret"},
      {"short api secret", [](JanusSettings& s) { s.api_secret = "short"; }, "api_secret"},
      {"api secret with newline",
       [](JanusSettings& s) { s.api_secret = "0123456789abcdef\nx = 1"; }, "api_secret"},
      {"no token secret", [](JanusSettings& s) { s.token_auth_secret.clear(); },
       "token_auth_secret"},
      {"no admin key", [](JanusSettings& s) { s.videoroom_admin_key.clear(); },
       "videoroom_admin_key"},
      {"debug level", [](JanusSettings& s) { s.debug_level = 9; }, "debug_level"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    JanusSettings s = local_settings();
    c.change(s);
    auto st = validate_janus_settings(s);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code(), core::Code::kInvalidArgument);
    EXPECT_NE(st.error().message().find(c.message_has), std::string::npos) << st.error().message();
    EXPECT_FALSE(render_janus_config(s, fake_install()));
  }
  EXPECT_TRUE(validate_janus_settings(local_settings()));
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/tsunagu-janus-config-XXXXXX";
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

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 07777;
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(JanusConfigTest, WritesPrivateFilesIntoANewFolder) {
  TempDir tmp;
  JanusSettings s = local_settings();
  s.dir = tmp.path() / "data" / "janus";
  ASSERT_TRUE(write_janus_config(s, fake_install()));
  EXPECT_EQ(mode_of(s.dir), 0700u);
  auto files = render_janus_config(s, fake_install());
  ASSERT_TRUE(files);
  for (const auto& f : *files) {
    SCOPED_TRACE(f.name);
    EXPECT_EQ(mode_of(s.dir / f.name), 0600u);
    EXPECT_EQ(read(s.dir / f.name), f.content);
    EXPECT_FALSE(fs::exists(s.dir / (f.name + ".tmp")));
  }

  // Rewriting replaces an old, wider file and its content.
  ::chmod((s.dir / "janus.jcfg").c_str(), 0644);
  s.api_secret = "another-secret-0123456789";
  ASSERT_TRUE(write_janus_config(s, fake_install()));
  EXPECT_EQ(mode_of(s.dir / "janus.jcfg"), 0600u);
  EXPECT_NE(read(s.dir / "janus.jcfg").find("another-secret-0123456789"), std::string::npos);
}

TEST(JanusConfigTest, WriteRefusesBadSettingsAndWritesNothing) {
  TempDir tmp;
  JanusSettings s = local_settings();
  s.dir = tmp.path() / "janus";
  s.api_secret.clear();
  EXPECT_FALSE(write_janus_config(s, fake_install()));
  EXPECT_FALSE(fs::exists(s.dir));
}

TEST(JanusConfigTest, FindsAnInstallAndListsOnlySharedObjects) {
  TempDir tmp;
  fs::path lib = tmp.path() / "lib" / "janus";
  for (auto sub : {"plugins", "transports", "events", "loggers"}) fs::create_directories(lib / sub);
  for (auto file : {"plugins/libjanus_videoroom.so", "plugins/libjanus_videoroom.so.1",
                    "plugins/libjanus_videoroom.so.1.1.2", "plugins/libjanus_sip.so",
                    "transports/libjanus_http.so", "transports/libjanus_pfunix.so.1",
                    "loggers/libjanus_jsonlog.so"}) {
    std::ofstream(lib / file) << "x";
  }
  const fs::path candidates[] = {tmp.path() / "nowhere", lib};
  auto found = find_janus_install(candidates);
  ASSERT_TRUE(found) << found.error().message();
  EXPECT_EQ(found->lib_dir, lib);
  EXPECT_EQ(found->plugins, (std::vector<std::string>{"libjanus_sip.so", "libjanus_videoroom.so"}));
  EXPECT_EQ(found->transports, std::vector<std::string>{"libjanus_http.so"});
  EXPECT_TRUE(found->event_handlers.empty());
  EXPECT_EQ(found->loggers, std::vector<std::string>{"libjanus_jsonlog.so"});

  const fs::path none[] = {tmp.path() / "nowhere"};
  auto missing = find_janus_install(none);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::Code::kNotFound);
  EXPECT_NE(missing.error().message().find("janus"), std::string::npos);
}

// On a machine with the Debian package: the real folder is found and holds what we keep.
TEST(JanusConfigTest, FindsTheInstalledPackage) {
  if (!fs::exists("/usr/bin/janus")) GTEST_SKIP() << "Janus not installed (apt-get install janus)";
  auto found = find_janus_install();
  ASSERT_TRUE(found) << found.error().message();
  auto has = [](const std::vector<std::string>& v, std::string_view name) {
    return std::find(v.begin(), v.end(), name) != v.end();
  };
  EXPECT_TRUE(has(found->plugins, kVideoRoomPluginFile));
  EXPECT_TRUE(has(found->transports, kHttpTransportFile));
  EXPECT_TRUE(has(found->transports, kWebSocketsTransportFile));
}

}  // namespace
}  // namespace tsunagu::media
