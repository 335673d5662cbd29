#include "care/consultation_desk.h"

#include <gtest/gtest.h>

namespace tsunagu::care {
namespace {

using nlohmann::json;
using std::chrono::seconds;

// Records what the desk decided, by person.
class FakeEffects final : public DeskEffects {
 public:
  void send(std::int64_t user, std::string text) override {
    sent[user].push_back(json::parse(text));
  }
  void evict(std::int64_t user, std::string space) override { evicted.emplace_back(user, space); }
  void audit(std::int64_t actor, std::string action, std::int64_t, json detail) override {
    // The log must never get the request text or a note.
    EXPECT_FALSE(detail.contains("text"));
    EXPECT_FALSE(detail.contains("note"));
    audits.push_back(action);
    (void)actor;
  }
  void finished(ConsultationSummary summary, std::optional<KeptNote> note) override {
    summaries.push_back(summary);
    if (note) notes.push_back(*note);
  }
  // The newest message of `type` sent to `user`, or null.
  json last(std::int64_t user, std::string_view type) const {
    auto it = sent.find(user);
    if (it == sent.end()) return json();
    for (auto m = it->second.rbegin(); m != it->second.rend(); ++m) {
      if ((*m)["type"] == type) return *m;
    }
    return json();
  }
  std::map<std::int64_t, std::vector<json>> sent;
  std::vector<std::pair<std::int64_t, std::string>> evicted;
  std::vector<std::string> audits;
  std::vector<ConsultationSummary> summaries;
  std::vector<KeptNote> notes;
};

constexpr std::int64_t kPatient = 10;
constexpr std::int64_t kPatient2 = 11;
constexpr std::int64_t kGuest = 12;
constexpr std::int64_t kDoctor = 20;
constexpr std::int64_t kDoctor2 = 21;
constexpr std::int64_t kTrainee = 30;

class DeskTest : public ::testing::Test {
 protected:
  DeskTest() : desk_({"consult-1", "consult-2"}, effects_, clock_, DeskSettings{seconds(60)}) {
    desk_.connected({kPatient, "Hanako", auth::Role::kMember});
    desk_.connected({kPatient2, "Taro", auth::Role::kMember});
    desk_.connected({kGuest, "Guest 1", auth::Role::kGuest});
    desk_.connected({kDoctor, "Dr. Sato", auth::Role::kClinician});
    desk_.connected({kDoctor2, "Dr. Ito", auth::Role::kClinician});
    desk_.connected({kTrainee, "Trainee Kato", auth::Role::kTrainee});
  }
  static RequestForm form(bool observers = true, bool keep_note = true) {
    return RequestForm{Topic::kMigraine, "aura twice a month", observers, keep_note};
  }
  // Doctor on duty, patient asks, doctor accepts: the consultation's id.
  std::int64_t start(std::int64_t patient = kPatient, bool observers = true) {
    EXPECT_TRUE(desk_.duty(kDoctor, true));
    EXPECT_TRUE(desk_.request(patient, form(observers)));
    const std::int64_t id = effects_.last(patient, "consult_status")["id"];
    EXPECT_TRUE(desk_.accept(kDoctor, id));
    return id;
  }
  std::string state(std::int64_t user) const {
    return effects_.last(user, "consult_status").value("state", "");
  }
  static Outcome advice() { return Outcome{OutcomeKind::kAdvice, "", "", ""}; }

