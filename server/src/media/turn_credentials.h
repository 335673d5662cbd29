#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"

namespace tsunagu::media {

// TURN for browsers behind networks that block UDP (deploy/janus.md, "TURN with coturn"):
// coturn with `use-auth-secret` accepts time-limited credentials computed from a secret it
// shares with Tsunagu (the "TURN REST API", draft-uberti-behave-turn-rest):
//   username   = "<expiry unix seconds>:<user id>"
//   credential = base64(HMAC-SHA1(secret, username))
struct TurnSettings {
  std::vector<std::string> urls;  // "turn:host:3478?transport=udp", "turns:host:5349?transport=tcp"
  std::string secret;             // coturn's static-auth-secret; never logged
  std::chrono::seconds lifetime{12 * 3600};
  bool enabled() const { return !urls.empty() && !secret.empty(); }
};

// The RTCPeerConnection `iceServers` for one person: [] when TURN is not configured, else
// one entry with every URL and that person's credential. Pure.
core::Result<nlohmann::json> turn_ice_servers(const TurnSettings& turn, std::uint32_t user,
                                              std::chrono::sys_seconds now);

// base64(HMAC-SHA1(key, data)), standard alphabet with padding. kInternal if OpenSSL fails.
core::Result<std::string> hmac_sha1_base64(std::string_view key, std::string_view data);

}  // namespace tsunagu::media
