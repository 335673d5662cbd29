#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tsunagu::auth {

// Passwords and login ids for member accounts. Every function here is pure (apart from the
// random salt) and thread-safe. hash_password() and verify_password() take ~0.1 s of CPU and
// 64 MiB of memory on purpose: run them off the I/O threads.
//
// Passwords are NFKC-normalised before hashing and before verifying (NIST SP 800-63B 5.1.1.2),
// so "ｐａｓｓｗｏｒｄ" typed with the IME in full-width mode on a phone opens the account
// made as "password" on a PC. Passwords are never logged or put in error messages.

inline constexpr std::size_t kMinPasswordLength = 8;    // code points, after NFKC
inline constexpr std::size_t kMaxPasswordLength = 128;  // code points, after NFKC
inline constexpr std::size_t kMinLoginIdLength = 3;
inline constexpr std::size_t kMaxLoginIdLength = 32;

// An Argon2id hash in libsodium's self-describing string form ("$argon2id$v=19$m=65536,t=2,
// p=1$…"), with OPSLIMIT_INTERACTIVE and MEMLIMIT_INTERACTIVE and a fresh random salt.
// Errors: password_invalid_utf8 (the text cannot be normalised), password_too_long (over 4 KiB
// of raw input, refused before any work), internal (out of memory).
core::Result<std::string> hash_password(std::string_view password);

// True if `password` matches `stored_hash` (any Argon2 string libsodium knows, including older
// parameters). The comparison inside libsodium is constant-time. False for a malformed hash,
// never an error, so a caller cannot tell "bad hash" from "wrong password" by accident.
bool verify_password(std::string_view stored_hash, std::string_view password);

// True if `stored_hash` was made with other parameters or algorithm than hash_password() uses
// now (or is not a hash at all): after a successful login, hash the password again and store
// the new hash.
bool password_needs_rehash(std::string_view stored_hash);

// Policy for a password a person chooses (NIST SP 800-63B: length over composition rules).
// `login_id` is the normalised login id (normalize_login_id). Checks, in order:
// password_invalid_utf8, password_too_short (< 8 code points after NFKC), password_too_long
// (> 128), password_contains_login (equal to or containing the login id, ignoring case),
// password_too_common (one character repeated, a short pattern repeated such as "abababab",
// a straight run such as "abcdefgh" or "87654321", or one of the passwords most often found in
// leaks, Japanese keyboard favourites included).
core::Status check_new_password(std::string_view password, std::string_view login_id);

// The built-in list of common passwords check_new_password() refuses (lower case, NFKC).
std::span<const std::string_view> common_passwords();

// The canonical form of a login id: NFKC (so full-width "ｙａｍａｄａ" is "yamada"), white
// space at both ends trimmed, ASCII lower-cased; then 3–32 characters of [a-z0-9._-] starting
// with a letter or digit. Error: login_id_invalid.
core::Result<std::string> normalize_login_id(std::string_view raw);

}  // namespace tsunagu::auth
