#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace tsunagu::store {

// An in-memory Store for tests of the modules above the store: the same observable contract
// as store/sqlite (store_contract_test.h runs the same cases against both), nothing durable.
// Ids count up from 1 per table; "store_conflict" for a taken login_id or token_hash,
// "store_constraint" for a row naming an unknown user or a relation kind other than
// mute/block, "not_found" for an update of an unknown id.
//
// The tables are public so tests can look at or tamper with what was written (e.g. edit
// `audit` to check that the hash chain notices). `fail_writes` makes every write fail with
// "internal", to test error paths; reads still work. Not thread-safe: one thread at a time.
class MemoryStore final : public Store {
 public:
  core::Result<std::int64_t> create_user(const UserRecord& user) override;
  core::Result<std::optional<UserRecord>> find_user(std::int64_t id) override;
  core::Result<std::optional<UserRecord>> find_user_by_login(const std::string& login_id) override;
  core::Status update_user(const UserRecord& user) override;
  core::Result<std::vector<UserRecord>> list_users(const std::string& query, int limit) override;
  core::Status erase_user(std::int64_t id, std::int64_t now_ms) override;

  core::Result<std::int64_t> create_session(const SessionRecord& session) override;
  core::Result<std::optional<SessionRecord>> find_session(const std::string& token_hash,
                                                          std::int64_t min_last_seen_ms) override;
  core::Status touch_session(std::int64_t id, std::int64_t last_seen_ms) override;
  core::Status delete_session(std::int64_t id) override;
  core::Status delete_sessions_of_user(std::int64_t user_id, std::int64_t keep_session_id) override;
  core::Result<std::vector<std::string>> devices_of_user(std::int64_t user_id) override;

  core::Result<std::int64_t> append_chat(const ChatRecord& message) override;
  core::Result<std::vector<ChatRecord>> recent_chat(const std::string& space, int limit) override;
  core::Result<std::optional<ChatRecord>> find_chat(std::int64_t id) override;

  core::Result<std::int64_t> create_application(const ClinicianApplication& a) override;
  core::Result<std::optional<ClinicianApplication>> find_application(std::int64_t id) override;
  core::Result<std::optional<ClinicianApplication>> latest_application_of(
      std::int64_t user_id) override;
  core::Result<std::vector<ClinicianApplication>> list_applications(const std::string& status,
                                                                    int limit) override;
  core::Status decide_application(const ClinicianApplication& a) override;
  core::Status upsert_roster(const std::vector<RosterEntry>& entries) override;
  core::Result<std::optional<RosterEntry>> find_roster(
      const std::string& registration_number) override;

  core::Status add_relation(const Relation& relation) override;
  core::Status remove_relation(std::int64_t user_id, std::int64_t other_id,
                               const std::string& kind) override;
  core::Result<std::vector<Relation>> relations_of(std::int64_t user_id) override;
  core::Result<std::vector<std::int64_t>> blocked_by(std::int64_t user_id) override;

  core::Result<std::int64_t> create_report(const ReportRecord& report) override;
  core::Result<std::optional<ReportRecord>> find_report(std::int64_t id) override;
  core::Result<std::vector<ReportRecord>> list_reports(const std::string& status,
                                                       int limit) override;
  core::Status resolve_report(const ReportRecord& report) override;

  core::Result<std::int64_t> create_ban(const BanRecord& ban) override;
  core::Result<std::optional<BanRecord>> active_ban(std::int64_t user_id,
                                                    const std::vector<std::string>& device_hashes,
                                                    std::int64_t now_ms) override;
  core::Status lift_bans(std::int64_t user_id, std::int64_t lifted_by,
                         std::int64_t now_ms) override;
  core::Result<std::vector<BanRecord>> bans_of(std::int64_t user_id) override;

  core::Result<std::int64_t> append_audit(const AuditRecord& entry) override;
  core::Result<std::optional<AuditRecord>> last_audit() override;
  core::Result<std::vector<AuditRecord>> audit_after(std::int64_t after_id, int limit) override;
  core::Result<std::vector<AuditRecord>> audit_of_user(std::int64_t user_id, int limit) override;

  bool fail_writes = false;
  // Each in id order (relations and roster in insertion order).
  std::vector<UserRecord> users;
  std::vector<SessionRecord> sessions;
  std::vector<ChatRecord> chat;
  std::vector<ClinicianApplication> applications;
  std::vector<RosterEntry> roster;
  std::vector<Relation> relations;
  std::vector<ReportRecord> reports;
  std::vector<BanRecord> bans;
  std::vector<AuditRecord> audit;

 private:
  // The last id handed out per table; like SQLite's AUTOINCREMENT, never handed out again
  // after its row is deleted.
  std::int64_t last_user_id_ = 0;
  std::int64_t last_session_id_ = 0;
  std::int64_t last_chat_id_ = 0;
  std::int64_t last_application_id_ = 0;
  std::int64_t last_report_id_ = 0;
  std::int64_t last_ban_id_ = 0;
  std::int64_t last_audit_id_ = 0;
};

}  // namespace tsunagu::store
