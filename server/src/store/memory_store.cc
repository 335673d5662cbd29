#include "store/memory_store.h"

#include <algorithm>
#include <string_view>
#include <tuple>

namespace tsunagu::store {
namespace {

using core::Code;

auto write_failed() { return core::fail(Code::kUnavailable, "internal", "write failed"); }

auto conflict(std::string_view what) {
  return core::fail(Code::kAlreadyExists, "store_conflict", std::string(what) + " is taken");
}

auto constraint(std::string_view what) {
  return core::fail(Code::kFailedPrecondition, "store_constraint", std::string(what));
}

auto not_found(std::string_view what, std::int64_t id) {
  return core::fail(Code::kNotFound, "not_found",
                    std::string(what) + ": no row with id " + std::to_string(id));
}

// The next id of a table: above every id handed out, and above any row a test pushed in.
template <typename Row>
std::int64_t next_id(std::int64_t& last, const std::vector<Row>& rows) {
  for (const Row& r : rows) last = std::max(last, r.id);
  return ++last;
}

template <typename Row>
Row* by_id(std::vector<Row>& rows, std::int64_t id) {
  auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.id == id; });
  return it != rows.end() ? &*it : nullptr;
}

// The newest `limit` rows that pass `keep`, newest (highest id) first.
template <typename Row, typename Keep>
std::vector<Row> newest_first(const std::vector<Row>& rows, int limit, Keep keep) {
  std::vector<Row> out;
  for (const Row& r : rows) {
    if (keep(r)) out.push_back(r);
  }
  std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) { return a.id > b.id; });
  if (out.size() > static_cast<std::size_t>(std::max(limit, 0))) out.resize(std::max(limit, 0));
  return out;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Substring match, case-insensitive for ASCII letters only: what SQLite's LIKE does.
bool contains(std::string_view text, std::string_view needle) {
  return std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                     [](char a, char b) { return ascii_lower(a) == ascii_lower(b); }) != text.end();
}

bool in_force(const BanRecord& b, std::int64_t now_ms) {
  return b.lifted_ms == 0 && (b.until_ms == 0 || b.until_ms > now_ms);
}

}  // namespace

// --- users

core::Result<std::int64_t> MemoryStore::create_user(const UserRecord& user) {
  if (fail_writes) return write_failed();
  if (!user.login_id.empty()) {
    for (const auto& u : users) {
      if (u.login_id == user.login_id) return conflict("login id");
    }
  }
  users.push_back(user);
  users.back().id = next_id(last_user_id_, users);
  return users.back().id;
}

core::Result<std::optional<UserRecord>> MemoryStore::find_user(std::int64_t id) {
  if (const UserRecord* u = by_id(users, id)) return *u;
  return std::nullopt;
}

core::Result<std::optional<UserRecord>> MemoryStore::find_user_by_login(
    const std::string& login_id) {
  if (login_id.empty()) return std::nullopt;
  for (const auto& u : users) {
    if (u.login_id == login_id) return u;
  }
  return std::nullopt;
}

core::Status MemoryStore::update_user(const UserRecord& user) {
  if (fail_writes) return write_failed();
  UserRecord* u = by_id(users, user.id);
  if (u == nullptr) return not_found("update_user", user.id);
  if (!user.login_id.empty()) {
    for (const auto& other : users) {
      if (other.id != user.id && other.login_id == user.login_id) return conflict("login id");
    }
  }
  u->display_name = user.display_name;
  u->avatar = user.avatar;
  u->role = user.role;
  u->login_id = user.login_id;
  u->password_hash = user.password_hash;
  u->rules_version = user.rules_version;
  return {};
}

core::Result<std::vector<UserRecord>> MemoryStore::list_users(const std::string& query, int limit) {
  return newest_first(users, limit, [&](const UserRecord& u) {
    return query.empty() || contains(u.display_name, query) || contains(u.login_id, query);
  });
}

core::Status MemoryStore::erase_user(std::int64_t id, std::int64_t now_ms) {
  if (fail_writes) return write_failed();
  UserRecord* u = by_id(users, id);
  if (u == nullptr) return not_found("erase_user", id);
  std::erase_if(sessions, [&](const SessionRecord& s) { return s.user_id == id; });
  std::erase_if(chat, [&](const ChatRecord& m) { return m.user_id == id; });
  std::erase_if(relations, [&](const Relation& r) { return r.user_id == id || r.other_id == id; });
  std::erase_if(applications, [&](const ClinicianApplication& a) { return a.user_id == id; });
  u->display_name.clear();
  u->avatar = 0;
  u->role = "deleted";
  u->login_id.clear();
  u->password_hash.clear();
  u->rules_version = 0;
  if (u->deleted_ms == 0) u->deleted_ms = now_ms;
  return {};
}

// --- sessions

core::Result<std::int64_t> MemoryStore::create_session(const SessionRecord& session) {
  if (fail_writes) return write_failed();
  if (by_id(users, session.user_id) == nullptr) return constraint("create_session: no such user");
  for (const auto& s : sessions) {
    if (s.token_hash == session.token_hash) return conflict("token hash");
  }
  sessions.push_back(session);
  sessions.back().id = next_id(last_session_id_, sessions);
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
  SessionRecord* s = by_id(sessions, id);
  if (s == nullptr) return not_found("touch_session", id);
  s->last_seen_ms = std::max(s->last_seen_ms, last_seen_ms);
  return {};
}

