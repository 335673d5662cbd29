// Consultations through the real binary (issue 6, docs/consultation.md): the queue reaches an
// on-duty clinician, accepting puts both in a private room nobody else may enter or hear, the
// patient keeps the note, and admins see statistics without content.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "test_server.h"

namespace tsunagu::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kAdminPassword = "a long consultation admin passphrase";

class ConsultationServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(create_admin(dir_.path() / "data", kAdminPassword));
    // A short grace period, so that a dropped clinician's request comes back within the test.
    server_.emplace(dir_.path() / "data", std::vector<std::string>{"--consult-grace", "2"});
    ASSERT_TRUE(server_->start()) << "server did not start";
    auto login = http_request(port(), http::verb::post, "/api/login",
                              json{{"login_id", "root"}, {"password", kAdminPassword}}.dump());
    ASSERT_EQ(login.status, 200) << login.body;
    admin_ = json::parse(login.body)["token"];
  }
  unsigned short port() const { return server_->port(); }

  // A guest session given `role` by the admin ("guest" keeps it a guest); returns its token.
  std::string person(const std::string& name, const std::string& role) {
    const std::string token = person_with_role(port(), admin_, name, role);
    EXPECT_FALSE(token.empty()) << name << " as " << role;
    return token;
  }

  // Connects to the loop of `space` (the client's reconnect hop, done at once), hello, join.
  std::optional<json> enter(WsClient& ws, const std::string& token, const std::string& space) {
    ws.close();
    if (!ws.connect(port(), "", "/ws?space=" + space)) return std::nullopt;
    ws.send_json({{"type", "hello"}, {"v", 1}, {"token", token}});
    if (!ws.read_until_type("welcome")) return std::nullopt;
    ws.send_json({{"type", "join"}, {"space", space}});
    return ws.read_until_type("joined");
  }

  TempDir dir_;
  std::optional<ServerProcess> server_;
  std::string admin_;
};

TEST_F(ConsultationServerTest, RequestAcceptPrivateRoomNoteAndStatistics) {
  const std::string doctor_token = person("さとう", "clinician");
  const std::string patient_token = person("はなこ", "member");
  const std::string other_token = person("通りすがり", "guest");
  WsClient doctor, patient, other;
  ASSERT_TRUE(enter(doctor, doctor_token, "plaza"));
  ASSERT_TRUE(enter(patient, patient_token, "plaza"));
  ASSERT_TRUE(enter(other, other_token, "plaza"));

  // Nobody on duty: the request is refused, and says so.
  patient.send_json({{"type", "consult_request"}, {"topic", "migraine"}});
  auto refused = patient.read_until_type("error");
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)["code"], "consult_nobody_on_duty");

  // A guest cannot go on duty.
  other.send_json({{"type", "duty"}, {"on", true}});
  auto denied = other.read_until_type("error");
  ASSERT_TRUE(denied);
  EXPECT_EQ((*denied)["code"], "permission_denied");

  doctor.send_json({{"type", "duty"}, {"on", true}});
  auto queue = doctor.read_until_type("consult_queue");
  ASSERT_TRUE(queue);
  EXPECT_EQ((*queue)["on"], true);

  patient.send_json({{"type", "consult_request"}, {"topic", "medication"},
                     {"text", "月に12日鎮痛薬を飲んでいます"}, {"observers", false},
                     {"keep_note", true}});
  auto waiting = patient.read_until_type("consult_status");
  ASSERT_TRUE(waiting);
  EXPECT_EQ((*waiting)["state"], "waiting");
  EXPECT_EQ((*waiting)["position"], 1);
  auto arrived = doctor.read_until_type("consult_queue");
  ASSERT_TRUE(arrived);
  ASSERT_EQ((*arrived)["requests"].size(), 1u);
  EXPECT_EQ((*arrived)["arrived"], (*waiting)["id"]);
  EXPECT_EQ((*arrived)["requests"][0]["text"], "月に12日鎮痛薬を飲んでいます");

  // A guest cannot accept it.
  other.send_json({{"type", "consult_accept"}, {"id", (*waiting)["id"]}});
  auto guest_accept = other.read_until_type("error");
  ASSERT_TRUE(guest_accept);
  EXPECT_EQ((*guest_accept)["code"], "permission_denied");

  doctor.send_json({{"type", "consult_accept"}, {"id", (*waiting)["id"]}});
  auto doctor_active = doctor.read_until_type("consult_status");
  auto patient_active = patient.read_until_type("consult_status");
  ASSERT_TRUE(doctor_active && patient_active);
  ASSERT_EQ((*patient_active)["state"], "active");
  const std::string room = (*patient_active)["space"];
  EXPECT_EQ((*doctor_active)["space"], room);
  EXPECT_EQ(room.rfind("consult-", 0), 0u);

  // Private rooms are not listed, and nobody else gets in.
  auto spaces = json::parse(http_request(port(), http::verb::get, "/api/spaces").body);
  for (const auto& s : spaces["spaces"]) EXPECT_NE(s["access"], "consultation") << s["id"];
  other.send_json({{"type", "join"}, {"space", room}});
  auto kept_out = other.read_until_type("error");
  ASSERT_TRUE(kept_out);
  EXPECT_EQ((*kept_out)["code"], "permission_denied");
  WsClient intruder;
  auto intruding = enter(intruder, other_token, room);
  EXPECT_FALSE(intruding) << "joined a private room on its own loop";

  auto in_room_doctor = enter(doctor, doctor_token, room);
  ASSERT_TRUE(in_room_doctor);
  // The patient's new connection (on the room's loop) is told of the open consultation at once.
  patient.close();
  ASSERT_TRUE(patient.connect(port(), "", "/ws?space=" + room));
  patient.send_json({{"type", "hello"}, {"v", 1}, {"token", patient_token}});
  auto resent = patient.read_until_type("consult_status");
  ASSERT_TRUE(resent);
  EXPECT_EQ((*resent)["state"], "active");
  EXPECT_EQ((*resent)["space"], room);
  patient.send_json({{"type", "join"}, {"space", room}});
  auto in_room_patient = patient.read_until_type("joined");
  ASSERT_TRUE(in_room_patient);
  EXPECT_EQ((*in_room_patient)["space"]["chat_stored"], false);

  patient.send_json({{"type", "chat"}, {"text", "ここだけの話です"}});
  auto heard = doctor.read_until_type("chat");
  ASSERT_TRUE(heard);
  EXPECT_EQ((*heard)["text"], "ここだけの話です");
  EXPECT_FALSE(other.read_until_type("chat", 500ms)) << "a chat line left the room";

  doctor.send_json({{"type", "consult_end"},
                    {"outcome", {{"kind", "own_clinic"}, {"clinic_name", "佐藤頭痛クリニック"},
                                 {"clinic_contact", "03-0000-0000"}}},
                    {"note", "頭痛ダイアリーを2か月続けて受診してください。"}});
  auto ended = patient.read_until_type("consult_status");
  ASSERT_TRUE(ended);
  EXPECT_EQ((*ended)["state"], "ended");
  EXPECT_EQ((*ended)["outcome"]["clinic_name"], "佐藤頭痛クリニック");
  EXPECT_EQ((*ended)["note"], "頭痛ダイアリーを2か月続けて受診してください。");

  // The member keeps the note; the admin sees counts only.
  auto notes = json::parse(
      http_request(port(), http::verb::get, "/api/me/consultations", "", bearer(patient_token)).body);
  ASSERT_EQ(notes["notes"].size(), 1u);
  EXPECT_EQ(notes["notes"][0]["clinician"], "さとう");
  json stats;
  for (int i = 0; i < 50; ++i) {  // recorded on the API's loop just after the end
    stats = json::parse(
        http_request(port(), http::verb::get, "/api/admin/consultations", "", bearer(admin_)).body);
    if (stats.value("count", 0) == 1) break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(stats["count"], 1);
  EXPECT_EQ(stats["by_outcome"]["own_clinic"], 1);
  EXPECT_EQ(stats.dump().find("ダイアリー"), std::string::npos);
  EXPECT_EQ(http_request(port(), http::verb::get, "/api/admin/consultations", "",
                         bearer(doctor_token)).status,
            403);
  // Own data includes the note, and deleting it erases it.
  auto own = json::parse(
      http_request(port(), http::verb::get, "/api/me/data", "", bearer(patient_token)).body);
  EXPECT_EQ(own["consultation_notes"].size(), 1u);
}

