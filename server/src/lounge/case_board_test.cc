#include "lounge/case_board.h"

#include <gtest/gtest.h>

#include "store/memory_lounge_store.h"
#include "store/memory_store.h"

namespace tsunagu::lounge {
namespace {

using namespace std::chrono_literals;

class CaseBoardTest : public ::testing::Test {
 protected:
  CaseBoardTest() : audit_(users_, clock_), board_(lounge_, users_, audit_, clock_) {}

  auth::Identity person(const char* name, auth::Role role) {
    store::UserRecord u;
    u.display_name = name;
    u.role = std::string(auth::role_name(role));
    auth::Identity who;
    who.user = u;
    who.user.id = users_.create_user(u).value();
    who.role = role;
    return who;
  }

  static QuestionDraft draft(
      const char* title = "予防薬の選び方",
      const char* body = "40代女性、前兆のある片頭痛が月8日。予防薬の選択に迷っています。") {
    QuestionDraft d;
    d.title = title;
    d.body = body;
    d.tags = {"片頭痛", "予防"};
    return d;
  }

  // The actions of audit entries, in order.
  std::vector<std::string> audited() {
    std::vector<std::string> out;
    const auto entries = users_.audit_after(0, 100).value();
    for (const auto& e : entries) out.push_back(e.action);
    return out;
  }

  store::MemoryStore users_;
  store::MemoryLoungeStore lounge_;
  core::FakeClock clock_;
  audit::AuditLog audit_;
  CaseBoard board_;
};

TEST_F(CaseBoardTest, OnlyLoungeRolesReadAndAskAndOnlyCliniciansAnswer) {
  struct Case {
    auth::Role role;
    bool reads;
    bool answers;
  };
  const Case cases[] = {
      {auth::Role::kGuest, false, false},       {auth::Role::kMember, false, false},
      {auth::Role::kClinician, true, true},     {auth::Role::kTrainee, true, false},
      {auth::Role::kFacilitator, false, false}, {auth::Role::kResearcher, false, false},
      {auth::Role::kModerator, false, false},   {auth::Role::kAdmin, false, false},
  };
  const auto asker = person("Asker", auth::Role::kClinician);
  const auto q = board_.ask(asker, draft()).value().record.id;
  for (const auto& c : cases) {
    const auto who = person("Someone", c.role);
    const std::string role(auth::role_name(c.role));
    auto list = board_.list(who, 0);
    auto thread = board_.thread(who, q);
    auto asked = board_.ask(who, draft("別の質問"));
    auto answered = board_.answer(who, q, {"まず頭痛ダイアリーを。", false, false});
    EXPECT_EQ(list.has_value(), c.reads) << role;
    EXPECT_EQ(thread.has_value(), c.reads) << role;
    EXPECT_EQ(asked.has_value(), c.reads) << role;
    EXPECT_EQ(answered.has_value(), c.answers) << role;
    if (!c.reads) {
      EXPECT_EQ(list.error().name(), "permission_denied") << role;
      EXPECT_EQ(asked.error().name(), "permission_denied") << role;
    }
    if (!c.answers) {
      EXPECT_EQ(answered.error().name(), "permission_denied") << role;
    }
  }
}

TEST_F(CaseBoardTest, AnonymousAuthorsAreNotNamedToReaders) {
  const auto asker = person("山田", auth::Role::kTrainee);
  const auto specialist = person("佐藤", auth::Role::kClinician);
  auto asked = board_.ask(asker, draft());
  ASSERT_TRUE(asked) << asked.error().message();
  EXPECT_TRUE(asked->author.mine);
  auto named = draft("署名あり");
  named.anonymous = false;
  ASSERT_TRUE(board_.ask(asker, named));
  ASSERT_TRUE(
      board_.answer(specialist, asked->record.id, {"CGRP関連抗体も選択肢です。", false, false}));
  ASSERT_TRUE(board_.answer(specialist, asked->record.id, {"匿名での補足です。", true, false}));

  auto list = board_.list(specialist, 0).value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].record.title, "署名あり");
  EXPECT_FALSE(list[0].author.anonymous);
  EXPECT_EQ(list[0].author.name, "山田");
  EXPECT_EQ(list[0].author.role, "trainee");
  EXPECT_TRUE(list[1].author.anonymous);
  EXPECT_TRUE(list[1].author.name.empty());
  EXPECT_FALSE(list[1].author.mine);
  EXPECT_EQ(list[1].record.answer_count, 2);
  EXPECT_EQ(list[1].tags, (std::vector<std::string>{"片頭痛", "予防"}));

