#include "auth/token.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace tsunagu::auth {
namespace {

using namespace std::string_literals;

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

TEST(SessionTokenTest, HasTheDocumentedShape) {
  for (int i = 0; i < 100; ++i) {
    const std::string token = new_session_token();
    ASSERT_EQ(token.size(), kTokenLength) << token;
    EXPECT_TRUE(looks_like_token(token)) << token;
  }
}

TEST(SessionTokenTest, DecodesToThirtyTwoBytes) {
  const std::string token = new_session_token();
  unsigned char bytes[64];
  size_t len = 0;
  ASSERT_EQ(sodium_base642bin(bytes, sizeof bytes, token.data(), token.size(), nullptr, &len,
                              nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
            0);
  EXPECT_EQ(len, kTokenBytes);
}

// 1000 tokens: no repeats, and every one of the 64 symbols shows up (a constant, a short
// random buffer or the wrong alphabet would fail this).
TEST(SessionTokenTest, IsRandomOverTheWholeAlphabet) {
  std::set<std::string> tokens;
  std::set<char> symbols;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = new_session_token();
    tokens.insert(token);
    symbols.insert(token.begin(), token.end());
  }
  EXPECT_EQ(tokens.size(), 1000u);
  EXPECT_EQ(symbols.size(), 64u);
}

TEST(SessionTokenTest, IsSafeFromManyThreads) {
  std::vector<std::vector<std::string>> made(8);
  std::vector<std::thread> threads;
  for (auto& out : made) {
    threads.emplace_back([&out] {
      for (int i = 0; i < 100; ++i) out.push_back(new_session_token());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& out : made) all.insert(out.begin(), out.end());
  EXPECT_EQ(all.size(), 800u);
}

// Reference values from Python: hashlib.blake2b(data, digest_size=32).hexdigest().
TEST(HashTokenTest, IsBlake2b256) {
  struct Case {
    std::string input;
    const char* want;
  };
  const Case cases[] = {
      {"", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
      {"abc", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
      {std::string(43, 'A'), "6342b384e5d6294c5df1110132b93b97b395a2ff4cca498af637b3e06b3095dd"},
  };
  for (const Case& c : cases) {
    const std::string hash = hash_token(c.input);
    EXPECT_EQ(hash.size(), kTokenHashBytes) << c.input;
    EXPECT_EQ(hex(hash), c.want) << "'" << c.input << "'";
  }
}

TEST(HashTokenTest, DiffersPerToken) {
  const std::string a = new_session_token();
  const std::string b = new_session_token();
  EXPECT_EQ(hash_token(a), hash_token(a));
  EXPECT_NE(hash_token(a), hash_token(b));
  EXPECT_NE(hash_token(a), a);
}

TEST(LooksLikeTokenTest, Table) {
  const std::string good = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";  // bytes 0..31
  struct Case {
    const char* label;
    std::string input;
    bool want;
  };
  const Case cases[] = {
      {"encoded bytes 0..31", good, true},
      {"all symbols of the alphabet", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO-_", true},
      {"empty", "", false},
      {"one short", good.substr(1), false},
      {"one long", good + "A", false},
      {"standard base64 plus", "+" + good.substr(1), false},
      {"standard base64 slash", good.substr(1) + "/", false},
      {"padding", good.substr(1) + "=", false},
      {"space", " " + good.substr(1), false},
      {"NUL", "\0"s + good.substr(1), false},
      {"dot", good.substr(1) + ".", false},
      {"non-ASCII", "\xc3\xa9" + good.substr(2), false},
      {"Bearer prefix kept by mistake", "Bearer " + good.substr(7), false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(looks_like_token(c.input), c.want) << c.label;
  }
}

}  // namespace
}  // namespace tsunagu::auth
