#include "net/bank_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "realtime/local_control.h"
#include "store/memory_bank_store.h"
#include "store/memory_store.h"

namespace tsunagu::net {
namespace {

using nlohmann::json;

struct Browser {
  std::string cookies;
  std::string csrf;
  std::string address = "127.0.0.1";
};

bank::SurveyCatalog shipped_surveys() {
  auto catalog = bank::SurveyCatalog::load(std::string(TSUNAGU_SOURCE_DIR) + "/content/surveys");
  if (!catalog) throw std::runtime_error(catalog.error().message());
  return std::move(*catalog);
}

// The bank's routes through the whole Api (origin, CSRF, sessions), on memory stores, k = 3.
class BankApiTest : public ::testing::Test {
 protected:
  BankApiTest()
      : audit_(store_, clock_),
        reserved_(auth::ReservedNames::from_words({"admin"})),
        filter_(social::WordFilter::from_words({})),
        accounts_(store_, audit_, clock_, offload_, reserved_, 1),
        clinicians_(store_, audit_, accounts_, clock_),
        moderation_(store_, audit_, clock_),
        chat_(store_, clock_),
        map_(*world::parse_world_config(
                 R"({"spaces":[{"id":"plaza","name":{"ja":"広場","en":"Plaza"}}]})"),
             1),
        hub_(map_, 0, {accounts_, moderation_, chat_, filter_, clock_}),
        control_({&hub_}),
        surveys_(shipped_surveys()),
        key_(bank::ResearchKey::from_bytes({})),
        service_(bank_store_, audit_, clock_, surveys_, key_, 3),
        bank_api_(service_, clock_),
        api_({accounts_, clinicians_, moderation_, audit_, control_, clock_, &bank_api_},
             R"({"version":1,"rules":{"ja":["a"],"en":["a"]}})", {}) {}

  ApiResponse call(std::string_view method, std::string_view path, const json& body = nullptr,
                   Browser* browser = nullptr, std::optional<std::string> csrf = std::nullopt) {
    const std::string text = body.is_null() ? "" : body.dump();
    const std::string target(path);
    const auto q = target.find('?');
    const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
    const std::string only_path = target.substr(0, q);
    ApiRequest r;
    r.method = method;
    r.path = only_path;
    r.query = query;
    r.body = text;
    r.cookie = browser ? std::string_view(browser->cookies) : std::string_view();
    r.host = "127.0.0.1:8080";
    const std::string token = csrf ? *csrf : (browser ? browser->csrf : "");
    r.csrf_token = token;
    r.client_address = browser ? browser->address : "127.0.0.1";
    ApiResponse out;
    bool replied = false;
    api_.handle(r, [&](ApiResponse res) {
      out = std::move(res);
      replied = true;
    });
    EXPECT_TRUE(replied) << method << " " << path;
    if (browser) {
      for (const auto& c : out.set_cookies) {
        const auto semi = c.find(';');
        if (c.find("tsunagu_session=") == 0) browser->cookies = c.substr(0, semi);
      }
      auto parsed = json::parse(out.body, nullptr, false);
      if (parsed.is_object() && parsed.contains("csrf")) browser->csrf = parsed["csrf"];
    }
    return out;
  }

  Browser guest(const std::string& name) {
    Browser b;
    auto res =
        call("POST", "/api/session", {{"name", name}, {"avatar", 0}, {"rules_version", 1}}, &b);
    EXPECT_EQ(res.status, 201) << res.body;
    return b;
  }

  Browser member(const std::string& login) {
    Browser b = guest(login);
    auto res =
        call("POST", "/api/account", {{"login_id", login}, {"password", "correct horse 1"}}, &b);
    EXPECT_EQ(res.status, 201) << res.body;
    return b;
  }

  std::int64_t id_of(Browser& b) {
    return json::parse(call("GET", "/api/session", nullptr, &b).body)["user"]["id"];
  }

