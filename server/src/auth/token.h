#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tsunagu::auth {

// Session tokens (docs/protocol.md, "Session tokens"): 32 random bytes, base64url without
// padding. The server stores only hash_token(token), so a leaked database does not hand out
// live sessions.
inline constexpr std::size_t kTokenBytes = 32;
inline constexpr std::size_t kTokenLength = 43;  // ceil(32 * 4 / 3), no '=' padding
inline constexpr std::size_t kTokenHashBytes = 32;

// A fresh token from the operating system's CSPRNG (libsodium). Thread-safe.
std::string new_session_token();

// BLAKE2b-256 of the token's characters, as 32 raw bytes (the store's token_hash). A fast
// unkeyed hash is enough: the token has 256 bits of entropy, so there is nothing to brute
// force. Thread-safe.
std::string hash_token(std::string_view token);

// True if `token` has the shape of a session token (43 base64url characters). A cheap filter
// before any lookup, so junk never reaches the store; it says nothing about validity.
// Pure and thread-safe.
bool looks_like_token(std::string_view token);

}  // namespace tsunagu::auth
