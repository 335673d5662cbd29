// The doctors' lounge through the real binary (issue 6): a patient cannot enter, a clinician
// enters under an anonymous label that is all another doctor ever receives, lounge chat is
// never written to the database, and the case board refuses patients and warns on identifiers.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "proto/world_codec.h"
#include "test_server.h"

namespace tsunagu::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kAdminPassword = "a long lounge admin passphrase";

class LoungeServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(create_admin(dir_.path() / "data", kAdminPassword));
    server_.emplace(dir_.path() / "data");
    ASSERT_TRUE(server_->start()) << "server did not start";
    auto login = http_request(port(), http::verb::post, "/api/login",
                              json{{"login_id", "root"}, {"password", kAdminPassword}}.dump());
    ASSERT_EQ(login.status, 200) << login.body;
    admin_ = json::parse(login.body)["token"];
  }
  unsigned short port() const { return server_->port(); }

  // A guest session made a clinician (or anything else) by the admin; returns its token.
  std::string person(const std::string& name, const std::string& role) {
    const std::string token = person_with_role(port(), admin_, name, role);
    EXPECT_FALSE(token.empty()) << name << " as " << role;
    return token;
  }

  // Connects straight to the lounge's loop, says hello and joins it.
  std::optional<json> enter_lounge(WsClient& ws, const std::string& token, bool anonymous) {
    if (!ws.connect(port(), "", "/ws?space=lounge")) return std::nullopt;
    ws.send_json({{"type", "hello"}, {"v", 1}, {"token", token}});
    if (!ws.read_until_type("welcome")) return std::nullopt;
    ws.send_json({{"type", "join"}, {"space", "lounge"}, {"anonymous", anonymous}});
    return ws.read_until_type("joined");
  }

  TempDir dir_;
  std::optional<ServerProcess> server_;
  std::string admin_;
};

TEST_F(LoungeServerTest, APatientIsRefusedAtTheDoorAndByTheBoard) {
  WsClient patient;
  ASSERT_TRUE(patient.connect(port()));
  const std::string token = person("患者さん", "guest");
  ASSERT_TRUE(patient.enter(token, "plaza"));
  patient.send_json({{"type", "join"}, {"space", "lounge"}});
  auto error = patient.read_until_type("error");
  ASSERT_TRUE(error);
  EXPECT_EQ((*error)["code"], "permission_denied");
  // A member (an account, not a clinician) is refused as well, even on the lounge's own loop.
  WsClient member;
  ASSERT_TRUE(member.connect(port(), "", "/ws?space=lounge"));
  member.send_json({{"type", "hello"}, {"v", 1}, {"token", person("会員さん", "member")}});
  ASSERT_TRUE(member.read_until_type("welcome"));
  member.send_json({{"type", "join"}, {"space", "lounge"}, {"anonymous", true}});
  auto member_error = member.read_until_type("error");
  ASSERT_TRUE(member_error);
  EXPECT_EQ((*member_error)["code"], "permission_denied");

  auto spaces = json::parse(http_request(port(), http::verb::get, "/api/spaces").body);
  bool marked = false;
  for (const auto& s : spaces["spaces"])
    marked |= s["id"] == "lounge" && s["access"] == "clinicians";
  EXPECT_TRUE(marked);

  EXPECT_EQ(http_request(port(), http::verb::get, "/api/lounge/questions").status, 401);
  EXPECT_EQ(
      http_request(port(), http::verb::get, "/api/lounge/questions", "", bearer(token)).status,
      403);
  auto post = http_request(port(), http::verb::post, "/api/lounge/questions",
                           json{{"title", "t"}, {"body", "b"}}.dump(), bearer(token));
  EXPECT_EQ(post.status, 403);
  EXPECT_EQ(json::parse(post.body)["error"]["code"], "permission_denied");
}

