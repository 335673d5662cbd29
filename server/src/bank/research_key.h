#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tsunagu::bank {

// The secret behind the bank's keyed hashes (BLAKE2b, libsodium crypto_generichash): the
// pseudonymous ids of research exports and the keys that allow one survey response per
// person. It lives in a file outside the database (default <data>/research.key, 64 hex
// digits, created 0600 on first start; `--research-key-file`), so a copy of the database alone
// cannot tell whose pseudonym is whose. Losing it changes every pseudonym and lets people
// answer surveys again; keep it with the backups, but apart from the database. Immutable after
// loading; thread-safe.
class ResearchKey {
 public:
  static constexpr std::size_t kBytes = 32;

  // Reads the key file, or creates it (0600) with a new random key when it does not exist.
  // Errors (research_key): unreadable, malformed, or readable by group or others.
  static core::Result<ResearchKey> load_or_create(const std::string& path);
  // From raw bytes (tests).
  static ResearchKey from_bytes(const std::array<unsigned char, kBytes>& bytes);

  // 32 hex digits: the same person has the same id in every version of one survey, and
  // different ids in different surveys (so that two exports cannot be joined by it).
  std::string pseudonym(std::string_view survey_id, std::int64_t user_id) const;
  // 32 hex digits for an anonymous response: linked to nothing but that response.
  std::string anonymous_pseudonym(std::int64_t response_id) const;
  // 64 hex digits standing for "this person answered this version".
  std::string dedupe_key(std::int64_t user_id, std::string_view survey_id, int version) const;

 private:
  explicit ResearchKey(const std::array<unsigned char, kBytes>& bytes) : key_(bytes) {}
  // Keyed hash of purpose and parts, each ended by NUL so no two inputs run together.
  std::string keyed_hex(std::initializer_list<std::string_view> parts, std::size_t bytes) const;

  std::array<unsigned char, kBytes> key_;
};

}  // namespace tsunagu::bank
