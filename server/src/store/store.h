#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace tsunagu::store {

// A person on the platform. Guests are users without a login; creating an account adds a
// login id and a password hash to the same row, so the identity (id, name, history) stays.
// `id` is also the avatar id on the wire (fits in u32).
struct UserRecord {
  std::int64_t id = 0;
  std::string display_name;  // validated, NFKC-normalised
  int avatar = 0;
  std::string role = "guest";  // see auth/permissions.h
  std::string login_id;        // empty for guests; normalised (lower case)
  std::string password_hash;   // Argon2id string (libsodium); empty for guests
  int rules_version = 0;       // the version of content/rules.json last accepted
  std::int64_t created_ms = 0;
  std::int64_t deleted_ms = 0;  // 0 while the account exists
};

// One signed-in browser. The token itself is never stored: only its hash. `device_hash` is
// the hash of the browser's long-lived device token (bans hold across new guest sessions).
struct SessionRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string token_hash;   // raw bytes of BLAKE2b-256(token), 32 bytes
  std::string device_hash;  // raw bytes of BLAKE2b-256(device token), may be empty
  std::int64_t created_ms = 0;
  std::int64_t last_seen_ms = 0;
};

struct ChatRecord {
  std::int64_t id = 0;  // assigned by the store, increasing
  std::string space;
  std::int64_t user_id = 0;
  std::string display_name;  // the name at the time of writing
  int avatar = 0;
  std::string text;
  std::int64_t created_ms = 0;
};

// An application to be shown as a verified clinician, and its decision.
struct ClinicianApplication {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string real_name;
  std::string registration_number;  // e.g. S123456, upper case
  std::string specialty;            // e.g. 頭痛専門医
  std::string affiliation;
  std::string status = "pending";  // pending | approved | rejected
  std::string decision_note;
  std::int64_t decided_by = 0;  // user id of the admin; 0 = roster import or undecided
  std::int64_t created_ms = 0;
  std::int64_t decided_ms = 0;
};

// A row of an imported roster (e.g. the society's list of specialists).
struct RosterEntry {
  std::string registration_number;
  std::string name;
  std::string specialty;
};

// A person's relation to another: "mute" (their voice and text hidden for me, my choice) or
// "block" (enforced by the server both ways).
struct Relation {
  std::int64_t user_id = 0;
  std::int64_t other_id = 0;
  std::string kind;  // mute | block
  std::int64_t created_ms = 0;
};

struct ReportRecord {
  std::int64_t id = 0;
  std::int64_t reporter_id = 0;
  std::int64_t subject_id = 0;   // the reported user
  std::int64_t message_id = 0;   // 0 when a user, not a message, is reported
  std::string space;
  std::string reason;            // harassment | spam | impersonation | medical_misinformation | other
  std::string detail;            // the reporter's words
  std::string context_json;      // recent messages of the space at the time (kept as evidence)
  std::string status = "open";   // open | resolved
  std::string resolution;
  std::int64_t resolved_by = 0;
  std::int64_t created_ms = 0;
  std::int64_t resolved_ms = 0;
};

struct BanRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string device_hash;  // may be empty
  std::string reason;
  std::int64_t created_by = 0;
  std::int64_t created_ms = 0;
  std::int64_t until_ms = 0;   // 0 = for good
  std::int64_t lifted_ms = 0;  // 0 while in force
  std::int64_t lifted_by = 0;
};

// One entry of the hash-chained audit log (audit/audit_log.h computes `hash`).
struct AuditRecord {
  std::int64_t id = 0;
  std::int64_t created_ms = 0;
  std::int64_t actor_id = 0;    // 0 = the system
  std::string action;           // e.g. "login", "role.change", "ban"
  std::int64_t subject_id = 0;  // the user acted upon, 0 if none
  std::string detail_json;      // no secrets, no health data
  std::string prev_hash;        // hex, "" for the first entry
  std::string hash;             // hex
};

// Durable state of the platform. Implementations: store/sqlite (default), store/memory
// (tests). Thread-safety: one thread at a time; the owner serialises calls. Every method
// returns an error value, never throws. Lists are returned oldest first unless noted.
class Store {
 public:
  virtual ~Store() = default;

  // --- users
  virtual core::Result<std::int64_t> create_user(const UserRecord& user) = 0;
  virtual core::Result<std::optional<UserRecord>> find_user(std::int64_t id) = 0;
  virtual core::Result<std::optional<UserRecord>> find_user_by_login(
      const std::string& login_id) = 0;
  // Writes display_name, avatar, role, login_id, password_hash and rules_version.
  // Error store_conflict when the login id is taken.
  virtual core::Status update_user(const UserRecord& user) = 0;
  // Newest first; `query` matches display names and login ids (substring), "" lists all.
  virtual core::Result<std::vector<UserRecord>> list_users(const std::string& query,
                                                           int limit) = 0;
  // Removes a person's personal data: sessions, chat messages, relations, applications;
  // the user row keeps only its id and role "deleted" (audit entries refer to ids).
  virtual core::Status erase_user(std::int64_t id, std::int64_t now_ms) = 0;

