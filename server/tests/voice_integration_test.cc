// Voice signalling through the real server and the real Janus of the Debian package, without
// a browser: the server starts its own Janus, tells members voice is available, relays a
// microphone offer to Janus and Janus's answer back, and enforces who may moderate. (Media
// itself is tested with browsers: web/e2e/voice.e2e.ts.)
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

#include "test_server.h"

namespace tsunagu::testing {
namespace {

using namespace std::chrono_literals;

// A minimal WebRTC audio offer as a browser makes it (the DTLS fingerprint is made up: no
// media flows here, Janus only has to accept the description).
std::string audio_offer() {
  return "v=0\r\n"
         "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
         "s=-\r\n"
         "t=0 0\r\n"
         "a=group:BUNDLE 0\r\n"
         "a=msid-semantic: WMS\r\n"
         "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
         "c=IN IP4 0.0.0.0\r\n"
         "a=rtcp:9 IN IP4 0.0.0.0\r\n"
         "a=ice-ufrag:Tsng\r\n"
         "a=ice-pwd:tsunaguvoicetestpassword\r\n"
         "a=fingerprint:sha-256 "
         "6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CC:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:D6:BC\r\n"
         "a=setup:actpass\r\n"
         "a=mid:0\r\n"
         "a=sendonly\r\n"
         "a=rtcp-mux\r\n"
         "a=rtpmap:111 opus/48000/2\r\n"
         "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
         "a=ssrc:1001 cname:tsunagu\r\n";
}

bool janus_installed() { return std::filesystem::exists("/usr/bin/janus"); }

std::string admin_token(const std::filesystem::path& data, unsigned short port) {
  const std::string cmd = "printf '%s\\n' 'a long admin passphrase' | " + std::string(TSUNAGU_BINARY) +
                          " admin create --login root --data " + data.string() + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return "";
  auto login = http_request(port, http::verb::post, "/api/login",
                            json{{"login_id", "root"}, {"password", "a long admin passphrase"}}.dump());
  if (login.status != 200) return "";
  const std::string token = json::parse(login.body).value("token", "");
  auto rules = json::parse(http_request(port, http::verb::get, "/api/rules").body);
  auto accepted = http_request(port, http::verb::post, "/api/rules/accept",
                               json{{"version", rules["version"]}}.dump(),
                               {{"Authorization", "Bearer " + token}});
  return accepted.status == 200 ? token : "";
}

TEST(VoiceTest, SignallingThroughTheServerWithARealJanus) {
  if (!janus_installed()) GTEST_SKIP() << "/usr/bin/janus missing: install the package `janus`";
  TempDir dir;
  const auto data = dir.path() / "data";
  std::filesystem::create_directories(data);
  const auto config = dir.path() / "tsunagu.json";
  {
    std::ofstream out(config);
    out << R"({"turn_urls": ["turns:turn.example.org:5349?transport=tcp"],
               "turn_secret": "a-turn-secret-for-the-test"})";
  }
  ServerProcess server(data, {"--janus", "auto", "--config", config.string()});
  ASSERT_TRUE(server.start());

  WsClient a;
  ASSERT_TRUE(a.connect(server.port()));
  auto a_id = a.enter(new_guest(server.port(), "あおい"));
  ASSERT_TRUE(a_id);
  // Janus takes a moment to start; the status says when voice is there.
  std::optional<json> status = a.read_until_type("voice_status", 5s);
  ASSERT_TRUE(status);
  // The first status carries this person's TURN credential (deploy/janus.md, section 5).
  ASSERT_EQ((*status)["ice_servers"].size(), 1u) << status->dump();
  const std::string username = (*status)["ice_servers"][0].value("username", "");
  EXPECT_TRUE(username.ends_with(":" + std::to_string(*a_id))) << username;
  EXPECT_FALSE((*status)["ice_servers"][0].value("credential", "").empty());
  for (int i = 0; i < 50 && !status->value("available", false); ++i) {
    status = a.read_until_type("voice_status", 1s);
    if (!status) status = json{{"available", false}};
  }
  ASSERT_TRUE(status->value("available", false)) << "voice never became available";

