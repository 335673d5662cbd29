// The real server binary, end to end over real sockets: HTTP API, WebSocket protocol, bad
// input, TLS, and a clean SIGTERM that loses no stored message.
#include <gtest/gtest.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include "proto/world_codec.h"
#include "test_server.h"

namespace tsunagu::testing {
namespace {

using namespace std::chrono_literals;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.emplace(dir_.path() / "data");
    ASSERT_TRUE(server_->start()) << "server did not start";
  }
  unsigned short port() const { return server_->port(); }

  TempDir dir_;
  std::optional<ServerProcess> server_;
};

TEST_F(ServerTest, HealthzAnswersWithStatus) {
  auto res = http_request(port(), http::verb::get, "/healthz");
  EXPECT_EQ(res.status, 200);
  auto body = json::parse(res.body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_TRUE(body.contains("version"));
  EXPECT_EQ(res.raw[http::field::content_type], "application/json; charset=utf-8");
}

TEST_F(ServerTest, GuestSessionValidatesNamesInBothLanguages) {
  struct Case {
    const char* name;
    std::string body;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"good", R"({"name":"さくら","avatar":3,"rules_version":1})", 201, ""},
      {"full-width is normalised", R"({"name":"ＴＡＲＯ","avatar":0,"rules_version":1})", 201, ""},
      {"empty", R"({"name":"   ","avatar":0,"rules_version":1})", 400, "name_empty"},
      {"too long", R"({"name":"あいうえおかきくけこさしすせそたちつてとなにぬねの","avatar":0})", 400,
       "name_too_long"},
      {"zero width", R"({"name":"a\u200bb","avatar":0})", 400, "name_invalid_char"},
      {"control", R"({"name":"a\u0007b","avatar":0})", 400, "name_invalid_char"},
      {"missing name", R"({"avatar":0})", 400, "name_missing"},
      {"bad avatar", R"({"name":"A","avatar":99})", 400, "avatar_invalid"},
      {"not json", "name=A", 400, "bad_json"},
  };
  for (const auto& c : cases) {
    auto res = http_request(port(), http::verb::post, "/api/session", c.body);
    EXPECT_EQ(res.status, c.status) << c.name << ": " << res.body;
    auto body = json::parse(res.body);
    if (c.status == 201) {
      EXPECT_EQ(body["token"].get<std::string>().size(), 43u) << c.name;
      if (std::string(c.name) == "full-width is normalised") EXPECT_EQ(body["user"]["name"], "TARO");
      continue;
    }
    EXPECT_EQ(body["error"]["code"], c.code) << c.name;
    EXPECT_FALSE(body["error"]["message"]["ja"].get<std::string>().empty()) << c.name;
    EXPECT_FALSE(body["error"]["message"]["en"].get<std::string>().empty()) << c.name;
  }
}

