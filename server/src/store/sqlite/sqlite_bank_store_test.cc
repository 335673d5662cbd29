#include "store/sqlite/sqlite_bank_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "store/bank_store_contract_test.h"
#include "store/locked_bank_store.h"
#include "store/locked_store.h"
#include "store/sqlite/sqlite_store.h"

namespace tsunagu::store::sqlite {
namespace {

using bank_contract::BankStoreContractTest;
using bank_contract::BankStoreFactory;

// One directory for the whole test binary (removed at exit); each store gets its own file.
class TestFiles {
 public:
  TestFiles() {
    std::string pattern = std::filesystem::temp_directory_path() / "tsunagu-bank-XXXXXX";
    dir_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~TestFiles() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  std::string next() { return dir_ + "/bank-" + std::to_string(++count_) + ".db"; }

 private:
  std::string dir_;
  std::atomic<int> count_ = 0;
};

TestFiles& files() {
  static TestFiles instance;
  return instance;
}

// The users the contract's rows belong to (foreign keys are enforced here).
void create_users(const std::string& path, int n) {
  auto store = SqliteStore::open(path);
  ASSERT_TRUE(store) << store.error().message();
  for (int i = 1; i <= n; ++i) {
    UserRecord u;
    u.display_name = "user" + std::to_string(i);
    u.created_ms = bank_contract::kNow;
    ASSERT_EQ((*store)->create_user(u).value_or(0), i);
  }
}

std::unique_ptr<BankStore> open_bank(const std::string& path) {
  auto bank = SqliteBankStore::open(path);
  EXPECT_TRUE(bank) << (bank ? "" : bank.error().message());
  return bank ? std::move(*bank) : nullptr;
}

std::unique_ptr<BankStore> fresh_bank() {
  const std::string path = files().next();
  create_users(path, 2);
  return open_bank(path);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, BankStoreContractTest,
                         ::testing::Values(BankStoreFactory{"sqlite", fresh_bank}),
                         bank_contract::factory_name);

TEST(SqliteBankStoreTest, NeedsAFileNotAPrivateMemoryDatabase) {
  auto bank = SqliteBankStore::open(":memory:");
  ASSERT_FALSE(bank);
  EXPECT_EQ(bank.error().name(), "store_unavailable");
}

TEST(SqliteBankStoreTest, RowsMustBelongToAnExistingUser) {
  auto bank = fresh_bank();
  auto added = bank->add_diary(bank_contract::entry(99, "2026-11-01"));
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().name(), "store_constraint");
}

// An anonymous response is stored without user and key, and the table of keys holds nothing
// but the keys: no time, no rowid to order them by.
TEST(SqliteBankStoreTest, AnonymousResponsesHoldNothingThatLinksThem) {
  const std::string path = files().next();
  create_users(path, 1);
  auto bank = open_bank(path);
  ASSERT_TRUE(bank->add_response(bank_contract::response(777, 0, ""), "key-1",
                                 bank_contract::consent(1, "epi", 1, true)));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw,
                               "SELECT user_id IS NULL, dedupe_key IS NULL, month FROM "
                               "bank_responses WHERE id = 777",
                               -1, &s, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 1);
  EXPECT_EQ(sqlite3_column_int(s, 1), 1);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 2)), "2026-11");
  sqlite3_finalize(s);
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT COUNT(*) FROM pragma_table_info('bank_response_keys')",
                               -1, &s, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 1) << "only the key column";
  sqlite3_finalize(s);
  sqlite3_close(raw);
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void checkpoint(const std::string& path) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite3_busy_timeout(raw, 5000);
  EXPECT_EQ(sqlite3_exec(raw, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
}

// Deleted health data does not linger in the file's free pages (secure_delete).
TEST(SqliteBankStoreTest, ErasedEntriesLeaveNoTraceInTheFile) {
  const std::string path = files().next();
  create_users(path, 1);
  const std::string marker = "MARKER-a7c3e9-migraine-note";
  {
    auto bank = open_bank(path);
    ASSERT_TRUE(
        bank->add_diary(bank_contract::entry(1, "2026-11-01", "{\"note\":\"" + marker + "\"}")));
  }
  checkpoint(path);
  ASSERT_NE(file_bytes(path).find(marker), std::string::npos) << "the test must see it first";
  {
    auto bank = open_bank(path);
    ASSERT_TRUE(bank->erase_person(1));
  }
  checkpoint(path);
  EXPECT_EQ(file_bytes(path).find(marker), std::string::npos);
  EXPECT_EQ(file_bytes(path + "-wal").find(marker), std::string::npos);
}

// Two connections to one file, each behind its own lock, used from several threads at once:
// the busy timeout makes writers take turns and nothing is lost.
TEST(SqliteBankStoreTest, SharesTheFileWithTheMainStoreAcrossThreads) {
  const std::string path = files().next();
  create_users(path, 4);
  LockedStore main(std::move(*SqliteStore::open(path)));
  LockedBankStore bank(std::move(*SqliteBankStore::open(path)));
  constexpr int kPerThread = 40;
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 1; t <= 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!bank.add_diary(bank_contract::entry(t, "2026-11-01"))) ++failures;
      }
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < kPerThread; ++i) {
      UserRecord u;
      u.display_name = "late" + std::to_string(i);
      if (!main.create_user(u)) ++failures;
    }
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  for (int t = 1; t <= 4; ++t) EXPECT_EQ(bank.count_diary(t).value_or(0), kPerThread);
}

}  // namespace
}  // namespace tsunagu::store::sqlite
