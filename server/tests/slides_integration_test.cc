// Presenters' slide uploads through the real server (docs/voice.md, "Uploading slides"): a
// page larger than the usual 16 KiB body limit goes through on the upload path only, the page is
// served with its type, nosniff and a cache header, a guest is refused, a large body elsewhere is
// still refused before the API, and the deck is there again after a restart.

#include <gtest/gtest.h>

#include <cstdlib>

#include "test_server.h"

namespace tsunagu::testing {
namespace {

constexpr const char* kPassword = "a long admin passphrase";

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// A PNG header of 1920 × 1080 followed by `size` bytes (the server reads headers only).
std::string png(std::size_t size) {
  return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(1920) + be32(1080) +
         std::string("\x08\x02\x00\x00\x00", 5) + be32(0) + std::string(size, '\0');
}

std::string admin_token(const std::filesystem::path& data, unsigned short port) {
  const std::string cmd = "printf '%s\\n' '" + std::string(kPassword) + "' | " +
                          std::string(TSUNAGU_BINARY) + " admin create --login root --data " +
                          data.string() + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return "";
  auto login = http_request(port, http::verb::post, "/api/login",
                            json{{"login_id", "root"}, {"password", kPassword}}.dump());
  return login.status == 200 ? json::parse(login.body).value("token", "") : "";
}

TEST(SlidesUploadTest, UploadServeRefuseAndRestart) {
  TempDir dir;
  const auto data = dir.path() / "data";
  std::filesystem::create_directories(data);
  std::string id;
  {
    ServerProcess server(data);
    ASSERT_TRUE(server.start());
    const std::string admin = admin_token(data, server.port());
    ASSERT_FALSE(admin.empty());
    const std::vector<std::pair<std::string, std::string>> as_admin = {
        {"Authorization", "Bearer " + admin}};

    // a guest may not upload
    const std::string guest = new_guest(server.port(), "ききて");
    auto refused = http_request(server.port(), http::verb::post, "/api/slides",
                                json{{"title", "x"}, {"pages", 1}}.dump(),
                                {{"Authorization", "Bearer " + guest}});
    EXPECT_EQ(refused.status, 403);

    auto created = http_request(server.port(), http::verb::post, "/api/slides",
                                json{{"title", "講演"}, {"pages", 2}}.dump(), as_admin);
    ASSERT_EQ(created.status, 201) << created.body;
    id = json::parse(created.body)["upload"]["id"];
    auto headers = as_admin;
    headers.push_back({"Content-Type", "image/png"});
    // 1 MiB: far over the 16 KiB of other requests, fine here
    auto first = http_request(server.port(), http::verb::put, "/api/slides/" + id + "/pages/0",
                              png(1 << 20), headers);
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(json::parse(first.body)["ready"], false);
    // a large body anywhere else is refused by the HTTP layer as before (over 4 MiB on the
    // upload path likewise; not sent here, as the server stops reading and a blocking client
    // may not see the answer)
    auto elsewhere = http_request(server.port(), http::verb::post, "/api/slides",
                                  std::string(64 * 1024, ' '), as_admin);
    EXPECT_EQ(elsewhere.status, 413);
    auto last = http_request(server.port(), http::verb::put, "/api/slides/" + id + "/pages/1",
                             png(1000), headers);
    ASSERT_EQ(last.status, 200) << last.body;
    EXPECT_EQ(json::parse(last.body)["ready"], true);

    auto page = http_request(server.port(), http::verb::get, "/slides/" + id + "/01.png");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.body.size(), png(1 << 20).size());
    EXPECT_EQ(page.raw[http::field::content_type], "image/png");
    EXPECT_EQ(page.raw["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(page.raw[http::field::cache_control], "private, max-age=86400, immutable");
    EXPECT_EQ(http_request(server.port(), http::verb::get, "/slides/" + id + "/deck.json").status,
              404);
    EXPECT_EQ(http_request(server.port(), http::verb::get, "/slides/" + id + "/03.png").status,
              404);
    EXPECT_EQ(
        http_request(server.port(), http::verb::get, "/slides/" + id + "/..%2f..%2ftsunagu.db")
            .status,
        404);
    EXPECT_EQ(server.terminate(), 0);
  }
  ServerProcess again(data);
  ASSERT_TRUE(again.start());
  auto list = json::parse(http_request(again.port(), http::verb::get, "/api/slides").body);
  bool found = false;
  for (const auto& d : list["decks"]) found = found || d["id"] == id;
  EXPECT_TRUE(found) << list.dump();
  EXPECT_EQ(http_request(again.port(), http::verb::get, "/slides/" + id + "/02.png").status, 200);
}

}  // namespace
}  // namespace tsunagu::testing