  core::FakeClock clock_;
  FakeEffects effects_;
  ConsultationDesk desk_;
};

TEST_F(DeskTest, NobodyOnDutyRefusesTheRequest) {
  auto r = desk_.request(kPatient, form());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().name(), "consult_nobody_on_duty");
  EXPECT_EQ(desk_.waiting(), 0);
}

TEST_F(DeskTest, RequestReachesEveryOnDutyClinicianWithTheArrivalCue) {
  ASSERT_TRUE(desk_.duty(kDoctor, true));
  ASSERT_TRUE(desk_.duty(kDoctor2, true));
  ASSERT_TRUE(desk_.request(kPatient, form()));
  for (std::int64_t doctor : {kDoctor, kDoctor2}) {
    json q = effects_.last(doctor, "consult_queue");
    ASSERT_EQ(q["requests"].size(), 1u) << doctor;
    EXPECT_EQ(q["requests"][0]["topic"], "migraine");
    EXPECT_EQ(q["requests"][0]["text"], "aura twice a month");
    EXPECT_EQ(q["arrived"], q["requests"][0]["id"]);
    EXPECT_EQ(q["on_duty"], 2);
  }
  // Others never see the queue.
  EXPECT_TRUE(effects_.last(kPatient2, "consult_queue").is_null());
  EXPECT_TRUE(effects_.last(kTrainee, "consult_queue").is_null());
  json mine = effects_.last(kPatient, "consult_status");
  EXPECT_EQ(mine["state"], "waiting");
  EXPECT_EQ(mine["position"], 1);
  EXPECT_EQ(mine["on_duty"], 2);
}

TEST_F(DeskTest, PermissionsOfEachStep) {
  struct Case {
    const char* name;
    std::function<core::Status()> call;
    const char* code;
  };
  ASSERT_TRUE(desk_.duty(kDoctor, true));
  ASSERT_TRUE(desk_.request(kPatient, form(false)));
  const std::int64_t id = effects_.last(kPatient, "consult_status")["id"];
  const Case cases[] = {
      {"guest on duty", [&] { return desk_.duty(kGuest, true); }, "permission_denied"},
      {"trainee on duty", [&] { return desk_.duty(kTrainee, true); }, "permission_denied"},
      {"member accepts", [&] { return desk_.accept(kPatient2, id); }, "permission_denied"},
      {"guest accepts", [&] { return desk_.accept(kGuest, id); }, "permission_denied"},
      {"off-duty clinician accepts", [&] { return desk_.accept(kDoctor2, id); },
       "consult_not_on_duty"},
      {"member observes", [&] { return desk_.observe(kPatient2, id); }, "permission_denied"},
      {"second request", [&] { return desk_.request(kPatient, form()); }, "consult_already_open"},
      {"cancel without request", [&] { return desk_.cancel(kPatient2); }, "consult_not_open"},
      {"end without consultation", [&] { return desk_.end(kPatient2, std::nullopt, ""); },
       "consult_not_open"},
  };
  for (const Case& c : cases) {
    auto r = c.call();
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().name(), c.code) << c.name;
  }
  ASSERT_TRUE(desk_.accept(kDoctor, id));
  auto r = desk_.observe(kTrainee, id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().name(), "consult_no_consent");
  EXPECT_FALSE(desk_.place_in(kTrainee, "consult-1"));
}

TEST_F(DeskTest, AcceptPlacesBothInOneFreeRoomAndNobodyElse) {
  const std::int64_t id = start();
  json patient = effects_.last(kPatient, "consult_status");
  json doctor = effects_.last(kDoctor, "consult_status");
  EXPECT_EQ(patient["state"], "active");
  EXPECT_EQ(patient["role"], "patient");
  EXPECT_EQ(doctor["role"], "clinician");
  EXPECT_EQ(patient["space"], "consult-1");
  EXPECT_EQ(doctor["space"], "consult-1");
  EXPECT_EQ(patient["clinician"]["name"], "Dr. Sato");
  EXPECT_EQ(doctor["patient"]["name"], "Hanako");
  EXPECT_EQ(desk_.place_in(kPatient, "consult-1"), Place::kPatient);
  EXPECT_EQ(desk_.place_in(kDoctor, "consult-1"), Place::kClinician);
  EXPECT_FALSE(desk_.place_in(kPatient, "consult-2"));
  EXPECT_FALSE(desk_.place_in(kPatient2, "consult-1"));
  EXPECT_FALSE(desk_.place_in(kDoctor2, "consult-1"));
  EXPECT_EQ(desk_.rooms_free(), 1);
  // A second accept of the same request finds it gone.
  ASSERT_TRUE(desk_.duty(kDoctor2, true));
  auto again = desk_.accept(kDoctor2, id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().name(), "consult_gone");
  // A busy clinician cannot take a second one.
  ASSERT_TRUE(desk_.request(kPatient2, form()));
  const std::int64_t second = effects_.last(kPatient2, "consult_status")["id"];
  auto busy = desk_.accept(kDoctor, second);
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().name(), "consult_busy");
}

