#include "net/api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "realtime/local_control.h"
#include "store/memory_store.h"

namespace tsunagu::net {
namespace {

using nlohmann::json;

// A browser as the API sees it: its cookies and CSRF token, kept between calls.
struct Browser {
  std::string cookies;  // "tsunagu_session=…; tsunagu_device=…"
  std::string csrf;
  std::string address = "127.0.0.1";
};

class ApiTest : public ::testing::Test {
 protected:
  ApiTest()
      : audit_(store_, clock_),
        reserved_(auth::ReservedNames::from_words({"専門医", "医師", "admin", "dr"})),
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
        api_({accounts_, clinicians_, moderation_, audit_, control_, clock_},
             R"({"version":1,"rules":{"ja":["a"],"en":["a"]}})", {}) {}

  ApiResponse call(std::string_view method, std::string_view path, const json& body = nullptr,
                   Browser* browser = nullptr, std::string_view origin = "",
                   std::optional<std::string> csrf = std::nullopt) {
    std::string text = body.is_null() ? "" : body.dump();
    std::string target(path);
    auto q = target.find('?');
    std::string query = q == std::string::npos ? "" : target.substr(q + 1);
    std::string only_path = target.substr(0, q);
    ApiRequest r;
    r.method = method;
    r.path = only_path;
    r.query = query;
    r.body = text;
    r.cookie = browser ? std::string_view(browser->cookies) : std::string_view();
    r.origin = origin;
    r.host = "127.0.0.1:8080";
    std::string token = csrf ? *csrf : (browser ? browser->csrf : "");
    r.csrf_token = token;
    r.client_address = browser ? browser->address : "127.0.0.1";
    ApiResponse out;
    bool replied = false;
    api_.handle(r, [&](ApiResponse res) {
      out = std::move(res);
      replied = true;
    });
    EXPECT_TRUE(replied) << "no reply for " << method << " " << path;
    if (browser) absorb(out, *browser);
    return out;
  }

  // Keeps Set-Cookie values and the CSRF token like a browser's page script would.
  static void absorb(const ApiResponse& res, Browser& b) {
    for (const auto& c : res.set_cookies) {
      auto eq = c.find('=');
      auto semi = c.find(';');
      std::string name = c.substr(0, eq);
      std::string value = c.substr(eq + 1, semi - eq - 1);
      std::string rebuilt;
      bool replaced = false;
      std::string_view rest = b.cookies;
      while (!rest.empty()) {
        auto end = rest.find("; ");
        std::string_view pair = rest.substr(0, end);
        if (pair.substr(0, eq + 1) == name + "=") {
          pair = {};
          replaced = true;
          if (!value.empty()) rebuilt += (rebuilt.empty() ? "" : "; ") + name + "=" + value;
        } else if (!pair.empty()) {
          rebuilt += (rebuilt.empty() ? "" : "; ") + std::string(pair);
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 2);
      }
      if (!replaced && !value.empty()) rebuilt += (rebuilt.empty() ? "" : "; ") + name + "=" + value;
      b.cookies = rebuilt;
    }
    auto body = json::parse(res.body, nullptr, false);
    if (body.is_object() && body.contains("csrf")) b.csrf = body["csrf"];
  }

  Browser guest(const std::string& name, int avatar = 0) {
    Browser b;
    auto res = call("POST", "/api/session", {{"name", name}, {"avatar", avatar}, {"rules_version", 1}}, &b);
    EXPECT_EQ(res.status, 201) << res.body;
    return b;
  }

  std::int64_t user_id(Browser& b) {
    auto res = call("GET", "/api/session", nullptr, &b);
    return json::parse(res.body)["user"]["id"];
  }

  // An admin and a moderator, made the way `tsunagu admin create` does and by role change.
  Browser staff(const std::string& login, const std::string& role) {
    Browser b = guest(login + "-name");
    EXPECT_EQ(call("POST", "/api/account", {{"login_id", login}, {"password", "correct horse 1"}}, &b).status, 201);
    EXPECT_TRUE(accounts_.set_role(0, user_id(b), *auth::parse_role(role)));
    return b;
  }

