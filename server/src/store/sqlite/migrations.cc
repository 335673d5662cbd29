#include "store/sqlite/migrations.h"

#include <array>

namespace tsunagu::store::sqlite {
namespace {

constexpr std::array kMigrations = {
    // Guest sessions. Only the token's hash is kept (docs/protocol.md, "Session tokens").
    // last_seen_ms is indexed for the expiry sweep.
    Migration{1, R"sql(
      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        token_hash BLOB UNIQUE NOT NULL,
        display_name TEXT NOT NULL,
        avatar INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL
      );
      CREATE INDEX sessions_by_last_seen ON sessions(last_seen_ms);
    )sql"},

    // Chat history per space. The name and avatar are copied so history shows what people
    // saw at the time; ON DELETE SET NULL lets expired sessions be deleted without losing
    // the history that mentions them. AUTOINCREMENT keeps ids increasing even after the
    // newest rows are deleted, so clients may order by id.
    Migration{2, R"sql(
      CREATE TABLE chat_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        space TEXT NOT NULL,
        session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
        display_name TEXT NOT NULL,
        avatar INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_ms INTEGER NOT NULL
      );
      CREATE INDEX chat_messages_by_space ON chat_messages(space, id);
    )sql"},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace tsunagu::store::sqlite
