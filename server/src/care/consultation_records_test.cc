#include "care/consultation_records.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/memory_consultation_store.h"

namespace tsunagu::care {
namespace {

constexpr std::int64_t kT0 = 1'760'000'012'345;

ConsultationSummary summary(std::int64_t wait, std::int64_t duration, std::string outcome,
                            std::string by, std::string topic = "migraine") {
  return {std::move(topic), kT0, wait, duration, std::move(outcome), std::move(by), 0};
}

TEST(ConsultationRecordsTest, StatsCountAndSpreadWithoutContent) {
  store::MemoryConsultationStore store;
  ConsultationRecords records(store);
  for (int i = 1; i <= 10; ++i) {
    ASSERT_TRUE(records.record(summary(i * 10, i * 60, i % 2 ? "advice" : "own_clinic", "clinician"),
                               std::nullopt));
  }
  ASSERT_TRUE(records.record(summary(500, 30, "", "patient", "child"), std::nullopt));
  auto stats = records.stats(0).value();
  EXPECT_EQ(stats["count"], 11);
  EXPECT_EQ(stats["by_topic"]["migraine"], 10);
  EXPECT_EQ(stats["by_topic"]["child"], 1);
  EXPECT_EQ(stats["by_outcome"]["advice"], 5);
  EXPECT_EQ(stats["by_outcome"]["none"], 1);
  EXPECT_EQ(stats["by_end"]["patient"], 1);
  EXPECT_EQ(stats["wait_s"]["p50"], 60);   // nearest rank: 6th of 11
  EXPECT_EQ(stats["wait_s"]["p90"], 100);  // 10th of 11
  EXPECT_EQ(stats["wait_s"]["max"], 500);
  // The asked time is kept to the minute only.
  EXPECT_EQ(store.summaries(0).value()[0].asked_minute_ms % 60'000, 0);
  EXPECT_EQ(records.stats(kT0 + 60'000).value()["count"], 0);
  EXPECT_EQ(records.stats(kT0 + 60'000).value()["wait_s"]["max"], 0);
}

TEST(ConsultationRecordsTest, KeptNotesReadBackAndErase) {
  store::MemoryConsultationStore store;
  ConsultationRecords records(store);
  KeptNote note{7, kT0, "Dr. Sato", "medication",
                nlohmann::json{{"kind", "online"}, {"link", "https://example.jp"}}, "See you online."};
  ASSERT_TRUE(records.record(summary(1, 2, "online", "clinician"), note));
  auto mine = records.notes_of(7).value();
  ASSERT_EQ(mine["notes"].size(), 1u);
  EXPECT_EQ(mine["notes"][0]["outcome"]["link"], "https://example.jp");
  EXPECT_EQ(mine["notes"][0]["note"], "See you online.");
  EXPECT_TRUE(records.notes_of(8).value()["notes"].empty());
  EXPECT_EQ(records.erase(7).value(), 1);
  EXPECT_TRUE(records.notes_of(7).value()["notes"].empty());
}

TEST(ConsultationRecordsTest, AStoreFailureIsReported) {
  store::MemoryConsultationStore store;
  store.fail_writes = true;
  ConsultationRecords records(store);
  EXPECT_FALSE(records.record(summary(1, 2, "advice", "clinician"), std::nullopt));
}

}  // namespace
}  // namespace tsunagu::care