  static std::string code(const ApiResponse& res) {
    auto body = json::parse(res.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"]["code"].get<std::string>()
                                                      : "";
  }
  static std::string field(const ApiResponse& res) {
    return json::parse(res.body)["error"].value("field", "");
  }

  static json entry(const std::string& date, int intensity = 6) {
    return {{"date", date},  {"duration_min", 300},      {"intensity", intensity},
            {"side", "one"}, {"character", "pulsating"}, {"nausea", true}};
  }

  json feedback_response(int satisfaction = 5, bool anonymous = false) {
    return {{"version", 1},
            {"consent", true},
            {"anonymous", anonymous},
            {"answers", {{"meeting_kind", "lecture"}, {"satisfaction", satisfaction}}}};
  }

  store::MemoryStore store_;
  core::FakeClock clock_;
  core::InlineOffload offload_;
  audit::AuditLog audit_;
  auth::ReservedNames reserved_;
  social::WordFilter filter_;
  auth::AccountService accounts_;
  auth::ClinicianService clinicians_;
  social::ModerationService moderation_;
  social::ChatService chat_;
  realtime::WorldMap map_;
  realtime::Hub hub_;
  realtime::LocalControl control_;
  store::MemoryBankStore bank_store_;
  bank::SurveyCatalog surveys_;
  bank::ResearchKey key_;
  bank::BankService service_;
  BankApi bank_api_;
  Api api_;
};

TEST_F(BankApiTest, Paths) {
  for (const char* p :
       {"/api/diary", "/api/diary/3", "/api/diary.csv", "/api/selfcheck", "/api/surveys",
        "/api/surveys/epidemiology/aggregate", "/api/me/data", "/api/research/export"}) {
    EXPECT_TRUE(BankApi::handles(p)) << p;
  }
  for (const char* p : {"/api/diaryx", "/api/me", "/api/session", "/api/researchers"}) {
    EXPECT_FALSE(BankApi::handles(p)) << p;
  }
  EXPECT_TRUE(BankApi::takes_large_body("/api/selfcheck"));
  EXPECT_FALSE(BankApi::takes_large_body("/api/diary"));
}

// Every code the bank's routes answer with has its ja and en text (else people would read
// "internal").
TEST_F(BankApiTest, EveryErrorCodeHasItsMessage) {
  for (const char* c : {"account_required", "diary_invalid", "diary_full", "selfcheck_invalid",
                        "consent_required", "survey_invalid", "survey_already_answered",
                        "survey_outdated", "permission_denied", "rate_limited", "not_found"}) {
    const json body = json::parse(Api::error_body(c));
    EXPECT_EQ(body["error"]["code"], c);
    EXPECT_FALSE(body["error"]["message"]["ja"].get<std::string>().empty()) << c;
  }
  const json with_field =
      json::parse(BankApi::error_body({"diary_invalid", "duration_min", 4, "too long"}));
  EXPECT_EQ(with_field["error"]["field"], "duration_min");
  EXPECT_EQ(with_field["error"]["index"], 4);
  EXPECT_FALSE(with_field["error"].contains("why")) << "reasons are for logs, not the wire";
}

TEST_F(BankApiTest, DiaryIsForAccounts) {
  EXPECT_EQ(call("GET", "/api/diary").status, 401);
  Browser g = guest("ゲスト");
  auto res = call("POST", "/api/diary", entry("2025-10-01"), &g);
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(code(res), "account_required");
  EXPECT_EQ(code(call("GET", "/api/diary", nullptr, &g)), "account_required");
}

TEST_F(BankApiTest, MembersKeepADiary) {
  Browser m = member("hana");
  auto added = call("POST", "/api/diary", entry("2025-10-01"), &m);
  ASSERT_EQ(added.status, 201) << added.body;
  const auto id = json::parse(added.body)["entry"]["id"].get<std::int64_t>();
  EXPECT_EQ(json::parse(added.body)["entry"]["date"], "2025-10-01");
  auto bad = call("POST", "/api/diary",
                  {{"date", "2025-10-01"}, {"duration_min", 0}, {"intensity", 3}}, &m);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(code(bad), "diary_invalid");
  EXPECT_EQ(field(bad), "duration_min");
  EXPECT_FALSE(json::parse(bad.body)["error"]["message"]["ja"].get<std::string>().empty());
  auto future = call("POST", "/api/diary", entry("2025-10-11"), &m);  // the clock: 2025-10-09
  EXPECT_EQ(field(future), "date");
  auto edited = call("PUT", "/api/diary/" + std::to_string(id), entry("2025-10-02", 9), &m);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(json::parse(edited.body)["entry"]["intensity"], 9);
  auto list = call("GET", "/api/diary?from=2025-10-01&to=2025-10-31", nullptr, &m);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body)["entries"].size(), 1u);
  EXPECT_EQ(field(call("GET", "/api/diary?from=yesterday", nullptr, &m)), "from");
  auto csv = call("GET", "/api/diary.csv", nullptr, &m);
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("2025-10-02"), std::string::npos);
  // Another member cannot touch it.
  Browser other = member("kenji");
  EXPECT_EQ(call("PUT", "/api/diary/" + std::to_string(id), entry("2025-10-02"), &other).status,
            404);
  EXPECT_EQ(call("DELETE", "/api/diary/" + std::to_string(id), nullptr, &other).status, 404);
  EXPECT_EQ(call("DELETE", "/api/diary/" + std::to_string(id), nullptr, &m).status, 204);
  EXPECT_EQ(call("DELETE", "/api/diary/x", nullptr, &m).status, 404);
  EXPECT_EQ(call("PATCH", "/api/diary/1", nullptr, &m).status, 405);
}