TEST_F(LoungeServerTest, AnonymousDoctorsChatUnstoredAndTheBoardWorks) {
  const std::string doc_a = person("山田太郎", "clinician");
  const std::string doc_b = person("鈴木", "clinician");
  WsClient a, b;
  auto a_joined = enter_lounge(a, doc_a, true);
  ASSERT_TRUE(a_joined);
  EXPECT_EQ((*a_joined)["you"]["name"], "医師A");
  EXPECT_EQ((*a_joined)["space"]["chat_stored"], false);
  const auto alias = (*a_joined)["you"]["id"].get<std::uint32_t>();
  auto b_joined = enter_lounge(b, doc_b, false);
  ASSERT_TRUE(b_joined);
  EXPECT_EQ((*b_joined)["you"]["name"], "鈴木");
  EXPECT_TRUE((*b_joined)["history"].empty());

  // B's snapshot shows A only as 医師A, under the alias.
  bool saw_label = false;
  for (int i = 0; i < 10 && !saw_label; ++i) {
    bool text = true;
    auto m = b.read(2s, &text);
    ASSERT_TRUE(m);
    if (text) {
      EXPECT_EQ(m->find("山田"), std::string::npos) << *m;
      continue;
    }
    auto frame =
        proto::decode_world(std::span(reinterpret_cast<const std::uint8_t*>(m->data()), m->size()));
    ASSERT_TRUE(frame);
    for (const auto& r : frame->records) {
      if (r.kind != proto::kRecordJoin) continue;
      EXPECT_NE(r.name, "山田太郎");
      saw_label |= r.id == alias && r.name == "医師A";
    }
  }
  EXPECT_TRUE(saw_label);
  a.send_json({{"type", "chat"}, {"text", "前兆のある片頭痛の予防薬で迷っています"}});
  auto chat = b.read_until_type("chat");
  ASSERT_TRUE(chat);
  EXPECT_EQ((*chat)["name"], "医師A");
  EXPECT_EQ((*chat)["from"], alias);
  EXPECT_EQ(chat->dump().find("山田"), std::string::npos);

  // The case board: identifiers are pointed out first; B (a clinician) answers.
  json draft = {{"title", "予防薬の選択"},
                {"body", "40代女性。連絡先 090-1234-5678。前兆のある片頭痛が月8日。"},
                {"tags", {"片頭痛"}}};
  auto warned =
      http_request(port(), http::verb::post, "/api/lounge/questions", draft.dump(), bearer(doc_a));
  ASSERT_EQ(warned.status, 409) << warned.body;
  EXPECT_EQ(json::parse(warned.body)["findings"][0]["kind"], "phone");
  draft["confirm"] = true;
  auto asked =
      http_request(port(), http::verb::post, "/api/lounge/questions", draft.dump(), bearer(doc_a));
  ASSERT_EQ(asked.status, 201) << asked.body;
  const auto id = json::parse(asked.body)["question"]["id"].get<std::int64_t>();
  auto answered = http_request(
      port(), http::verb::post, "/api/lounge/questions/" + std::to_string(id) + "/answers",
      json{{"body", "まずは頭痛ダイアリーで頻度を。"}}.dump(), bearer(doc_b));
  ASSERT_EQ(answered.status, 201) << answered.body;
  auto thread = http_request(port(), http::verb::get, "/api/lounge/questions/" + std::to_string(id),
                             "", bearer(doc_b));
  ASSERT_EQ(thread.status, 200);
  EXPECT_EQ(json::parse(thread.body)["answers"].size(), 1u);
  EXPECT_EQ(thread.body.find("山田"), std::string::npos);

  a.close();
  b.close();
  EXPECT_EQ(server_->terminate(), 0);
  // Nothing of the lounge's chat is in the database; the board's posts are audited by id only.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_.path() / "data" / "tsunagu.db").c_str(), &db), SQLITE_OK);
  auto count = [&](const char* sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &s, nullptr), SQLITE_OK) << sql;
    const int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    return n;
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM chat_messages WHERE space = 'lounge'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM chat_messages WHERE text LIKE '%予防薬%'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM lounge_questions"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'lounge.question.post'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'lounge.answer.post'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE detail_json LIKE '%片頭痛%'"), 0);
  sqlite3_close(db);
}

}  // namespace
}  // namespace tsunagu::testing