TEST_F(DeskTest, NoRoomFreeKeepsTheRequestQueued) {
  ConsultationDesk desk({"consult-1"}, effects_, clock_);
  desk.connected({kPatient, "Hanako", auth::Role::kMember});
  desk.connected({kPatient2, "Taro", auth::Role::kMember});
  desk.connected({kDoctor, "Dr. Sato", auth::Role::kClinician});
  desk.connected({kDoctor2, "Dr. Ito", auth::Role::kClinician});
  ASSERT_TRUE(desk.duty(kDoctor, true));
  ASSERT_TRUE(desk.duty(kDoctor2, true));
  ASSERT_TRUE(desk.request(kPatient, form()));
  ASSERT_TRUE(desk.accept(kDoctor, effects_.last(kPatient, "consult_status")["id"]));
  ASSERT_TRUE(desk.request(kPatient2, form()));
  auto r = desk.accept(kDoctor2, effects_.last(kPatient2, "consult_status")["id"]);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().name(), "no_room_free");
  EXPECT_EQ(desk.waiting(), 1);
}

TEST_F(DeskTest, PositionsMoveUpAndCancelLeavesTheQueue) {
  ASSERT_TRUE(desk_.duty(kDoctor, true));
  ASSERT_TRUE(desk_.request(kPatient, form()));
  ASSERT_TRUE(desk_.request(kPatient2, form()));
  EXPECT_EQ(effects_.last(kPatient2, "consult_status")["position"], 2);
  ASSERT_TRUE(desk_.cancel(kPatient));
  EXPECT_EQ(effects_.last(kPatient, "consult_status")["reason"], "cancelled");
  EXPECT_EQ(effects_.last(kPatient2, "consult_status")["position"], 1);
  EXPECT_EQ(effects_.last(kDoctor, "consult_queue")["requests"].size(), 1u);
}

TEST_F(DeskTest, ObserverOnlyWithConsentAndRemovedWhenItIsWithdrawn) {
  const std::int64_t id = start();
  ASSERT_TRUE(desk_.observe_list(kTrainee));
  json list = effects_.last(kTrainee, "observe_list");
  ASSERT_EQ(list["consultations"].size(), 1u);
  EXPECT_EQ(list["consultations"][0]["id"], id);
  ASSERT_TRUE(desk_.observe(kTrainee, id));
  EXPECT_EQ(desk_.place_in(kTrainee, "consult-1"), Place::kObserver);
  EXPECT_EQ(effects_.last(kTrainee, "consult_status")["role"], "observer");
  EXPECT_EQ(effects_.last(kPatient, "consult_status")["observers"][0]["name"], "Trainee Kato");

  ASSERT_TRUE(desk_.consent(kPatient, false, true));
  EXPECT_FALSE(desk_.place_in(kTrainee, "consult-1"));
  json removed = effects_.last(kTrainee, "consult_status");
  EXPECT_EQ(removed["state"], "none");
  EXPECT_EQ(removed["reason"], "consent_withdrawn");
  ASSERT_FALSE(effects_.evicted.empty());
  EXPECT_EQ(effects_.evicted.back(), std::make_pair(kTrainee, std::string("consult-1")));
  EXPECT_TRUE(effects_.last(kPatient, "consult_status")["observers"].empty());
  // And cannot come back while consent is withdrawn.
  auto again = desk_.observe(kTrainee, id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().name(), "consult_no_consent");
  EXPECT_NE(std::find(effects_.audits.begin(), effects_.audits.end(), "consult.consent"),
            effects_.audits.end());
}

