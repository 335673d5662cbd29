// The digital headache bank against the real server binary (docs/bank.md): consent, one
// response per version, aggregates with small groups withheld, deletion honoured in
// aggregates and exports, exports for researchers only and audited, and a self-check larger
// than the usual body limit.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "bank/research_key.h"
#include "test_server.h"

namespace tsunagu::testing {
namespace {

constexpr const char* kAdminPassword = "a long admin passphrase";
constexpr const char* kPassword = "correct horse 1";
constexpr int kK = 3;

int run_cli(const std::string& args, const std::string& stdin_text) {
  const std::string cmd = "printf '%s\\n' '" + stdin_text + "' | " + std::string(TSUNAGU_BINARY) +
                          " " + args + " > /dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A tool-style client: Bearer token, no Origin, no cookies (so no CSRF token needed).
struct Person {
  std::string token;
  std::int64_t id = 0;
};

class BankTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.path() / "data";
    ASSERT_EQ(run_cli("admin create --login root --data " + data_.string(), kAdminPassword), 0);
    server_.emplace(data_, std::vector<std::string>{"--k-anonymity", std::to_string(kK),
                                                    "--guest-burst", "200"});
    ASSERT_TRUE(server_->start()) << "server did not start";
  }
  unsigned short port() const { return server_->port(); }

  HttpResult send(http::verb verb, const std::string& target, const Person* who,
                  const json& body = nullptr) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (who != nullptr) headers.emplace_back("Authorization", "Bearer " + who->token);
    return http_request(port(), verb, target, body.is_null() ? "" : body.dump(), headers);
  }

  Person signed_in(const HttpResult& res) {
    const json body = json::parse(res.body);
    return {body["token"], body["user"]["id"]};
  }

  Person guest(const std::string& name) {
    auto res = http_request(port(), http::verb::post, "/api/session",
                            json{{"name", name}, {"avatar", 1}, {"rules_version", 1}}.dump());
    EXPECT_EQ(res.status, 201) << res.body;
    return signed_in(res);
  }

  Person member(const std::string& login) {
    Person p = guest(login);
    auto res =
        send(http::verb::post, "/api/account", &p, {{"login_id", login}, {"password", kPassword}});
    EXPECT_EQ(res.status, 201) << res.body;
    return p;
  }

  Person admin() {
    auto res = http_request(port(), http::verb::post, "/api/login",
                            json{{"login_id", "root"}, {"password", kAdminPassword}}.dump());
    EXPECT_EQ(res.status, 200) << res.body;
    return signed_in(res);
  }

  Person researcher() {
    Person r = member("researcher1");
    Person a = admin();
    auto res = send(http::verb::post, "/api/admin/users/" + std::to_string(r.id) + "/role", &a,
                    {{"role", "researcher"}});
    EXPECT_EQ(res.status, 200) << res.body;
    return r;
  }

  static json feedback(int satisfaction, bool consent = true, bool anonymous = false) {
    return {{"version", 1},
            {"consent", consent},
            {"anonymous", anonymous},
            {"answers",
             {{"meeting_kind", "patient_meeting"},
              {"satisfaction", satisfaction},
              {"comment", "音声が途切れました"}}}};
  }

  HttpResult answer(const Person& p, const json& body) {
    return send(http::verb::post, "/api/surveys/meeting_feedback/responses", &p, body);
  }

  json aggregate() {
    auto res = send(http::verb::get, "/api/surveys/meeting_feedback/aggregate", nullptr);
    EXPECT_EQ(res.status, 200) << res.body;
    return json::parse(res.body);
  }

  static std::string code(const HttpResult& res) {
    return json::parse(res.body)["error"]["code"].get<std::string>();
  }

  TempDir dir_;
  std::filesystem::path data_;
  std::optional<ServerProcess> server_;
};

