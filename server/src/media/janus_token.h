#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tsunagu::media {

// Janus signed tokens (token_auth = true with token_auth_secret): a browser presents one in
// every Janus API request instead of the api_secret, so it never holds a lasting credential.
// Janus 1.1.2 checks them in src/auth.c (janus_auth_check_signature and
// janus_auth_check_signature_contains):
//
//   <expiry unix seconds>,<realm>,<descriptor>[,<descriptor>…]:<base64(HMAC-SHA1(secret, data))>
//
// where data is everything before the ':' and base64 is the standard alphabet with padding.
// The core accepts a token whose realm is "janus", whose expiry has not passed, and whose
// signature matches; `attach` then succeeds only for plugins whose package name is one of the
// descriptors, compared exactly. So a token for {"janus.plugin.videoroom"} lets its holder
// create a Janus session and attach videoroom handles — nothing else, and until `expiry`.
// It does not bind the holder to one handle. Rooms are the next fence: a videoroom room
// created with `signed_tokens: true` admits to `join` only the holder of a second token in
// the plugin's realm naming that room (sign_videoroom_room_token). Within a room, any
// participant may subscribe to any publisher: keep people who must not hear each other in
// different rooms. Creating rooms needs the videoroom admin_key, which browsers never get.
// Pure functions; thread-safe.

// A token for the core API (realm "janus") naming the plugins its holder may attach to.
// kInvalidArgument if a plugin name is empty or holds ',' or ':' (it would change the token's
// meaning) or the secret is empty; kInternal if OpenSSL fails.
core::Result<std::string> sign_janus_token(std::string_view secret,
                                           const std::vector<std::string>& plugins,
                                           std::chrono::sys_seconds expiry);

// The general form, for plugins that check tokens of their own realm.
core::Result<std::string> sign_janus_token_for_realm(std::string_view secret,
                                                     std::string_view realm,
                                                     const std::vector<std::string>& descriptors,
                                                     std::chrono::sys_seconds expiry);

// The token a videoroom room with `signed_tokens: true` wants as "token" in `join`:
// realm "janus.plugin.videoroom", descriptor "room=<room_id>" (room_id as the decimal id, or
// the string id with string_ids). Signed with the same token_auth_secret.
core::Result<std::string> sign_videoroom_room_token(std::string_view secret,
                                                    std::string_view room_id,
                                                    std::chrono::sys_seconds expiry);

// `bytes` random bytes from OpenSSL's CSPRNG as lower-case hex (2 characters per byte): for
// api_secret, token_auth_secret and the videoroom admin key. kInternal if OpenSSL fails.
core::Result<std::string> random_secret(std::size_t bytes = 32);

}  // namespace tsunagu::media