core::Status MemoryStore::delete_session(std::int64_t id) {
  if (fail_writes) return write_failed();
  std::erase_if(sessions, [&](const SessionRecord& s) { return s.id == id; });
  return {};
}

core::Status MemoryStore::delete_sessions_of_user(std::int64_t user_id,
                                                  std::int64_t keep_session_id) {
  if (fail_writes) return write_failed();
  std::erase_if(sessions, [&](const SessionRecord& s) {
    return s.user_id == user_id && s.id != keep_session_id;
  });
  return {};
}

core::Result<std::vector<std::string>> MemoryStore::devices_of_user(std::int64_t user_id) {
  std::vector<std::string> out;
  for (const auto& s : sessions) {  // id order: each device where first used
    if (s.user_id == user_id && !s.device_hash.empty() &&
        std::find(out.begin(), out.end(), s.device_hash) == out.end()) {
      out.push_back(s.device_hash);
    }
  }
  return out;
}

// --- chat

core::Result<std::int64_t> MemoryStore::append_chat(const ChatRecord& message) {
  if (fail_writes) return write_failed();
  if (by_id(users, message.user_id) == nullptr) return constraint("append_chat: no such user");
  chat.push_back(message);
  chat.back().id = next_id(last_chat_id_, chat);
  return chat.back().id;
}

core::Result<std::vector<ChatRecord>> MemoryStore::recent_chat(const std::string& space,
                                                               int limit) {
  auto out = newest_first(chat, limit, [&](const ChatRecord& m) { return m.space == space; });
  std::reverse(out.begin(), out.end());
  return out;
}

core::Result<std::optional<ChatRecord>> MemoryStore::find_chat(std::int64_t id) {
  if (const ChatRecord* m = by_id(chat, id)) return *m;
  return std::nullopt;
}

// --- clinicians

core::Result<std::int64_t> MemoryStore::create_application(const ClinicianApplication& a) {
  if (fail_writes) return write_failed();
  if (by_id(users, a.user_id) == nullptr) return constraint("create_application: no such user");
  applications.push_back(a);
  applications.back().id = next_id(last_application_id_, applications);
  return applications.back().id;
}

core::Result<std::optional<ClinicianApplication>> MemoryStore::find_application(std::int64_t id) {
  if (const ClinicianApplication* a = by_id(applications, id)) return *a;
  return std::nullopt;
}

core::Result<std::optional<ClinicianApplication>> MemoryStore::latest_application_of(
    std::int64_t user_id) {
  auto newest = newest_first(applications, 1,
                             [&](const ClinicianApplication& a) { return a.user_id == user_id; });
  if (newest.empty()) return std::nullopt;
  return newest.front();
}

core::Result<std::vector<ClinicianApplication>> MemoryStore::list_applications(
    const std::string& status, int limit) {
  return newest_first(applications, limit, [&](const ClinicianApplication& a) {
    return status.empty() || a.status == status;
  });
}

core::Status MemoryStore::decide_application(const ClinicianApplication& a) {
  if (fail_writes) return write_failed();
  ClinicianApplication* stored = by_id(applications, a.id);
  if (stored == nullptr) return not_found("decide_application", a.id);
  stored->status = a.status;
  stored->decision_note = a.decision_note;
  stored->decided_by = a.decided_by;
  stored->decided_ms = a.decided_ms;
  return {};
}

core::Status MemoryStore::upsert_roster(const std::vector<RosterEntry>& entries) {
  if (fail_writes) return write_failed();
  for (const RosterEntry& e : entries) {
    auto it = std::find_if(roster.begin(), roster.end(), [&](const RosterEntry& r) {
      return r.registration_number == e.registration_number;
    });
    if (it != roster.end()) {
      *it = e;
    } else {
      roster.push_back(e);
    }
  }
  return {};
}

core::Result<std::optional<RosterEntry>> MemoryStore::find_roster(
    const std::string& registration_number) {
  for (const auto& r : roster) {
    if (r.registration_number == registration_number) return r;
  }
  return std::nullopt;
}

// --- relations

core::Status MemoryStore::add_relation(const Relation& relation) {
  if (fail_writes) return write_failed();
  if (relation.kind != "mute" && relation.kind != "block") {
    return constraint("add_relation: kind must be mute or block");
  }
  if (by_id(users, relation.user_id) == nullptr || by_id(users, relation.other_id) == nullptr) {
    return constraint("add_relation: no such user");
  }
  for (const auto& r : relations) {
    if (r.user_id == relation.user_id && r.other_id == relation.other_id &&
        r.kind == relation.kind) {
      return {};  // the first one stays, with its created_ms
    }
  }
  relations.push_back(relation);
  return {};
}

core::Status MemoryStore::remove_relation(std::int64_t user_id, std::int64_t other_id,
                                          const std::string& kind) {
  if (fail_writes) return write_failed();
  std::erase_if(relations, [&](const Relation& r) {
    return r.user_id == user_id && r.other_id == other_id && r.kind == kind;
  });
  return {};
}

