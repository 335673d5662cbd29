#include "media/turn_credentials.h"

#include <openssl/evp.h>

namespace tsunagu::media {

core::Result<std::string> hmac_sha1_base64(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t mac_len = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA1", nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, sizeof mac,
                &mac_len) == nullptr) {
    return core::fail(core::Code::kInternal, "hmac", "HMAC-SHA1 failed (OpenSSL)");
  }
  unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  const int b64_len = EVP_EncodeBlock(b64, mac, static_cast<int>(mac_len));
  return std::string(reinterpret_cast<const char*>(b64), static_cast<std::size_t>(b64_len));
}

core::Result<nlohmann::json> turn_ice_servers(const TurnSettings& turn, std::uint32_t user,
                                              std::chrono::sys_seconds now) {
  if (!turn.enabled()) return nlohmann::json::array();
  const auto expiry = (now + turn.lifetime).time_since_epoch().count();
  const std::string username = std::to_string(expiry) + ":" + std::to_string(user);
  auto credential = hmac_sha1_base64(turn.secret, username);
  if (!credential) return std::unexpected(credential.error());
  return nlohmann::json::array(
      {{{"urls", turn.urls}, {"username", username}, {"credential", *credential}}});
}

}  // namespace tsunagu::media