TEST_F(ServerTest, SessionCanBeReadBackWithItsToken) {
  auto token = new_guest(port(), "Ken");
  auto res = http_request(port(), http::verb::get, "/api/session", "",
                          {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(json::parse(res.body)["user"]["name"], "Ken");
  auto bad = http_request(port(), http::verb::get, "/api/session", "",
                          {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(bad.status, 401);
}

TEST_F(ServerTest, OversizedRequestBodyIs413) {
  auto res = http_request(port(), http::verb::post, "/api/session", std::string(64 * 1024, 'x'));
  EXPECT_EQ(res.status, 413);
}

TEST_F(ServerTest, StaticFilesHaveTypesCacheHeadersAndNoTraversal) {
  auto index = http_request(port(), http::verb::get, "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.raw[http::field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(index.raw[http::field::cache_control], "no-cache");
  auto etag = std::string(index.raw[http::field::etag]);
  auto again = http_request(port(), http::verb::get, "/", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(http_request(port(), http::verb::get, "/../../etc/passwd").status, 400);
  EXPECT_EQ(http_request(port(), http::verb::get, "/assets/missing.js").status, 404);
  EXPECT_EQ(http_request(port(), http::verb::get, "/some/route").status, 200);  // SPA fallback
  EXPECT_EQ(http_request(port(), http::verb::delete_, "/").status, 405);
}

TEST_F(ServerTest, TwoClientsSeeEachOtherMoveAndChat) {
  WsClient a, b;
  ASSERT_TRUE(a.connect(port(), "http://127.0.0.1:" + std::to_string(port())));
  ASSERT_TRUE(b.connect(port()));
  auto a_id = a.enter(new_guest(port(), "A"));
  ASSERT_TRUE(a_id);
  ASSERT_TRUE(b.enter(new_guest(port(), "B")));
  // B's snapshot holds A.
  bool saw_a = false;
  for (int i = 0; i < 10 && !saw_a; ++i) {
    bool text = true;
    auto m = b.read(2s, &text);
    ASSERT_TRUE(m);
    if (text) continue;
    auto frame = proto::decode_world(std::span(reinterpret_cast<const std::uint8_t*>(m->data()), m->size()));
    ASSERT_TRUE(frame);
    for (const auto& r : frame->records) saw_a |= r.kind == proto::kRecordJoin && r.id == *a_id;
  }
  ASSERT_TRUE(saw_a);
  auto move = proto::encode_move(proto::Transform{500, 0, -250, 0, 1});
  a.send_binary({move.begin(), move.end()});
  bool saw_move = false;
  for (int i = 0; i < 20 && !saw_move; ++i) {
    bool text = true;
    auto m = b.read(2s, &text);
    ASSERT_TRUE(m);
    if (text) continue;
    auto frame = proto::decode_world(std::span(reinterpret_cast<const std::uint8_t*>(m->data()), m->size()));
    ASSERT_TRUE(frame);
    for (const auto& r : frame->records) {
      saw_move |= r.kind == proto::kRecordMove && r.id == *a_id && r.transform.x == 500;
    }
  }
  EXPECT_TRUE(saw_move);
  a.send_json({{"type", "chat"}, {"text", "こんにちは"}});
  auto chat = b.read_until_type("chat");
  ASSERT_TRUE(chat);
  EXPECT_EQ((*chat)["text"], "こんにちは");
  EXPECT_EQ((*chat)["name"], "A");
}

TEST_F(ServerTest, ForeignOriginIsRefused) {
  WsClient c;
  EXPECT_FALSE(c.connect(port(), "https://evil.example"));
}

TEST_F(ServerTest, OversizedMessageCloses1009) {
  WsClient c;
  ASSERT_TRUE(c.connect(port()));
  ASSERT_TRUE(c.enter(new_guest(port(), "Big")));
  c.send_text(std::string(16 * 1024 + 1, 'x'));
  EXPECT_EQ(c.read_until_closed(), 1009);
}

TEST_F(ServerTest, InvalidUtf8Closes1007) {
  WsClient c;
  ASSERT_TRUE(c.connect(port()));
  ASSERT_TRUE(c.enter(new_guest(port(), "Bytes")));
  c.send_text("{\"type\":\"chat\",\"text\":\"\xC0\xAF\"}");
  EXPECT_EQ(c.read_until_closed(), 1007);
}

TEST_F(ServerTest, NoHelloCloses4000AndBadTokenCloses4001) {
  WsClient a, b;
  ASSERT_TRUE(a.connect(port()));
  a.send_json({{"type", "join"}, {"space", "plaza"}});
  EXPECT_EQ(a.read_until_closed(), 4000);
  ASSERT_TRUE(b.connect(port()));
  b.send_json({{"type", "hello"}, {"v", 1}, {"token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}});
  EXPECT_EQ(b.read_until_closed(), 4001);
}

TEST_F(ServerTest, FloodingCloses1008AndOthersAreUnharmed) {
  WsClient flooder, bystander;
  ASSERT_TRUE(flooder.connect(port()));
  ASSERT_TRUE(bystander.connect(port()));
  ASSERT_TRUE(flooder.enter(new_guest(port(), "Flood")));
  ASSERT_TRUE(bystander.enter(new_guest(port(), "Calm")));
  auto move = proto::encode_move(proto::Transform{});
  for (int i = 0; i < 400; ++i) flooder.send_binary({move.begin(), move.end()});
  EXPECT_EQ(flooder.read_until_closed(), 1008);
  bystander.send_json({{"type", "ping"}, {"t", 7}});
  auto pong = bystander.read_until_type("pong");
  ASSERT_TRUE(pong);
  EXPECT_EQ((*pong)["t"], 7);
}

TEST_F(ServerTest, UnknownTypesAndBadFramesGetErrorsNotCrashes) {
  WsClient c;
  ASSERT_TRUE(c.connect(port()));
  ASSERT_TRUE(c.enter(new_guest(port(), "Odd")));
  c.send_json({{"type", "teleport"}});
  auto e1 = c.read_until_type("error");
  ASSERT_TRUE(e1);
  EXPECT_EQ((*e1)["code"], "unknown_type");
  c.send_binary({9, 1, 0});
  auto e2 = c.read_until_type("error");
  ASSERT_TRUE(e2);
  EXPECT_EQ((*e2)["code"], "unsupported_version");
  EXPECT_EQ(http_request(port(), http::verb::get, "/healthz").status, 200);
}

TEST_F(ServerTest, SigtermKeepsEveryStoredMessage) {
  {
    WsClient a;
    ASSERT_TRUE(a.connect(port()));
    ASSERT_TRUE(a.enter(new_guest(port(), "Keeper")));
    for (int i = 0; i < 3; ++i) {
      a.send_json({{"type", "chat"}, {"text", "message " + std::to_string(i)}});
      ASSERT_TRUE(a.read_until_type("chat"));  // stored before it is echoed
    }
    EXPECT_EQ(server_->terminate(), 0);
    EXPECT_EQ(a.read_until_closed(), 1001);
  }
  server_.emplace(dir_.path() / "data");
  ASSERT_TRUE(server_->start());
  WsClient b;
  ASSERT_TRUE(b.connect(port()));
  b.send_json({{"type", "hello"}, {"v", 1}, {"token", new_guest(port(), "Later")}});
  ASSERT_TRUE(b.read_until_type("welcome"));
  b.send_json({{"type", "join"}, {"space", "plaza"}});
  auto joined = b.read_until_type("joined");
  ASSERT_TRUE(joined);
  ASSERT_EQ((*joined)["history"].size(), 3u);
  EXPECT_EQ((*joined)["history"][2]["text"], "message 2");
}

TEST_F(ServerTest, SpacesOnAnotherLoopWorkThroughReconnect) {
  // Two loops: plaza on loop 0, circle-1 on loop 1 (dealt in content order).
  WsClient a, b;
  ASSERT_TRUE(a.connect(port(), "", "/ws?space=circle-1"));
  ASSERT_TRUE(a.enter(new_guest(port(), "A"), "circle-1"));
  ASSERT_TRUE(b.connect(port()));
  const std::string b_token = new_guest(port(), "B");
  ASSERT_TRUE(b.enter(b_token));  // plaza
  b.send_json({{"type", "join"}, {"space", "circle-1"}});
  auto reconnect = b.read_until_type("reconnect");
  ASSERT_TRUE(reconnect);
  EXPECT_EQ((*reconnect)["space"], "circle-1");
  b.close();
  WsClient b2;
  ASSERT_TRUE(b2.connect(port(), "", "/ws?space=circle-1"));
  ASSERT_TRUE(b2.enter(b_token, "circle-1"));
  a.send_json({{"type", "chat"}, {"text", "ようこそ"}});
  auto chat = b2.read_until_type("chat");
  ASSERT_TRUE(chat);
  EXPECT_EQ((*chat)["text"], "ようこそ");
  auto spaces = json::parse(http_request(port(), http::verb::get, "/api/spaces").body);
  for (const auto& s : spaces["spaces"]) {
    if (s["id"] == "circle-1") EXPECT_EQ(s["count"], 2);
  }
}

TEST_F(ServerTest, MetricsArePrometheusText) {
  WsClient a;
  ASSERT_TRUE(a.connect(port()));
  ASSERT_TRUE(a.enter(new_guest(port(), "M")));
  std::this_thread::sleep_for(200ms);  // a few ticks
  auto res = http_request(port(), http::verb::get, "/metrics");
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.raw[http::field::content_type].find("text/plain"), std::string::npos);
  for (const char* name :
       {"tsunagu_connections 1", "tsunagu_space_avatars{space=\"plaza\"} 1",
        "tsunagu_tick_duration_seconds_bucket{space=\"plaza\",le=\"+Inf\"}",
        "tsunagu_bytes_sent_total", "tsunagu_bytes_received_total",
        "tsunagu_world_frames_held_back_total", "tsunagu_rejected_inputs_total"}) {
    EXPECT_NE(res.body.find(name), std::string::npos) << name << "\n" << res.body;
  }
}

TEST(ServerTlsTest, GenCertThenServeOverHttps) {
  TempDir dir;
  const auto tls = dir.path() / "tls";
  std::string cmd = std::string(TSUNAGU_BINARY) + " gen-cert --out " + tls.string() + " > /dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  EXPECT_NE(std::system((cmd + " 2>/dev/null").c_str()), 0);  // never overwrites a pair
  ServerProcess server(dir.path() / "data", {"--tls-cert", (tls / "cert.pem").string(),
                                             "--tls-key", (tls / "key.pem").string()});
  ASSERT_TRUE(server.start());

  asio::io_context io;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file((tls / "cert.pem").string());
  ctx.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
  beast::get_lowest_layer(stream).connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  stream.set_verify_callback(asio::ssl::host_name_verification("localhost"));
  stream.handshake(asio::ssl::stream_base::client);  // verifies the self-signed pair
  http::request<http::string_body> req{http::verb::get, "/healthz", 11};
  req.set(http::field::host, "localhost");
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(json::parse(res.body())["status"], "ok");
}

TEST(ServerStartTest, BadConfigurationFailsFastWithAMessage) {
  TempDir dir;
  std::string cmd = std::string(TSUNAGU_BINARY) + " serve --port 0 --data " +
                    (dir.path() / "d").string() + " --web /nonexistent --content " + std::string(TSUNAGU_SOURCE_DIR) + "/content 2>&1";
  FILE* out = ::popen(cmd.c_str(), "r");
  ASSERT_NE(out, nullptr);
  std::string text;
  char buf[256];
  while (std::fgets(buf, sizeof buf, out)) text += buf;
  int status = ::pclose(out);
  EXPECT_NE(WEXITSTATUS(status), 0);
  EXPECT_NE(text.find("make build"), std::string::npos) << text;
}

}  // namespace
}  // namespace tsunagu::testing
