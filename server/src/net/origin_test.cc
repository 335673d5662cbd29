#include "net/origin.h"

#include <gtest/gtest.h>

#include <vector>

namespace tsunagu::net {
namespace {

TEST(OriginTest, Table) {
  const std::vector<std::string> allowed = {"https://tsunagu.example.org"};
  struct Case {
    const char* name;
    const char* origin;
    const char* host;
    bool ok;
  };
  const Case cases[] = {
      {"same origin http", "http://127.0.0.1:8080", "127.0.0.1:8080", true},
      {"same origin https", "https://192.168.1.5:8443", "192.168.1.5:8443", true},
      {"case-insensitive host", "http://LOCALHOST:8080", "localhost:8080", true},
      {"no origin (non-browser)", "", "127.0.0.1:8080", true},
      {"other site", "https://evil.example", "127.0.0.1:8080", false},
      {"other port", "http://127.0.0.1:9999", "127.0.0.1:8080", false},
      {"prefix trick", "http://127.0.0.1:8080.evil.example", "127.0.0.1:8080", false},
      {"suffix trick", "http://evil127.0.0.1:8080", "127.0.0.1:8080", false},
      {"null origin", "null", "127.0.0.1:8080", false},
      {"listed origin", "https://tsunagu.example.org", "10.0.0.1:8080", true},
      {"listed origin other scheme", "http://tsunagu.example.org", "10.0.0.1:8080", false},
      {"missing host", "http://a", "", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(origin_allowed(c.origin, c.host, allowed), c.ok) << c.name;
  }
}

}  // namespace
}  // namespace tsunagu::net
