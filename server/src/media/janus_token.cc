#include "media/janus_token.h"

#include "media/turn_credentials.h"

#include <openssl/rand.h>

namespace tsunagu::media {
namespace {

bool valid_part(std::string_view part) {
  return !part.empty() && part.find_first_of(",:") == std::string_view::npos;
}

}  // namespace

core::Result<std::string> sign_janus_token_for_realm(std::string_view secret,
                                                     std::string_view realm,
                                                     const std::vector<std::string>& descriptors,
                                                     std::chrono::sys_seconds expiry) {
  if (secret.empty()) {
    return core::fail(core::Code::kInvalidArgument, "janus_token", "empty token secret");
  }
  if (!valid_part(realm)) {
    return core::fail(core::Code::kInvalidArgument, "janus_token",
                      "a token realm must be non-empty without ',' or ':'");
  }
  if (expiry.time_since_epoch().count() < 0) {
    return core::fail(core::Code::kInvalidArgument, "janus_token", "negative token expiry");
  }
  std::string data = std::to_string(expiry.time_since_epoch().count());
  data += ',';
  data += realm;
  for (const auto& d : descriptors) {
    if (!valid_part(d)) {
      return core::fail(core::Code::kInvalidArgument, "janus_token",
                        "a token descriptor must be non-empty without ',' or ':'");
    }
    data += ',';
    data += d;
  }

  auto signature = hmac_sha1_base64(secret, data);
  if (!signature) {
    return core::fail(core::Code::kInternal, "janus_token", signature.error().message());
  }
  // Standard base64 with padding, as GLib's g_base64_encode() that Janus compares against.
  data += ':';
  data += *signature;
  return data;
}

core::Result<std::string> sign_janus_token(std::string_view secret,
                                           const std::vector<std::string>& plugins,
                                           std::chrono::sys_seconds expiry) {
  return sign_janus_token_for_realm(secret, "janus", plugins, expiry);
}

core::Result<std::string> sign_videoroom_room_token(std::string_view secret,
                                                    std::string_view room_id,
                                                    std::chrono::sys_seconds expiry) {
  if (room_id.empty()) {
    return core::fail(core::Code::kInvalidArgument, "janus_token", "empty room id");
  }
  return sign_janus_token_for_realm(secret, "janus.plugin.videoroom",
                                    {"room=" + std::string(room_id)}, expiry);
}

core::Result<std::string> random_secret(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (bytes > 0 &&
      RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    return core::fail(core::Code::kInternal, "random", "RAND_bytes failed (OpenSSL)");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

}  // namespace tsunagu::media