core::Result<std::vector<Relation>> MemoryStore::relations_of(std::int64_t user_id) {
  std::vector<Relation> out;
  for (const auto& r : relations) {
    if (r.user_id == user_id) out.push_back(r);
  }
  std::sort(out.begin(), out.end(), [](const Relation& a, const Relation& b) {
    return std::tie(a.created_ms, a.other_id, a.kind) < std::tie(b.created_ms, b.other_id, b.kind);
  });
  return out;
}

core::Result<std::vector<std::int64_t>> MemoryStore::blocked_by(std::int64_t user_id) {
  std::vector<const Relation*> blocks;
  for (const auto& r : relations) {
    if (r.other_id == user_id && r.kind == "block") blocks.push_back(&r);
  }
  std::sort(blocks.begin(), blocks.end(), [](const Relation* a, const Relation* b) {
    return std::tie(a->created_ms, a->user_id) < std::tie(b->created_ms, b->user_id);
  });
  std::vector<std::int64_t> out;
  for (const Relation* r : blocks) out.push_back(r->user_id);
  return out;
}

// --- reports

core::Result<std::int64_t> MemoryStore::create_report(const ReportRecord& report) {
  if (fail_writes) return write_failed();
  reports.push_back(report);
  reports.back().id = next_id(last_report_id_, reports);
  return reports.back().id;
}

core::Result<std::optional<ReportRecord>> MemoryStore::find_report(std::int64_t id) {
  if (const ReportRecord* r = by_id(reports, id)) return *r;
  return std::nullopt;
}

core::Result<std::vector<ReportRecord>> MemoryStore::list_reports(const std::string& status,
                                                                  int limit) {
  return newest_first(reports, limit,
                      [&](const ReportRecord& r) { return status.empty() || r.status == status; });
}

core::Status MemoryStore::resolve_report(const ReportRecord& report) {
  if (fail_writes) return write_failed();
  ReportRecord* stored = by_id(reports, report.id);
  if (stored == nullptr) return not_found("resolve_report", report.id);
  stored->status = report.status;
  stored->resolution = report.resolution;
  stored->resolved_by = report.resolved_by;
  stored->resolved_ms = report.resolved_ms;
  return {};
}

// --- bans

core::Result<std::int64_t> MemoryStore::create_ban(const BanRecord& ban) {
  if (fail_writes) return write_failed();
  bans.push_back(ban);
  bans.back().id = next_id(last_ban_id_, bans);
  return bans.back().id;
}

// User id 0 matches no ban by user; empty device hashes match nothing; the newest ban wins.
core::Result<std::optional<BanRecord>> MemoryStore::active_ban(
    std::int64_t user_id, const std::vector<std::string>& device_hashes, std::int64_t now_ms) {
  const BanRecord* newest = nullptr;
  for (const auto& b : bans) {
    if (!in_force(b, now_ms)) continue;
    const bool on_user = user_id != 0 && b.user_id == user_id;
    const bool on_device =
        !b.device_hash.empty() &&
        std::find(device_hashes.begin(), device_hashes.end(), b.device_hash) != device_hashes.end();
    if ((on_user || on_device) && (newest == nullptr || b.id > newest->id)) newest = &b;
  }
  if (newest == nullptr) return std::nullopt;
  return *newest;
}

core::Status MemoryStore::lift_bans(std::int64_t user_id, std::int64_t lifted_by,
                                    std::int64_t now_ms) {
  if (fail_writes) return write_failed();
  for (auto& b : bans) {
    if (b.user_id == user_id && in_force(b, now_ms)) {
      b.lifted_ms = now_ms;
      b.lifted_by = lifted_by;
    }
  }
  return {};
}

core::Result<std::vector<BanRecord>> MemoryStore::bans_of(std::int64_t user_id) {
  std::vector<BanRecord> out;
  for (const auto& b : bans) {
    if (b.user_id == user_id) out.push_back(b);
  }
  return out;
}

// --- audit log

core::Result<std::int64_t> MemoryStore::append_audit(const AuditRecord& entry) {
  if (fail_writes) return write_failed();
  audit.push_back(entry);
  audit.back().id = next_id(last_audit_id_, audit);
  return audit.back().id;
}

core::Result<std::optional<AuditRecord>> MemoryStore::last_audit() {
  if (audit.empty()) return std::nullopt;
  return audit.back();
}

core::Result<std::vector<AuditRecord>> MemoryStore::audit_after(std::int64_t after_id, int limit) {
  std::vector<AuditRecord> out;
  for (const auto& e : audit) {
    if (static_cast<int>(out.size()) >= limit) break;
    if (e.id > after_id) out.push_back(e);
  }
  return out;
}

core::Result<std::vector<AuditRecord>> MemoryStore::audit_of_user(std::int64_t user_id, int limit) {
  return newest_first(audit, limit, [&](const AuditRecord& e) {
    return e.actor_id == user_id || e.subject_id == user_id;
  });
}

}  // namespace tsunagu::store
