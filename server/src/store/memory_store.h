#pragma once

#include <vector>

#include "store/store.h"

namespace tsunagu::store {

// An in-memory Store for tests of the modules above the store: same contract, nothing
// durable. `fail_writes` makes every write fail, to test error paths. Not thread-safe.
class MemoryStore final : public Store {
 public:
  core::Result<std::int64_t> create_session(const SessionRecord& session) override;
  core::Result<std::optional<SessionRecord>> find_session(const std::string& token_hash,
                                                          std::int64_t min_last_seen_ms) override;
  core::Status touch_session(std::int64_t id, std::int64_t last_seen_ms) override;
  core::Result<std::int64_t> append_chat(const ChatRecord& message) override;
  core::Result<std::vector<ChatRecord>> recent_chat(const std::string& space, int limit) override;

  bool fail_writes = false;
  std::vector<SessionRecord> sessions;
  std::vector<ChatRecord> chat;
};

}  // namespace tsunagu::store
