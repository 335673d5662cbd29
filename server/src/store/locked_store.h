#pragma once

#include <memory>
#include <mutex>

#include "store/store.h"

namespace tsunagu::store {

// Makes any Store safe to share between event loops: every call holds one mutex. SQLite calls
// are short (microseconds), so the lock is held briefly; the loops that call the store most
// (chat, sign-in) are not on the world tick's path. Thread-safe.
class LockedStore final : public Store {
 public:
  explicit LockedStore(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {}

  core::Result<std::int64_t> create_user(const UserRecord& user) override {
    std::lock_guard lock(mutex_);
    return inner_->create_user(user);
  }
  core::Result<std::optional<UserRecord>> find_user(std::int64_t id) override {
    std::lock_guard lock(mutex_);
    return inner_->find_user(id);
  }
  core::Result<std::optional<UserRecord>> find_user_by_login(const std::string& login_id) override {
    std::lock_guard lock(mutex_);
    return inner_->find_user_by_login(login_id);
  }
  core::Status update_user(const UserRecord& user) override {
    std::lock_guard lock(mutex_);
    return inner_->update_user(user);
  }
  core::Result<std::vector<UserRecord>> list_users(const std::string& query, int limit) override {
    std::lock_guard lock(mutex_);
    return inner_->list_users(query, limit);
  }
  core::Status erase_user(std::int64_t id, std::int64_t now_ms) override {
    std::lock_guard lock(mutex_);
    return inner_->erase_user(id, now_ms);
  }
  core::Result<std::int64_t> create_session(const SessionRecord& session) override {
    std::lock_guard lock(mutex_);
    return inner_->create_session(session);
  }
  core::Result<std::optional<SessionRecord>> find_session(const std::string& token_hash, std::int64_t min_last_seen_ms) override {
    std::lock_guard lock(mutex_);
    return inner_->find_session(token_hash, min_last_seen_ms);
  }
  core::Status touch_session(std::int64_t id, std::int64_t last_seen_ms) override {
    std::lock_guard lock(mutex_);
    return inner_->touch_session(id, last_seen_ms);
  }
  core::Status delete_session(std::int64_t id) override {
    std::lock_guard lock(mutex_);
    return inner_->delete_session(id);
  }
  core::Status delete_sessions_of_user(std::int64_t user_id, std::int64_t keep_session_id) override {
    std::lock_guard lock(mutex_);
    return inner_->delete_sessions_of_user(user_id, keep_session_id);
  }
  core::Result<std::vector<std::string>> devices_of_user(std::int64_t user_id) override {
    std::lock_guard lock(mutex_);
    return inner_->devices_of_user(user_id);
  }
  core::Result<std::int64_t> append_chat(const ChatRecord& message) override {
    std::lock_guard lock(mutex_);
    return inner_->append_chat(message);
  }
  core::Result<std::vector<ChatRecord>> recent_chat(const std::string& space, int limit) override {
    std::lock_guard lock(mutex_);
    return inner_->recent_chat(space, limit);
  }
  core::Result<std::optional<ChatRecord>> find_chat(std::int64_t id) override {
    std::lock_guard lock(mutex_);
    return inner_->find_chat(id);
  }
  core::Result<std::int64_t> create_application(const ClinicianApplication& a) override {
    std::lock_guard lock(mutex_);
    return inner_->create_application(a);
  }
  core::Result<std::optional<ClinicianApplication>> find_application(std::int64_t id) override {
    std::lock_guard lock(mutex_);
    return inner_->find_application(id);
  }
  core::Result<std::optional<ClinicianApplication>> latest_application_of(std::int64_t user_id) override {
    std::lock_guard lock(mutex_);
    return inner_->latest_application_of(user_id);
  }
  core::Result<std::vector<ClinicianApplication>> list_applications(const std::string& status, int limit) override {
    std::lock_guard lock(mutex_);
    return inner_->list_applications(status, limit);
  }
  core::Status decide_application(const ClinicianApplication& a) override {
    std::lock_guard lock(mutex_);
    return inner_->decide_application(a);
  }
  core::Status upsert_roster(const std::vector<RosterEntry>& entries) override {
    std::lock_guard lock(mutex_);
    return inner_->upsert_roster(entries);
  }
  core::Result<std::optional<RosterEntry>> find_roster(const std::string& registration_number) override {
    std::lock_guard lock(mutex_);
    return inner_->find_roster(registration_number);
  }
  core::Status add_relation(const Relation& relation) override {
    std::lock_guard lock(mutex_);
    return inner_->add_relation(relation);
  }
  core::Status remove_relation(std::int64_t user_id, std::int64_t other_id, const std::string& kind) override {
    std::lock_guard lock(mutex_);
    return inner_->remove_relation(user_id, other_id, kind);
  }
  core::Result<std::vector<Relation>> relations_of(std::int64_t user_id) override {
    std::lock_guard lock(mutex_);
    return inner_->relations_of(user_id);
  }
  core::Result<std::vector<std::int64_t>> blocked_by(std::int64_t user_id) override {
    std::lock_guard lock(mutex_);
    return inner_->blocked_by(user_id);
  }
  core::Result<std::int64_t> create_report(const ReportRecord& report) override {
    std::lock_guard lock(mutex_);
    return inner_->create_report(report);
  }
  core::Result<std::optional<ReportRecord>> find_report(std::int64_t id) override {
    std::lock_guard lock(mutex_);
    return inner_->find_report(id);
  }
  core::Result<std::vector<ReportRecord>> list_reports(const std::string& status, int limit) override {
    std::lock_guard lock(mutex_);
    return inner_->list_reports(status, limit);
  }
  core::Status resolve_report(const ReportRecord& report) override {
    std::lock_guard lock(mutex_);
    return inner_->resolve_report(report);
  }
  core::Result<std::int64_t> create_ban(const BanRecord& ban) override {
    std::lock_guard lock(mutex_);
    return inner_->create_ban(ban);
  }
  core::Result<std::optional<BanRecord>> active_ban(std::int64_t user_id, const std::vector<std::string>& device_hashes, std::int64_t now_ms) override {
    std::lock_guard lock(mutex_);
    return inner_->active_ban(user_id, device_hashes, now_ms);
  }
  core::Status lift_bans(std::int64_t user_id, std::int64_t lifted_by, std::int64_t now_ms) override {
    std::lock_guard lock(mutex_);
    return inner_->lift_bans(user_id, lifted_by, now_ms);
  }
  core::Result<std::vector<BanRecord>> bans_of(std::int64_t user_id) override {
    std::lock_guard lock(mutex_);
    return inner_->bans_of(user_id);
  }
  core::Result<std::int64_t> append_audit(const AuditRecord& entry) override {
    std::lock_guard lock(mutex_);
    return inner_->append_audit(entry);
  }
  core::Result<std::optional<AuditRecord>> last_audit() override {
    std::lock_guard lock(mutex_);
    return inner_->last_audit();
  }
  core::Result<std::vector<AuditRecord>> audit_after(std::int64_t after_id, int limit) override {
    std::lock_guard lock(mutex_);
    return inner_->audit_after(after_id, limit);
  }
  core::Result<std::vector<AuditRecord>> audit_of_user(std::int64_t user_id, int limit) override {
    std::lock_guard lock(mutex_);
    return inner_->audit_of_user(user_id, limit);
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<Store> inner_;
};

}  // namespace tsunagu::store