TEST_F(BankApiTest, WritesNeedTheCsrfToken) {
  Browser m = member("hana");
  auto res = call("POST", "/api/diary", entry("2025-10-01"), &m, std::string("wrong"));
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(code(res), "csrf_invalid");
  EXPECT_TRUE(bank_store_.diary.empty());
}

TEST_F(BankApiTest, DiaryWritesAreRateLimited) {
  Browser m = member("hana");
  int limited = 0;
  for (int i = 0; i < 80; ++i) {
    limited += call("POST", "/api/diary", entry("2025-10-01"), &m).status == 429;
  }
  EXPECT_EQ(limited, 20);
}

TEST_F(BankApiTest, SelfCheck) {
  // A guest sends the browser's diary.
  json entries = json::array();
  for (int d = 1; d <= 5; ++d) entries.push_back(entry("2025-09-0" + std::to_string(d), 8));
  Browser g = guest("ゲスト");
  auto res = call("POST", "/api/selfcheck", {{"entries", entries}}, &g);
  ASSERT_EQ(res.status, 200) << res.body;
  const json out = json::parse(res.body);
  EXPECT_EQ(out["results"][0]["code"], "1.1");
  EXPECT_EQ(out["results"][0]["status"], "matches");
  EXPECT_EQ(out["monthly"][0]["headache_days"], 5);
  EXPECT_TRUE(bank_store_.diary.empty()) << "stateless";
  entries[3]["intensity"] = 20;
  auto bad = call("POST", "/api/selfcheck", {{"entries", entries}}, &g);
  EXPECT_EQ(code(bad), "diary_invalid");
  EXPECT_EQ(json::parse(bad.body)["error"]["index"], 3);
  EXPECT_EQ(field(bad), "intensity");
  auto q = call("POST", "/api/selfcheck",
                {{"questionnaire",
                  {{"attacks_total", 8},
                   {"duration_hours_typical", 6},
                   {"headache_days_per_month", 4},
                   {"months", 12}}}});
  EXPECT_EQ(q.status, 200) << q.body;
  EXPECT_EQ(field(call("POST", "/api/selfcheck", {{"questionnaire", {{"months", 1}}}})),
            "attacks_total");
  EXPECT_EQ(code(call("POST", "/api/selfcheck", {{"entries", entries}, {"questionnaire", {}}})),
            "selfcheck_invalid");
  // {}: the stored diary, for members only.
  EXPECT_EQ(call("POST", "/api/selfcheck", json::object()).status, 401);
  EXPECT_EQ(code(call("POST", "/api/selfcheck", json::object(), &g)), "account_required");
  Browser m = member("hana");
  call("POST", "/api/diary", entry("2025-10-01"), &m);
  auto stored = call("POST", "/api/selfcheck", json::object(), &m);
  ASSERT_EQ(stored.status, 200);
  EXPECT_EQ(json::parse(stored.body)["monthly"][0]["month"], "2025-10");
}

TEST_F(BankApiTest, SurveysNeedConsentAndTakeOneResponsePerVersion) {
  auto listed = call("GET", "/api/surveys");
  ASSERT_EQ(listed.status, 200);
  const json surveys = json::parse(listed.body)["surveys"];
  ASSERT_EQ(surveys.size(), 2u);
  EXPECT_EQ(surveys[1]["id"], "meeting_feedback");
  EXPECT_EQ(surveys[1]["answered"], false);
  auto definition = call("GET", "/api/surveys/epidemiology");
  ASSERT_EQ(definition.status, 200);
  EXPECT_EQ(json::parse(definition.body)["survey"]["questions"][2]["options"].size(), 49u);
  EXPECT_EQ(call("GET", "/api/surveys/nothing").status, 404);

  Browser g = guest("ゲスト");
  const std::string path = "/api/surveys/meeting_feedback/responses";
  EXPECT_EQ(call("POST", path, feedback_response()).status, 401);
  json no_consent = feedback_response();
  no_consent["consent"] = false;
  auto refused = call("POST", path, no_consent, &g);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(code(refused), "consent_required");
  EXPECT_TRUE(bank_store_.responses.empty());
  json old = feedback_response();
  old["version"] = 0;
  EXPECT_EQ(code(call("POST", path, old, &g)), "survey_outdated");
  json wrong = feedback_response();
  wrong["answers"]["satisfaction"] = 9;
  auto invalid = call("POST", path, wrong, &g);
  EXPECT_EQ(code(invalid), "survey_invalid");
  EXPECT_EQ(field(invalid), "satisfaction");
  auto ok = call("POST", path, feedback_response(), &g);
  EXPECT_EQ(ok.status, 201) << ok.body;
  auto again = call("POST", path, feedback_response(4, true), &g);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code(again), "survey_already_answered");
  EXPECT_EQ(json::parse(call("GET", "/api/surveys", nullptr, &g).body)["surveys"][1]["answered"],
            true);
}

