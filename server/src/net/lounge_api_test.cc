#include "net/lounge_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/messages.h"
#include "store/memory_lounge_store.h"
#include "store/memory_store.h"

namespace tsunagu::net {
namespace {

using nlohmann::json;

class LoungeApiTest : public ::testing::Test {
 protected:
  LoungeApiTest() : audit_(users_, clock_), board_(lounge_, users_, audit_, clock_), api_(board_) {}

  auth::Identity person(const char* name, auth::Role role) {
    store::UserRecord u;
    u.display_name = name;
    u.role = std::string(auth::role_name(role));
    auth::Identity who;
    who.user = u;
    who.user.id = users_.create_user(u).value();
    who.role = role;
    return who;
  }

  struct Reply {
    int status;
    json body;
  };
  Reply call(const auth::Identity* who, std::string_view method, std::string path,
             const json& body = json::object(), std::string_view query = "") {
    std::vector<std::string_view> parts;
    std::string_view rest = path;
    while (!rest.empty()) {
      if (rest.front() == '/') {
        rest.remove_prefix(1);
        continue;
      }
      const auto end = rest.find('/');
      parts.push_back(rest.substr(0, end));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end);
    }
    ApiResponse r = api_.handle({method, parts, query, body, who});
    return {r.status, json::parse(r.body)};
  }

  static json question(const char* title = "予防薬の選択",
                       const char* body = "40代女性、前兆のある片頭痛。") {
    return {{"title", title}, {"body", body}, {"tags", {"片頭痛"}}};
  }

  store::MemoryStore users_;
  store::MemoryLoungeStore lounge_;
  core::FakeClock clock_;
  audit::AuditLog audit_;
  lounge::CaseBoard board_;
  LoungeApi api_;
};

TEST_F(LoungeApiTest, StrangersAndPatientsAreRefused) {
  const auto guest = person("Guest", auth::Role::kGuest);
  const auto member = person("Member", auth::Role::kMember);
  const auto doctor = person("Doctor", auth::Role::kClinician);
  const auto q = call(&doctor, "POST", "/api/lounge/questions", question()).body["question"]["id"];
  const std::string thread = "/api/lounge/questions/" + std::to_string(q.get<int>());
  struct Case {
    const char* name;
    const auth::Identity* who;
    const char* method;
    std::string path;
    int status;
  };
  const Case cases[] = {
      {"nobody lists", nullptr, "GET", "/api/lounge/questions", 401},
      {"guest lists", &guest, "GET", "/api/lounge/questions", 403},
      {"guest reads", &guest, "GET", thread, 403},
      {"guest asks", &guest, "POST", "/api/lounge/questions", 403},
      {"member lists", &member, "GET", "/api/lounge/questions", 403},
      {"member answers", &member, "POST", thread + "/answers", 403},
      {"member deletes", &member, "DELETE", thread, 403},
  };
  for (const auto& c : cases) {
    auto r = call(c.who, c.method, c.path, question());
    EXPECT_EQ(r.status, c.status) << c.name;
    EXPECT_EQ(r.body["error"]["code"], c.status == 401 ? "unauthenticated" : "permission_denied")
        << c.name;
  }
  EXPECT_EQ(lounge_.question_rows.size(), 1u);
}

TEST_F(LoungeApiTest, AskWarnAnswerAndReadWithoutLeakingAuthors) {
  const auto asker = person("山田太郎", auth::Role::kTrainee);
  const auto specialist = person("佐藤", auth::Role::kClinician);
  json draft = question("相談", "患者ID: 778899 の方。連絡先 090-1111-2222");
  auto warned = call(&asker, "POST", "/api/lounge/questions", draft);
  EXPECT_EQ(warned.status, 409);
  EXPECT_EQ(warned.body["error"]["code"], "case_identifiers_suspected");
  EXPECT_FALSE(warned.body["error"]["message"]["ja"].get<std::string>().empty());
  ASSERT_EQ(warned.body["findings"].size(), 2u);
  EXPECT_EQ(warned.body["findings"][0],
            (json{{"kind", "record_number"}, {"text", "患者ID: 778899"}}));
  EXPECT_EQ(warned.body["findings"][1]["kind"], "phone");
  draft["confirm"] = true;
  auto asked = call(&asker, "POST", "/api/lounge/questions", draft);
  ASSERT_EQ(asked.status, 201) << asked.body.dump();
  const int id = asked.body["question"]["id"];
  EXPECT_EQ(asked.body["question"]["author"], (json{{"anonymous", true}, {"mine", true}}));

  const std::string path = "/api/lounge/questions/" + std::to_string(id);
  auto trainee_answer = call(&asker, "POST", path + "/answers", {{"body", "自己回答"}});
  EXPECT_EQ(trainee_answer.status, 403);
  auto answered = call(&specialist, "POST", path + "/answers", {{"body", "予防薬はまず…"}});
  ASSERT_EQ(answered.status, 201) << answered.body.dump();
  EXPECT_EQ(answered.body["answer"]["author"]["name"], "佐藤");
  EXPECT_EQ(answered.body["answer"]["author"]["role"], "clinician");

  auto list = call(&specialist, "GET", "/api/lounge/questions");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["questions"].size(), 1u);
  const json& item = list.body["questions"][0];
  EXPECT_EQ(item["answer_count"], 1);
  EXPECT_EQ(item["tags"], json::array({"片頭痛"}));
  EXPECT_EQ(item["author"], (json{{"anonymous", true}, {"mine", false}}));
  EXPECT_TRUE(item.contains("excerpt"));
  auto thread = call(&specialist, "GET", path);
  ASSERT_EQ(thread.status, 200);
  EXPECT_EQ(thread.body["question"]["body"], "患者ID: 778899 の方。連絡先 090-1111-2222");
  ASSERT_EQ(thread.body["answers"].size(), 1u);
  // Nothing a reader gets names the anonymous asker or carries a user id.
  for (const auto& r : {list.body, thread.body, answered.body}) {
    const std::string text = r.dump();
    EXPECT_EQ(text.find("山田"), std::string::npos) << text;
    EXPECT_EQ(text.find("author_id"), std::string::npos) << text;
    EXPECT_EQ(text.find("user_id"), std::string::npos) << text;
  }
  // Paging.
  EXPECT_EQ(call(&specialist, "GET", "/api/lounge/questions", {}, "before=" + std::to_string(id))
                .body["questions"]
                .size(),
            0u);
}