TEST_F(DeskTest, ClinicianEndsWithOutcomeAndThePatientKeepsTheNote) {
  const std::int64_t id = start();
  Outcome clinic{OutcomeKind::kOwnClinic, "Sato Headache Clinic", "03-0000-0000", ""};
  ASSERT_TRUE(desk_.end(kDoctor, clinic, "Keep the diary for two more months."));
  json mine = effects_.last(kPatient, "consult_status");
  EXPECT_EQ(mine["state"], "ended");
  EXPECT_EQ(mine["id"], id);
  EXPECT_EQ(mine["by"], "clinician");
  EXPECT_EQ(mine["outcome"]["kind"], "own_clinic");
  EXPECT_EQ(mine["outcome"]["clinic_name"], "Sato Headache Clinic");
  EXPECT_EQ(mine["note"], "Keep the diary for two more months.");
  EXPECT_TRUE(effects_.last(kDoctor, "consult_status")["note"].is_null());
  ASSERT_EQ(effects_.notes.size(), 1u);
  EXPECT_EQ(effects_.notes[0].patient_id, kPatient);
  EXPECT_EQ(effects_.notes[0].clinician, "Dr. Sato");
  ASSERT_EQ(effects_.summaries.size(), 1u);
  EXPECT_EQ(effects_.summaries[0].outcome, "own_clinic");
  EXPECT_EQ(effects_.summaries[0].ended_by, "clinician");
  EXPECT_FALSE(desk_.place_in(kPatient, "consult-1"));
  EXPECT_EQ(desk_.rooms_free(), 2);
  // The clinician, still on duty, is free for the next one.
  ASSERT_TRUE(desk_.request(kPatient2, form()));
  EXPECT_TRUE(desk_.accept(kDoctor, effects_.last(kPatient2, "consult_status")["id"]));
}

TEST_F(DeskTest, NoteWithoutConsentNeverReachesThePatient) {
  ASSERT_TRUE(desk_.duty(kDoctor, true));
  ASSERT_TRUE(desk_.request(kPatient, form(true, false)));
  ASSERT_TRUE(desk_.accept(kDoctor, effects_.last(kPatient, "consult_status")["id"]));
  ASSERT_TRUE(desk_.end(kDoctor, advice(), "a note"));
  EXPECT_TRUE(effects_.last(kPatient, "consult_status")["note"].is_null());
  EXPECT_TRUE(effects_.notes.empty());
}

TEST_F(DeskTest, GuestGetsTheNoteButTheServerKeepsNothing) {
  ASSERT_TRUE(desk_.duty(kDoctor, true));
  ASSERT_TRUE(desk_.request(kGuest, form()));
  ASSERT_TRUE(desk_.accept(kDoctor, effects_.last(kGuest, "consult_status")["id"]));
  ASSERT_TRUE(desk_.end(kDoctor, advice(), "rest and hydrate"));
  EXPECT_EQ(effects_.last(kGuest, "consult_status")["note"], "rest and hydrate");
  EXPECT_TRUE(effects_.notes.empty());
}

