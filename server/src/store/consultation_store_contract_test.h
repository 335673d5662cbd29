#pragma once

// The ConsultationStore contract as tests, run against every implementation with a factory for
// a fresh, empty store whose users 1 and 2 exist.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "store/consultation_store.h"

namespace tsunagu::store::consultation_contract {

struct ConsultationStoreFactory {
  std::string name;
  std::function<std::unique_ptr<ConsultationStore>()> make;
};

inline void PrintTo(const ConsultationStoreFactory& f, std::ostream* os) { *os << f.name; }
inline std::string factory_name(const ::testing::TestParamInfo<ConsultationStoreFactory>& info) {
  return info.param.name;
}

inline constexpr std::int64_t kMinute = 60'000;
inline constexpr std::int64_t kT0 = 1'760'000'000'000 / kMinute * kMinute;

inline ConsultNoteRecord note_for(std::int64_t user, const std::string& text) {
  return ConsultNoteRecord{0, user, kT0, "佐藤医師", "migraine", R"({"kind":"advice"})", text};
}

class ConsultationStoreContractTest : public ::testing::TestWithParam<ConsultationStoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr);
  }
  std::unique_ptr<ConsultationStore> store_;
};

TEST_P(ConsultationStoreContractTest, SummariesComeBackOldestFirstFromAGivenTime) {
  ASSERT_TRUE(store_->add_summary({"child", kT0 + 2 * kMinute, 30, 600, "advice", "clinician", 1}));
  ASSERT_TRUE(store_->add_summary({"migraine", kT0, 5, 300, "", "patient", 0}));
  auto all = store_->summaries(0).value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].topic, "migraine");
  EXPECT_EQ(all[0].ended_by, "patient");
  EXPECT_EQ(all[1].wait_s, 30);
  EXPECT_EQ(all[1].duration_s, 600);
  EXPECT_EQ(all[1].outcome, "advice");
  EXPECT_EQ(all[1].observers, 1);
  EXPECT_EQ(store_->summaries(kT0 + kMinute).value().size(), 1u);
}

TEST_P(ConsultationStoreContractTest, NotesBelongToTheirPersonAndGoWithThem) {
  const auto first = store_->add_note(note_for(1, "頭痛ダイアリーを続けましょう")).value();
  const auto second = store_->add_note(note_for(1, "second")).value();
  ASSERT_TRUE(store_->add_note(note_for(2, "someone else's")));
  EXPECT_GT(second, first);
  auto mine = store_->notes_of(1).value();
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, second);  // newest first
  EXPECT_EQ(mine[1].note, "頭痛ダイアリーを続けましょう");
  EXPECT_EQ(mine[1].clinician, "佐藤医師");
  EXPECT_EQ(mine[1].outcome_json, R"({"kind":"advice"})");
  EXPECT_EQ(store_->erase_notes(1).value(), 2);
  EXPECT_TRUE(store_->notes_of(1).value().empty());
  EXPECT_EQ(store_->notes_of(2).value().size(), 1u);
  EXPECT_EQ(store_->erase_notes(1).value(), 0);
}

}  // namespace tsunagu::store::consultation_contract
