#include "media/janus_client.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <filesystem>
#include <functional>

#include "media/janus_supervisor.h"
#include "media/voice_service.h"

namespace tsunagu::media {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using json = nlohmann::json;

TEST(JanusUrlTest, ParsesPlainWebSocketUrls) {
  struct Case {
    const char* url;
    bool ok;
    const char* host;
    int port;
    const char* path;
  };
  const Case cases[] = {
      {"ws://127.0.0.1:8188/", true, "127.0.0.1", 8188, "/"},
      {"ws://janus.internal:9000", true, "janus.internal", 9000, "/"},
      {"ws://10.0.0.5:8188/janus", true, "10.0.0.5", 8188, "/janus"},
      {"wss://127.0.0.1:8989/", false, "", 0, ""},
      {"http://127.0.0.1:8088/janus", false, "", 0, ""},
      {"ws://127.0.0.1/", false, "", 0, ""},
      {"ws://127.0.0.1:0/", false, "", 0, ""},
      {"ws://127.0.0.1:70000/", false, "", 0, ""},
      {"ws://127.0.0.1:80x/", false, "", 0, ""},
      {"ws://:8188/", false, "", 0, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url);
    auto parsed = parse_janus_ws_url(c.url);
    ASSERT_EQ(parsed.has_value(), c.ok);
    if (!c.ok) {
      EXPECT_EQ(parsed.error().name(), "janus_url");
      continue;
    }
    EXPECT_EQ(parsed->host, c.host);
    EXPECT_EQ(parsed->port, c.port);
    EXPECT_EQ(parsed->path, c.path);
  }
}

TEST(JanusClientTest, IsNotReadyWithoutAJanusAndFailsRequestsAtOnce) {
  asio::io_context io;
  asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
  const int port = probe.local_endpoint().port();
  probe.close();  // nothing listens there now
  JanusClientOptions options;
  options.port = port;
  options.retry = 50ms;
  JanusClient client(io, options);
  client.start();
  io.run_for(300ms);
  EXPECT_FALSE(client.ready());
  bool failed = false;
  client.attach([&](core::Result<std::uint64_t> handle) { failed = !handle; });
  io.restart();
  io.run_for(50ms);
  EXPECT_TRUE(failed);
}

bool run_until(asio::io_context& io, const std::function<bool()>& done,
               std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    io.restart();
    io.run_for(10ms);
  }
  return true;
}

int free_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// Against the real Janus of the Debian package: a session, a room, a publisher joining, and a
// new session with the room made again after Janus is killed and restarted.
TEST(JanusClientTest, RealJanusSessionRoomAndRecovery) {
  if (!fs::exists("/usr/bin/janus")) {
    GTEST_SKIP() << "/usr/bin/janus missing: install the Debian package `janus`";
  }
  char tmpl[] = "/tmp/tsunagu-janus-client-XXXXXX";
  const fs::path dir = ::mkdtemp(tmpl);
  asio::io_context io;
  JanusSupervisorOptions so;
  so.settings.dir = dir / "janus";
  so.settings.http_port = free_port();
  so.settings.ws_port = free_port();
  so.settings.api_secret = "server-api-secret-0123456789";
  so.settings.token_auth_secret = "token-auth-secret-0123456789";
  so.settings.videoroom_admin_key = "videoroom-admin-key-0123456789";
  so.poll_interval = 50ms;
  so.backoff_initial = 200ms;
  JanusSupervisor supervisor(io, so);
  ASSERT_TRUE(supervisor.start());

  JanusClientOptions co;
  co.port = so.settings.ws_port;
  co.api_secret = so.settings.api_secret;
  co.retry = 100ms;
  JanusClient client(io, co);
  VoiceService voice(client, so.settings.videoroom_admin_key);
  std::vector<std::string> broadcasts;
  VoiceRoomHooks hooks;
  hooks.send = [](std::uint32_t, std::string) {};
  hooks.broadcast = [&](std::string text) { broadcasts.push_back(text); };
  VoiceRoom& room = voice.add_room(4242, "plaza", 50, VoiceSettings{}, hooks);
  client.on_ready = [&](bool ready) { voice.janus_changed(ready); };
  client.start();
  ASSERT_TRUE(run_until(io, [&] { return room.available(); }, 8000ms))
      << "see " << (so.settings.dir / "janus.log");

  // A publisher without media joins the room the service made.
  std::optional<core::Result<JanusEvent>> joined;
  client.attach([&](core::Result<std::uint64_t> handle) {
    ASSERT_TRUE(handle) << handle.error().message();
    client.message(*handle, {{"request", "join"}, {"ptype", "publisher"}, {"room", 4242}, {"id", 9}},
                   nullptr, [&](core::Result<JanusEvent> answer) { joined = std::move(answer); });
  });
  ASSERT_TRUE(run_until(io, [&] { return joined.has_value(); }, 5000ms));
  ASSERT_TRUE(*joined) << joined->error().message();
  EXPECT_EQ((*joined)->data.value("videoroom", ""), "joined");
  EXPECT_EQ((*joined)->data.value("id", 0), 9);

  // A plugin error comes back as janus_<code>: joining a room that does not exist.
  std::optional<core::Result<JanusEvent>> missing;
  client.attach([&](core::Result<std::uint64_t> handle) {
    ASSERT_TRUE(handle);
    client.message(*handle, {{"request", "join"}, {"ptype", "publisher"}, {"room", 999}}, nullptr,
                   [&](core::Result<JanusEvent> answer) { missing = std::move(answer); });
  });
  ASSERT_TRUE(run_until(io, [&] { return missing.has_value(); }, 5000ms));
  ASSERT_FALSE(*missing);
  EXPECT_EQ(missing->error().name(), "janus_426");  // no such room

  ::kill(supervisor.pid(), SIGKILL);
  ASSERT_TRUE(run_until(io, [&] { return !room.available(); }, 5000ms));
  ASSERT_TRUE(run_until(io, [&] { return room.available(); }, 10000ms))
      << "the room is made again once Janus is back";
  client.stop();
  supervisor.stop_now();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace tsunagu::media