TEST_F(DeskTest, ClinicianMustGiveAnOutcomeThePatientMayEndEarly) {
  start();
  auto r = desk_.end(kDoctor, std::nullopt, "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().name(), "consult_bad_outcome");
  ASSERT_TRUE(desk_.end(kPatient, std::nullopt, ""));
  EXPECT_EQ(effects_.last(kDoctor, "consult_status")["by"], "patient");
  EXPECT_EQ(effects_.summaries.back().outcome, "");
}

TEST_F(DeskTest, ClinicianWhoDropsMidAcceptReturnsTheRequestToTheHead) {
  ASSERT_TRUE(desk_.duty(kDoctor2, true));
  const std::int64_t id = start();
  ASSERT_TRUE(desk_.request(kPatient2, form()));  // queued behind
  desk_.disconnected(kDoctor);
  EXPECT_TRUE(effects_.last(kPatient, "consult_status")["away"].get<bool>());
  clock_.advance(seconds(59));
  desk_.sweep();
  EXPECT_EQ(state(kPatient), "active");  // still within the grace period
  clock_.advance(seconds(2));
  desk_.sweep();
  json mine = effects_.last(kPatient, "consult_status");
  EXPECT_EQ(mine["state"], "waiting");
  EXPECT_EQ(mine["requeued"], true);
  EXPECT_EQ(mine["position"], 1);
  EXPECT_EQ(mine["id"], id);
  EXPECT_EQ(effects_.last(kPatient2, "consult_status")["position"], 2);
  json q = effects_.last(kDoctor2, "consult_queue");
  EXPECT_EQ(q["requests"][0]["id"], id);
  EXPECT_EQ(q["arrived"], id);
  EXPECT_EQ(q["on_duty"], 1);  // the one who left is off duty now
  EXPECT_EQ(desk_.rooms_free(), 2);
  EXPECT_TRUE(desk_.accept(kDoctor2, id));
}

TEST_F(DeskTest, ReturningWithinGraceKeepsEverything) {
  start();
  desk_.disconnected(kPatient);
  clock_.advance(seconds(30));
  desk_.sweep();
  effects_.sent.clear();
  desk_.connected({kPatient, "Hanako", auth::Role::kMember});
  EXPECT_EQ(state(kPatient), "active");
  EXPECT_EQ(effects_.last(kPatient, "consult_status")["space"], "consult-1");
  EXPECT_FALSE(effects_.last(kDoctor, "consult_status")["away"].get<bool>());
  clock_.advance(seconds(60));
  desk_.sweep();
  EXPECT_EQ(desk_.place_in(kPatient, "consult-1"), Place::kPatient);
}

TEST_F(DeskTest, APatientGoneTooLongEndsTheConsultationOrLosesTheirPlace) {
  start();
  desk_.disconnected(kPatient);
  clock_.advance(seconds(61));
  desk_.sweep();
  json doctor = effects_.last(kDoctor, "consult_status");
  EXPECT_EQ(doctor["state"], "ended");
  EXPECT_EQ(doctor["by"], "timeout");

  ASSERT_TRUE(desk_.request(kPatient2, form()));
  desk_.disconnected(kPatient2);
  clock_.advance(seconds(61));
  desk_.sweep();
  EXPECT_EQ(desk_.waiting(), 0);
  EXPECT_TRUE(effects_.last(kDoctor, "consult_queue")["requests"].empty());
}

TEST_F(DeskTest, MovingBetweenLoopsIsNotLeaving) {
  // A second connection opens (the new loop) before the first closes.
  ASSERT_TRUE(desk_.duty(kDoctor, true));
  desk_.connected({kDoctor, "Dr. Sato", auth::Role::kClinician});
  desk_.disconnected(kDoctor);
  clock_.advance(seconds(120));
  desk_.sweep();
  EXPECT_EQ(desk_.on_duty(), 1);
}

TEST_F(DeskTest, ParsesRequestsAndOutcomesStrictly) {
  struct Case {
    const char* wire;
    const char* code;  // "" when valid
  };
  const Case requests[] = {
      {R"({"topic":"migraine"})", ""},
      {R"({"topic":"work_school","text":"  x  ","observers":true,"keep_note":false})", ""},
      {R"({"topic":"cluster"})", "consult_bad_topic"},
      {R"({})", "consult_bad_topic"},
      {R"({"topic":"other","observers":"yes"})", "bad_message"},
      {R"({"topic":"other","text":5})", "bad_message"},
  };
  for (const Case& c : requests) {
    auto r = parse_request(json::parse(c.wire));
    EXPECT_EQ(r ? std::string() : r.error().name(), c.code) << c.wire;
  }
  json long_text = {{"topic", "other"}, {"text", std::string(201, 'a')}};
  EXPECT_EQ(parse_request(long_text).error().name(), "consult_text_too_long");
  json just_fits = {{"topic", "other"}, {"text", std::string(200, 'a')}};
  EXPECT_TRUE(parse_request(just_fits));

  const Case outcomes[] = {
      {R"({"kind":"advice"})", ""},
      {R"({"kind":"see_specialist"})", ""},
      {R"({"kind":"own_clinic","clinic_name":"A","clinic_contact":"tel"})", ""},
      {R"({"kind":"own_clinic","clinic_name":"A"})", "consult_bad_outcome"},
      {R"({"kind":"online","link":"https://example.jp/care"})", ""},
      {R"({"kind":"online","link":"http://example.jp"})", "consult_bad_outcome"},
      {R"j({"kind":"online","link":"javascript:alert(1)"})j", "consult_bad_outcome"},
      {R"({"kind":"online","link":"https://a\"b"})", "consult_bad_outcome"},
      {R"({"kind":"surgery"})", "consult_bad_outcome"},
      {R"("advice")", "consult_bad_outcome"},
  };
  for (const Case& c : outcomes) {
    auto r = parse_outcome(json::parse(c.wire));
    EXPECT_EQ(r ? std::string() : r.error().name(), c.code) << c.wire;
  }
  EXPECT_EQ(parse_note(json(std::string(2001, 'n'))).error().name(), "consult_note_too_long");
  EXPECT_EQ(*parse_note(json()), "");
}

}  // namespace
}  // namespace tsunagu::care
