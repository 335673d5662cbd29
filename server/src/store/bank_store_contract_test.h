#pragma once

// The BankStore contract as tests: one set of cases, run against every implementation. A
// test file includes this header once and instantiates the suite with a factory for a fresh,
// empty store (see memory_bank_store_test.cc). When the implementations disagree, a case here
// fails for one of them: fix it, or change the case and bank_store.h together.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "store/bank_store.h"

namespace tsunagu::store::bank_contract {

struct BankStoreFactory {
  std::string name;
  std::function<std::unique_ptr<BankStore>()> make;  // a fresh, empty store
};

inline void PrintTo(const BankStoreFactory& factory, std::ostream* os) { *os << factory.name; }

inline std::string factory_name(const ::testing::TestParamInfo<BankStoreFactory>& info) {
  return info.param.name;
}

inline constexpr std::int64_t kNow = 1'760'000'000'000;
// User ids as the main store would have handed them out.
inline constexpr std::int64_t kAlice = 1;
inline constexpr std::int64_t kBob = 2;

inline DiaryRecord entry(std::int64_t user, const std::string& date,
                         const std::string& json = R"({"intensity":5})") {
  DiaryRecord r;
  r.user_id = user;
  r.date = date;
  r.entry_json = json;
  r.created_ms = kNow;
  r.updated_ms = kNow;
  return r;
}

inline SurveyResponseRecord response(std::int64_t id, std::int64_t user, const std::string& key,
                                     const std::string& survey = "epi", int version = 1) {
  SurveyResponseRecord r;
  r.id = id;
  r.survey_id = survey;
  r.version = version;
  r.user_id = user;
  r.month = "2026-11";
  r.answers_json = R"({"q1":"a"})";
  r.dedupe_key = user == 0 ? "" : key;
  return r;
}

inline ConsentRecord consent(std::int64_t user, const std::string& survey = "epi", int version = 1,
                             bool anonymous = false) {
  ConsentRecord c;
  c.user_id = user;
  c.kind = "survey_response";
  c.survey_id = survey;
  c.version = version;
  c.anonymous = anonymous;
  c.created_ms = kNow;
  return c;
}

class BankStoreContractTest : public ::testing::TestWithParam<BankStoreFactory> {
 protected:
  void SetUp() override { store_ = GetParam().make(); }

  std::int64_t add(const DiaryRecord& r) {
    auto id = store_->add_diary(r);
    EXPECT_TRUE(id) << (id ? "" : id.error().message());
    return id.value_or(0);
  }
  std::vector<DiaryRecord> diary(std::int64_t user, const std::string& from = "",
                                 const std::string& to = "") {
    auto rows = store_->diary_of(user, from, to);
    EXPECT_TRUE(rows) << (rows ? "" : rows.error().message());
    return rows.value_or(std::vector<DiaryRecord>{});
  }
  // user 0: an anonymous answer (given by kBob, whose consent is kept).
  void answer(std::int64_t id, std::int64_t user, const std::string& key,
              const std::string& survey = "epi", int version = 1) {
    auto s = store_->add_response(response(id, user, key, survey, version), key,
                                  consent(user == 0 ? kBob : user, survey, version, user == 0));
    EXPECT_TRUE(s) << (s ? "" : s.error().message());
  }

  std::unique_ptr<BankStore> store_;
};

TEST_P(BankStoreContractTest, DiaryEntriesGetIncreasingIdsAndReadBack) {
  const auto a = add(entry(kAlice, "2026-11-03", R"({"intensity":7})"));
  const auto b = add(entry(kAlice, "2026-11-01"));
  EXPECT_GT(a, 0);
  EXPECT_GT(b, a);
  auto found = store_->find_diary(kAlice, a);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->date, "2026-11-03");
  EXPECT_EQ((*found)->entry_json, R"({"intensity":7})");
  EXPECT_EQ((*found)->user_id, kAlice);
  EXPECT_EQ((*found)->created_ms, kNow);
  EXPECT_EQ(store_->count_diary(kAlice).value_or(-1), 2);
  EXPECT_EQ(store_->count_diary(kBob).value_or(-1), 0);
}

