#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "audit/audit_log.h"
#include "auth/login_throttle.h"
#include "auth/permissions.h"
#include "auth/reserved_names.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/offload.h"
#include "store/store.h"

namespace tsunagu::auth {

inline constexpr int kAvatarCount = 8;  // ids 0 … 7, drawn by the web client
inline constexpr std::int64_t kSessionLifetimeMs = 30LL * 24 * 60 * 60 * 1000;

// Who is asking: the signed-in session and its user, as loaded for this request.
struct Identity {
  store::SessionRecord session;
  store::UserRecord user;
  Role role = Role::kGuest;
};

// What a sign-in hands back to the browser: the new session token and the device token
// (both go into HttpOnly cookies; only their hashes are stored).
struct SignIn {
  std::string token;
  std::string device_token;
  Identity identity;
};

struct GuestRequest {
  std::string_view name;
  int avatar = 0;
  int rules_version = 0;          // the rules version the person accepted
  std::string_view device_token;  // from the browser's device cookie, may be empty
};

template <typename T>
using Done = std::function<void(core::Result<T>)>;

// Guests, accounts and sessions: the identity layer every other action stands on. Passwords
// are hashed with Argon2id on the Offload pool (never on the event loop); logins are throttled
// per account and per address, and fail with one generic error. Every login, logout, account
// change and deletion goes to the audit log. Not thread-safe: owned by the event loop; the
// Done callbacks run on it too.
class AccountService {
 public:
  AccountService(store::Store& store, audit::AuditLog& audit, const core::Clock& clock,
                 core::Offload& offload, const ReservedNames& reserved, int rules_version);

  int rules_version() const { return rules_version_; }

  // Errors: name errors, name_reserved, avatar_invalid, rules_not_accepted, banned, internal.
  core::Result<SignIn> create_guest(const GuestRequest& request);
  // The live session for a token. Error: unauthenticated (one answer for every reason).
  core::Result<Identity> authenticate(std::string_view token);
  core::Status logout(const Identity& who);

  // A ban in force on this user or device, if any (checked before sign-in).
  core::Result<std::optional<store::BanRecord>> ban_on(std::int64_t user_id,
                                                       std::string_view device_token);

  // A ban in force on a signed-in person (their user or the session's device).
  core::Result<std::optional<store::BanRecord>> ban_for(const Identity& who);

  // Changes the display name and/or avatar. Errors as for guests.
  core::Result<store::UserRecord> update_profile(const Identity& who,
                                                 std::optional<std::string_view> name,
                                                 std::optional<int> avatar);
  core::Status accept_rules(const Identity& who, int version);

  // Turns a guest into a member, same identity. Errors: permission_denied, login_id_invalid,
  // login_id_taken, password_* , busy, internal.
  void create_account(const Identity& who, std::string login_id, std::string password,
                      Done<store::UserRecord> done);
  // Errors: login_failed (wrong id or password), login_throttled, banned, busy, internal.
  void login(std::string login_id, std::string password, std::string address,
             std::string device_token, Done<SignIn> done);
  // Signs out every other session. Errors: permission_denied, login_failed (current
  // password wrong), password_*, busy, internal.
  void change_password(const Identity& who, std::string current, std::string next,
                       Done<bool> done);
  // Erases the person's data. Accounts must confirm with their password.
  void delete_account(const Identity& who, std::string password, Done<bool> done);

  // Sets a user's role (admins; audited by the caller's service).
  core::Status set_role(std::int64_t actor_id, std::int64_t user_id, Role role);

 private:
  core::Result<std::string> check_name(std::string_view raw, Role role) const;
  core::Result<SignIn> open_session(store::UserRecord user, std::string_view device_token);
  void audit(std::int64_t actor, std::string_view action, std::int64_t subject,
             const nlohmann::json& detail = nlohmann::json::object());

  store::Store& store_;
  audit::AuditLog& audit_;
  const core::Clock& clock_;
  core::Offload& offload_;
  const ReservedNames& reserved_;
  int rules_version_;
  LoginThrottle throttle_;
};

// The role stored for a user, or guest when the name is unknown.
Role role_of(const store::UserRecord& user);

}  // namespace tsunagu::auth