  a.send_json({{"type", "voice_publish"}, {"sdp", audio_offer()}});
  auto published = a.read_until_type("voice_published", 10s);
  ASSERT_TRUE(published) << "no answer from Janus through the server";
  const std::string answer = published->value("sdp", "");
  EXPECT_NE(answer.find("m=audio"), std::string::npos) << answer;
  EXPECT_NE(answer.find("a=recvonly"), std::string::npos) << answer;

  // Out of order and malformed input is refused with a reason.
  a.send_json({{"type", "voice_answer"}, {"sdp", "v=0"}});
  auto no_offer = a.read_until_type("error");
  ASSERT_TRUE(no_offer);
  EXPECT_EQ((*no_offer)["code"], "voice_no_offer");
  a.send_json({{"type", "voice_publish"}, {"sdp", 5}});
  auto bad = a.read_until_type("error");
  ASSERT_TRUE(bad);
  EXPECT_EQ((*bad)["code"], "bad_message");
  a.send_json({{"type", "voice_mic"}, {"on", "yes"}});
  bad = a.read_until_type("error");
  ASSERT_TRUE(bad);
  EXPECT_EQ((*bad)["code"], "bad_message");

  // A guest may not mute others; an admin may, and the target is told.
  WsClient b;
  ASSERT_TRUE(b.connect(server.port()));
  ASSERT_TRUE(b.enter(new_guest(server.port(), "ひかり")));
  b.send_json({{"type", "voice_moderate"}, {"user", *a_id}, {"muted", true}});
  auto denied = b.read_until_type("error");
  ASSERT_TRUE(denied);
  EXPECT_EQ((*denied)["code"], "permission_denied");

  const std::string admin = admin_token(data, server.port());
  ASSERT_FALSE(admin.empty());
  WsClient staff;
  ASSERT_TRUE(staff.connect(server.port()));
  ASSERT_TRUE(staff.enter(admin));
  staff.send_json({{"type", "voice_moderate"}, {"user", *a_id}, {"muted", true}});
  auto muted = a.read_until_type("voice_mic", 5s);
  ASSERT_TRUE(muted);
  EXPECT_EQ((*muted)["on"], false);
  EXPECT_EQ((*muted)["by_moderator"], true);
  a.send_json({{"type", "voice_mic"}, {"on", true}});
  auto refused = a.read_until_type("error");
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "voice_muted_by_moderator");
  EXPECT_EQ(server.terminate(), 0);
}

TEST(VoiceTest, VoiceOffMeansTextOnlyWithAClearStatus) {
  TempDir dir;
  ServerProcess server(dir.path() / "data");  // the test default: --janus off
  ASSERT_TRUE(server.start());
  WsClient a;
  ASSERT_TRUE(a.connect(server.port()));
  ASSERT_TRUE(a.enter(new_guest(server.port(), "あおい")));
  auto status = a.read_until_type("voice_status");
  ASSERT_TRUE(status);
  EXPECT_EQ((*status)["available"], false);
  EXPECT_EQ((*status)["off"], true);
  a.send_json({{"type", "voice_publish"}, {"sdp", audio_offer()}});
  auto error = a.read_until_type("error");
  ASSERT_TRUE(error);
  EXPECT_EQ((*error)["code"], "voice_unavailable");
  a.send_json({{"type", "chat"}, {"text", "声が使えなくても話せます"}});
  auto chat = a.read_until_type("chat");
  ASSERT_TRUE(chat);
}

// The next message of `type` for which `wanted` holds (earlier ones, e.g. the state sent at
// join, are skipped).
std::optional<json> read_until(WsClient& c, const std::string& type,
                               const std::function<bool(const json&)>& wanted) {
  for (int i = 0; i < 20; ++i) {
    auto m = c.read_until_type(type);
    if (!m || wanted(*m)) return m;
  }
  return std::nullopt;
}