TEST_F(LoungeApiTest, BadInputAndDeletion) {
  const auto doctor = person("Doc", auth::Role::kClinician);
  const auto other = person("Other", auth::Role::kClinician);
  struct Case {
    const char* name;
    json body;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"title not text", {{"title", 5}, {"body", "b"}}, 400, "bad_json"},
      {"anonymous not bool",
       {{"title", "t"}, {"body", "b"}, {"anonymous", "yes"}},
       400,
       "bad_json"},
      {"tags not list", {{"title", "t"}, {"body", "b"}, {"tags", "a,b"}}, 400, "case_tags_invalid"},
      {"tag not text", {{"title", "t"}, {"body", "b"}, {"tags", {1}}}, 400, "case_tags_invalid"},
      {"no title", {{"body", "b"}}, 400, "case_title_invalid"},
      {"no body", {{"title", "t"}}, 400, "case_body_invalid"},
  };
  for (const auto& c : cases) {
    auto r = call(&doctor, "POST", "/api/lounge/questions", c.body);
    EXPECT_EQ(r.status, c.status) << c.name;
    EXPECT_EQ(r.body["error"]["code"], c.code) << c.name;
  }
  EXPECT_EQ(call(&doctor, "GET", "/api/lounge/questions/abc").status, 404);
  EXPECT_EQ(call(&doctor, "GET", "/api/lounge/questions/99").status, 404);
  EXPECT_EQ(call(&doctor, "PUT", "/api/lounge/questions").status, 405);
  EXPECT_EQ(call(&doctor, "GET", "/api/lounge/elsewhere").status, 404);
  const int id = call(&doctor, "POST", "/api/lounge/questions", question()).body["question"]["id"];
  const std::string path = "/api/lounge/questions/" + std::to_string(id);
  const int answer =
      call(&other, "POST", path + "/answers", {{"body", "回答"}}).body["answer"]["id"];
  EXPECT_EQ(call(&doctor, "DELETE", "/api/lounge/answers/" + std::to_string(answer)).status, 404);
  EXPECT_EQ(call(&other, "DELETE", "/api/lounge/answers/" + std::to_string(answer)).status, 200);
  EXPECT_EQ(call(&other, "DELETE", path).status, 404);
  EXPECT_EQ(call(&doctor, "DELETE", path).status, 200);
  EXPECT_TRUE(lounge_.question_rows.empty());
}

// Every error code these routes answer with has its Japanese and English text.
TEST_F(LoungeApiTest, EveryErrorCodeHasBothLanguages) {
  for (const char* code :
       {"unauthenticated", "permission_denied", "not_found", "method_not_allowed", "bad_json",
        "rate_limited", "internal", "case_title_invalid", "case_body_invalid", "case_tags_invalid",
        "case_identifiers_suspected"}) {
    const core::LocalizedText* text = core::localized_message(code);
    ASSERT_NE(text, nullptr) << code;
    EXPECT_FALSE(text->ja.empty()) << code;
    EXPECT_FALSE(text->en.empty()) << code;
  }
}

}  // namespace
}  // namespace tsunagu::net
