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

    // Accounts. A person becomes a `users` row (guests too: a guest is a user without a
    // login), and a session is one signed-in browser of a user. Every old session becomes
    // the user with the same id, so old chat rows (session_id) keep pointing at the same
    // person as user_id.
    //
    // sessions and chat_messages are rebuilt the documented 12-step way (create new_X, copy,
    // drop X, rename new_X to X): ALTER TABLE cannot add a NOT NULL REFERENCES column or
    // retarget a foreign key. The runner applies migrations with foreign_keys OFF (else
    // dropping `sessions` would null every chat row's session_id through ON DELETE SET NULL)
    // and runs PRAGMA foreign_key_check before committing.
    //
    // The AUTOINCREMENT counters are carried over, so no id handed out before (including ids
    // of sessions already deleted) is handed out again, as a user, session or message.
    //
    // login_id is NULL for guests (UNIQUE allows many NULLs). A chat row whose session is
    // gone keeps a NULL user_id. Chat rows go with their user if a user row is ever deleted
    // (erase_user deletes them explicitly and keeps the row).
    Migration{3, R"sql(
      CREATE TABLE users (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        display_name TEXT NOT NULL,
        avatar INTEGER NOT NULL,
        role TEXT NOT NULL DEFAULT 'guest',
        login_id TEXT UNIQUE,
        password_hash TEXT,
        rules_version INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        deleted_ms INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO users(id, display_name, avatar, created_ms)
        SELECT id, display_name, avatar, created_ms FROM sessions;

      CREATE TABLE new_sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash BLOB UNIQUE NOT NULL,
        device_hash BLOB,
        created_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL
      );
      INSERT INTO new_sessions(id, user_id, token_hash, created_ms, last_seen_ms)
        SELECT id, id, token_hash, created_ms, last_seen_ms FROM sessions;

      CREATE TABLE new_chat_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        space TEXT NOT NULL,
        user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        display_name TEXT NOT NULL,
        avatar INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_ms INTEGER NOT NULL
      );
      INSERT INTO new_chat_messages(id, space, user_id, display_name, avatar, text, created_ms)
        SELECT c.id, c.space, (SELECT u.id FROM users u WHERE u.id = c.session_id),
               c.display_name, c.avatar, c.text, c.created_ms
        FROM chat_messages c;

      DELETE FROM sqlite_sequence WHERE name IN ('users', 'new_sessions', 'new_chat_messages');
      INSERT INTO sqlite_sequence(name, seq)
        SELECT 'users', seq FROM sqlite_sequence WHERE name = 'sessions'
        UNION ALL SELECT 'new_sessions', seq FROM sqlite_sequence WHERE name = 'sessions'
        UNION ALL SELECT 'new_chat_messages', seq FROM sqlite_sequence WHERE name = 'chat_messages';

      DROP TABLE chat_messages;
      DROP TABLE sessions;
      ALTER TABLE new_sessions RENAME TO sessions;
      ALTER TABLE new_chat_messages RENAME TO chat_messages;

      CREATE INDEX sessions_by_last_seen ON sessions(last_seen_ms);
      CREATE INDEX sessions_by_user ON sessions(user_id);
      CREATE INDEX chat_messages_by_space ON chat_messages(space, id);
      CREATE INDEX chat_messages_by_user ON chat_messages(user_id);
    )sql"},

    // Verified clinicians: applications with their decision, and imported rosters (e.g. a
    // society's list of specialists) that applications are checked against. decided_by is
    // not a foreign key: 0 means the roster import decided.
    Migration{4, R"sql(
      CREATE TABLE clinician_applications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        real_name TEXT NOT NULL,
        registration_number TEXT NOT NULL,
        specialty TEXT NOT NULL,
        affiliation TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        decision_note TEXT NOT NULL DEFAULT '',
        decided_by INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        decided_ms INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX clinician_applications_by_status ON clinician_applications(status, id);
      CREATE INDEX clinician_applications_by_user ON clinician_applications(user_id, id);

      CREATE TABLE clinician_roster (
        registration_number TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        specialty TEXT NOT NULL
      ) WITHOUT ROWID;
    )sql"},

    // Moderation. Relations belong to both people (erase_user removes both directions).
    // Reports and bans are evidence and enforcement: they refer to user ids without foreign
    // keys and outlive an erased account. A ban's device_hash is NULL when empty; the partial
    // index serves active_ban's "device_hash IN (...)".
    Migration{5, R"sql(
      CREATE TABLE relations (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        other_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('mute', 'block')),
        created_ms INTEGER NOT NULL,
        PRIMARY KEY (user_id, other_id, kind)
      ) WITHOUT ROWID;
      CREATE INDEX relations_by_other ON relations(other_id, kind);

      CREATE TABLE reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        reporter_id INTEGER NOT NULL,
        subject_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL DEFAULT 0,
        space TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        context_json TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        resolution TEXT NOT NULL DEFAULT '',
        resolved_by INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        resolved_ms INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX reports_by_status ON reports(status, id);
      CREATE INDEX reports_by_subject ON reports(subject_id, id);

      CREATE TABLE bans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL,
        device_hash BLOB,
        reason TEXT NOT NULL,
        created_by INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        until_ms INTEGER NOT NULL DEFAULT 0,
        lifted_ms INTEGER NOT NULL DEFAULT 0,
        lifted_by INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX bans_by_user ON bans(user_id, id);
      CREATE INDEX bans_by_device ON bans(device_hash) WHERE device_hash IS NOT NULL;
    )sql"},

    // The audit log. Append-only in the database itself: the triggers refuse UPDATE, DELETE
    // and an INSERT over an existing id (REPLACE deletes without firing DELETE triggers) from
    // any connection, so only a deliberate schema change (dropping a trigger)
    // can edit it, and the hash chain (audit/audit_log.h) shows such an edit. No foreign
    // keys: actor 0 is the system, and entries outlive erased accounts.
    Migration{6, R"sql(
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_ms INTEGER NOT NULL,
        actor_id INTEGER NOT NULL,
        action TEXT NOT NULL,
        subject_id INTEGER NOT NULL,
        detail_json TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_by_actor ON audit_log(actor_id, id);
      CREATE INDEX audit_log_by_subject ON audit_log(subject_id, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only');
      END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only');
      END;
      CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
      WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
      BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only');
      END;
    )sql"},

    // The digital headache bank (docs/bank.md, store/bank_store.h). Diary entries and consents
    // belong to a user. Survey responses carry a random id chosen by the server (not a
    // counter, so row order says nothing about who answered when) and only the month; an
    // anonymous response has no user_id and no dedupe_key. The keys that allow one response
    // per person and survey version live in their own table, without time or rowid, so they
    // cannot be joined to the responses they guard.
    Migration{7, R"sql(
      CREATE TABLE bank_diary (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        date TEXT NOT NULL,
        entry_json TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL
      );
      CREATE INDEX bank_diary_by_user ON bank_diary(user_id, date, id);

      CREATE TABLE bank_responses (
        id INTEGER PRIMARY KEY,
        survey_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        month TEXT NOT NULL,
        answers_json TEXT NOT NULL,
        dedupe_key TEXT
      );
      CREATE INDEX bank_responses_by_survey ON bank_responses(survey_id, version, id);
      CREATE INDEX bank_responses_by_user ON bank_responses(user_id) WHERE user_id IS NOT NULL;

      CREATE TABLE bank_response_keys (
        key TEXT PRIMARY KEY
      ) WITHOUT ROWID;

      CREATE TABLE bank_consents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        survey_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        anonymous INTEGER NOT NULL,
        created_ms INTEGER NOT NULL
      );
      CREATE INDEX bank_consents_by_user ON bank_consents(user_id, id);
    )sql"},

    // The doctors' lounge case board (store/lounge_store.h). Lounge chat is never stored; only
    // these de-identified questions and their answers are. author_id lets an author delete
    // their posts (and account deletion remove them); whether readers see the author is the
    // `anonymous` flag. An answer goes with its question.
    Migration{8, R"sql(
      CREATE TABLE lounge_questions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        anonymous INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags_json TEXT NOT NULL,
        created_ms INTEGER NOT NULL
      );
      CREATE INDEX lounge_questions_by_author ON lounge_questions(author_id);

      CREATE TABLE lounge_answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id INTEGER NOT NULL REFERENCES lounge_questions(id) ON DELETE CASCADE,
        author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        anonymous INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_ms INTEGER NOT NULL
      );
      CREATE INDEX lounge_answers_by_question ON lounge_answers(question_id, id);
      CREATE INDEX lounge_answers_by_author ON lounge_answers(author_id);
    )sql"},

    // Consultations (store/consultation_store.h). Nothing of the conversation is stored:
    // consult_log has no person and no content (statistics only); consult_notes holds the
    // notes members chose to keep, erased with them.
    Migration{9, R"sql(
      CREATE TABLE consult_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        topic TEXT NOT NULL,
        asked_minute_ms INTEGER NOT NULL,
        wait_s INTEGER NOT NULL,
        duration_s INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        ended_by TEXT NOT NULL,
        observers INTEGER NOT NULL
      );
      CREATE INDEX consult_log_by_time ON consult_log(asked_minute_ms);

      CREATE TABLE consult_notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        ended_ms INTEGER NOT NULL,
        clinician TEXT NOT NULL,
        topic TEXT NOT NULL,
        outcome_json TEXT NOT NULL,
        note TEXT NOT NULL
      );
      CREATE INDEX consult_notes_by_user ON consult_notes(user_id, id);
    )sql"},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace tsunagu::store::sqlite