// The lecture hall without media: raised hands, a facilitator bringing someone to the stage,
// and slides shown and paged by presenters only.
TEST(VoiceTest, HallHandsStageAndSlides) {
  TempDir dir;
  const auto data = dir.path() / "data";
  std::filesystem::create_directories(data);
  ServerProcess server(data);
  ASSERT_TRUE(server.start());
  const std::string admin = admin_token(data, server.port());
  ASSERT_FALSE(admin.empty());

  auto decks = http_request(server.port(), http::verb::get, "/api/slides");
  ASSERT_EQ(decks.status, 200);
  const json deck = json::parse(decks.body)["decks"][0];
  EXPECT_EQ(deck["id"], "headache-basics");
  const std::string page0 = deck["pages"][0];
  auto image = http_request(server.port(), http::verb::get, page0);
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.raw[http::field::content_type], "image/svg+xml");
  EXPECT_EQ(http_request(server.port(), http::verb::get, "/slides/headache-basics/deck.json").status, 404);
  EXPECT_EQ(http_request(server.port(), http::verb::get, "/slides/../world.json").status, 404);

  WsClient guest, staff;
  ASSERT_TRUE(guest.connect(server.port(), "", "/ws?space=hall"));
  auto guest_id = guest.enter(new_guest(server.port(), "きく人"), "hall");
  ASSERT_TRUE(guest_id);
  auto blank = guest.read_until_type("slides");
  ASSERT_TRUE(blank);
  EXPECT_TRUE((*blank)["deck"].is_null());
  ASSERT_TRUE(staff.connect(server.port(), "", "/ws?space=hall"));
  ASSERT_TRUE(staff.enter(admin, "hall"));

  guest.send_json({{"type", "hand"}, {"raised", true}});
  auto hands = read_until(staff, "hands", [](const json& m) { return !m["ids"].empty(); });
  ASSERT_TRUE(hands);
  EXPECT_EQ((*hands)["ids"], json::array({*guest_id}));

  guest.send_json({{"type", "slides_show"}, {"deck", "headache-basics"}});
  auto denied = guest.read_until_type("error");
  ASSERT_TRUE(denied);
  EXPECT_EQ((*denied)["code"], "permission_denied");

  staff.send_json({{"type", "slides_show"}, {"deck", "headache-basics"}});
  auto shown = guest.read_until_type("slides");
  ASSERT_TRUE(shown);
  EXPECT_EQ((*shown)["deck"], "headache-basics");
  EXPECT_EQ((*shown)["page"], 0);
  EXPECT_EQ((*shown)["pages"][0], page0);
  staff.send_json({{"type", "slides_page"}, {"page", 99}});
  auto bad_page = staff.read_until_type("error");
  ASSERT_TRUE(bad_page);
  EXPECT_EQ((*bad_page)["code"], "slides_page_invalid");
  staff.send_json({{"type", "slides_show"}, {"deck", "nope"}});
  auto unknown = staff.read_until_type("error");
  ASSERT_TRUE(unknown);
  EXPECT_EQ((*unknown)["code"], "slides_unknown");

  // Brought to the stage, the guest's hand goes down and they may turn the pages.
  staff.send_json({{"type", "stage_invite"}, {"user", *guest_id}});
  auto invited = guest.read_until_type("stage_invited");
  ASSERT_TRUE(invited);
  auto stage = read_until(guest, "stage", [](const json& m) { return !m["guests"].empty(); });
  ASSERT_TRUE(stage);
  EXPECT_EQ((*stage)["guests"], json::array({*guest_id}));
  guest.send_json({{"type", "slides_page"}, {"page", 2}});
  auto turned = read_until(staff, "slides", [](const json& m) { return m["page"] == 2; });
  ASSERT_TRUE(turned);
  EXPECT_EQ((*turned)["page"], 2);

  // The plaza has no stage.
  WsClient plaza;
  ASSERT_TRUE(plaza.connect(server.port()));
  ASSERT_TRUE(plaza.enter(new_guest(server.port(), "ひろば")));
  plaza.send_json({{"type", "hand"}, {"raised", true}});
  auto no_stage = plaza.read_until_type("error");
  ASSERT_TRUE(no_stage);
  EXPECT_EQ((*no_stage)["code"], "no_stage");
}

}  // namespace
}  // namespace tsunagu::testing
