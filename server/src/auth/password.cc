#include "auth/password.h"

#include <sodium.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <vector>

namespace tsunagu::auth {
namespace {

using core::Code;
using core::fail;

// Raw input over this is refused before any Unicode or hashing work. 128 code points of the
// longest UTF-8 sequences, even decomposed, stay far below it.
constexpr std::size_t kMaxRawPasswordBytes = 4096;
constexpr std::size_t kMaxRawLoginIdBytes = 256;

constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

// The passwords most often found in leaks that are long enough to pass the length rule, in
// lower case, plus what the same keys give with a Japanese keyboard in kana mode. Shorter
// favourites ("123456", "qwerty") are refused by length already. Compared after NFKC and case
// folding, so "PASSWORD" and "ｐａｓｓｗｏｒｄ" are the same entry.
constexpr std::string_view kCommonPasswords[] = {
    "password",
    "password1",
    "password12",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "12345678",
    "123456789",
    "1234567890",
    "0123456789",
    "987654321",
    "87654321",
    "11111111",
    "00000000",
    "88888888",
    "11223344",
    "12341234",
    "12344321",
    "123123123",
    "147258369",
    "qwertyui",
    "qwertyuiop",
    "qwerty12",
    "qwerty123",
    "qwer1234",
    "1234qwer",
    "1qaz2wsx",
    "zaq12wsx",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "q1w2e3r4",
    "asdfghjk",
    "asdfghjkl",
    "asdf1234",
    "zxcvbnm1",
    "123qweasd",
    "abc12345",
    "abcd1234",
    "a1b2c3d4",
    "aa123456",
    "iloveyou",
    "iloveyou1",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "starwars",
    "trustno1",
    "letmein1",
    "welcome1",
    "doraemon",
    "pikachu1",
    "tsunagu1",
    "tsunagu123",
    // Kana mode on a JIS keyboard: 1234567890, qwertyuiop and asdfghjkl.
    "ぬふあうえおやゆ",
    "ぬふあうえおやゆよ",
    "ぬふあうえおやゆよわ",
    "たていすかんなに",
    "たていすかんなにらせ",
    "ちとしはきくまのり",
};

// sodium_init() must run before any other libsodium call. A function-local static runs it
// once, even when several threads ask at the same time. Failure means no password can be
// hashed or checked at all, which no caller can recover from: abort loudly.
void ensure_sodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) {
      std::fputs("tsunagu: sodium_init failed; cannot hash passwords\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)ready;
}

// Strict UTF-8 decoding then NFKC, or nullopt if the text is not UTF-8. ICU failing to
// provide NFKC means broken ICU data; the caller sees nullopt too and refuses the input.
std::optional<icu::UnicodeString> decode_nfkc(std::string_view raw) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(raw.data());
  const auto n = static_cast<std::int32_t>(raw.size());
  icu::UnicodeString decoded;
  for (std::int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return std::nullopt;
    decoded.append(c);
  }
  UErrorCode status = U_ZERO_ERROR;
  // A process-wide instance owned by ICU; normalize() is const and thread-safe.
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return std::nullopt;
  icu::UnicodeString out = nfkc->normalize(decoded, status);
  if (U_FAILURE(status)) return std::nullopt;
  return out;
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::vector<UChar32> code_points(const icu::UnicodeString& s) {
  std::vector<UChar32> out;
  for (std::int32_t i = 0; i < s.length();) {
    UChar32 c;
    U16_NEXT(s.getBuffer(), i, s.length(), c);
    out.push_back(c);
  }
  return out;
}

// "aaaaaaaa", "abababab", "abcabcab", "passpass": a unit of up to 4 characters, repeated.
bool is_repetition(const std::vector<UChar32>& cps) {
  for (std::size_t unit = 1; unit <= 4 && unit * 2 <= cps.size(); ++unit) {
    bool periodic = true;
    for (std::size_t i = unit; i < cps.size() && periodic; ++i) periodic = cps[i] == cps[i - unit];
    if (periodic) return true;
  }
  return false;
}

// "abcdefgh", "12345678", "87654321", "zyxwvuts": each character one after or before the last.
bool is_straight_run(const std::vector<UChar32>& cps) {
  if (cps.size() < 2) return false;
  const UChar32 step = cps[1] - cps[0];
  if (step != 1 && step != -1) return false;
  for (std::size_t i = 2; i < cps.size(); ++i) {
    if (cps[i] - cps[i - 1] != step) return false;
  }
  return true;
}

// The hash string as libsodium wants it: NUL-terminated inside a crypto_pwhash_STRBYTES buffer.
std::optional<std::array<char, crypto_pwhash_STRBYTES>> hash_buffer(std::string_view hash) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return std::nullopt;
  if (hash.find('\0') != std::string_view::npos) return std::nullopt;
  std::array<char, crypto_pwhash_STRBYTES> buf{};
  std::copy(hash.begin(), hash.end(), buf.begin());
  return buf;
}

}  // namespace