TEST_F(BankTest, ConsentIsRequiredAndNothingIsKeptWithoutIt) {
  Person p = guest("ゆき");
  auto refused = answer(p, feedback(5, /*consent=*/false));
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(code(refused), "consent_required");
  json missing = feedback(5);
  missing.erase("consent");
  EXPECT_EQ(code(answer(p, missing)), "consent_required");
  auto mine = json::parse(send(http::verb::get, "/api/me/data", &p).body);
  EXPECT_TRUE(mine["consents"].empty());
  EXPECT_EQ(answer(p, feedback(5)).status, 201) << "the same person may still answer";
}

TEST_F(BankTest, OneResponsePerPersonAndVersion) {
  Person p = guest("ゆき");
  ASSERT_EQ(answer(p, feedback(5)).status, 201);
  auto again = answer(p, feedback(2, true, /*anonymous=*/true));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code(again), "survey_already_answered");
  Person anonymous = guest("あおい");
  ASSERT_EQ(answer(anonymous, feedback(4, true, true)).status, 201);
  EXPECT_EQ(answer(anonymous, feedback(4)).status, 409) << "anonymous answers count too";
}

TEST_F(BankTest, AggregatesWithholdGroupsSmallerThanK) {
  std::vector<Person> people;
  for (int i = 0; i < kK - 1; ++i) {
    people.push_back(guest("p" + std::to_string(i)));
    ASSERT_EQ(answer(people.back(), feedback(5)).status, 201);
  }
  json agg = aggregate();
  EXPECT_EQ(agg["n_suppressed"], true);
  EXPECT_FALSE(agg.contains("questions"));
  people.push_back(guest("p-last"));
  ASSERT_EQ(answer(people.back(), feedback(5)).status, 201);
  agg = aggregate();
  EXPECT_EQ(agg["n"], kK);
  EXPECT_EQ(agg["k"], kK);
  EXPECT_EQ(agg["questions"]["satisfaction"]["counts"]["5"], kK);
  EXPECT_FALSE(agg["questions"].contains("comment")) << "text is never aggregated";
  // One more with another score: a group of 1, withheld (and 5 with it, else 4 - 3 = 1).
  Person odd = guest("odd");
  ASSERT_EQ(answer(odd, feedback(1)).status, 201);
  agg = aggregate();
  EXPECT_EQ(agg["n"], kK + 1);
  EXPECT_FALSE(agg["questions"]["satisfaction"]["counts"].contains("1"));
  EXPECT_NE(agg.dump().find("\"suppressed\":[\"1\""), std::string::npos) << agg.dump();
}

