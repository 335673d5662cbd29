// The command line against a real data directory: the first admin, and audit verification
// that catches a row edited behind the server's back.
#include <sqlite3.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "test_server.h"

namespace tsunagu::testing {
namespace {

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

CommandResult run(const std::string& args, const std::string& stdin_text = "") {
  const std::string cmd = "printf '%s\\n' '" + stdin_text + "' | " + std::string(TSUNAGU_BINARY) +
                          " " + args + " 2>&1";
  FILE* out = ::popen(cmd.c_str(), "r");
  CommandResult r;
  if (!out) return r;
  char buf[512];
  while (std::fgets(buf, sizeof buf, out)) r.output += buf;
  int status = ::pclose(out);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

void exec_sql(const std::filesystem::path& db_file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

TEST(CliTest, AdminCreateNeedsAGoodPasswordAndIsAudited) {
  TempDir dir;
  const std::string data = (dir.path() / "data").string();
  auto weak = run("admin create --login root --data " + data, "password");
  EXPECT_NE(weak.exit_code, 0);
  EXPECT_NE(weak.output.find("password"), std::string::npos) << weak.output;
  auto missing = run("admin create --data " + data, "whatever long 1");
  EXPECT_EQ(missing.exit_code, 2);
  auto made = run("admin create --login root --name 運営チーム --data " + data, "a long admin passphrase");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto again = run("admin create --login ROOT --data " + data, "another long passphrase");
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.output.find("taken"), std::string::npos) << again.output;

  // The admin signs in through the real server.
  ServerProcess server(dir.path() / "data");
  ASSERT_TRUE(server.start());
  auto login = http_request(server.port(), http::verb::post, "/api/login",
                            json{{"login_id", "root"}, {"password", "a long admin passphrase"}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(json::parse(login.body)["user"]["role"], "admin");
  EXPECT_EQ(json::parse(login.body)["user"]["name"], "運営チーム");
}

TEST(CliTest, AuditVerifyFindsAnEditedRow) {
  TempDir dir;
  const std::string data = (dir.path() / "data").string();
  ASSERT_EQ(run("admin create --login root --data " + data, "a long admin passphrase").exit_code, 0);
  {
    ServerProcess server(dir.path() / "data");
    ASSERT_TRUE(server.start());
    for (int i = 0; i < 3; ++i) {
      auto login = http_request(server.port(), http::verb::post, "/api/login",
                                json{{"login_id", "root"}, {"password", "a long admin passphrase"}}.dump());
      ASSERT_EQ(login.status, 200);
    }
    EXPECT_EQ(server.terminate(), 0);
  }
  auto ok = run("audit verify --data " + data);
  ASSERT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("OK: 4 entries"), std::string::npos) << ok.output;

  const auto db = dir.path() / "data" / "tsunagu.db";
  // The store refuses edits outright...
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(raw, "UPDATE audit_log SET actor_id = 9 WHERE id = 2", nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(sqlite3_exec(raw, "DELETE FROM audit_log WHERE id = 3", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  // ...so someone with the file drops the guards and edits a row.
  exec_sql(db, "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;"
               "DROP TRIGGER IF EXISTS audit_log_no_replace;"
               "UPDATE audit_log SET actor_id = 9 WHERE id = 3;");
  auto broken = run("audit verify --data " + data);
  EXPECT_EQ(broken.exit_code, 1) << broken.output;
  EXPECT_NE(broken.output.find("BROKEN at entry 3"), std::string::npos) << broken.output;
}

}  // namespace
}  // namespace tsunagu::testing
