#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "store/store.h"

// Forward declarations, so that only sqlite_store.cc includes <sqlite3.h>.
struct sqlite3;
struct sqlite3_stmt;

namespace tsunagu::store::sqlite {

struct DbCloser {
  void operator()(sqlite3* db) const;
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const;
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// The default Store: one SQLite database file in WAL mode with synchronous=FULL, so a write is
// on disk when the call returns (a chat message survives a kill or power cut right after
// append_chat). The schema is brought up to date by open() (see migrations.h). Foreign keys
// are enforced: a session, chat message, clinician application or relation must name an
// existing user.
//
// Errors carry these names: "store_unavailable" (cannot open), "store_schema_too_new" (the
// file was written by a newer server), "store_conflict" (a UNIQUE column, e.g. token_hash or
// login_id, already holds the value), "store_constraint" (another constraint, e.g. an unknown
// user_id or a relation kind other than mute/block), "store_busy" (another process held the
// lock past the busy timeout), "not_found" (an update, touch, decision, resolution or erasure
// of an unknown id) and "internal". Only not_found and internal are wire names; callers map
// the rest to "internal".
//
// Thread-safety: not thread-safe. One thread at a time (the connection is opened without
// SQLite's mutex and the cached statements are shared). Other processes may open the same
// file; they wait for each other's locks up to the busy timeout.
class SqliteStore final : public Store {
  struct Key {
    explicit Key() = default;
  };

 public:
  // Opens or creates the database at `path` (":memory:" for a private in-memory database)
  // and applies the migrations it lacks. Refuses a database whose schema is newer than this
  // build.
  static core::Result<std::unique_ptr<SqliteStore>> open(const std::string& path);

  SqliteStore(Key, DbHandle db);  // use open()
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

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

 private:
  // Hashes std::string and std::string_view alike, so a lookup by string_view allocates
  // nothing.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };

  // The statement for `sql` (exactly one statement), prepared with SQLITE_PREPARE_PERSISTENT
  // on first use and reused afterwards. Owned by the cache; valid while the store lives.
  core::Result<sqlite3_stmt*> cached(std::string_view sql);

  // Runs the cached statement for `sql` with `args` bound to ?1, ?2, … and hands each row to
  // `on_row`. The statement is reset and its bindings cleared on every path out. Defined in
  // sqlite_store.cc, the only place that uses them.
  template <typename OnRow, typename... Args>
  core::Status run(std::string_view sql, OnRow&& on_row, const Args&... args);
  // A write; returns the number of rows it changed.
  template <typename... Args>
  core::Result<std::int64_t> execute(std::string_view sql, const Args&... args);
  // An INSERT; returns the new row's id.
  template <typename... Args>
  core::Result<std::int64_t> insert(std::string_view sql, const Args&... args);
  template <typename T, typename... Args>
  core::Result<std::optional<T>> select_one(std::string_view sql, T (*read)(sqlite3_stmt*),
                                            const Args&... args);
  template <typename T, typename... Args>
  core::Result<std::vector<T>> select_all(std::string_view sql, T (*read)(sqlite3_stmt*),
                                          const Args&... args);
  // An UPDATE of one row by id: not_found (naming `what`) when no row has that id.
  template <typename... Args>
  core::Status update_one(std::string_view what, std::string_view sql, const Args&... args);

  core::Error error(int rc, std::string_view what) const;

  // Declared first so it is destroyed last, after the statements that belong to it.
  DbHandle db_;
  // Keyed by the SQL text. Bounded: every key is a constant of sqlite_store.cc.
  std::unordered_map<std::string, Statement, SqlHash, std::equal_to<>> statements_;
};

}  // namespace tsunagu::store::sqlite
