#include "net/api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/memory_store.h"

namespace tsunagu::net {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  ApiTest()
      : sessions_(store_, clock_),
        chat_(store_, clock_),
        hub_(*world::parse_world_config(
                 R"({"spaces":[{"id":"plaza","name":{"ja":"広場","en":"Plaza"}}]})"),
             sessions_, chat_, clock_),
        api_(sessions_, hub_, clock_, R"({"version":1,"rules":{"ja":["a"],"en":["a"]}})") {}

  ApiResponse call(std::string_view method, std::string_view path, std::string_view body = "",
                   std::string_view authorization = "") {
    return api_.handle({method, path, body, authorization, "application/json", "127.0.0.1"});
  }

  store::MemoryStore store_;
  core::FakeClock clock_;
  auth::SessionService sessions_;
  social::ChatService chat_;
  realtime::Hub hub_;
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
      {"GET", "/api/nothing", 404},   {"GET", "/api/session", 401},  {"PATCH", "/api/session", 405},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(call(c.method, c.path).status, c.status) << c.method << " " << c.path;
  }
  EXPECT_TRUE(Api::handles("/api/x"));
  EXPECT_TRUE(Api::handles("/healthz"));
  EXPECT_FALSE(Api::handles("/apix"));
  EXPECT_FALSE(Api::handles("/"));
}

TEST_F(ApiTest, CreatedSessionAuthenticatesByBearerToken) {
  auto created = call("POST", "/api/session", R"({"name":"さくら","avatar":4})");
  ASSERT_EQ(created.status, 201);
  auto token = json::parse(created.body)["token"].get<std::string>();
  auto me = call("GET", "/api/session", "", "Bearer " + token);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body)["user"]["avatar"], 4);
  EXPECT_EQ(call("GET", "/api/session", "", token).status, 401);  // scheme missing
  // Only the hash is stored.
  ASSERT_EQ(store_.sessions.size(), 1u);
  EXPECT_EQ(store_.sessions[0].token_hash.find(token), std::string::npos);
}

TEST_F(ApiTest, ErrorsCarryCodeAndBothLanguages) {
  auto res = call("POST", "/api/session", R"({"name":"","avatar":0})");
  EXPECT_EQ(res.status, 400);
  auto body = json::parse(res.body);
  EXPECT_EQ(body["error"]["code"], "name_empty");
  EXPECT_FALSE(body["error"]["message"]["ja"].get<std::string>().empty());
  EXPECT_FALSE(body["error"]["message"]["en"].get<std::string>().empty());
  auto unknown = json::parse(Api::error_body("no_such_code"));
  EXPECT_EQ(unknown["error"]["code"], "internal");
}

TEST_F(ApiTest, SessionCreationIsRateLimitedPerAddress) {
  int created = 0, limited = 0;
  for (int i = 0; i < 30; ++i) {
    auto res = call("POST", "/api/session", R"({"name":"A","avatar":0})");
    created += res.status == 201;
    limited += res.status == 429;
  }
  EXPECT_EQ(created, 20);
  EXPECT_EQ(limited, 10);
}

TEST_F(ApiTest, StoreFailureIs500WithoutDetails) {
  store_.fail_writes = true;
  auto res = call("POST", "/api/session", R"({"name":"A","avatar":0})");
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(json::parse(res.body)["error"]["code"], "internal");
}

}  // namespace
}  // namespace tsunagu::net