  static std::string code(const ApiResponse& res) {
    auto body = json::parse(res.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"]["code"].get<std::string>()
                                                      : "";
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
  Api api_;
};

TEST_F(ApiTest, RoutesAndMethods) {
  struct Case {
    const char* method;
    const char* path;
    int status;
  };
  const Case cases[] = {
      {"GET", "/healthz", 200},       {"POST", "/healthz", 405},     {"GET", "/api/spaces", 200},
      {"DELETE", "/api/spaces", 405}, {"GET", "/api/rules", 200},    {"PUT", "/api/rules", 405},
      {"GET", "/api/nothing", 404},   {"GET", "/api/session", 401},  {"GET", "/api/mod/reports", 401},
      {"GET", "/api/admin/clinicians", 401}, {"GET", "/api/badges?ids=1", 200},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(call(c.method, c.path).status, c.status) << c.method << " " << c.path;
  }
  EXPECT_TRUE(Api::handles("/api/x"));
  EXPECT_FALSE(Api::handles("/apix"));
}

TEST_F(ApiTest, GuestSessionSetsHttpOnlyCookiesAndStoresOnlyHashes) {
  Browser b;
  auto res = call("POST", "/api/session", {{"name", "さくら"}, {"avatar", 4}, {"rules_version", 1}}, &b);
  ASSERT_EQ(res.status, 201);
  ASSERT_EQ(res.set_cookies.size(), 2u);
  for (const auto& c : res.set_cookies) {
    EXPECT_NE(c.find("HttpOnly"), std::string::npos) << c;
    EXPECT_NE(c.find("SameSite=Lax"), std::string::npos) << c;
  }
  auto token = json::parse(res.body)["token"].get<std::string>();
  for (const auto& s : store_.sessions) EXPECT_EQ(s.token_hash.find(token), std::string::npos);
  auto me = call("GET", "/api/session", nullptr, &b);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body)["user"]["avatar"], 4);
  EXPECT_EQ(json::parse(me.body)["user"]["role"], "guest");
}

TEST_F(ApiTest, BrowsersGetTheTokenOnlyAsAnHttpOnlyCookie) {
  Browser b;
  auto res = call("POST", "/api/session", {{"name", "A"}, {"avatar", 0}, {"rules_version", 1}}, &b,
                  "http://127.0.0.1:8080");
  ASSERT_EQ(res.status, 201);
  EXPECT_FALSE(json::parse(res.body).contains("token"));
  EXPECT_TRUE(json::parse(res.body).contains("csrf"));
  EXPECT_EQ(call("GET", "/api/session", nullptr, &b).status, 200);  // the cookie works
  auto tool = call("POST", "/api/session", {{"name", "bot"}, {"avatar", 0}, {"rules_version", 1}});
  EXPECT_TRUE(json::parse(tool.body).contains("token"));  // no Origin: a tool
}

TEST_F(ApiTest, RulesMustBeAcceptedToEnter) {
  auto res = call("POST", "/api/session", {{"name", "A"}, {"avatar", 0}});
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(code(res), "rules_not_accepted");
}

TEST_F(ApiTest, StateChangesNeedTheCsrfTokenAndTheSameOrigin) {
  Browser b = guest("A");
  auto no_csrf = call("POST", "/api/rules/accept", {{"version", 1}}, &b, "", std::string());
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(code(no_csrf), "csrf_invalid");
  auto wrong = call("POST", "/api/rules/accept", {{"version", 1}}, &b, "", std::string(32, 'a'));
  EXPECT_EQ(code(wrong), "csrf_invalid");
  EXPECT_EQ(call("POST", "/api/rules/accept", {{"version", 1}}, &b).status, 200);
  auto cross = call("POST", "/api/rules/accept", {{"version", 1}}, &b, "https://evil.example");
  EXPECT_EQ(cross.status, 403);
  EXPECT_EQ(code(cross), "origin_not_allowed");
  EXPECT_EQ(call("POST", "/api/rules/accept", {{"version", 1}}, &b, "http://127.0.0.1:8080").status, 200);
}

TEST_F(ApiTest, GuestBecomesMemberWithTheSameIdentityThenLogsIn) {
  Browser b = guest("ゆうき");
  const auto id = user_id(b);
  auto made = call("POST", "/api/account", {{"login_id", "Yuuki_01"}, {"password", "migraine diary 7"}}, &b);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(json::parse(made.body)["user"]["id"], id);
  EXPECT_EQ(json::parse(made.body)["user"]["role"], "member");
  EXPECT_EQ(json::parse(made.body)["user"]["login_id"], "yuuki_01");

  Browser other_device;
  auto bad = call("POST", "/api/login", {{"login_id", "yuuki_01"}, {"password", "wrong password"}}, &other_device);
  auto unknown = call("POST", "/api/login", {{"login_id", "nobody"}, {"password", "wrong password"}}, &other_device);
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(bad.body, unknown.body);  // one generic answer: ids are not revealed
  auto ok = call("POST", "/api/login", {{"login_id", "YUUKI_01"}, {"password", "migraine diary 7"}}, &other_device);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(user_id(other_device), id);
}

TEST_F(ApiTest, LoginBruteForceIsThrottled) {
  Browser b = guest("A");
  ASSERT_EQ(call("POST", "/api/account", {{"login_id", "target"}, {"password", "long enough pw 1"}}, &b).status, 201);
  int throttled = 0;
  for (int i = 0; i < 8; ++i) {
    Browser attacker;
    attacker.address = "10.0.0." + std::to_string(i);  // spread over addresses
    auto res = call("POST", "/api/login", {{"login_id", "target"}, {"password", "guess" + std::to_string(i)}}, &attacker);
    if (res.status == 429) ++throttled;
  }
  EXPECT_GE(throttled, 3);  // locked after 5 failures
  Browser owner;
  auto locked = call("POST", "/api/login", {{"login_id", "target"}, {"password", "long enough pw 1"}}, &owner);
  EXPECT_EQ(code(locked), "login_throttled");
  clock_.advance(std::chrono::minutes(2));
  EXPECT_EQ(call("POST", "/api/login", {{"login_id", "target"}, {"password", "long enough pw 1"}}, &owner).status, 200);
}

TEST_F(ApiTest, EveryFormsBadInputGetsAClearMessage) {
  Browser b = guest("A");
  struct Case {
    const char* name;
    const char* method;
    const char* path;
    json body;
    const char* code;
  };
  const Case cases[] = {
      {"name missing", "POST", "/api/session", {{"avatar", 0}, {"rules_version", 1}}, "name_missing"},
      {"name reserved", "POST", "/api/session", {{"name", "頭痛専門医 山田"}, {"avatar", 0}, {"rules_version", 1}}, "name_reserved"},
      {"name reserved full width", "POST", "/api/session", {{"name", "ＡＤＭＩＮ"}, {"avatar", 0}, {"rules_version", 1}}, "name_reserved"},
      {"avatar out of range", "POST", "/api/session", {{"name", "A"}, {"avatar", 8}, {"rules_version", 1}}, "avatar_invalid"},
      {"login id too short", "POST", "/api/account", {{"login_id", "ab"}, {"password", "long enough pw 1"}}, "login_id_invalid"},
      {"password too short", "POST", "/api/account", {{"login_id", "abcd"}, {"password", "short"}}, "password_too_short"},
      {"password common", "POST", "/api/account", {{"login_id", "abcd"}, {"password", "password"}}, "password_too_common"},
      {"profile reserved", "PATCH", "/api/profile", {{"name", "Dr. Smith"}}, "name_reserved"},
      {"profile empty", "PATCH", "/api/profile", {{"name", " "}}, "name_empty"},
      {"clinician number", "POST", "/api/clinician/application", {{"real_name", "山田"}, {"registration_number", "hello"}, {"specialty", "頭痛専門医"}}, "permission_denied"},
      {"report reason", "POST", "/api/reports", {{"user_id", 1}, {"reason", "dislike"}}, "report_invalid"},
      {"block self", "POST", "/api/blocks", {{"user_id", user_id(b)}}, "relation_invalid"},
      {"rules version", "POST", "/api/rules/accept", {{"version", 9}}, "rules_not_accepted"},
      {"wrong type", "POST", "/api/account", {{"login_id", 5}}, "bad_json"},
  };
  for (const auto& c : cases) {
    Browser* who = std::string(c.path) == "/api/session" ? nullptr : &b;
    auto res = call(c.method, c.path, c.body, who);
    EXPECT_EQ(code(res), c.code) << c.name << ": " << res.body;
    auto body = json::parse(res.body);
    EXPECT_FALSE(body["error"]["message"]["ja"].get<std::string>().empty()) << c.name;
    EXPECT_FALSE(body["error"]["message"]["en"].get<std::string>().empty()) << c.name;
  }
}

TEST_F(ApiTest, ClinicianAppliesAdminApprovesAndTheBadgeAppears) {
  Browser admin = staff("root", "admin");
  Browser doc = guest("やまだ");
  ASSERT_EQ(call("POST", "/api/account", {{"login_id", "yamada"}, {"password", "headache clinic 9"}}, &doc).status, 201);
  auto applied = call("POST", "/api/clinician/application",
                      {{"real_name", "山田 太郎"}, {"registration_number", "ｓ１２３４５６"},
                       {"specialty", "頭痛専門医"}, {"affiliation", "つなぐ頭痛クリニック"}}, &doc);
  ASSERT_EQ(applied.status, 201) << applied.body;
  EXPECT_EQ(json::parse(applied.body)["application"]["registration_number"], "S123456");
  const auto app_id = json::parse(applied.body)["application"]["id"].get<std::int64_t>();
  // A member cannot approve, nor list.
  EXPECT_EQ(call("POST", "/api/admin/clinicians/" + std::to_string(app_id) + "/approve", json::object(), &doc).status, 403);
  auto list = call("GET", "/api/admin/clinicians?status=pending", nullptr, &admin);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json::parse(list.body)["applications"].size(), 1u);
  auto approved = call("POST", "/api/admin/clinicians/" + std::to_string(app_id) + "/approve", json::object(), &admin);
  ASSERT_EQ(approved.status, 200) << approved.body;
  const auto doc_id = user_id(doc);
  auto badges = call("GET", "/api/badges?ids=" + std::to_string(doc_id) + ",999");
  auto list_badges = json::parse(badges.body)["badges"];
  ASSERT_EQ(list_badges.size(), 1u);
  EXPECT_EQ(list_badges[0]["specialty"], "頭痛専門医");
  EXPECT_EQ(list_badges[0]["name"], "山田 太郎");
  auto me = call("GET", "/api/session", nullptr, &doc);
  EXPECT_EQ(json::parse(me.body)["user"]["role"], "clinician");
  // A verified clinician may carry a title in their name.
  EXPECT_EQ(call("PATCH", "/api/profile", {{"name", "頭痛専門医 山田"}}, &doc).status, 200);
  // Both decisions are in the audit log.
  bool audited = false;
  for (const auto& e : store_.audit) audited |= e.action == "clinician.approve";
  EXPECT_TRUE(audited);
}

TEST_F(ApiTest, RosterImportApprovesMatchingApplications) {
  Browser admin = staff("root", "admin");
  Browser doc = guest("A");
  ASSERT_EQ(call("POST", "/api/account", {{"login_id", "doc1"}, {"password", "headache clinic 9"}}, &doc).status, 201);
  ASSERT_EQ(call("POST", "/api/clinician/application",
                 {{"real_name", "佐藤 花子"}, {"registration_number", "S000777"}, {"specialty", "頭痛専門医"}}, &doc).status, 201);
  ApiRequest r;
  std::string csv = "registration_number,name,specialty\nS000777,佐藤　花子,頭痛専門医\nbad row\n";
  r.method = "POST";
  r.path = "/api/admin/roster";
  r.body = csv;
  r.cookie = admin.cookies;
  r.csrf_token = admin.csrf;
  r.host = "127.0.0.1:8080";
  ApiResponse res;
  api_.handle(r, [&](ApiResponse out) { res = std::move(out); });
  ASSERT_EQ(res.status, 200) << res.body;
  auto body = json::parse(res.body);
  EXPECT_EQ(body["rows"], 1);
  EXPECT_EQ(body["approved"], 1);
  EXPECT_EQ(body["errors"].size(), 1u);
  EXPECT_EQ(json::parse(call("GET", "/api/session", nullptr, &doc).body)["user"]["role"], "clinician");
  // A later application matching the roster is approved at once.
  Browser doc2 = guest("B");
  ASSERT_EQ(call("POST", "/api/account", {{"login_id", "doc2"}, {"password", "headache clinic 9"}}, &doc2).status, 201);
  ASSERT_EQ(call("POST", "/api/admin/roster", nullptr, &admin).status, 200);
}

TEST_F(ApiTest, ModerationIsForStaffAndEveryActionIsAudited) {
  Browser mod = staff("mod1", "moderator");
  Browser troll = guest("troll");
  Browser victim = guest("victim");
  const auto troll_id = user_id(troll);
  ASSERT_EQ(call("POST", "/api/reports", {{"user_id", troll_id}, {"reason", "harassment"}, {"detail", "rude"}}, &victim).status, 201);
  // The victim cannot see reports or ban.
  EXPECT_EQ(call("GET", "/api/mod/reports", nullptr, &victim).status, 403);
  EXPECT_EQ(call("POST", "/api/mod/users/" + std::to_string(troll_id) + "/ban", {{"reason", "x"}}, &victim).status, 403);
  auto reports = call("GET", "/api/mod/reports?status=open", nullptr, &mod);
  ASSERT_EQ(reports.status, 200);
  auto list = json::parse(reports.body)["reports"];
  ASSERT_EQ(list.size(), 1u);
  const auto report_id = list[0]["id"].get<std::int64_t>();
  EXPECT_EQ(call("POST", "/api/mod/users/" + std::to_string(troll_id) + "/warn", {{"message", "be kind"}}, &mod).status, 200);
  EXPECT_EQ(call("POST", "/api/mod/users/" + std::to_string(troll_id) + "/kick", {{"reason", "cool down"}}, &mod).status, 200);
  auto ban = call("POST", "/api/mod/users/" + std::to_string(troll_id) + "/ban", {{"reason", "harassment"}, {"hours", 0}}, &mod);
  ASSERT_EQ(ban.status, 200) << ban.body;
  EXPECT_EQ(call("POST", "/api/mod/reports/" + std::to_string(report_id) + "/resolve", {{"resolution", "banned"}}, &mod).status, 200);
  // The troll's session is gone (the browser is told why), and a new guest session from the
  // same browser is refused.
  auto gone = call("GET", "/api/session", nullptr, &troll);
  EXPECT_EQ(gone.status, 403);
  EXPECT_EQ(code(gone), "banned");
  auto again = call("POST", "/api/session", {{"name", "troll2"}, {"avatar", 0}, {"rules_version", 1}}, &troll);
  EXPECT_EQ(again.status, 403);
  EXPECT_EQ(code(again), "banned");
  // Another browser is not affected.
  EXPECT_EQ(call("POST", "/api/session", {{"name", "newcomer"}, {"avatar", 0}, {"rules_version", 1}}).status, 201);
  auto trail = call("GET", "/api/mod/users/" + std::to_string(troll_id) + "/audit", nullptr, &mod);
  ASSERT_EQ(trail.status, 200);
  std::set<std::string> actions;
  const json trail_body = json::parse(trail.body);
  for (const auto& e : trail_body["audit"]) actions.insert(e["action"].get<std::string>());
  for (const char* a : {"report.create", "moderation.warn", "moderation.kick", "moderation.ban", "report.resolve"}) {
    EXPECT_TRUE(actions.contains(a)) << a << " in " << trail.body;
  }
  EXPECT_EQ(call("POST", "/api/mod/users/" + std::to_string(troll_id) + "/unban", json::object(), &mod).status, 200);
  EXPECT_EQ(call("POST", "/api/session", {{"name", "troll3"}, {"avatar", 0}, {"rules_version", 1}}, &troll).status, 201);
}

TEST_F(ApiTest, AdminVerifiesTheAuditChain) {
  Browser admin = staff("root", "admin");
  Browser mod = staff("mod1", "moderator");
  auto v = call("POST", "/api/admin/audit/verify", json::object(), &admin);
  ASSERT_EQ(v.status, 200);
  EXPECT_EQ(json::parse(v.body)["ok"], true);
  EXPECT_EQ(call("POST", "/api/admin/audit/verify", json::object(), &mod).status, 403);
  store_.audit[0].detail_json = R"({"tampered":true})";
  auto broken = call("POST", "/api/admin/audit/verify", json::object(), &admin);
  EXPECT_EQ(json::parse(broken.body)["ok"], false);
  EXPECT_EQ(json::parse(broken.body)["first_broken_id"], store_.audit[0].id);
}

TEST_F(ApiTest, PasswordChangeSignsOutOtherSessionsAndDeletionErases) {
  Browser a = guest("A");
  ASSERT_EQ(call("POST", "/api/account", {{"login_id", "alice"}, {"password", "first password 1"}}, &a).status, 201);
  Browser phone;
  ASSERT_EQ(call("POST", "/api/login", {{"login_id", "alice"}, {"password", "first password 1"}}, &phone).status, 200);
  EXPECT_EQ(code(call("POST", "/api/account/password", {{"current", "nope"}, {"password", "second password 2"}}, &a)), "login_failed");
  ASSERT_EQ(call("POST", "/api/account/password", {{"current", "first password 1"}, {"password", "second password 2"}}, &a).status, 200);
  EXPECT_EQ(call("GET", "/api/session", nullptr, &phone).status, 401);
  EXPECT_EQ(call("GET", "/api/session", nullptr, &a).status, 200);
  EXPECT_EQ(code(call("DELETE", "/api/account", {{"password", "wrong"}}, &a)), "login_failed");
  ASSERT_EQ(call("DELETE", "/api/account", {{"password", "second password 2"}}, &a).status, 200);
  EXPECT_EQ(call("GET", "/api/session", nullptr, &a).status, 401);
  Browser again;
  EXPECT_EQ(call("POST", "/api/login", {{"login_id", "alice"}, {"password", "second password 2"}}, &again).status, 401);
}

TEST_F(ApiTest, LogoutEndsTheSession) {
  Browser a = guest("A");
  ASSERT_EQ(call("DELETE", "/api/session", nullptr, &a).status, 200);
  EXPECT_EQ(call("GET", "/api/session", nullptr, &a).status, 401);
}

TEST_F(ApiTest, BlocksAreListedWithNames) {
  Browser a = guest("A");
  Browser b = guest("びー");
  const auto b_id = user_id(b);
  ASSERT_EQ(call("POST", "/api/blocks", {{"user_id", b_id}}, &a).status, 201);
  auto list = json::parse(call("GET", "/api/blocks", nullptr, &a).body)["blocks"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["name"], "びー");
  ASSERT_EQ(call("DELETE", "/api/blocks/" + std::to_string(b_id), nullptr, &a).status, 200);
  EXPECT_TRUE(json::parse(call("GET", "/api/blocks", nullptr, &a).body)["blocks"].empty());
}

TEST_F(ApiTest, RoleChangesAreAdminOnlyAndNeverOnOneself) {
  Browser admin = staff("root", "admin");
  Browser mod = staff("mod1", "moderator");
  Browser m = guest("M");
  const auto m_id = user_id(m);
  EXPECT_EQ(call("POST", "/api/admin/users/" + std::to_string(m_id) + "/role", {{"role", "trainee"}}, &mod).status, 403);
  EXPECT_EQ(call("POST", "/api/admin/users/" + std::to_string(m_id) + "/role", {{"role", "emperor"}}, &admin).status, 400);
  EXPECT_EQ(call("POST", "/api/admin/users/" + std::to_string(user_id(admin)) + "/role", {{"role", "member"}}, &admin).status, 403);
  EXPECT_EQ(call("POST", "/api/admin/users/" + std::to_string(m_id) + "/role", {{"role", "trainee"}}, &admin).status, 200);
  EXPECT_EQ(json::parse(call("GET", "/api/session", nullptr, &m).body)["user"]["role"], "trainee");
}

}  // namespace
}  // namespace tsunagu::net
