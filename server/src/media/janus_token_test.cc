#include "media/janus_token.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "media/janus_config.h"

namespace tsunagu::media {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using json = nlohmann::json;
using std::chrono::seconds;
using std::chrono::sys_seconds;

sys_seconds at(long long unix_seconds) { return sys_seconds(seconds(unix_seconds)); }

sys_seconds now_plus(long long s) {
  return std::chrono::time_point_cast<seconds>(std::chrono::system_clock::now()) + seconds(s);
}

// Expected values computed independently (Python: base64(hmac.new(key, data, sha1))).
TEST(JanusTokenTest, KnownAnswers) {
  struct Case {
    std::string name, secret, realm;
    std::vector<std::string> descriptors;
    long long expiry;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"one plugin",
       "janus",
       "janus",
       {"janus.plugin.videoroom"},
       1700000000,
       "1700000000,janus,janus.plugin.videoroom:8YthpHgLHAOwcp64sE1Kz76oU4Q="},
      {"two plugins",
       "s3cr3t-key",
       "janus",
       {"janus.plugin.videoroom", "janus.plugin.audiobridge"},
       4102444800,
       "4102444800,janus,janus.plugin.videoroom,janus.plugin.audiobridge:"
       "q+cZ79QRm6YFhbNI9aX4hrmhv/g="},
      {"no plugins",
       "janus",
       "janus",
       {},
       1700000000,
       "1700000000,janus:9sSCpMImVcnnE3meO17xl2u784E="},
      {"room token in the plugin's realm",
       "roomsecret",
       "janus.plugin.videoroom",
       {"1234"},
       1700000600,
       "1700000600,janus.plugin.videoroom,1234:QysDZaACZv3q93zWssYtMpAV3Y4="},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto token = sign_janus_token_for_realm(c.secret, c.realm, c.descriptors, at(c.expiry));
    ASSERT_TRUE(token) << token.error().message();
    EXPECT_EQ(*token, c.want);
    if (c.realm == "janus") {
      EXPECT_EQ(*sign_janus_token(c.secret, c.descriptors, at(c.expiry)), c.want);
    }
  }
}

TEST(JanusTokenTest, RoomTokensNameTheRoomInThePluginsRealm) {
  auto token = sign_videoroom_room_token("roomsecret", "1234", at(1700000600));
  ASSERT_TRUE(token);
  EXPECT_EQ(*token, "1700000600,janus.plugin.videoroom,room=1234:hlzukpqImMtEWDtumCH9EoxC13g=");
  EXPECT_FALSE(sign_videoroom_room_token("roomsecret", "", at(1700000600)));
  EXPECT_FALSE(sign_videoroom_room_token("roomsecret", "1,room=2", at(1700000600)));
}

TEST(JanusTokenTest, RejectsPartsThatWouldChangeTheTokensMeaning) {
  struct Case {
    std::string name, secret, realm;
    std::vector<std::string> descriptors;
    long long expiry;
  };
  const std::vector<Case> cases = {
      {"comma in a plugin adds a plugin", "k", "janus", {"janus.plugin.x,janus.plugin.y"}, 1},
      {"colon in a plugin splits the signature", "k", "janus", {"a:b"}, 1},
      {"empty plugin", "k", "janus", {""}, 1},
      {"empty realm", "k", "", {"p"}, 1},
      {"empty secret", "", "janus", {"p"}, 1},
      {"negative expiry", "k", "janus", {"p"}, -5},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto token = sign_janus_token_for_realm(c.secret, c.realm, c.descriptors, at(c.expiry));
    ASSERT_FALSE(token);
    EXPECT_EQ(token.error().code(), core::Code::kInvalidArgument);
  }
}

TEST(JanusTokenTest, RandomSecretsAreHexAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    auto s = random_secret();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->size(), 64u);
    EXPECT_EQ(s->find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(*s);
  }
  EXPECT_EQ(seen.size(), 20u);
  EXPECT_EQ(random_secret(4)->size(), 8u);
}

