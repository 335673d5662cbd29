#include "bank/bank_service.h"

#include <gtest/gtest.h>

#include "bank/dates.h"
#include "store/memory_bank_store.h"
#include "store/memory_store.h"

namespace tsunagu::bank {
namespace {

using nlohmann::json;

constexpr std::int64_t kAlice = 1;
constexpr std::int64_t kBob = 2;
constexpr std::int64_t kResearcher = 99;

class BankServiceTest : public ::testing::Test {
 protected:
  BankServiceTest()
      : audit_(main_, clock_),
        key_(ResearchKey::from_bytes({})),
        service_(store_, audit_, clock_, catalog_, key_, 3) {
    auto loaded = SurveyCatalog::load(std::string(TSUNAGU_SOURCE_DIR) + "/content/surveys");
    if (!loaded) throw std::runtime_error(loaded.error().message());
    catalog_ = std::move(*loaded);
  }

  DiaryEntry entry(const char* date, int intensity = 6) {
    DiaryEntry e;
    e.day = *parse_date(date);
    e.duration_min = 300;
    e.intensity = intensity;
    return e;
  }

  const SurveyDefinition& feedback() { return *catalog_.current("meeting_feedback"); }

  void answer(std::int64_t user, int satisfaction, bool anonymous = false) {
    auto checked = check_answers(feedback(), {{"meeting_kind", "lecture"},
                                              {"satisfaction", satisfaction},
                                              {"comment", "the sound was bad"}});
    ASSERT_TRUE(checked) << checked.error().why;
    auto s = service_.respond(user, feedback(), anonymous, *checked);
    ASSERT_TRUE(s) << s.error().message();
  }

  std::vector<std::string> audit_actions() {
    std::vector<std::string> out;
    for (const auto& e : main_.audit) out.push_back(e.action);
    return out;
  }

  core::FakeClock clock_;
  store::MemoryStore main_;
  store::MemoryBankStore store_;
  audit::AuditLog audit_;
  SurveyCatalog catalog_;
  ResearchKey key_;
  BankService service_;
};

TEST_F(BankServiceTest, DiaryBelongsToItsOwner) {
  auto added = service_.add_entry(kAlice, entry("2026-11-03"));
  ASSERT_TRUE(added);
  service_.add_entry(kAlice, entry("2026-11-01"));
  service_.add_entry(kBob, entry("2026-11-02"));
  auto mine = service_.diary(kAlice, "", "");
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ(format_date((*mine)[0].entry.day), "2026-11-01");
  auto november = service_.diary(kAlice, "2026-11-02", "2026-11-30");
  EXPECT_EQ(november->size(), 1u);
  auto edited = service_.update_entry(kAlice, added->id, entry("2026-11-04", 9));
  ASSERT_TRUE(edited);
  EXPECT_EQ(service_.diary(kAlice, "2026-11-04", "2026-11-04")->at(0).entry.intensity, 9);
  auto theirs = service_.update_entry(kBob, added->id, entry("2026-11-04", 1));
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().name(), "not_found");
  EXPECT_FALSE(service_.delete_entry(kBob, added->id));
  ASSERT_TRUE(service_.delete_entry(kAlice, added->id));
  EXPECT_EQ(service_.diary(kAlice, "", "")->size(), 1u);
  EXPECT_EQ(audit_actions(), std::vector<std::string>{"bank.diary.delete"});
  auto csv = service_.diary_csv(kAlice);
  ASSERT_TRUE(csv);
  EXPECT_NE(csv->find("\r\n"), std::string::npos);
  EXPECT_EQ(audit_actions().back(), "bank.diary.export");
}

TEST_F(BankServiceTest, SelfCheckReadsTheStoredDiary) {
  for (int i = 1; i <= 5; ++i) {
    DiaryEntry e = entry(("2026-11-0" + std::to_string(i)).c_str(), 8);
    e.side = Side::kOne;
    e.character = Character::kPulsating;
    e.nausea = true;
    ASSERT_TRUE(service_.add_entry(kAlice, e));
  }
  auto check = service_.check_diary(kAlice);
  ASSERT_TRUE(check);
  EXPECT_EQ(check->results[0].code, "1.1");
  EXPECT_EQ(check->results[0].status, Status::kMatches);
  ASSERT_EQ(check->monthly.size(), 1u);
  EXPECT_EQ(check->monthly[0].headache_days, 5);
  EXPECT_EQ(service_.check_diary(kBob)->results[0].status, Status::kNo);
}

TEST_F(BankServiceTest, OneResponsePerPersonAndVersionAnonymousToo) {
  answer(kAlice, 5);
  auto listed = service_.list(kAlice);
  ASSERT_TRUE(listed);
  bool answered = false;
  for (const auto& l : *listed) answered |= l.survey->id == "meeting_feedback" && l.answered;
  EXPECT_TRUE(answered);
  auto again = service_.respond(kAlice, feedback(), true,
                                json{{"meeting_kind", "lecture"}, {"satisfaction", 1}});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().name(), "survey_already_answered");
  answer(kBob, 4, /*anonymous=*/true);
  auto bob_again = service_.respond(kBob, feedback(), false,
                                    json{{"meeting_kind", "lecture"}, {"satisfaction", 1}});
  ASSERT_FALSE(bob_again);
  EXPECT_EQ(bob_again.error().name(), "survey_already_answered");
  // Bob's anonymous answer is not his to see: it is not linked to him.
  auto bobs = service_.own_data(kBob);
  ASSERT_TRUE(bobs);
  EXPECT_TRUE((*bobs)["survey_responses"].empty());
  EXPECT_EQ((*bobs)["consents"].size(), 1u);
  EXPECT_EQ((*bobs)["consents"][0]["anonymous"], true);
  ASSERT_EQ(store_.responses.size(), 2u);
  for (const auto& r : store_.responses) {
    EXPECT_GT(r.id, 0);
    EXPECT_EQ(r.month, "2025-10");
  }
}

