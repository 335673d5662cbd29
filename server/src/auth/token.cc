#include "auth/token.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

namespace tsunagu::auth {
namespace {

// sodium_init() must run before randombytes_buf(). A function-local static runs it once, even
// when several threads ask at the same time. Failure means the process cannot make secure
// tokens at all, which no caller can recover from: abort loudly.
void ensure_sodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) {
      std::fputs("tsunagu: sodium_init failed; cannot create session tokens\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)ready;
}

bool is_base64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

std::string new_session_token() {
  ensure_sodium();
  std::array<unsigned char, kTokenBytes> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  // sodium_base64_ENCODED_LEN counts the trailing NUL that sodium_bin2base64 writes.
  std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, kVariant)> text;
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), kVariant);
  sodium_memzero(bytes.data(), bytes.size());
  return std::string(text.data(), kTokenLength);
}

std::string hash_token(std::string_view token) {
  ensure_sodium();
  std::array<unsigned char, kTokenHashBytes> hash;
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(hash.data()), hash.size());
}

bool looks_like_token(std::string_view token) {
  return token.size() == kTokenLength && std::ranges::all_of(token, is_base64url_char);
}

}  // namespace tsunagu::auth
