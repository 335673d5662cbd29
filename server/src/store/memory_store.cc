#include "store/memory_store.h"

namespace tsunagu::store {
namespace {

auto write_failed() { return core::fail(core::Code::kUnavailable, "internal", "write failed"); }

}  // namespace

core::Result<std::int64_t> MemoryStore::create_session(const SessionRecord& session) {
  if (fail_writes) return write_failed();
  for (const auto& s : sessions) {
    if (s.token_hash == session.token_hash) {
      return core::fail(core::Code::kAlreadyExists, "internal", "duplicate token hash");
    }
  }
  sessions.push_back(session);
  sessions.back().id = static_cast<std::int64_t>(sessions.size());
  return sessions.back().id;
}

core::Result<std::optional<SessionRecord>> MemoryStore::find_session(
    const std::string& token_hash, std::int64_t min_last_seen_ms) {
  for (const auto& s : sessions) {
    if (s.token_hash == token_hash && s.last_seen_ms >= min_last_seen_ms) return s;
  }
  return std::nullopt;
}

core::Status MemoryStore::touch_session(std::int64_t id, std::int64_t last_seen_ms) {
  if (fail_writes) return write_failed();
  if (id < 1 || id > static_cast<std::int64_t>(sessions.size())) {
    return core::fail(core::Code::kNotFound, "not_found", "no such session");
  }
  sessions[id - 1].last_seen_ms = last_seen_ms;
  return {};
}

core::Result<std::int64_t> MemoryStore::append_chat(const ChatRecord& message) {
  if (fail_writes) return write_failed();
  chat.push_back(message);
  chat.back().id = static_cast<std::int64_t>(chat.size());
  return chat.back().id;
}

core::Result<std::vector<ChatRecord>> MemoryStore::recent_chat(const std::string& space,
                                                               int limit) {
  std::vector<ChatRecord> out;
  for (const auto& m : chat) {
    if (m.space == space) out.push_back(m);
  }
  if (static_cast<int>(out.size()) > limit) out.erase(out.begin(), out.end() - limit);
  return out;
}

}  // namespace tsunagu::store