TEST_F(BankServiceTest, AggregatesWithholdSmallGroupsAndForgetTheErased) {
  answer(kAlice, 5);
  answer(kBob, 5);
  auto two = service_.aggregate("meeting_feedback", std::nullopt);
  ASSERT_TRUE(two);
  EXPECT_EQ((*two)["n_suppressed"], true) << "k is 3 here";
  answer(3, 5);
  answer(4, 5, true);
  auto four = service_.aggregate("meeting_feedback", std::nullopt);
  EXPECT_EQ((*four)["n"], 4);
  EXPECT_EQ((*four)["questions"]["satisfaction"]["counts"]["5"], 4);
  EXPECT_FALSE((*four)["questions"].contains("comment"));

  auto erased = service_.erase(kAlice, "request");
  ASSERT_TRUE(erased);
  EXPECT_EQ(erased->responses, 1);
  auto three = service_.aggregate("meeting_feedback", std::nullopt);
  EXPECT_EQ((*three)["n"], 3);
  EXPECT_EQ(audit_actions().back(), "bank.data.delete");
  // Erased: Alice may answer again.
  answer(kAlice, 1);
  EXPECT_FALSE(service_.aggregate("nothing", std::nullopt));
  EXPECT_EQ(service_.aggregate("meeting_feedback", 7).error().name(), "not_found");
}

TEST_F(BankServiceTest, ResearchExportIsPseudonymousAuditedAndForgetsTheErased) {
  for (std::int64_t user = 1; user <= 4; ++user) answer(user, 4);
  auto out = service_.research_export(kResearcher, "meeting_feedback", std::nullopt);
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(out->rows, 4);
  EXPECT_NE(out->csv.find(key_.pseudonym("meeting_feedback", kAlice)), std::string::npos);
  EXPECT_EQ(out->csv.find("the sound was bad"), std::string::npos);
  ASSERT_FALSE(main_.audit.empty());
  const auto& logged = main_.audit.back();
  EXPECT_EQ(logged.action, "research.export");
  EXPECT_EQ(logged.actor_id, kResearcher);
  EXPECT_NE(logged.detail_json.find("\"rows\":4"), std::string::npos) << logged.detail_json;

  ASSERT_TRUE(service_.erase(kAlice, "account_deleted"));
  auto after = service_.research_export(kResearcher, "meeting_feedback", std::nullopt);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->rows, 3);
  EXPECT_EQ(after->csv.find(key_.pseudonym("meeting_feedback", kAlice)), std::string::npos);
}

TEST_F(BankServiceTest, NoAuditNoExport) {
  for (std::int64_t user = 1; user <= 4; ++user) answer(user, 4);
  main_.fail_writes = true;
  auto out = service_.research_export(kResearcher, "meeting_feedback", std::nullopt);
  EXPECT_FALSE(out);
}

TEST_F(BankServiceTest, OwnDataHoldsEverythingNamed) {
  ASSERT_TRUE(service_.add_entry(kAlice, entry("2026-11-03")));
  answer(kAlice, 3);
  auto mine = service_.own_data(kAlice);
  ASSERT_TRUE(mine);
  EXPECT_EQ((*mine)["diary"].size(), 1u);
  EXPECT_EQ((*mine)["diary"][0]["date"], "2026-11-03");
  ASSERT_EQ((*mine)["survey_responses"].size(), 1u);
  EXPECT_EQ((*mine)["survey_responses"][0]["answers"]["comment"], "the sound was bad");
  EXPECT_EQ((*mine)["consents"].size(), 1u);
  EXPECT_EQ(audit_actions().back(), "bank.data.export");
  ASSERT_TRUE(service_.erase(kAlice, "request"));
  auto gone = service_.own_data(kAlice);
  EXPECT_TRUE((*gone)["diary"].empty());
  EXPECT_TRUE((*gone)["survey_responses"].empty());
  EXPECT_TRUE((*gone)["consents"].empty());
}

}  // namespace
}  // namespace tsunagu::bank