TEST_F(BankTest, ExportsAreForResearchersAuditedAndForgetDeletedPeople) {
  std::vector<Person> people;
  for (int i = 0; i < kK + 1; ++i) {
    people.push_back(member("member" + std::to_string(i)));
    ASSERT_EQ(answer(people.back(), feedback(4)).status, 201);
  }
  const std::string path = "/api/research/export?survey=meeting_feedback";
  auto denied = send(http::verb::get, path, &people[0]);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(code(denied), "permission_denied");
  EXPECT_EQ(send(http::verb::get, path, nullptr).status, 401);

  Person r = researcher();
  auto csv = send(http::verb::get, path, &r);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(std::string(csv.raw[http::field::content_type]), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.body.find("音声が途切れました"), std::string::npos) << "no free text";
  // The pseudonyms are keyed with the file beside the database, owner-only.
  const auto key_file = data_ / "research.key";
  struct stat st {};
  ASSERT_EQ(::stat(key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto key = bank::ResearchKey::load_or_create(key_file.string());
  ASSERT_TRUE(key) << key.error().message();
  const std::string gone_pid = key->pseudonym("meeting_feedback", people[0].id);
  EXPECT_NE(csv.body.find(gone_pid), std::string::npos);
  // Every row starts with a 32-digit pseudonym, never a user id.
  std::size_t line = csv.body.find("\r\n");
  while (line != std::string::npos && line + 2 < csv.body.size()) {
    const std::string pid = csv.body.substr(line + 2, csv.body.find(',', line + 2) - line - 2);
    EXPECT_EQ(pid.size(), 32u) << pid;
    line = csv.body.find("\r\n", line + 2);
  }

  // Deletion: gone from the next export and aggregate.
  EXPECT_EQ(send(http::verb::delete_, "/api/me/data", &people[0]).status, 204);
  auto after = send(http::verb::get, path, &r);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.body.find(gone_pid), std::string::npos);
  EXPECT_NE(after.body.find(key->pseudonym("meeting_feedback", people[1].id)), std::string::npos);
  EXPECT_EQ(aggregate()["n"], kK);

  // Account deletion takes the bank data with it.
  ASSERT_EQ(send(http::verb::delete_, "/api/account", &people[1], {{"password", kPassword}}).status,
            200);
  EXPECT_EQ(aggregate()["n_suppressed"], true);

  // Every export is in the audit log, with who made it.
  Person a = admin();
  auto audit = json::parse(send(http::verb::get, "/api/admin/audit", &a).body)["audit"];
  int exports = 0;
  for (const auto& e : audit) {
    if (e["action"] != "research.export") continue;
    ++exports;
    EXPECT_EQ(e["actor_id"], r.id);
    EXPECT_EQ(e["detail"]["survey"], "meeting_feedback");
  }
  EXPECT_EQ(exports, 2);
  bool deletion = false;
  for (const auto& e : audit) deletion |= e["action"] == "bank.data.delete";
  EXPECT_TRUE(deletion);
  auto dictionary = send(http::verb::get, "/api/research/dictionary?survey=meeting_feedback", &r);
  EXPECT_EQ(dictionary.status, 200);
}

TEST_F(BankTest, DiaryAndSelfCheckOverRealSockets) {
  Person g = guest("ゲスト");
  EXPECT_EQ(code(send(http::verb::get, "/api/diary", &g)), "account_required");
  Person m = member("hana");
  json entries = json::array();
  for (int day = 1; day <= 28; ++day) {
    char date[11];
    std::snprintf(date, sizeof date, "2025-02-%02d", day);
    json e = {{"date", date},
              {"duration_min", 360},
              {"intensity", 7},
              {"side", "one"},
              {"character", "pulsating"},
              {"worse_with_activity", true},
              {"nausea", true},
              {"photophobia", true},
              {"phonophobia", true},
              {"medications", {{{"class", "triptan"}, {"effect", "good"}}}},
              {"note", std::string(400, 'x')}};
    if (day <= 5) {
      ASSERT_EQ(send(http::verb::post, "/api/diary", &m, e).status, 201);
    }
    entries.push_back(e);
  }
  auto csv = send(http::verb::get, "/api/diary.csv", &m);
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  auto stored = send(http::verb::post, "/api/selfcheck", &m, json::object());
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(json::parse(stored.body)["results"][0]["status"], "matches");

  // A guest's four months of diary in one request: larger than the usual 16 KiB limit.
  json months = json::array();
  for (int month = 1; month <= 4; ++month) {
    for (const json& e : entries) {
      json copy = e;
      copy["date"] = "2025-0" + std::to_string(month) + e["date"].get<std::string>().substr(7);
      months.push_back(copy);
    }
  }
  const std::string body = json{{"entries", months}}.dump();
  ASSERT_GT(body.size(), 16u * 1024);
  auto check = http_request(port(), http::verb::post, "/api/selfcheck", body,
                            {{"Authorization", "Bearer " + g.token}});
  ASSERT_EQ(check.status, 200) << check.body.substr(0, 300);
  const json out = json::parse(check.body);
  EXPECT_EQ(out["monthly"].size(), 4u);
  bool chronic = false, overuse = false;
  for (const auto& r : out["results"]) {
    chronic |= r["code"] == "1.3" && r["status"] == "matches";
    overuse |= r["code"] == "8.2" && r["status"] == "matches";
  }
  EXPECT_TRUE(chronic);
  EXPECT_TRUE(overuse);
  // Other routes keep the usual limit.
  auto big = http_request(port(), http::verb::post, "/api/diary", body,
                          {{"Authorization", "Bearer " + m.token}});
  EXPECT_EQ(big.status, 413);
}

}  // namespace
}  // namespace tsunagu::testing