TEST_P(BankStoreContractTest, DiaryRangeIsInclusiveAndOrderedByDateThenId) {
  const auto late = add(entry(kAlice, "2026-11-30"));
  const auto early = add(entry(kAlice, "2026-10-01"));
  const auto same_day = add(entry(kAlice, "2026-10-01"));
  add(entry(kAlice, "2026-12-01"));
  add(entry(kBob, "2026-11-15"));
  auto rows = diary(kAlice, "2026-10-01", "2026-11-30");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].id, early);
  EXPECT_EQ(rows[1].id, same_day);
  EXPECT_EQ(rows[2].id, late);
  EXPECT_EQ(diary(kAlice).size(), 4u);
  EXPECT_EQ(diary(kAlice, "2026-12-01").size(), 1u);
  EXPECT_EQ(diary(kAlice, "", "2026-10-01").size(), 2u);
}

// Another person's entry is "not found", never changed: ids are guessable.
TEST_P(BankStoreContractTest, DiaryEntriesBelongToTheirOwner) {
  const auto id = add(entry(kAlice, "2026-11-03"));
  auto theirs = store_->find_diary(kBob, id);
  ASSERT_TRUE(theirs);
  EXPECT_FALSE(theirs->has_value());
  DiaryRecord edit = entry(kBob, "2026-11-04");
  edit.id = id;
  auto updated = store_->update_diary(edit);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().name(), "not_found");
  auto deleted = store_->delete_diary(kBob, id);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().name(), "not_found");
  EXPECT_EQ(diary(kAlice).at(0).date, "2026-11-03");
}

TEST_P(BankStoreContractTest, DiaryUpdateAndDelete) {
  const auto id = add(entry(kAlice, "2026-11-03"));
  DiaryRecord edit = entry(kAlice, "2026-11-05", R"({"intensity":2})");
  edit.id = id;
  edit.updated_ms = kNow + 5;
  ASSERT_TRUE(store_->update_diary(edit));
  auto rows = diary(kAlice);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].date, "2026-11-05");
  EXPECT_EQ(rows[0].entry_json, R"({"intensity":2})");
  EXPECT_EQ(rows[0].created_ms, kNow);
  EXPECT_EQ(rows[0].updated_ms, kNow + 5);
  ASSERT_TRUE(store_->delete_diary(kAlice, id));
  EXPECT_TRUE(diary(kAlice).empty());
  EXPECT_EQ(store_->delete_diary(kAlice, id).error().name(), "not_found");
  DiaryRecord gone = edit;
  EXPECT_EQ(store_->update_diary(gone).error().name(), "not_found");
}

TEST_P(BankStoreContractTest, OneResponsePerDedupeKeyAndNothingStoredOnConflict) {
  answer(101, kAlice, "k-alice-epi-1");
  EXPECT_TRUE(store_->has_dedupe_key("k-alice-epi-1").value_or(false));
  EXPECT_FALSE(store_->has_dedupe_key("k-bob-epi-1").value_or(true));
  auto again = store_->add_response(response(102, kAlice, "k-alice-epi-1"), "k-alice-epi-1",
                                    consent(kAlice));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().name(), "store_conflict");
  auto same_id =
      store_->add_response(response(101, kBob, "k-bob-epi-1"), "k-bob-epi-1", consent(kBob));
  ASSERT_FALSE(same_id);
  EXPECT_EQ(same_id.error().name(), "store_conflict");
  // Neither failed attempt left a row, a key or a consent behind.
  EXPECT_EQ(store_->responses_to("epi", 1).value().size(), 1u);
  EXPECT_FALSE(store_->has_dedupe_key("k-bob-epi-1").value_or(true));
  EXPECT_EQ(store_->consents_of(kAlice).value().size(), 1u);
  EXPECT_TRUE(store_->consents_of(kBob).value().empty());
}

