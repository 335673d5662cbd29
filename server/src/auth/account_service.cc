#include "auth/account_service.h"

#include <memory>

#include "auth/display_name.h"
#include "auth/password.h"
#include "auth/token.h"
#include "core/log.h"

namespace tsunagu::auth {
namespace {

using core::Code;

auto unauthenticated() {
  return core::fail(Code::kUnauthenticated, "unauthenticated", "unknown or expired session");
}
auto login_failed() {
  return core::fail(Code::kUnauthenticated, "login_failed", "wrong login id or password");
}
auto busy() { return core::fail(Code::kUnavailable, "busy", "too many requests being processed"); }
auto denied() { return core::fail(Code::kPermissionDenied, "permission_denied", "not allowed"); }

// Refreshing last_seen on every use would write on every request; once a minute is
// precise enough for a 30-day expiry.
constexpr std::int64_t kTouchIntervalMs = 60'000;

// A hash to compare against when the login id is unknown, so that a miss costs the same
// Argon2id time as a hit and timing does not reveal which ids exist.
const std::string& dummy_hash() {
  static const std::string hash = hash_password("tsunagu-timing-equaliser").value_or("");
  return hash;
}

}  // namespace

Role role_of(const store::UserRecord& user) {
  return parse_role(user.role).value_or(Role::kGuest);
}

AccountService::AccountService(store::Store& store, audit::AuditLog& audit,
                               const core::Clock& clock, core::Offload& offload,
                               const ReservedNames& reserved, int rules_version)
    : store_(store),
      audit_(audit),
      clock_(clock),
      offload_(offload),
      reserved_(reserved),
      rules_version_(rules_version) {}

void AccountService::audit(std::int64_t actor, std::string_view action, std::int64_t subject,
                           const nlohmann::json& detail) {
  if (auto entry = audit_.append(actor, action, subject, detail); !entry) {
    core::log_error("auth", "audit append failed: " + entry.error().message());
  }
}

core::Result<std::string> AccountService::check_name(std::string_view raw, Role role) const {
  auto name = normalize_display_name(raw);
  if (!name) return std::unexpected(name.error());
  // Titles are drawn by the system for verified people; others may not type them.
  const bool verified = role == Role::kClinician || role == Role::kModerator || role == Role::kAdmin;
  if (!verified) {
    if (auto ok = reserved_.check(*name); !ok) return std::unexpected(ok.error());
  }
  return name;
}

core::Result<std::optional<store::BanRecord>> AccountService::ban_on(
    std::int64_t user_id, std::string_view device_token) {
  std::vector<std::string> devices;
  if (looks_like_token(device_token)) devices.push_back(hash_token(device_token));
  return store_.active_ban(user_id, devices, clock_.unix_ms());
}

core::Result<std::optional<store::BanRecord>> AccountService::ban_for(const Identity& who) {
  std::vector<std::string> devices;
  if (!who.session.device_hash.empty()) devices.push_back(who.session.device_hash);
  return store_.active_ban(who.user.id, devices, clock_.unix_ms());
}

core::Result<SignIn> AccountService::open_session(store::UserRecord user,
                                                  std::string_view device_token) {
  SignIn out;
  out.token = new_session_token();
  out.device_token = looks_like_token(device_token) ? std::string(device_token)
                                                    : new_session_token();
  store::SessionRecord& s = out.identity.session;
  s.user_id = user.id;
  s.token_hash = hash_token(out.token);
  s.device_hash = hash_token(out.device_token);
  s.created_ms = s.last_seen_ms = clock_.unix_ms();
  auto id = store_.create_session(s);
  if (!id) return std::unexpected(id.error());
  s.id = *id;
  out.identity.role = role_of(user);
  out.identity.user = std::move(user);
  return out;
}

core::Result<SignIn> AccountService::create_guest(const GuestRequest& request) {
  auto name = check_name(request.name, Role::kGuest);
  if (!name) return std::unexpected(name.error());
  if (request.avatar < 0 || request.avatar >= kAvatarCount) {
    return core::fail(Code::kInvalidArgument, "avatar_invalid", "avatar must be 0-7");
  }
  if (request.rules_version != rules_version_) {
    return core::fail(Code::kFailedPrecondition, "rules_not_accepted",
                      "the current rules must be accepted");
  }
  auto ban = ban_on(0, request.device_token);
  if (!ban) return std::unexpected(ban.error());
  if (ban->has_value()) return core::fail(Code::kPermissionDenied, "banned", "this device is banned");
  store::UserRecord user;
  user.display_name = std::move(*name);
  user.avatar = request.avatar;
  user.role = "guest";
  user.rules_version = request.rules_version;
  user.created_ms = clock_.unix_ms();
  auto id = store_.create_user(user);
  if (!id) return std::unexpected(id.error());
  user.id = *id;
  return open_session(std::move(user), request.device_token);
}

core::Result<Identity> AccountService::authenticate(std::string_view token) {
  if (!looks_like_token(token)) return unauthenticated();
  const std::int64_t now = clock_.unix_ms();
  auto found = store_.find_session(hash_token(token), now - kSessionLifetimeMs);
  if (!found) return std::unexpected(found.error());
  if (!found->has_value()) return unauthenticated();
  Identity who;
  who.session = std::move(**found);
  auto user = store_.find_user(who.session.user_id);
  if (!user) return std::unexpected(user.error());
  if (!user->has_value() || (*user)->deleted_ms != 0) return unauthenticated();
  who.user = std::move(**user);
  who.role = role_of(who.user);
  if (now - who.session.last_seen_ms >= kTouchIntervalMs) {
    if (auto touched = store_.touch_session(who.session.id, now); !touched) {
      return std::unexpected(touched.error());
    }
    who.session.last_seen_ms = now;
  }
  return who;
}

core::Status AccountService::logout(const Identity& who) {
  if (auto s = store_.delete_session(who.session.id); !s) return s;
  if (!who.user.login_id.empty()) audit(who.user.id, "logout", who.user.id);
  return {};
}

core::Result<store::UserRecord> AccountService::update_profile(
    const Identity& who, std::optional<std::string_view> name, std::optional<int> avatar) {
  store::UserRecord user = who.user;
  if (name) {
    auto checked = check_name(*name, who.role);
    if (!checked) return std::unexpected(checked.error());
    user.display_name = std::move(*checked);
  }
  if (avatar) {
    if (*avatar < 0 || *avatar >= kAvatarCount) {
      return core::fail(Code::kInvalidArgument, "avatar_invalid", "avatar must be 0-7");
    }
    user.avatar = *avatar;
  }
  if (auto s = store_.update_user(user); !s) return std::unexpected(s.error());
  return user;
}

core::Status AccountService::accept_rules(const Identity& who, int version) {
  if (version != rules_version_) {
    return core::fail(Code::kInvalidArgument, "rules_not_accepted", "not the current rules");
  }
  store::UserRecord user = who.user;
  user.rules_version = version;
  return store_.update_user(user);
}

void AccountService::create_account(const Identity& who, std::string login_id,
                                    std::string password, Done<store::UserRecord> done) {
  if (!allowed(who.role, Action::kCreateAccount)) return done(denied());
  auto id = normalize_login_id(login_id);
  if (!id) return done(std::unexpected(id.error()));
  if (auto ok = check_new_password(password, *id); !ok) return done(std::unexpected(ok.error()));
  auto taken = store_.find_user_by_login(*id);
  if (!taken) return done(std::unexpected(taken.error()));
  if (taken->has_value()) {
    return done(core::fail(Code::kAlreadyExists, "login_id_taken", "login id is taken"));
  }
  auto hash = std::make_shared<core::Result<std::string>>(std::string());
  const std::int64_t user_id = who.user.id;
  bool queued = offload_.run([hash, password = std::move(password)] { *hash = hash_password(password); },
                             [this, hash, user_id, login = *id, done = std::move(done)] {
                               if (!*hash) return done(std::unexpected(hash->error()));
                               auto user = store_.find_user(user_id);
                               if (!user) return done(std::unexpected(user.error()));
                               if (!user->has_value()) return done(unauthenticated());
                               store::UserRecord u = std::move(**user);
                               if (u.role != "guest") return done(denied());
                               u.login_id = login;
                               u.password_hash = std::move(**hash);
                               u.role = "member";
                               if (auto s = store_.update_user(u); !s) {
                                 if (s.error().name() == "store_conflict") {
                                   return done(core::fail(Code::kAlreadyExists, "login_id_taken",
                                                          "login id is taken"));
                                 }
                                 return done(std::unexpected(s.error()));
                               }
                               audit(u.id, "account.create", u.id, {{"login_id", login}});
                               done(std::move(u));
                             });
  if (!queued) done(busy());
}

void AccountService::login(std::string login_id, std::string password, std::string address,
                           std::string device_token, Done<SignIn> done) {
  auto id = normalize_login_id(login_id);
  const std::string key = id ? *id : login_id;
  if (!throttle_.allow(key, address, clock_.now())) {
    return done(core::fail(Code::kResourceExhausted, "login_throttled", "too many attempts"));
  }
  std::optional<store::UserRecord> user;
  if (id) {
    auto found = store_.find_user_by_login(*id);
    if (!found) return done(std::unexpected(found.error()));
    if (found->has_value() && (*found)->deleted_ms == 0) user = std::move(**found);
  }
  auto ok = std::make_shared<bool>(false);
  std::string hash = user ? user->password_hash : std::string();
  bool queued = offload_.run(
      [ok, hash = std::move(hash), password = std::move(password)] {
        *ok = verify_password(hash.empty() ? dummy_hash() : hash, password) && !hash.empty();
      },
      [this, ok, key, user = std::move(user), device = std::move(device_token),
       done = std::move(done)]() mutable {
        if (!user || !*ok) {
          throttle_.record_failure(key, clock_.now());
          audit(0, "login.failed", user ? user->id : 0, {{"login_id", key}});
          return done(login_failed());
        }
        throttle_.record_success(key);
        auto ban = ban_on(user->id, device);
        if (!ban) return done(std::unexpected(ban.error()));
        if (ban->has_value()) {
          audit(user->id, "login.refused_banned", user->id);
          return done(core::fail(Code::kPermissionDenied, "banned", "this account is banned"));
        }
        const std::int64_t uid = user->id;
        auto signin = open_session(std::move(*user), device);
        if (signin) audit(uid, "login", uid);
        done(std::move(signin));
      });
  if (!queued) done(busy());
}

void AccountService::change_password(const Identity& who, std::string current, std::string next,
                                     Done<bool> done) {
  if (!allowed(who.role, Action::kChangePassword) || who.user.login_id.empty()) {
    return done(denied());
  }
  if (auto ok = check_new_password(next, who.user.login_id); !ok) {
    return done(std::unexpected(ok.error()));
  }
  struct Work {
    bool current_ok = false;
    core::Result<std::string> hash = std::string();
  };
  auto work = std::make_shared<Work>();
  bool queued = offload_.run(
      [work, stored = who.user.password_hash, current = std::move(current),
       next = std::move(next)] {
        work->current_ok = verify_password(stored, current);
        if (work->current_ok) work->hash = hash_password(next);
      },
      [this, work, user_id = who.user.id, session_id = who.session.id, done = std::move(done)] {
        if (!work->current_ok) return done(login_failed());
        if (!work->hash) return done(std::unexpected(work->hash.error()));
        auto user = store_.find_user(user_id);
        if (!user) return done(std::unexpected(user.error()));
        if (!user->has_value()) return done(unauthenticated());
        store::UserRecord u = std::move(**user);
        u.password_hash = std::move(*work->hash);
        if (auto s = store_.update_user(u); !s) return done(std::unexpected(s.error()));
        if (auto s = store_.delete_sessions_of_user(user_id, session_id); !s) {
          return done(std::unexpected(s.error()));
        }
        audit(user_id, "password.change", user_id);
        done(true);
      });
  if (!queued) done(busy());
}

void AccountService::delete_account(const Identity& who, std::string password, Done<bool> done) {
  auto erase = [this, user_id = who.user.id](const Done<bool>& finish) {
    if (auto s = store_.erase_user(user_id, clock_.unix_ms()); !s) {
      return finish(std::unexpected(s.error()));
    }
    audit(user_id, "account.delete", user_id);
    finish(true);
  };
  if (who.user.password_hash.empty()) return erase(done);  // a guest: nothing to confirm with
  auto ok = std::make_shared<bool>(false);
  bool queued = offload_.run(
      [ok, stored = who.user.password_hash, password = std::move(password)] {
        *ok = verify_password(stored, password);
      },
      [ok, erase, done = std::move(done)] {
        if (!*ok) return done(login_failed());
        erase(done);
      });
  if (!queued) done(busy());
}

core::Status AccountService::set_role(std::int64_t actor_id, std::int64_t user_id, Role role) {
  auto user = store_.find_user(user_id);
  if (!user) return std::unexpected(user.error());
  if (!user->has_value() || (*user)->deleted_ms != 0) {
    return core::fail(Code::kNotFound, "not_found", "no such user");
  }
  store::UserRecord u = std::move(**user);
  const std::string before = u.role;
  u.role = std::string(role_name(role));
  if (auto s = store_.update_user(u); !s) return s;
  audit(actor_id, "role.change", user_id, {{"from", before}, {"to", u.role}});
  return {};
}

}  // namespace tsunagu::auth
