#include "auth/session_service.h"

#include "auth/display_name.h"
#include "auth/token.h"

namespace tsunagu::auth {
namespace {

auto unauthenticated() {
  return core::fail(core::Code::kUnauthenticated, "unauthenticated",
                    "unknown or expired session");
}

// Refreshing last_seen on every use would write on every reconnect; once a minute is
// precise enough for a 30-day expiry.
constexpr std::int64_t kTouchIntervalMs = 60'000;

}  // namespace

core::Result<SessionService::Created> SessionService::create_guest(std::string_view raw_name,
                                                                   int avatar) {
  auto name = normalize_display_name(raw_name);
  if (!name) return std::unexpected(name.error());
  if (avatar < 0 || avatar >= kAvatarCount) {
    return core::fail(core::Code::kInvalidArgument, "avatar_invalid", "avatar must be 0-7");
  }
  Created created;
  created.token = new_session_token();
  auto& s = created.session;
  s.token_hash = hash_token(created.token);
  s.display_name = std::move(*name);
  s.avatar = avatar;
  s.created_ms = s.last_seen_ms = clock_.unix_ms();
  auto id = store_.create_session(s);
  if (!id) return std::unexpected(id.error());
  s.id = *id;
  return created;
}

core::Result<store::SessionRecord> SessionService::authenticate(std::string_view token) {
  if (!looks_like_token(token)) return unauthenticated();
  const std::int64_t now = clock_.unix_ms();
  auto found = store_.find_session(hash_token(token), now - kSessionLifetimeMs);
  if (!found) return std::unexpected(found.error());
  if (!found->has_value()) return unauthenticated();
  store::SessionRecord session = std::move(**found);
  if (now - session.last_seen_ms >= kTouchIntervalMs) {
    if (auto touched = store_.touch_session(session.id, now); !touched) {
      return std::unexpected(touched.error());
    }
    session.last_seen_ms = now;
  }
  return session;
}

}  // namespace tsunagu::auth