// --- Against a real Janus -------------------------------------------------------------------

constexpr const char* kJanusBinary = "/usr/bin/janus";

int free_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// One request to Janus's REST API on 127.0.0.1, bounded by `timeout`: a POST of `body`, or a
// GET (a long poll for events) when `body` is null. nullopt when there is no answer (not
// running yet, refused, timed out).
std::optional<json> request_json(int port, const std::string& target, const json& body,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(2)) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  http::request<http::string_body> req{body.is_null() ? http::verb::get : http::verb::post, target,
                                       11};
  req.set(http::field::host, "127.0.0.1");
  if (!body.is_null()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body.dump();
  }
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  std::optional<json> out;
  stream.expires_after(timeout);
  stream.async_connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)},
                       [&](beast::error_code ec) {
                         if (ec) return;
                         http::async_write(stream, req, [&](beast::error_code ec, size_t) {
                           if (ec) return;
                           http::async_read(stream, buffer, res, [&](beast::error_code ec, size_t) {
                             if (ec) return;
                             auto j = json::parse(res.body(), nullptr, false);
                             if (!j.is_discarded()) out = std::move(j);
                           });
                         });
                       });
  io.run_for(timeout + std::chrono::milliseconds(200));
  return out;
}

std::optional<json> post_json(int port, const json& body, const std::string& target = "/janus",
                              std::chrono::milliseconds timeout = std::chrono::seconds(2)) {
  return request_json(port, target, body, timeout);
}

// A Janus child with our generated config; killed by PID (SIGKILL) when the test ends.
class JanusProcess {
 public:
  ~JanusProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  // Writes the config and starts Janus; true once it answers `info` (at most 5 s).
  bool start(JanusSettings& settings) {
    char tmpl[] = "/tmp/tsunagu-janus-token-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
    settings.dir = dir_;
    settings.http_port = free_port();
    auto st = write_janus_config(settings);
    if (!st) {
      ADD_FAILURE() << st.error().message();
      return false;
    }
    std::string config = janus_config_path(settings).string(), folder = dir_.string();
    std::string log = (dir_ / "janus.log").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (fd >= 0) {
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
      }
      ::execl(kJanusBinary, "janus", "-C", config.c_str(), "-F", folder.c_str(), nullptr);
      ::_exit(127);
    }
    port_ = settings.http_port;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      auto info = post_json(port_, {{"janus", "info"}, {"transaction", "wait"}}, "/janus",
                            std::chrono::milliseconds(300));
      if (info && (*info)["janus"] == "server_info") return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  int port() const { return port_; }
  fs::path log() const { return dir_ / "janus.log"; }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
  fs::path dir_;
};

JanusSettings token_settings() {
  JanusSettings s;
  s.api_secret = "server-api-secret-0123456789";
  s.token_auth_secret = "token-auth-secret-0123456789";
  s.videoroom_admin_key = "videoroom-admin-key-0123456789";
  return s;
}

std::string token_for(const std::string& secret, std::vector<std::string> plugins,
                      sys_seconds expiry) {
  auto token = sign_janus_token(secret, plugins, expiry);
  EXPECT_TRUE(token);
  return token ? *token : "";
}