  // --- sessions
  virtual core::Result<std::int64_t> create_session(const SessionRecord& session) = 0;
  // The session with this token hash, if last seen at or after `min_last_seen_ms`.
  virtual core::Result<std::optional<SessionRecord>> find_session(
      const std::string& token_hash, std::int64_t min_last_seen_ms) = 0;
  virtual core::Status touch_session(std::int64_t id, std::int64_t last_seen_ms) = 0;
  virtual core::Status delete_session(std::int64_t id) = 0;
  // Signs a user out everywhere except `keep_session_id` (0 = everywhere).
  virtual core::Status delete_sessions_of_user(std::int64_t user_id,
                                               std::int64_t keep_session_id) = 0;
  // The device hashes a user has used (for bans).
  virtual core::Result<std::vector<std::string>> devices_of_user(std::int64_t user_id) = 0;

  // --- chat
  // Appends a chat message durably (committed when this returns); returns its id.
  virtual core::Result<std::int64_t> append_chat(const ChatRecord& message) = 0;
  // The newest `limit` messages of a space, oldest first.
  virtual core::Result<std::vector<ChatRecord>> recent_chat(const std::string& space,
                                                            int limit) = 0;
  virtual core::Result<std::optional<ChatRecord>> find_chat(std::int64_t id) = 0;

  // --- clinicians
  virtual core::Result<std::int64_t> create_application(const ClinicianApplication& a) = 0;
  virtual core::Result<std::optional<ClinicianApplication>> find_application(
      std::int64_t id) = 0;
  // The newest application of a user.
  virtual core::Result<std::optional<ClinicianApplication>> latest_application_of(
      std::int64_t user_id) = 0;
  // `status` "" lists every status. Newest first.
  virtual core::Result<std::vector<ClinicianApplication>> list_applications(
      const std::string& status, int limit) = 0;
  // Writes status, decision_note, decided_by and decided_ms.
  virtual core::Status decide_application(const ClinicianApplication& a) = 0;
  // Inserts or replaces roster rows (by registration number).
  virtual core::Status upsert_roster(const std::vector<RosterEntry>& entries) = 0;
  virtual core::Result<std::optional<RosterEntry>> find_roster(
      const std::string& registration_number) = 0;

  // --- relations (mute, block)
  virtual core::Status add_relation(const Relation& relation) = 0;  // idempotent
  virtual core::Status remove_relation(std::int64_t user_id, std::int64_t other_id,
                                       const std::string& kind) = 0;
  virtual core::Result<std::vector<Relation>> relations_of(std::int64_t user_id) = 0;
  // Users who blocked `user_id` (the other side of a block is hidden too).
  virtual core::Result<std::vector<std::int64_t>> blocked_by(std::int64_t user_id) = 0;

  // --- reports
  virtual core::Result<std::int64_t> create_report(const ReportRecord& report) = 0;
  virtual core::Result<std::optional<ReportRecord>> find_report(std::int64_t id) = 0;
  // `status` "" lists every status. Newest first.
  virtual core::Result<std::vector<ReportRecord>> list_reports(const std::string& status,
                                                               int limit) = 0;
  // Writes status, resolution, resolved_by and resolved_ms.
  virtual core::Status resolve_report(const ReportRecord& report) = 0;

  // --- bans
  virtual core::Result<std::int64_t> create_ban(const BanRecord& ban) = 0;
  // A ban in force at `now_ms` on this user or on any of these device hashes.
  virtual core::Result<std::optional<BanRecord>> active_ban(
      std::int64_t user_id, const std::vector<std::string>& device_hashes,
      std::int64_t now_ms) = 0;
  // Lifts every ban in force on the user (and on the devices recorded with them).
  virtual core::Status lift_bans(std::int64_t user_id, std::int64_t lifted_by,
                                 std::int64_t now_ms) = 0;
  virtual core::Result<std::vector<BanRecord>> bans_of(std::int64_t user_id) = 0;

  // --- audit log (append-only)
  virtual core::Result<std::int64_t> append_audit(const AuditRecord& entry) = 0;
  virtual core::Result<std::optional<AuditRecord>> last_audit() = 0;
  // Entries with id > after_id, in id order, at most `limit`.
  virtual core::Result<std::vector<AuditRecord>> audit_after(std::int64_t after_id,
                                                             int limit) = 0;
  // Entries where the user is actor or subject, newest first.
  virtual core::Result<std::vector<AuditRecord>> audit_of_user(std::int64_t user_id,
                                                               int limit) = 0;
};

}  // namespace tsunagu::store