  auto thread = board_.thread(asker, asked->record.id).value();
  ASSERT_EQ(thread.answers.size(), 2u);
  EXPECT_EQ(thread.answers[0].author.name, "佐藤");
  EXPECT_EQ(thread.answers[0].author.role, "clinician");
  EXPECT_TRUE(thread.answers[1].author.anonymous);
  EXPECT_TRUE(thread.answers[1].author.name.empty());
  EXPECT_TRUE(thread.question.author.mine);
}

TEST_F(CaseBoardTest, IdentifiersMustBeConfirmedBeforePosting) {
  const auto doctor = person("Doc", auth::Role::kClinician);
  auto d = draft("相談", "患者ID: 1234567、生年月日 1980/1/2、連絡先 090-1234-5678");
  auto refused = board_.ask(doctor, d);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().name(), "case_identifiers_suspected");
  EXPECT_TRUE(lounge_.question_rows.empty());
  auto found = CaseBoard::findings(d);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].kind, "record_number");
  EXPECT_EQ(found[1].kind, "birth_date");
  EXPECT_EQ(found[2].kind, "date");
  EXPECT_EQ(found[3].kind, "phone");
  d.confirmed = true;
  ASSERT_TRUE(board_.ask(doctor, d));
  EXPECT_EQ(lounge_.question_rows.size(), 1u);
  // Tags and titles are checked too.
  auto tagged = draft();
  tagged.tags = {"〒100-0001"};
  EXPECT_EQ(board_.ask(doctor, tagged).error().name(), "case_identifiers_suspected");
  // And answers.
  const auto q = lounge_.question_rows.front().id;
  AnswerDraft a{"山田さん 03-1234-5678 に電話を", false, false};
  EXPECT_EQ(board_.answer(doctor, q, a).error().name(), "case_identifiers_suspected");
  EXPECT_EQ(CaseBoard::findings(a).size(), 1u);
  a.confirmed = true;
  EXPECT_TRUE(board_.answer(doctor, q, a));
}

TEST_F(CaseBoardTest, DraftsAreCleanedAndBounded) {
  const auto doctor = person("Doc", auth::Role::kClinician);
  struct Case {
    const char* name;
    QuestionDraft draft;
    const char* error;  // "" when it posts
  };
  auto with = [](std::string title, std::string body, std::vector<std::string> tags) {
    QuestionDraft d;
    d.title = std::move(title);
    d.body = std::move(body);
    d.tags = std::move(tags);
    return d;
  };
  std::string long_title, long_body;
  for (int i = 0; i < 121; ++i) long_title += "頭";
  for (int i = 0; i < 4001; ++i) long_body += "痛";
  const Case cases[] = {
      {"ok", with("題", "本文", {}), ""},
      {"blank title", with("  \u3000 ", "本文", {}), "case_title_invalid"},
      {"long title", with(long_title, "本文", {}), "case_title_invalid"},
      {"empty body", with("題", "\n\n ", {}), "case_body_invalid"},
      {"long body", with("題", long_body, {}), "case_body_invalid"},
      {"bad utf8", with("題", "a\xC0\xAF", {}), "case_body_invalid"},
      {"six tags", with("題", "本文", {"a", "b", "c", "d", "e", "f"}), "case_tags_invalid"},
      {"long tag", with("題", "本文", {"0123456789012345678901234"}), "case_tags_invalid"},
      {"duplicate and blank tags fold", with("題", "本文", {"a", "a", " ", "b"}), ""},
  };
  for (const auto& c : cases) {
    clock_.advance(1h);  // stay inside the post limit
    auto r = board_.ask(doctor, c.draft);
    if (std::string(c.error).empty()) {
      EXPECT_TRUE(r) << c.name << ": " << (r ? "" : r.error().message());
    } else {
      ASSERT_FALSE(r) << c.name;
      EXPECT_EQ(r.error().name(), c.error) << c.name;
    }
  }
  auto multi = with(" \u202E題\u200B ", "一行目\r\n二行目\u0007", {"  タグ  "});
  auto posted = board_.ask(doctor, multi).value();
  EXPECT_EQ(posted.record.title, "題");
  EXPECT_EQ(posted.record.body, "一行目\n二行目");
  EXPECT_EQ(posted.tags, std::vector<std::string>{"タグ"});
  EXPECT_EQ(board_.list(doctor, 0).value().front().tags, std::vector<std::string>{"タグ"});
}