// The whole path a browser takes: a token signed by us opens a Janus session without the
// api_secret, and only for the plugins it names. Starts Janus (< 1 s here), kills it by PID.
TEST(JanusTokenTest, RealJanusAcceptsOnlyValidTokens) {
  if (!fs::exists(kJanusBinary)) {
    GTEST_SKIP() << kJanusBinary << " missing: install the Debian package `janus` to run this test";
  }
  JanusSettings settings = token_settings();
  JanusProcess janus;
  ASSERT_TRUE(janus.start(settings)) << "Janus did not answer; see " << janus.log();
  const std::string secret = settings.token_auth_secret;
  const std::vector<std::string> videoroom = {std::string(kVideoRoomPackage)};

  std::string valid = token_for(secret, videoroom, now_plus(300));
  std::string tampered = valid;
  tampered[0] = tampered[0] == '9' ? '8' : '9';  // a different expiry, same signature
  std::string echotest_only = token_for(secret, {"janus.plugin.echotest"}, now_plus(300));

  struct Case {
    std::string name;
    std::optional<std::string> token, apisecret;
    bool created;
  };
  const std::vector<Case> cases = {
      {"valid token, no api secret", valid, std::nullopt, true},
      {"api secret, no token (our server)", std::nullopt, settings.api_secret, true},
      {"nothing", std::nullopt, std::nullopt, false},
      {"wrong signing secret", token_for("not-the-secret-0123456789", videoroom, now_plus(300)),
       std::nullopt, false},
      {"expired", token_for(secret, videoroom, now_plus(-10)), std::nullopt, false},
      {"tampered expiry", tampered, std::nullopt, false},
      {"plugin realm, not the core's",
       *sign_janus_token_for_realm(secret, kVideoRoomPackage, {"1234"}, now_plus(300)),
       std::nullopt, false},
      {"wrong api secret", std::nullopt, std::string("server-api-secret-guessed"), false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    json req = {{"janus", "create"}, {"transaction", "t"}};
    if (c.token) req["token"] = *c.token;
    if (c.apisecret) req["apisecret"] = *c.apisecret;
    auto res = post_json(janus.port(), req);
    ASSERT_TRUE(res) << "no answer from Janus";
    if (c.created) {
      EXPECT_EQ((*res)["janus"], "success") << res->dump();
    } else {
      EXPECT_EQ((*res)["janus"], "error") << res->dump();
      EXPECT_EQ((*res)["error"]["code"], 403) << res->dump();  // JANUS_ERROR_UNAUTHORIZED
    }
  }

  // Attach: the token's plugin list is checked exactly against the plugin's package name.
  auto attach = [&](const std::string& token) -> json {
    auto session =
        post_json(janus.port(), {{"janus", "create"}, {"transaction", "c"}, {"token", token}});
    if (!session || (*session)["janus"] != "success") return {{"session", "failed"}};
    auto id = (*session)["data"]["id"].get<std::uint64_t>();
    auto res = post_json(janus.port(),
                         {{"janus", "attach"},
                          {"transaction", "a"},
                          {"plugin", kVideoRoomPackage},
                          {"token", token}},
                         "/janus/" + std::to_string(id));
    return res ? *res : json{{"attach", "no answer"}};
  };
  json ok = attach(valid);
  EXPECT_EQ(ok["janus"], "success") << ok.dump();
  json refused = attach(echotest_only);
  EXPECT_EQ(refused["janus"], "error") << refused.dump();
  EXPECT_EQ(refused["error"]["code"], 405) << refused.dump();  // JANUS_ERROR_UNAUTHORIZED_PLUGIN
}

// A videoroom handle: session + attach, by our server (api_secret) or a browser (token).
struct Handle {
  std::uint64_t session = 0, handle = 0;
  json auth;  // {"apisecret": …} or {"token": …}, merged into every request
  std::string path() const {
    return "/janus/" + std::to_string(session) + "/" + std::to_string(handle);
  }
};

std::optional<Handle> open_videoroom(int port, json auth) {
  json create = {{"janus", "create"}, {"transaction", "c"}};
  create.update(auth);
  auto session = post_json(port, create);
  if (!session || (*session)["janus"] != "success") return std::nullopt;
  Handle h;
  h.session = (*session)["data"]["id"].get<std::uint64_t>();
  h.auth = auth;
  json attach = {{"janus", "attach"}, {"transaction", "a"}, {"plugin", kVideoRoomPackage}};
  attach.update(auth);
  auto res = post_json(port, attach, "/janus/" + std::to_string(h.session));
  if (!res || (*res)["janus"] != "success") return std::nullopt;
  h.handle = (*res)["data"]["id"].get<std::uint64_t>();
  return h;
}

// Sends a videoroom request and returns the plugin's answer (data), waiting for the event by
// long poll when the request is asynchronous (`join`).
json videoroom(int port, const Handle& h, const json& body) {
  json msg = {{"janus", "message"}, {"transaction", "m"}, {"body", body}};
  msg.update(h.auth);
  auto res = post_json(port, msg, h.path());
  if (!res) return {{"error", "no answer"}};
  if ((*res)["janus"] == "ack") {
    std::string query = h.auth.contains("token")
                            ? "token=" + h.auth["token"].get<std::string>()
                            : "apisecret=" + h.auth["apisecret"].get<std::string>();
    // Tokens hold ',', ':', '+', '/' and '=': fine in a query value except '+', so escape it.
    std::string escaped;
    for (char c : query) escaped += c == '+' ? std::string("%2B") : std::string(1, c);
    res = request_json(port, "/janus/" + std::to_string(h.session) + "?maxev=1&" + escaped, nullptr,
                       std::chrono::seconds(3));
    if (!res) return {{"error", "no event"}};
  }
  return (*res)["plugindata"]["data"];
}

// Only our server (api_secret + admin_key) creates rooms; a browser with a valid core token
// cannot, and joins a `signed_tokens` room only with a token naming that room.
TEST(JanusTokenTest, RealJanusRoomsNeedTheAdminKeyAndARoomToken) {
  if (!fs::exists(kJanusBinary)) {
    GTEST_SKIP() << kJanusBinary << " missing: install the Debian package `janus` to run this test";
  }
  JanusSettings settings = token_settings();
  JanusProcess janus;
  ASSERT_TRUE(janus.start(settings)) << "Janus did not answer; see " << janus.log();
  const std::string secret = settings.token_auth_secret;
  const int port = janus.port();

  auto server = open_videoroom(port, {{"apisecret", settings.api_secret}});
  ASSERT_TRUE(server);
  json created = videoroom(port, *server,
                           {{"request", "create"},
                            {"room", 4242},
                            {"admin_key", settings.videoroom_admin_key},
                            {"signed_tokens", true},
                            {"is_private", true}});
  ASSERT_EQ(created["videoroom"], "created") << created.dump();

  std::string core = token_for(secret, {std::string(kVideoRoomPackage)}, now_plus(300));
  auto browser = open_videoroom(port, {{"token", core}});
  ASSERT_TRUE(browser);
  // Without the key: 429 (missing element); with a wrong one: 433 (unauthorized).
  for (const auto& [key, code] :
       {std::pair{json(nullptr), 429}, {json("guessed-admin-key"), 433}}) {
    json req = {{"request", "create"}, {"room", 777}};
    if (!key.is_null()) req["admin_key"] = key;
    json refused = videoroom(port, *browser, req);
    EXPECT_EQ(refused["error_code"], code) << refused.dump();
  }
  json exists = videoroom(port, *server, {{"request", "exists"}, {"room", 777}});
  EXPECT_EQ(exists["exists"], false) << exists.dump();

  struct Case {
    std::string name;
    std::optional<std::string> room_token;
    bool joined;
  };
  const std::vector<Case> cases = {
      {"no room token", std::nullopt, false},
      {"the core token", core, false},
      {"another room's token", *sign_videoroom_room_token(secret, "4243", now_plus(300)), false},
      {"expired room token", *sign_videoroom_room_token(secret, "4242", now_plus(-5)), false},
      {"this room's token", *sign_videoroom_room_token(secret, "4242", now_plus(300)), true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    json join = {{"request", "join"}, {"ptype", "publisher"}, {"room", 4242}};
    if (c.room_token) join["token"] = *c.room_token;
    json res = videoroom(port, *browser, join);
    if (c.joined) {
      EXPECT_EQ(res["videoroom"], "joined") << res.dump();
    } else {
      EXPECT_EQ(res["error_code"], 433) << res.dump();
    }
  }
}

}  // namespace
}  // namespace tsunagu::media
