#include "store/sqlite/sqlite_lounge_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "store/lounge_store_contract_test.h"
#include "store/sqlite/sqlite_store.h"

namespace tsunagu::store::sqlite {
namespace {

using lounge_contract::LoungeStoreContractTest;
using lounge_contract::LoungeStoreFactory;

// One directory for the whole test binary (removed at exit); each store gets its own file.
class LoungeFiles {
 public:
  LoungeFiles() {
    std::string pattern = std::filesystem::temp_directory_path() / "tsunagu-lounge-XXXXXX";
    dir_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~LoungeFiles() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  std::string next() { return dir_ + "/lounge-" + std::to_string(++count_) + ".db"; }

 private:
  std::string dir_;
  std::atomic<int> count_ = 0;
};

LoungeFiles& lounge_files() {
  static LoungeFiles instance;
  return instance;
}

// Users 1 and 2 (foreign keys are enforced here).
void create_lounge_users(const std::string& path) {
  auto store = SqliteStore::open(path);
  ASSERT_TRUE(store) << store.error().message();
  for (int i = 1; i <= 2; ++i) {
    UserRecord u;
    u.display_name = "doctor" + std::to_string(i);
    u.created_ms = lounge_contract::kNow;
    ASSERT_EQ((*store)->create_user(u).value_or(0), i);
  }
}

std::unique_ptr<LoungeStore> fresh_lounge(const std::string& path) {
  create_lounge_users(path);
  auto lounge = SqliteLoungeStore::open(path);
  EXPECT_TRUE(lounge) << (lounge ? "" : lounge.error().message());
  return lounge ? std::move(*lounge) : nullptr;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, LoungeStoreContractTest,
                         ::testing::Values(LoungeStoreFactory{
                             "sqlite", [] { return fresh_lounge(lounge_files().next()); }}),
                         lounge_contract::factory_name);

TEST(SqliteLoungeStoreTest, NeedsAFileNotAPrivateMemoryDatabase) {
  auto lounge = SqliteLoungeStore::open(":memory:");
  ASSERT_FALSE(lounge);
  EXPECT_EQ(lounge.error().name(), "store_unavailable");
}

TEST(SqliteLoungeStoreTest, RowsMustBelongToAnExistingUser) {
  auto lounge = fresh_lounge(lounge_files().next());
  auto added = lounge->add_question(lounge_contract::question(99, "誰？"));
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().name(), "store_constraint");
}

std::string lounge_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void lounge_checkpoint(const std::string& path) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite3_busy_timeout(raw, 5000);
  EXPECT_EQ(sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
}

// What stays survives a reopen; what an author deletes is gone from the file itself
// (secure_delete), not left in free pages.
TEST(SqliteLoungeStoreTest, DurableAndDeletedTextLeavesNoTrace) {
  const std::string path = lounge_files().next();
  const std::string marker = "MARKER-5d1f-case-question";
  std::int64_t kept = 0, gone = 0;
  {
    auto lounge = fresh_lounge(path);
    kept = lounge->add_question(lounge_contract::question(1, "残る質問")).value();
    gone = lounge->add_question(lounge_contract::question(1, marker)).value();
  }
  lounge_checkpoint(path);
  ASSERT_NE(lounge_file_bytes(path).find(marker), std::string::npos)
      << "the test must see it first";
  {
    auto lounge = SqliteLoungeStore::open(path);
    ASSERT_TRUE(lounge);
    ASSERT_TRUE((*lounge)->delete_question(1, gone));
    auto found = (*lounge)->find_question(kept).value();
    ASSERT_TRUE(found);
    EXPECT_EQ(found->title, "残る質問");
  }
  lounge_checkpoint(path);
  EXPECT_EQ(lounge_file_bytes(path).find(marker), std::string::npos);
  EXPECT_EQ(lounge_file_bytes(path + "-wal").find(marker), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::store::sqlite
