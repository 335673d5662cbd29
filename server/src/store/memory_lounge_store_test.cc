#include "store/memory_lounge_store.h"

#include <gtest/gtest.h>

#include <memory>

#include "store/lounge_store_contract_test.h"

namespace tsunagu::store {
namespace {

using lounge_contract::LoungeStoreContractTest;
using lounge_contract::LoungeStoreFactory;

INSTANTIATE_TEST_SUITE_P(Memory, LoungeStoreContractTest,
                         ::testing::Values(LoungeStoreFactory{
                             "memory", [] { return std::make_unique<MemoryLoungeStore>(); }}),
                         lounge_contract::factory_name);

TEST(MemoryLoungeStoreTest, FailWritesFailsWritesButNotReads) {
  MemoryLoungeStore store;
  const auto id = store.add_question(lounge_contract::question(1, "q")).value();
  store.fail_writes = true;
  EXPECT_FALSE(store.add_question(lounge_contract::question(1, "q2")));
  EXPECT_FALSE(store.add_answer(lounge_contract::answer(id, 2)));
  EXPECT_FALSE(store.delete_question(1, id));
  EXPECT_FALSE(store.erase_author(1));
  EXPECT_TRUE(store.find_question(id).value());
  EXPECT_EQ(store.questions(0, 10).value().size(), 1u);
}

}  // namespace
}  // namespace tsunagu::store
