#include "store/memory_bank_store.h"

#include <gtest/gtest.h>

#include <memory>

#include "store/bank_store_contract_test.h"
#include "store/locked_bank_store.h"

namespace tsunagu::store {
namespace {

using bank_contract::BankStoreContractTest;
using bank_contract::BankStoreFactory;

INSTANTIATE_TEST_SUITE_P(
    Memory, BankStoreContractTest,
    ::testing::Values(
        BankStoreFactory{"memory", [] { return std::make_unique<MemoryBankStore>(); }},
        BankStoreFactory{
            "locked_memory",
            [] { return std::make_unique<LockedBankStore>(std::make_unique<MemoryBankStore>()); }}),
    bank_contract::factory_name);

TEST(MemoryBankStoreTest, FailWritesFailsWritesButNotReads) {
  MemoryBankStore store;
  const auto id = store.add_diary(bank_contract::entry(1, "2026-11-01")).value();
  store.fail_writes = true;
  EXPECT_FALSE(store.add_diary(bank_contract::entry(1, "2026-11-02")));
  EXPECT_FALSE(store.delete_diary(1, id));
  EXPECT_FALSE(
      store.add_response(bank_contract::response(1, 1, "k"), "k", bank_contract::consent(1)));
  EXPECT_FALSE(store.erase_person(1));
  EXPECT_EQ(store.diary_of(1, "", "").value().size(), 1u);
}

}  // namespace
}  // namespace tsunagu::store
