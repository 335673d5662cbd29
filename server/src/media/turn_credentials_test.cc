#include "media/turn_credentials.h"

#include <gtest/gtest.h>

namespace tsunagu::media {
namespace {

using namespace std::chrono_literals;

TEST(TurnCredentialsTest, NoTurnConfiguredMeansNoIceServers) {
  auto servers = turn_ice_servers({}, 7, std::chrono::sys_seconds(1000s));
  ASSERT_TRUE(servers);
  EXPECT_EQ(*servers, nlohmann::json::array());
  TurnSettings urls_only{{"turn:t.example:3478"}, ""};
  EXPECT_EQ(*turn_ice_servers(urls_only, 7, std::chrono::sys_seconds(1000s)), nlohmann::json::array());
}

// The credential coturn computes for the same secret and username (checked by hand with
// `printf %s 1767225600:4711 | openssl dgst -binary -sha1 -hmac s3cret | base64`).
TEST(TurnCredentialsTest, TimeLimitedCredentialAsCoturnComputesIt) {
  TurnSettings turn{{"turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp"},
                    "s3cret", 3600s};
  auto servers = turn_ice_servers(turn, 4711, std::chrono::sys_seconds(1767222000s));
  ASSERT_TRUE(servers);
  ASSERT_EQ(servers->size(), 1u);
  const auto& s = (*servers)[0];
  EXPECT_EQ(s["username"], "1767225600:4711");
  EXPECT_EQ(s["urls"].size(), 2u);
  EXPECT_EQ(s["credential"], "CHfbDbnnFw/r+D1HNqeOBVZ/4o8=");
}

TEST(TurnCredentialsTest, HmacMatchesAKnownVector) {
  // RFC 2202 test case 2: key "Jefe", data "what do ya want for nothing?"
  EXPECT_EQ(*hmac_sha1_base64("Jefe", "what do ya want for nothing?"), "7/zfauXrL6LSdBbV8YTfnCWafHk=");
}

}  // namespace
}  // namespace tsunagu::media