TEST_F(CaseBoardTest, PostsAreAuditedWithoutTheirText) {
  const auto asker = person("Asker", auth::Role::kTrainee);
  const auto specialist = person("Specialist", auth::Role::kClinician);
  const auto q = board_.ask(asker, draft("秘密のタイトル", "秘密の本文です")).value().record.id;
  const auto a = board_.answer(specialist, q, {"秘密の回答", false, false}).value().record.id;
  ASSERT_TRUE(board_.remove_answer(specialist, a));
  ASSERT_TRUE(board_.remove_question(asker, q));
  EXPECT_EQ(audited(),
            (std::vector<std::string>{"lounge.question.post", "lounge.answer.post",
                                      "lounge.answer.delete", "lounge.question.delete"}));
  const auto entries = users_.audit_after(0, 100).value();
  for (const auto& e : entries) {
    EXPECT_EQ(e.detail_json.find("秘密"), std::string::npos) << e.detail_json;
    EXPECT_NE(e.actor_id, 0);
  }
}

TEST_F(CaseBoardTest, OnlyTheAuthorDeletesAndMissingThingsAreNotFound) {
  const auto asker = person("Asker", auth::Role::kClinician);
  const auto other = person("Other", auth::Role::kClinician);
  const auto q = board_.ask(asker, draft()).value().record.id;
  EXPECT_EQ(board_.remove_question(other, q).error().name(), "not_found");
  EXPECT_EQ(board_.thread(other, q + 1).error().name(), "not_found");
  EXPECT_EQ(board_.answer(other, q + 1, {"回答", false, false}).error().name(), "not_found");
  EXPECT_TRUE(board_.remove_question(asker, q));
}

TEST_F(CaseBoardTest, PostingIsRateLimitedPerPerson) {
  const auto doctor = person("Doc", auth::Role::kClinician);
  for (int i = 0; i < kPostBurst; ++i) ASSERT_TRUE(board_.ask(doctor, draft())) << i;
  auto refused = board_.ask(doctor, draft());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().name(), "rate_limited");
  clock_.advance(181s);
  EXPECT_TRUE(board_.ask(doctor, draft()));
}

TEST_F(CaseBoardTest, ErasePersonRemovesTheirPosts) {
  const auto asker = person("Asker", auth::Role::kClinician);
  const auto other = person("Other", auth::Role::kClinician);
  const auto mine = board_.ask(asker, draft()).value().record.id;
  const auto theirs = board_.ask(other, draft()).value().record.id;
  ASSERT_TRUE(board_.answer(asker, theirs, {"回答", false, false}));
  ASSERT_TRUE(board_.answer(other, mine, {"回答", false, false}));
  auto erased = board_.erase_person(asker.user.id).value();
  EXPECT_EQ(erased.questions, 1);
  EXPECT_EQ(erased.answers, 1);
  EXPECT_EQ(board_.list(other, 0).value().size(), 1u);
}

}  // namespace
}  // namespace tsunagu::lounge
