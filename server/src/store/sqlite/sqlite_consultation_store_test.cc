#include "store/sqlite/sqlite_consultation_store.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "store/consultation_store_contract_test.h"
#include "store/sqlite/sqlite_store.h"

namespace tsunagu::store::sqlite {
namespace {

using consultation_contract::ConsultationStoreContractTest;
using consultation_contract::ConsultationStoreFactory;

// One directory for the whole test binary (removed at exit); each store gets its own file.
class ConsultFiles {
 public:
  ConsultFiles() {
    std::string pattern = std::filesystem::temp_directory_path() / "tsunagu-consult-XXXXXX";
    dir_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~ConsultFiles() {
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }
  std::string next() { return dir_ + "/consult-" + std::to_string(++count_) + ".db"; }

 private:
  std::string dir_;
  std::atomic<int> count_ = 0;
};

ConsultFiles& files() {
  static ConsultFiles instance;
  return instance;
}

std::unique_ptr<ConsultationStore> fresh(const std::string& path) {
  {
    auto main = SqliteStore::open(path);
    EXPECT_TRUE(main);
    for (int i = 1; i <= 2; ++i) {
      UserRecord u;
      u.display_name = "person" + std::to_string(i);
      u.created_ms = consultation_contract::kT0;
      EXPECT_EQ((*main)->create_user(u).value_or(0), i);
    }
  }
  auto store = SqliteConsultationStore::open(path);
  EXPECT_TRUE(store) << (store ? "" : store.error().message());
  return store ? std::move(*store) : nullptr;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ConsultationStoreContractTest,
                         ::testing::Values(ConsultationStoreFactory{
                             "sqlite", [] { return fresh(files().next()); }}),
                         consultation_contract::factory_name);

TEST(SqliteConsultationStoreTest, ANoteNeedsAnExistingPerson) {
  auto store = fresh(files().next());
  auto added = store->add_note(consultation_contract::note_for(99, "x"));
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().name(), "store_constraint");
}

}  // namespace
}  // namespace tsunagu::store::sqlite
