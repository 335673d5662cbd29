#include "store/memory_consultation_store.h"

#include <gtest/gtest.h>

#include "store/consultation_store_contract_test.h"

namespace tsunagu::store {
namespace {

using consultation_contract::ConsultationStoreContractTest;
using consultation_contract::ConsultationStoreFactory;

INSTANTIATE_TEST_SUITE_P(Memory, ConsultationStoreContractTest,
                         ::testing::Values(ConsultationStoreFactory{
                             "memory", [] { return std::make_unique<MemoryConsultationStore>(); }}),
                         consultation_contract::factory_name);

TEST(MemoryConsultationStoreTest, FailWritesFailsWrites) {
  MemoryConsultationStore store;
  store.fail_writes = true;
  EXPECT_FALSE(store.add_summary({}));
  EXPECT_FALSE(store.add_note(consultation_contract::note_for(1, "x")));
  EXPECT_FALSE(store.erase_notes(1));
}

}  // namespace
}  // namespace tsunagu::store