TEST_F(BankApiTest, AggregateHidesSmallGroupsAndForgetsDeletedData) {
  const std::string path = "/api/surveys/meeting_feedback/responses";
  std::vector<Browser> people;
  for (int i = 0; i < 3; ++i) {
    people.push_back(guest("p" + std::to_string(i)));
    ASSERT_EQ(call("POST", path, feedback_response(5), &people.back()).status, 201);
  }
  auto agg = json::parse(call("GET", "/api/surveys/meeting_feedback/aggregate").body);
  EXPECT_EQ(agg["n"], 3);
  EXPECT_EQ(agg["questions"]["satisfaction"]["counts"]["5"], 3);
  EXPECT_FALSE(agg["questions"].contains("comment"));
  // One person takes their data back: 2 < k.
  EXPECT_EQ(call("DELETE", "/api/me/data", nullptr, &people[0]).status, 204);
  agg = json::parse(call("GET", "/api/surveys/meeting_feedback/aggregate").body);
  EXPECT_EQ(agg["n_suppressed"], true);
  EXPECT_FALSE(agg.contains("n"));
  EXPECT_EQ(code(call("GET", "/api/surveys/meeting_feedback/aggregate?version=x")),
            "survey_invalid");
}

TEST_F(BankApiTest, OwnDataCanBeReadAndDeleted) {
  Browser m = member("hana");
  call("POST", "/api/diary", entry("2025-10-01"), &m);
  call("POST", "/api/surveys/meeting_feedback/responses", feedback_response(), &m);
  auto mine = call("GET", "/api/me/data", nullptr, &m);
  ASSERT_EQ(mine.status, 200);
  const json data = json::parse(mine.body);
  EXPECT_EQ(data["account"]["login_id"], "hana");
  EXPECT_EQ(data["diary"].size(), 1u);
  EXPECT_EQ(data["survey_responses"].size(), 1u);
  EXPECT_EQ(data["consents"].size(), 1u);
  EXPECT_EQ(call("GET", "/api/me/data").status, 401);
  EXPECT_EQ(call("DELETE", "/api/me/data", nullptr, &m).status, 204);
  const json gone = json::parse(call("GET", "/api/me/data", nullptr, &m).body);
  EXPECT_TRUE(gone["diary"].empty());
  EXPECT_TRUE(gone["survey_responses"].empty());
  bool audited = false;
  for (const auto& e : store_.audit) audited |= e.action == "bank.data.delete";
  EXPECT_TRUE(audited);
}

TEST_F(BankApiTest, DeletingTheAccountDeletesBankData) {
  Browser m = member("hana");
  const auto id = id_of(m);
  call("POST", "/api/diary", entry("2025-10-01"), &m);
  call("POST", "/api/surveys/meeting_feedback/responses", feedback_response(), &m);
  ASSERT_FALSE(bank_store_.diary.empty());
  auto res = call("DELETE", "/api/account", {{"password", "correct horse 1"}}, &m);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_TRUE(bank_store_.diary_of(id, "", "")->empty());
  EXPECT_TRUE(bank_store_.responses_of(id)->empty());
  EXPECT_TRUE(bank_store_.consents_of(id)->empty());
}

TEST_F(BankApiTest, ResearchExportIsForResearchersAndAudited) {
  for (int i = 0; i < 3; ++i) {
    Browser p = guest("p" + std::to_string(i));
    call("POST", "/api/surveys/meeting_feedback/responses", feedback_response(4), &p);
  }
  Browser m = member("hana");
  const std::string path = "/api/research/export?survey=meeting_feedback";
  EXPECT_EQ(call("GET", path).status, 401);
  auto denied = call("GET", path, nullptr, &m);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(code(denied), "permission_denied");
  ASSERT_TRUE(accounts_.set_role(0, id_of(m), auth::Role::kResearcher));
  auto csv = call("GET", path, nullptr, &m);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("pid,anonymous,version,month"), std::string::npos);
  EXPECT_EQ(store_.audit.back().action, "research.export");
  EXPECT_EQ(store_.audit.back().actor_id, id_of(m));
  auto dictionary = call("GET", "/api/research/dictionary?survey=meeting_feedback", nullptr, &m);
  EXPECT_EQ(dictionary.status, 200);
  EXPECT_NE(dictionary.body.find("satisfaction"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/research/export?survey=nothing", nullptr, &m).status, 404);
  EXPECT_EQ(field(call("GET", "/api/research/export", nullptr, &m)), "survey");
  EXPECT_EQ(call("GET", "/api/research/other", nullptr, &m).status, 404);
}

}  // namespace
}  // namespace tsunagu::net
