#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/error.h"
#include "store/store.h"

namespace tsunagu::auth {

inline constexpr int kAvatarCount = 8;  // ids 0 … 7, drawn by the web client
inline constexpr std::int64_t kSessionLifetimeMs = 30LL * 24 * 60 * 60 * 1000;

// Guest sessions: created with a validated name and an avatar, found again by token. The
// token is handed out once and only its hash is stored. Not thread-safe: owned by the thread
// that owns the Store handle.
class SessionService {
 public:
  SessionService(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  struct Created {
    std::string token;  // give to the client; never log it
    store::SessionRecord session;
  };
  // Errors: the display-name errors, avatar_invalid, internal.
  core::Result<Created> create_guest(std::string_view raw_name, int avatar);

  // The live session for a token, its last use refreshed. Error: unauthenticated (unknown,
  // malformed or expired token — one answer for all, so nothing leaks).
  core::Result<store::SessionRecord> authenticate(std::string_view token);

 private:
  store::Store& store_;
  const core::Clock& clock_;
};

}  // namespace tsunagu::auth