// Queue behaviour when a clinician disconnects mid-accept: the patient keeps waiting through
// the grace period, then the request is back at the head of the queue for the next clinician.
TEST_F(ConsultationServerTest, AClinicianWhoDropsMidAcceptHandsTheRequestBack) {
  const std::string first_token = person("いちろう", "clinician");
  const std::string second_token = person("じろう", "clinician");
  const std::string patient_token = person("さくら", "guest");
  auto first = std::make_unique<WsClient>();
  WsClient second, patient;
  ASSERT_TRUE(enter(*first, first_token, "plaza"));
  ASSERT_TRUE(enter(second, second_token, "plaza"));
  ASSERT_TRUE(enter(patient, patient_token, "plaza"));
  first->send_json({{"type", "duty"}, {"on", true}});
  ASSERT_TRUE(first->read_until_type("consult_queue"));
  second.send_json({{"type", "duty"}, {"on", true}});
  ASSERT_TRUE(second.read_until_type("consult_queue"));

  patient.send_json({{"type", "consult_request"}, {"topic", "child"}, {"keep_note", true}});
  auto waiting = patient.read_until_type("consult_status");
  ASSERT_TRUE(waiting);
  const auto id = (*waiting)["id"];
  first->send_json({{"type", "consult_accept"}, {"id", id}});
  auto active = patient.read_until_type("consult_status");
  ASSERT_TRUE(active);
  ASSERT_EQ((*active)["state"], "active");

  first->close();  // the clinician's connection drops before they reach the room
  first.reset();
  auto away = patient.read_until_type("consult_status");
  ASSERT_TRUE(away);
  EXPECT_EQ((*away)["state"], "active");
  EXPECT_EQ((*away)["away"], true);

  auto back = patient.read_until_type("consult_status", 10s);
  ASSERT_TRUE(back) << "the request did not come back after the grace period";
  EXPECT_EQ((*back)["state"], "waiting");
  EXPECT_EQ((*back)["requeued"], true);
  EXPECT_EQ((*back)["position"], 1);
  // The clinician still on duty sees it arrive again, and can take it.
  for (int i = 0; i < 5; ++i) {
    auto q = second.read_until_type("consult_queue", 5s);
    ASSERT_TRUE(q);
    if ((*q)["arrived"] == id) break;
  }
  second.send_json({{"type", "consult_accept"}, {"id", id}});
  auto again = patient.read_until_type("consult_status");
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)["state"], "active");
  EXPECT_EQ((*again)["clinician"]["name"], "じろう");
}

}  // namespace
}  // namespace tsunagu::testing
