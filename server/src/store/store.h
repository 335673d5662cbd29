#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace tsunagu::store {

// A guest (or later, account) session. The token itself is never stored: only its hash.
struct SessionRecord {
  std::int64_t id = 0;           // also the avatar id on the wire (fits in u32)
  std::string token_hash;        // raw bytes of BLAKE2b-256(token), 32 bytes
  std::string display_name;      // already validated and NFKC-normalised
  int avatar = 0;
  std::int64_t created_ms = 0;
  std::int64_t last_seen_ms = 0;
};

struct ChatRecord {
  std::int64_t id = 0;  // assigned by the store, increasing
  std::string space;
  std::int64_t session_id = 0;
  std::string display_name;  // the name at the time of writing
  int avatar = 0;
  std::string text;
  std::int64_t created_ms = 0;
};

// Durable state of the platform. Implementations: store/sqlite (default), later postgres.
// Thread-safety: an implementation may be called from one thread at a time; the owner
// serialises calls (see app/). Every method returns an error value, never throws.
class Store {
 public:
  virtual ~Store() = default;

  // Creates a session; fills in and returns its id.
  virtual core::Result<std::int64_t> create_session(const SessionRecord& session) = 0;
  // The session with this token hash, or std::nullopt if none (or expired by the caller's
  // rule: sessions last seen before `min_last_seen_ms` are not returned).
  virtual core::Result<std::optional<SessionRecord>> find_session(
      const std::string& token_hash, std::int64_t min_last_seen_ms) = 0;
  virtual core::Status touch_session(std::int64_t id, std::int64_t last_seen_ms) = 0;

  // Appends a chat message durably (committed when this returns); returns its id.
  virtual core::Result<std::int64_t> append_chat(const ChatRecord& message) = 0;
  // The newest `limit` messages of a space, oldest first.
  virtual core::Result<std::vector<ChatRecord>> recent_chat(const std::string& space,
                                                            int limit) = 0;
};

}  // namespace tsunagu::store
