#pragma once

// The LoungeStore contract as tests: one set of cases, run against every implementation. A
// test file includes this header once and instantiates the suite with a factory for a fresh,
// empty store whose users 1 and 2 exist (see memory_lounge_store_test.cc).

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "store/lounge_store.h"

namespace tsunagu::store::lounge_contract {

struct LoungeStoreFactory {
  std::string name;
  std::function<std::unique_ptr<LoungeStore>()> make;  // a fresh, empty store
};

inline void PrintTo(const LoungeStoreFactory& factory, std::ostream* os) { *os << factory.name; }

inline std::string factory_name(const ::testing::TestParamInfo<LoungeStoreFactory>& info) {
  return info.param.name;
}

inline constexpr std::int64_t kNow = 1'760'000'000'000;
inline constexpr std::int64_t kAsker = 1;
inline constexpr std::int64_t kSpecialist = 2;

inline CaseQuestionRecord question(std::int64_t author, const std::string& title,
                                   bool anonymous = true) {
  CaseQuestionRecord q;
  q.author_id = author;
  q.anonymous = anonymous;
  q.title = title;
  q.body = "40代女性。前兆のある片頭痛で、予防薬の選び方を相談したいです。";
  q.tags_json = R"(["片頭痛","予防"])";
  q.created_ms = kNow;
  return q;
}

inline CaseAnswerRecord answer(
    std::int64_t question_id, std::int64_t author,
    const std::string& body = "まずは頭痛ダイアリーで頻度を確認しましょう。") {
  CaseAnswerRecord a;
  a.question_id = question_id;
  a.author_id = author;
  a.body = body;
  a.created_ms = kNow + 1000;
  return a;
}

class LoungeStoreContractTest : public ::testing::TestWithParam<LoungeStoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr);
  }
  std::unique_ptr<LoungeStore> store_;
};

TEST_P(LoungeStoreContractTest, QuestionsReadBackNewestFirstWithTheirAnswerCounts) {
  const auto first = store_->add_question(question(kAsker, "予防薬の選択")).value();
  const auto second = store_->add_question(question(kSpecialist, "小児の頭痛", false)).value();
  EXPECT_LT(first, second);
  ASSERT_TRUE(store_->add_answer(answer(first, kSpecialist)));
  ASSERT_TRUE(store_->add_answer(answer(first, kSpecialist, "CGRP関連抗体薬も選択肢です。")));
  auto list = store_->questions(0, 10).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, second);
  EXPECT_EQ(list[0].title, "小児の頭痛");
  EXPECT_FALSE(list[0].anonymous);
  EXPECT_EQ(list[0].answer_count, 0);
  EXPECT_EQ(list[1].id, first);
  EXPECT_EQ(list[1].answer_count, 2);
  EXPECT_TRUE(list[1].anonymous);
  EXPECT_EQ(list[1].author_id, kAsker);
  EXPECT_EQ(list[1].tags_json, R"(["片頭痛","予防"])");
  EXPECT_EQ(list[1].created_ms, kNow);
  auto found = store_->find_question(first).value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->answer_count, 2);
  EXPECT_EQ(found->body, question(kAsker, "").body);
  EXPECT_FALSE(store_->find_question(999).value());
}

TEST_P(LoungeStoreContractTest, PagesGoBackwardsFromBefore) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(store_->add_question(question(kAsker, "q" + std::to_string(i))).value());
  }
  auto page1 = store_->questions(0, 2).value();
  ASSERT_EQ(page1.size(), 2u);
  EXPECT_EQ(page1[0].id, ids[4]);
  EXPECT_EQ(page1[1].id, ids[3]);
  auto page2 = store_->questions(page1[1].id, 2).value();
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_EQ(page2[0].id, ids[2]);
  auto last = store_->questions(ids[1], 10).value();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].id, ids[0]);
}

TEST_P(LoungeStoreContractTest, AnswersComeOldestFirstAndNeedTheirQuestion) {
  const auto q = store_->add_question(question(kAsker, "画像検査の適応")).value();
  const auto a1 = store_->add_answer(answer(q, kSpecialist, "一つ目")).value();
  const auto a2 = store_->add_answer(answer(q, kAsker, "追記です")).value();
  EXPECT_LT(a1, a2);
  auto answers = store_->answers_to(q).value();
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].id, a1);
  EXPECT_EQ(answers[0].body, "一つ目");
  EXPECT_EQ(answers[0].author_id, kSpecialist);
  EXPECT_EQ(answers[0].question_id, q);
  EXPECT_EQ(answers[0].created_ms, kNow + 1000);
  EXPECT_EQ(answers[1].id, a2);
  auto orphan = store_->add_answer(answer(q + 100, kSpecialist));
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().name(), "not_found");
  EXPECT_TRUE(store_->answers_to(q + 100).value().empty());
}

TEST_P(LoungeStoreContractTest, OnlyTheAuthorDeletesAndAnswersGoWithTheirQuestion) {
  const auto q = store_->add_question(question(kAsker, "削除テスト")).value();
  const auto a = store_->add_answer(answer(q, kSpecialist)).value();
  auto wrong = store_->delete_question(kSpecialist, q);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().name(), "not_found");
  auto wrong_answer = store_->delete_answer(kAsker, a);
  ASSERT_FALSE(wrong_answer);
  EXPECT_EQ(wrong_answer.error().name(), "not_found");
  ASSERT_TRUE(store_->delete_answer(kSpecialist, a));
  EXPECT_EQ(store_->find_question(q).value()->answer_count, 0);
  ASSERT_TRUE(store_->add_answer(answer(q, kSpecialist)));
  ASSERT_TRUE(store_->delete_question(kAsker, q));
  EXPECT_FALSE(store_->find_question(q).value());
  EXPECT_TRUE(store_->answers_to(q).value().empty());
  EXPECT_FALSE(store_->delete_question(kAsker, q));
}

TEST_P(LoungeStoreContractTest, EraseAuthorRemovesTheirQuestionsAndAnswers) {
  const auto mine = store_->add_question(question(kAsker, "私の質問")).value();
  const auto theirs = store_->add_question(question(kSpecialist, "他の人の質問")).value();
  ASSERT_TRUE(store_->add_answer(answer(mine, kSpecialist)));  // goes with my question
  ASSERT_TRUE(store_->add_answer(answer(theirs, kAsker)));     // my answer elsewhere
  ASSERT_TRUE(store_->add_answer(answer(theirs, kSpecialist)));
  auto erased = store_->erase_author(kAsker).value();
  EXPECT_EQ(erased.questions, 1);
  EXPECT_EQ(erased.answers, 1);
  EXPECT_FALSE(store_->find_question(mine).value());
  auto left = store_->answers_to(theirs).value();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].author_id, kSpecialist);
  EXPECT_EQ(store_->questions(0, 10).value().size(), 1u);
  auto none = store_->erase_author(kAsker).value();
  EXPECT_EQ(none.questions + none.answers, 0);
}

}  // namespace tsunagu::store::lounge_contract
