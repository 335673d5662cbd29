#include "auth/password.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/messages.h"
#include "core/utf8.h"

namespace tsunagu::auth {
namespace {

using namespace std::string_literals;

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// `n` code points cycling through `alphabet`: long, but neither a short repetition nor a run.
std::string varied(int n, std::u32string_view alphabet = U"k7#Qz!p2Lm") {
  std::string out;
  for (int i = 0; i < n; ++i) {
    const char32_t c = alphabet[static_cast<std::size_t>(i) % alphabet.size()];
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// `error` is nullptr when the password must be accepted.
struct PasswordCase {
  const char* label;
  std::string password;
  std::string login_id;
  const char* error = nullptr;
};

const std::vector<PasswordCase>& password_cases() {
  static const std::vector<PasswordCase> cases = {
      {"a passphrase", "correct horse battery staple", "yamada"},
      {"8 mixed characters", "k7#Qz!p2", "yamada"},
      {"exactly 8", "tsunagi8", "yamada"},
      {"exactly 128", varied(128), "yamada"},
      {"Japanese passphrase", "頭痛の日はゆっくり休む", "yamada"},
      {"8 kanji", "春夏秋冬東西南北", "yamada"},
      {"emoji count as one each", "🌸🍵🌙⭐️🎐🐈🗻🍙", "yamada"},
      {"128 emoji (512 bytes)", varied(128, U"🌸🍵🌙🎐🐈🗻🍙"), "yamada"},
      {"spaces are allowed", "  my   pass  ", "yamada"},
      {"a short id it does not contain", "xyzsecret9", "ab"},
      {"no login id yet", "k7#Qz!p2", ""},
      {"similar to but not containing the id", "yamad4-secret", "yamada"},

      {"empty", "", "yamada", "password_too_short"},
      {"7 characters", "k7#Qz!p", "yamada", "password_too_short"},
      {"7 kanji (21 bytes)", "春夏秋冬東西南", "yamada", "password_too_short"},
      {"129 characters", varied(129), "yamada", "password_too_long"},
      {"129 emoji", varied(129, U"🌸🍵🌙🎐🐈🗻🍙"), "yamada", "password_too_long"},
      {"far too long raw", repeat("x", 5000), "yamada", "password_too_long"},
      {"invalid byte", "secret\xff-pass", "yamada", "password_invalid_utf8"},
      {"truncated sequence", "secretpass\xe3\x81", "yamada", "password_invalid_utf8"},
      {"encoded surrogate", "secret\xed\xa0\x80pass", "yamada", "password_invalid_utf8"},
      {"equal to the login id", "yamada.taro", "yamada.taro", "password_contains_login"},
      {"contains the login id", "yamada2024!", "yamada", "password_contains_login"},
      {"contains the id in upper case", "MyYAMADApass", "yamada", "password_contains_login"},
      {"contains the id in full width", "ｙａｍａｄａ2024", "yamada", "password_contains_login"},
      {"id at the end", "secret-yamada", "yamada", "password_contains_login"},
      {"one character repeated", "aaaaaaaa", "yamada", "password_too_common"},
      {"one kanji repeated", "痛痛痛痛痛痛痛痛", "yamada", "password_too_common"},
      {"one digit repeated, long", repeat("7", 40), "yamada", "password_too_common"},
      {"two characters repeated", "abababab", "yamada", "password_too_common"},
      {"a word repeated", "passpass", "yamada", "password_too_common"},
      {"three characters repeated, cut short", "abcabcab", "yamada", "password_too_common"},
      {"ascending run", "abcdefgh", "yamada", "password_too_common"},
      {"descending digits", "98765432", "yamada", "password_too_common"},
      {"ascending hiragana", "ぁあぃいぅうぇえ", "yamada", "password_too_common"},
      {"password", "password", "yamada", "password_too_common"},
      {"PASSWORD in capitals", "PASSWORD", "yamada", "password_too_common"},
      {"password in full width", "ｐａｓｓｗｏｒｄ", "yamada", "password_too_common"},
      {"Passw0rd", "Passw0rd", "yamada", "password_too_common"},
      {"12345678", "12345678", "yamada", "password_too_common"},
      {"qwerty123", "qwerty123", "yamada", "password_too_common"},
      {"1qaz2wsx", "1qaz2wsx", "yamada", "password_too_common"},
      {"iloveyou", "ILoveYou", "yamada", "password_too_common"},
      {"kana-mode 12345678", "ぬふあうえおやゆ", "yamada", "password_too_common"},
      {"kana-mode qwertyui", "たていすかんなに", "yamada", "password_too_common"},
  };
  return cases;
}

TEST(CheckNewPasswordTest, Table) {
  for (const PasswordCase& c : password_cases()) {
    core::Status got = check_new_password(c.password, c.login_id);
    if (c.error == nullptr) {
      EXPECT_TRUE(got.has_value()) << c.label << ": " << got.error().name();
      continue;
    }
    if (got) {
      ADD_FAILURE() << c.label << ": accepted";
      continue;
    }
    EXPECT_EQ(got.error().name(), c.error) << c.label << ": " << got.error().message();
    EXPECT_EQ(got.error().code(), core::Code::kInvalidArgument) << c.label;
    // The message goes to logs: it must never echo the password. ("password" itself is a
    // word every message holds.)
    if (c.password.size() >= 4 && c.password != "password") {
      EXPECT_EQ(got.error().message().find(c.password), std::string::npos) << c.label;
    }
  }
}

TEST(CheckNewPasswordTest, EveryCommonPasswordIsRefused) {
  EXPECT_GE(common_passwords().size(), 50u);
  for (std::string_view p : common_passwords()) {
    EXPECT_TRUE(core::is_valid_utf8(p)) << p;
    EXPECT_GE(core::utf8_length(p), kMinPasswordLength) << p << ": shorter ones never get here";
    core::Status got = check_new_password(p, "someone");
    ASSERT_FALSE(got.has_value()) << p;
    EXPECT_EQ(got.error().name(), "password_too_common") << p;
  }
}

struct LoginIdCase {
  const char* label;
  std::string input;
  std::string want;  // empty: login_id_invalid
};

TEST(NormalizeLoginIdTest, Table) {
  const std::vector<LoginIdCase> cases = {
      {"lower case", "yamada", "yamada"},
      {"upper case folded", "Yamada", "yamada"},
      {"digits and marks", "taro.y_2024-a", "taro.y_2024-a"},
      {"starts with a digit", "2024taro", "2024taro"},
      {"full width (NFKC)", "ＹＡＭＡＤＡ", "yamada"},
      {"full-width full stop and low line", "ｔａｒｏ．ｙ＿１", "taro.y_1"},
      {"trimmed", "  yamada \u3000", "yamada"},
      {"exactly 3", "abc", "abc"},
      {"exactly 32", repeat("a", 32), repeat("a", 32)},
      {"ends with a mark", "taro_", "taro_"},

      {"empty", "", ""},
      {"only spaces", "   ", ""},
      {"2 characters", "ab", ""},
      {"33 characters", repeat("a", 33), ""},
      {"far too long raw", repeat("a", 300), ""},
      {"starts with a dot", ".taro", ""},
      {"starts with a low line", "_taro", ""},
      {"starts with a hyphen", "-taro", ""},
      {"space inside", "yamada taro", ""},
      {"at sign", "taro@example", ""},
      {"plus", "taro+1", ""},
      {"kana", "やまだ", ""},
      {"accented letter", "jos\u00e9", ""},
      {"Cyrillic а", "\u0430dmin", ""},
      {"dotless i upper-cases to I but is not ASCII", "\u0131ro", ""},
      {"Kelvin sign is K after NFKC", "\u212aen", "ken"},
      {"zero width space", "ya\u200bmada", ""},
      {"NUL", "yama\0da"s, ""},
      {"newline", "yamada\n", "yamada"},
      {"invalid UTF-8", "yama\xff", ""},
  };
  for (const LoginIdCase& c : cases) {
    core::Result<std::string> got = normalize_login_id(c.input);
    if (c.want.empty()) {
      if (got) {
        ADD_FAILURE() << c.label << ": accepted as '" << *got << "'";
        continue;
      }
      EXPECT_EQ(got.error().name(), "login_id_invalid") << c.label;
      EXPECT_EQ(got.error().code(), core::Code::kInvalidArgument) << c.label;
      continue;
    }
    if (!got) {
      ADD_FAILURE() << c.label << ": " << got.error().message();
      continue;
    }
    EXPECT_EQ(*got, c.want) << c.label;
    EXPECT_EQ(normalize_login_id(*got).value_or("<error>"), *got) << c.label << ": idempotent";
  }
}

// One real hash with the production parameters (~0.1 s each for hash and two verifies); every
// other case uses cheap parameters, so the suite stays well under 2 s.
TEST(PasswordHashTest, HashesAndVerifies) {
  core::Result<std::string> hash = hash_password("correct horse battery staple");
  ASSERT_TRUE(hash.has_value()) << hash.error().message();
  // Argon2id, OPSLIMIT_INTERACTIVE (t=2) and MEMLIMIT_INTERACTIVE (64 MiB), one lane.
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << *hash;
  EXPECT_LT(hash->size(), static_cast<std::size_t>(crypto_pwhash_STRBYTES));
  EXPECT_EQ(hash->find("correct"), std::string::npos);
  EXPECT_FALSE(password_needs_rehash(*hash));

  EXPECT_TRUE(verify_password(*hash, "correct horse battery staple"));
  EXPECT_FALSE(verify_password(*hash, "correct horse battery stapler"));
}

TEST(PasswordHashTest, SaltsDiffer) {
  // Cheap parameters: this only checks that the salt is fresh, not the cost.
  char a[crypto_pwhash_STRBYTES];
  char b[crypto_pwhash_STRBYTES];
  ASSERT_GE(sodium_init(), 0);
  ASSERT_EQ(crypto_pwhash_str_alg(a, "same", 4, crypto_pwhash_OPSLIMIT_MIN,
                                  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
            0);
  ASSERT_EQ(crypto_pwhash_str_alg(b, "same", 4, crypto_pwhash_OPSLIMIT_MIN,
                                  crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_NE(std::string(a), std::string(b));
}

// Hashes made with cheap parameters verify quickly, so the many edge cases cost nothing; they
// also stand for hashes stored under older parameters, which must still log people in.
std::string cheap_hash(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (sodium_init() < 0) return {};
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_MIN,
                            crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return {};
  }
  return out;
}

// Argon2i, the variant libsodium used by default before Argon2id.
std::string cheap_argon2i_hash(std::string_view password) {
  char out[crypto_pwhash_argon2i_STRBYTES];
  if (sodium_init() < 0) return {};
  if (crypto_pwhash_argon2i_str(out, password.data(), password.size(),
                                crypto_pwhash_argon2i_OPSLIMIT_MIN,
                                crypto_pwhash_argon2i_MEMLIMIT_MIN) != 0) {
    return {};
  }
  return out;
}

TEST(PasswordHashTest, VerifyEdgeCases) {
  const std::string hash = cheap_hash("password-for-tests");
  ASSERT_FALSE(hash.empty());
  const std::string argon2i = cheap_argon2i_hash("password-for-tests");
  ASSERT_TRUE(argon2i.starts_with("$argon2i$")) << argon2i;
  // NFKC is applied before hashing, so the stored hash is of the half-width form.
  const std::string nfkc_hash = cheap_hash("password");

  struct {
    const char* label;
    std::string stored;
    std::string password;
    bool want;
  } const kCases[] = {
      {"right password, older parameters", hash, "password-for-tests", true},
      {"argon2i still verifies", argon2i, "password-for-tests", true},
      {"full width matches half width", nfkc_hash, "ｐａｓｓｗｏｒｄ", true},
      {"wrong password", hash, "password-for-test", false},
      {"case matters", hash, "Password-for-tests", false},
      {"empty password", hash, "", false},
      {"password with a NUL", hash, "password-for-tests\0"s, false},
      {"invalid UTF-8 password", hash, "password-for-tests\xff", false},
      {"empty hash", "", "password-for-tests", false},
      {"garbage hash", "not a hash", "password-for-tests", false},
      {"truncated hash", hash.substr(0, hash.size() - 5), "password-for-tests", false},
      {"hash with a NUL", hash + "\0x"s, "password-for-tests", false},
      {"hash too long", hash + std::string(200, 'a'), "password-for-tests", false},
      {"plain text stored by mistake", "password-for-tests", "password-for-tests", false},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(verify_password(c.stored, c.password), c.want) << c.label;
  }
}

TEST(PasswordHashTest, NeedsRehash) {
  EXPECT_TRUE(password_needs_rehash(cheap_hash("x12345678")));  // weaker parameters
  EXPECT_TRUE(password_needs_rehash(cheap_argon2i_hash("x12345678")));
  EXPECT_TRUE(password_needs_rehash(""));
  EXPECT_TRUE(password_needs_rehash("$2b$12$abcdefghijklmnopqrstuv"));  // bcrypt
  EXPECT_TRUE(password_needs_rehash(std::string(300, 'a')));
}

TEST(PasswordHashTest, HashRefusesWhatCannotBeNormalised) {
  core::Result<std::string> bad = hash_password("secret\xff");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().name(), "password_invalid_utf8");
  core::Result<std::string> huge = hash_password(repeat("x", 5000));
  ASSERT_FALSE(huge.has_value());
  EXPECT_EQ(huge.error().name(), "password_too_long");
  EXPECT_FALSE(verify_password(cheap_hash("x"), repeat("x", 5000)));
}

TEST(PasswordTest, ErrorsHaveLocalizedMessages) {
  for (const char* name :
       {"password_too_short", "password_too_long", "password_invalid_utf8", "password_too_common",
        "password_contains_login", "login_id_invalid", "name_reserved"}) {
    const core::LocalizedText* text = core::localized_message(name);
    ASSERT_NE(text, nullptr) << name;
    EXPECT_FALSE(text->ja.empty()) << name;
    EXPECT_FALSE(text->en.empty()) << name;
  }
  const core::LocalizedText* too_short = core::localized_message("password_too_short");
  const std::string min = std::to_string(kMinPasswordLength);
  EXPECT_NE(too_short->ja.find(min), std::string_view::npos);
  EXPECT_NE(too_short->en.find(min), std::string_view::npos);
  const core::LocalizedText* too_long = core::localized_message("password_too_long");
  const std::string max = std::to_string(kMaxPasswordLength);
  EXPECT_NE(too_long->ja.find(max), std::string_view::npos);
  EXPECT_NE(too_long->en.find(max), std::string_view::npos);
}

}  // namespace
}  // namespace tsunagu::auth