TEST_P(BankStoreContractTest, ResponsesAreReadBySurveyVersionAndByPerson) {
  answer(30, kAlice, "a1");
  answer(10, kBob, "b1");
  answer(20, 0, "anon1");
  answer(40, kAlice, "a2", "epi", 2);
  answer(50, kAlice, "a3", "feedback", 1);
  auto v1 = store_->responses_to("epi", 1).value();
  ASSERT_EQ(v1.size(), 3u);
  EXPECT_EQ(v1[0].id, 10);
  EXPECT_EQ(v1[1].id, 20);
  EXPECT_EQ(v1[1].user_id, 0);
  EXPECT_EQ(v1[1].dedupe_key, "");
  EXPECT_EQ(v1[2].id, 30);
  EXPECT_EQ(v1[2].month, "2026-11");
  EXPECT_EQ(v1[2].answers_json, R"({"q1":"a"})");
  EXPECT_EQ(v1[2].dedupe_key, "a1");
  EXPECT_EQ(store_->responses_to("epi", 2).value().size(), 1u);
  auto mine = store_->responses_of(kAlice).value();
  ASSERT_EQ(mine.size(), 3u);
  EXPECT_EQ(mine[0].id, 30);
  EXPECT_EQ(mine[2].survey_id, "feedback");
  EXPECT_TRUE(store_->responses_of(0).value().empty()) << "0 is nobody";
  auto consents = store_->consents_of(kAlice).value();
  ASSERT_EQ(consents.size(), 3u);
  EXPECT_EQ(consents[0].kind, "survey_response");
  EXPECT_EQ(consents[0].survey_id, "epi");
  EXPECT_EQ(consents[1].version, 2);
  EXPECT_FALSE(consents[0].anonymous);
  EXPECT_GT(consents[1].id, consents[0].id);
}

// Deletion takes the diary, the named answers (freeing their keys so the person may answer
// again) and consents; anonymous answers cannot be found and stay, and so do their keys.
TEST_P(BankStoreContractTest, ErasePersonRemovesEverythingLinkedToThem) {
  add(entry(kAlice, "2026-11-01"));
  add(entry(kAlice, "2026-11-02"));
  add(entry(kBob, "2026-11-02"));
  answer(1, kAlice, "alice-epi");
  answer(2, kBob, "bob-epi");
  ASSERT_TRUE(store_->add_response(response(3, 0, "", "feedback"), "alice-feedback",
                                   consent(kAlice, "feedback", 1, true)));
  auto erased = store_->erase_person(kAlice);
  ASSERT_TRUE(erased) << erased.error().message();
  EXPECT_EQ(erased->diary_entries, 2);
  EXPECT_EQ(erased->responses, 1);
  EXPECT_EQ(erased->consents, 2);
  EXPECT_TRUE(diary(kAlice).empty());
  EXPECT_EQ(diary(kBob).size(), 1u);
  EXPECT_TRUE(store_->responses_of(kAlice).value().empty());
  EXPECT_TRUE(store_->consents_of(kAlice).value().empty());
  EXPECT_FALSE(store_->has_dedupe_key("alice-epi").value_or(true));
  EXPECT_TRUE(store_->has_dedupe_key("alice-feedback").value_or(false));
  EXPECT_TRUE(store_->has_dedupe_key("bob-epi").value_or(false));
  auto epi = store_->responses_to("epi", 1).value();
  ASSERT_EQ(epi.size(), 1u);
  EXPECT_EQ(epi[0].user_id, kBob);
  EXPECT_EQ(store_->responses_to("feedback", 1).value().size(), 1u);
  auto again = store_->erase_person(kAlice);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->diary_entries + again->responses + again->consents, 0);
  // Anonymous rows (user 0) are never erased as if they were one person's.
  auto nobody = store_->erase_person(0);
  ASSERT_TRUE(nobody);
  EXPECT_EQ(store_->responses_to("feedback", 1).value().size(), 1u);
}

}  // namespace tsunagu::store::bank_contract
