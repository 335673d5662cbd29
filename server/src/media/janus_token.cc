#include "media/janus_token.h"

#include <openssl/evp.h>
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

  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t mac_len = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA1", nullptr, secret.data(), secret.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, sizeof mac,
                &mac_len) == nullptr) {
    return core::fail(core::Code::kInternal, "janus_token", "HMAC-SHA1 failed (OpenSSL)");
  }
  // EVP_EncodeBlock writes standard base64 with padding and a terminating NUL, as GLib's
  // g_base64_encode() that Janus compares against.
  unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  int b64_len = EVP_EncodeBlock(b64, mac, static_cast<int>(mac_len));
  data += ':';
  data.append(reinterpret_cast<const char*>(b64), static_cast<std::size_t>(b64_len));
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