core::Result<std::string> hash_password(std::string_view password) {
  if (password.size() > kMaxRawPasswordBytes) {
    return fail(Code::kInvalidArgument, "password_too_long", "The password is far too long.");
  }
  const std::optional<icu::UnicodeString> normalized = decode_nfkc(password);
  if (!normalized) {
    return fail(Code::kInvalidArgument, "password_invalid_utf8",
                "The password is not valid UTF-8.");
  }
  const std::string text = to_utf8(*normalized);
  ensure_sodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), text.data(), text.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return fail(Code::kInternal, "internal", "Argon2id hashing failed (out of memory?)");
  }
  return std::string(out.data());
}

bool verify_password(std::string_view stored_hash, std::string_view password) {
  if (password.size() > kMaxRawPasswordBytes) return false;
  const auto buf = hash_buffer(stored_hash);
  if (!buf) return false;
  const std::optional<icu::UnicodeString> normalized = decode_nfkc(password);
  if (!normalized) return false;  // hash_password() never accepted such a password
  const std::string text = to_utf8(*normalized);
  ensure_sodium();
  return crypto_pwhash_str_verify(buf->data(), text.data(), text.size()) == 0;
}

bool password_needs_rehash(std::string_view stored_hash) {
  const auto buf = hash_buffer(stored_hash);
  if (!buf) return true;
  ensure_sodium();
  // 0: Argon2id with today's parameters; 1: other parameters; -1: Argon2i or not a hash.
  return crypto_pwhash_argon2id_str_needs_rehash(buf->data(), kOpsLimit, kMemLimit) != 0;
}

core::Status check_new_password(std::string_view password, std::string_view login_id) {
  if (password.size() > kMaxRawPasswordBytes) {
    return fail(Code::kInvalidArgument, "password_too_long", "The password is far too long.");
  }
  const std::optional<icu::UnicodeString> normalized = decode_nfkc(password);
  if (!normalized) {
    return fail(Code::kInvalidArgument, "password_invalid_utf8",
                "The password is not valid UTF-8.");
  }
  const std::vector<UChar32> cps = code_points(*normalized);
  if (cps.size() < kMinPasswordLength) {
    return fail(
        Code::kInvalidArgument, "password_too_short",
        "The password is shorter than " + std::to_string(kMinPasswordLength) + " characters.");
  }
  if (cps.size() > kMaxPasswordLength) {
    return fail(
        Code::kInvalidArgument, "password_too_long",
        "The password is longer than " + std::to_string(kMaxPasswordLength) + " characters.");
  }

  icu::UnicodeString folded_password = *normalized;
  folded_password.foldCase();
  const std::string lower = to_utf8(folded_password);
  if (!login_id.empty()) {
    if (const std::optional<icu::UnicodeString> id = decode_nfkc(login_id)) {
      icu::UnicodeString folded_id = *id;
      folded_id.foldCase();
      const std::string id_lower = to_utf8(folded_id);
      if (!id_lower.empty() && lower.find(id_lower) != std::string::npos) {
        return fail(Code::kInvalidArgument, "password_contains_login",
                    "The password contains the login id.");
      }
    }
  }

  if (is_repetition(cps) || is_straight_run(cps)) {
    return fail(Code::kInvalidArgument, "password_too_common",
                "The password is a repeated or straight run of characters.");
  }
  if (std::ranges::find(kCommonPasswords, lower) != std::end(kCommonPasswords)) {
    return fail(Code::kInvalidArgument, "password_too_common",
                "The password is on the list of common passwords.");
  }
  return {};
}

std::span<const std::string_view> common_passwords() { return kCommonPasswords; }

core::Result<std::string> normalize_login_id(std::string_view raw) {
  auto invalid = [](const std::string& why) {
    return fail(Code::kInvalidArgument, "login_id_invalid", why);
  };
  if (raw.size() > kMaxRawLoginIdBytes) return invalid("The login id is far too long.");
  const std::optional<icu::UnicodeString> normalized = decode_nfkc(raw);
  if (!normalized) return invalid("The login id is not valid UTF-8.");

  std::vector<UChar32> cps = code_points(*normalized);
  // People paste ids with a space at either end, and phone keyboards add one after a word.
  auto is_space = [](UChar32 c) { return u_isUWhiteSpace(c) != 0; };
  while (!cps.empty() && is_space(cps.back())) cps.pop_back();
  const auto first = std::ranges::find_if_not(cps, is_space);
  cps.erase(cps.begin(), first);

  std::string id;
  for (UChar32 c : cps) {
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!allowed) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "The login id contains U+%04X, which is not allowed.",
                    static_cast<unsigned>(c));
      return invalid(buf);
    }
    id.push_back(static_cast<char>(c));
  }
  if (id.size() < kMinLoginIdLength || id.size() > kMaxLoginIdLength) {
    return invalid("The login id must be " + std::to_string(kMinLoginIdLength) + " to " +
                   std::to_string(kMaxLoginIdLength) + " characters.");
  }
  if (id[0] == '.' || id[0] == '_' || id[0] == '-') {
    return invalid("The login id must start with a letter or digit.");
  }
  return id;
}

}  // namespace tsunagu::auth
