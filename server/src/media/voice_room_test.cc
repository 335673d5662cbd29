#include "media/voice_room.h"

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>
#include <optional>

#include "media/voice_service.h"

namespace tsunagu::media {
namespace {

using json = nlohmann::json;

// A Janus that records requests; the test answers them.
class FakeJanus final : public JanusApi {
 public:
  struct Request {
    std::uint64_t handle;
    json body;
    json jsep;
    MessageDone done;
  };
  bool ready() const override { return true; }
  void attach(HandleDone done) override { done(next_handle++); }
  void message(std::uint64_t handle, json body, json jsep, MessageDone done) override {
    requests.push_back({handle, std::move(body), std::move(jsep), std::move(done)});
  }
  void detach(std::uint64_t handle) override { detached.push_back(handle); }
  void emit(std::uint64_t handle, JanusEvent event) { event_sink_(handle, event); }

  // Takes the oldest request, which must be `request`.
  Request take(std::string_view request) {
    EXPECT_FALSE(requests.empty()) << "no request, expected " << request;
    if (requests.empty()) return {};
    Request r = std::move(requests.front());
    requests.pop_front();
    EXPECT_EQ(r.body.value("request", ""), request) << r.body.dump();
    return r;
  }

  std::uint64_t next_handle = 100;
  std::deque<Request> requests;
  std::vector<std::uint64_t> detached;
};

JanusEvent event_with(json data, json jsep = nullptr) {
  return JanusEvent{"event", std::move(data), std::move(jsep)};
}

JanusEvent offer_for(const std::vector<std::uint32_t>& feeds) {
  json streams = json::array();
  int mid = 0;
  for (auto id : feeds) {
    streams.push_back({{"type", "audio"}, {"active", true}, {"mid", std::to_string(mid++)},
                       {"feed_id", id}});
  }
  return event_with({{"videoroom", "attached"}, {"streams", streams}},
                    {{"type", "offer"}, {"sdp", "v=0 offer"}});
}

struct Where {
  float x = 0, z = 0;
  int zone = 0;
  bool stage = false;
  std::vector<std::uint32_t> hidden;
};

class VoiceRoomTest : public ::testing::Test {
 protected:
  VoiceRoomTest() : service(janus, "admin-key") {
    VoiceRoomHooks hooks;
    hooks.send = [this](std::uint32_t user, std::string text) {
      sent[user].push_back(json::parse(text));
    };
    hooks.broadcast = [this](std::string text) { broadcasts.push_back(json::parse(text)); };
    hooks.locate = [this](std::uint32_t user, VoiceParticipant& out) {
      const auto it = where.find(user);
      if (it == where.end()) return false;
      out.x = it->second.x;
      out.z = it->second.z;
      out.zone = it->second.zone;
      out.on_stage = it->second.stage;
      out.hidden = it->second.hidden;
      return true;
    };
    room = &service.add_room(7, "plaza", 200, VoiceSettings{}, std::move(hooks));
    service.janus_changed(true);
    auto create = janus.take("create");
    EXPECT_EQ(create.body["room"], 7);
    EXPECT_EQ(create.body["admin_key"], "admin-key");
    create.done(event_with({{"videoroom", "created"}}));
  }

  // `user` publishes and Janus reports the media up.
  void make_speaker(std::uint32_t user) {
    ASSERT_TRUE(room->publish(user, "v=0 mic"));
    auto join = janus.take("joinandconfigure");
    EXPECT_EQ(join.body["id"], user);
    EXPECT_EQ(join.jsep["type"], "offer");
    join.done(event_with({{"videoroom", "joined"}}, {{"type", "answer"}, {"sdp", "v=0 answer"}}));
    janus.emit(join.handle, JanusEvent{"webrtcup", json::object(), nullptr});
  }

  json last(std::uint32_t user) {
    return sent[user].empty() ? json() : sent[user].back();
  }

  // Answers the pending offer of `user` and lets Janus confirm.
  void accept_offer(std::uint32_t user) {
    ASSERT_TRUE(room->answer(user, "v=0 answer"));
    auto start = janus.take("start");
    EXPECT_EQ(start.jsep["type"], "answer");
    start.done(event_with({{"started", "ok"}}));
  }

  FakeJanus janus;
  VoiceService service;
  VoiceRoom* room = nullptr;
  std::map<std::uint32_t, Where> where;
  std::map<std::uint32_t, std::vector<json>> sent;
  std::vector<json> broadcasts;
};

TEST_F(VoiceRoomTest, CreatesTheRoomAndSaysVoiceIsAvailable) {
  EXPECT_TRUE(room->available());
  ASSERT_FALSE(broadcasts.empty());
  EXPECT_EQ(broadcasts.back()["type"], "voice_status");
  EXPECT_EQ(broadcasts.back()["available"], true);
}

TEST_F(VoiceRoomTest, PublishingRelaysJanussAnswerAndAnnouncesTheSpeaker) {
  where[1] = {};
  make_speaker(1);
  ASSERT_EQ(sent[1].size(), 1u);
  EXPECT_EQ(sent[1][0]["type"], "voice_published");
  EXPECT_EQ(sent[1][0]["sdp"], "v=0 answer");
  ASSERT_FALSE(broadcasts.empty());
  EXPECT_EQ(broadcasts.back()["type"], "voice_speakers");
  EXPECT_EQ(broadcasts.back()["ids"], json::array({1}));
  EXPECT_TRUE(room->publishing(1));
}

TEST_F(VoiceRoomTest, AListenerNearASpeakerIsSubscribedAndToldWhichMidIsWhom) {
  where[1] = {0, 0};
  where[2] = {3, 0};
  make_speaker(1);
  room->listen(2);
  room->plan();
  auto join = janus.take("join");
  EXPECT_EQ(join.body["ptype"], "subscriber");
  EXPECT_EQ(join.body["streams"], json::parse(R"([{"feed":1}])"));
  join.done(offer_for({1}));
  const json offer = last(2);
  EXPECT_EQ(offer["type"], "voice_offer");
  EXPECT_EQ(offer["sdp"], "v=0 offer");
  EXPECT_EQ(offer["feeds"], json::parse(R"([{"mid":"0","id":1}])"));
  accept_offer(2);
  EXPECT_EQ(room->receiving(2), std::vector<std::uint32_t>{1});
}

TEST_F(VoiceRoomTest, WalkingOutOfRangeUnsubscribes) {
  where[1] = {0, 0};
  where[2] = {3, 0};
  make_speaker(1);
  room->listen(2);
  room->plan();
  janus.take("join").done(offer_for({1}));
  accept_offer(2);
  where[2].x = 40;  // beyond the 15 m hearing radius
  room->plan();
  auto update = janus.take("update");
  EXPECT_EQ(update.body["unsubscribe"], json::parse(R"([{"feed":1}])"));
  EXPECT_FALSE(update.body.contains("subscribe"));
  update.done(event_with({{"videoroom", "updated"}, {"streams", json::array()}},
                         {{"type", "offer"}, {"sdp", "v=0 none"}}));
  EXPECT_EQ(last(2)["feeds"], json::array());
  accept_offer(2);
  EXPECT_TRUE(room->receiving(2).empty());
}

TEST_F(VoiceRoomTest, OnlyOneNegotiationAtATime) {
  where[1] = {0, 0};
  where[3] = {1, 0};
  where[2] = {3, 0};
  make_speaker(1);
  room->listen(2);
  room->plan();
  janus.take("join").done(offer_for({1}));
  make_speaker(3);
  room->plan();  // 3 is wanted now, but 2 has not answered the first offer
  EXPECT_TRUE(janus.requests.empty());
  accept_offer(2);  // ready again: the newer plan goes out at once
  auto update = janus.take("update");
  EXPECT_EQ(update.body["subscribe"], json::parse(R"([{"feed":3}])"));
}

TEST_F(VoiceRoomTest, BlockedSpeakersAreNeverSubscribed) {
  where[1] = {0, 0, 0, false, {2}};
  where[2] = {3, 0, 0, false, {1}};
  make_speaker(1);
  room->listen(2);
  room->plan();
  EXPECT_TRUE(janus.requests.empty());
  EXPECT_TRUE(room->receiving(2).empty());
}

TEST_F(VoiceRoomTest, AModeratorsMuteTakesTheSpeakerOutOfEverySubscription) {
  where[1] = {0, 0};
  where[2] = {3, 0};
  make_speaker(1);
  room->listen(2);
  room->plan();
  janus.take("join").done(offer_for({1}));
  accept_offer(2);
  room->moderate(1, true);
  EXPECT_EQ(last(1)["type"], "voice_mic");
  EXPECT_EQ(last(1)["on"], false);
  EXPECT_EQ(last(1)["by_moderator"], true);
  auto update = janus.take("update");
  EXPECT_EQ(update.body["unsubscribe"], json::parse(R"([{"feed":1}])"));
  EXPECT_EQ(room->set_mic(1, true).error().name(), "voice_muted_by_moderator");
  EXPECT_EQ(room->publish(1, "v=0").error().name(), "voice_muted_by_moderator");
}

TEST_F(VoiceRoomTest, AnswerWithoutAnOfferIsRefused) {
  EXPECT_EQ(room->answer(5, "v=0").error().name(), "voice_no_offer");
}

TEST_F(VoiceRoomTest, MicStateNeedsAPublisher) {
  EXPECT_EQ(room->set_mic(5, false).error().name(), "voice_not_publishing");
  where[1] = {};
  make_speaker(1);
  ASSERT_TRUE(room->set_mic(1, false));
  EXPECT_EQ(broadcasts.back()["ids"], json::array());
}

TEST_F(VoiceRoomTest, ALeftoverPublisherWithTheSameIdIsKickedOnce) {
  ASSERT_TRUE(room->publish(1, "v=0 mic"));
  auto join = janus.take("joinandconfigure");
  join.done(std::unexpected(core::Error(core::Code::kUnavailable, "janus_436", "exists")));
  auto kick = janus.take("kick");
  EXPECT_EQ(kick.body["id"], 1);
  EXPECT_TRUE(kick.body.contains("secret"));
  kick.done(event_with({{"videoroom", "success"}}));
  auto again = janus.take("joinandconfigure");
  again.done(std::unexpected(core::Error(core::Code::kUnavailable, "janus_436", "exists")));
  EXPECT_TRUE(janus.requests.empty());  // no second kick
  EXPECT_EQ(last(1)["code"], "voice_failed");
}

TEST_F(VoiceRoomTest, JanusGoingAwayMakesVoiceUnavailableUntilItIsBack) {
  where[1] = {};
  make_speaker(1);
  service.janus_changed(false);
  EXPECT_FALSE(room->available());
  EXPECT_EQ(broadcasts.back()["type"], "voice_status");
  EXPECT_EQ(broadcasts.back()["available"], false);
  EXPECT_GE(broadcasts.back()["retry_in_s"].get<int>(), 1);
  EXPECT_EQ(room->publish(1, "v=0").error().name(), "voice_unavailable");
  service.janus_changed(true);
  janus.take("create").done(event_with({{"videoroom", "created"}}));
  EXPECT_TRUE(room->available());
}

TEST_F(VoiceRoomTest, LeavingDetachesBothHandles) {
  where[1] = {0, 0};
  where[2] = {3, 0};
  make_speaker(1);
  room->listen(2);
  room->plan();
  janus.take("join").done(offer_for({1}));
  room->leave(2);
  room->leave(1);
  EXPECT_EQ(janus.detached.size(), 2u);
  EXPECT_EQ(room->participants(), 0);
}

TEST_F(VoiceRoomTest, AnUnsolicitedOfferAfterAPublisherLeftIsPassedOn) {
  where[1] = {0, 0};
  where[2] = {3, 0};
  make_speaker(1);
  room->listen(2);
  room->plan();
  auto join = janus.take("join");
  join.done(offer_for({1}));
  accept_offer(2);
  janus.emit(join.handle, event_with({{"videoroom", "updated"}, {"streams", json::array()}},
                                     {{"type", "offer"}, {"sdp", "v=0 renegotiate"}}));
  EXPECT_EQ(last(2)["sdp"], "v=0 renegotiate");
  EXPECT_TRUE(room->receiving(2).empty());
}

// The browser tells a renegotiation from a new subscriber handle by `session` alone: Janus's
// SDP session id changes on every renegotiation, so it cannot (the mute/allow defect).
TEST_F(VoiceRoomTest, OffersNameTheirSubscriberHandle) {
  where[1] = {0, 0};
  where[2] = {3, 0};
  make_speaker(1);
  room->listen(2);
  room->plan();
  auto join = janus.take("join");
  join.done(offer_for({1}));
  const json first = last(2)["session"];
  ASSERT_TRUE(first.is_number_unsigned());
  accept_offer(2);
  struct Step {
    std::string name;
    std::function<void()> act;
    bool same_handle;
  };
  const std::vector<Step> steps = {
      {"a moderator mutes the only voice (update)",
       [this] {
         room->moderate(1, true);
         janus.take("update").done(
             event_with({{"videoroom", "updated"}, {"streams", json::array()}},
                        {{"type", "offer"}, {"sdp", "v=0 none"}}));
       },
       true},
      {"allowed again (update)",
       [this] {
         room->moderate(1, false);
         janus.take("update").done(offer_for({1}));
       },
       true},
      {"Janus hangs the handle up: a new one",
       [this, &join] {
         janus.emit(join.handle, JanusEvent{"hangup", json::object(), nullptr});
         room->plan();
         janus.take("join").done(offer_for({1}));
       },
       false},
  };
  json before = first;
  for (const auto& step : steps) {
    step.act();
    EXPECT_EQ(last(2)["type"], "voice_offer") << step.name;
    EXPECT_EQ(last(2)["session"] == before, step.same_handle) << step.name;
    before = last(2)["session"];
    accept_offer(2);
  }
}

// --- screen sharing ------------------------------------------------------------------------------

// An offer whose streams carry these voices and, when presenter != 0, that presenter's share.
JanusEvent offer_with_screen(const std::vector<std::uint32_t>& voices, std::uint32_t presenter) {
  json streams = json::array();
  int mid = 0;
  for (auto id : voices) {
    streams.push_back(
        {{"type", "audio"}, {"active", true}, {"mid", std::to_string(mid++)}, {"feed_id", id}});
  }
  if (presenter != 0) {
    streams.push_back({{"type", "video"},
                       {"active", true},
                       {"mid", std::to_string(mid++)},
                       {"feed_id", screen_feed(presenter)}});
  }
  return event_with({{"videoroom", "updated"}, {"streams", streams}},
                    {{"type", "offer"}, {"sdp", "v=0 offer"}});
}

class ScreenShareTest : public VoiceRoomTest {
 protected:
  // `user` shares and Janus reports the video up; returns the share's handle.
  std::uint64_t make_presenter(std::uint32_t user) {
    EXPECT_TRUE(room->share_screen(user, "v=0 screen"));
    auto join = janus.take("joinandconfigure");
    EXPECT_EQ(join.body["id"], screen_feed(user));
    EXPECT_EQ(join.body["video"], true);
    EXPECT_EQ(join.body["audio"], false);
    EXPECT_EQ(join.jsep["sdp"], "v=0 screen");
    join.done(
        event_with({{"videoroom", "joined"}}, {{"type", "answer"}, {"sdp", "v=0 video answer"}}));
    janus.emit(join.handle, JanusEvent{"webrtcup", json::object(), nullptr});
    return join.handle;
  }

  // `user` listens and takes the offer of its first subscription, whatever it holds.
  void subscribed(std::uint32_t user, std::uint32_t presenter) {
    auto join = janus.take("join");
    EXPECT_EQ(join.body["streams"], json::array({json{{"feed", screen_feed(presenter)}}})) << user;
    join.done(offer_with_screen({}, presenter));
    accept_offer(user);
  }
};

TEST_F(ScreenShareTest, TheRoomAllowsVideoWithABitrateCap) {
  service.janus_changed(false);
  service.janus_changed(true);
  auto create = janus.take("create");
  EXPECT_EQ(create.body["videocodec"], "vp8");
  EXPECT_GT(create.body["bitrate"].get<int>(), 0);
  EXPECT_LE(create.body["bitrate"].get<int>(), 2'000'000);
  EXPECT_EQ(create.body["bitrate_cap"], true);
  EXPECT_EQ(create.body["publishers"], 201);  // capacity + the share
}

TEST_F(ScreenShareTest, ALiveShareReachesEveryListenerWhateverTheDistance) {
  where[1] = {0, -20, 0, true};
  where[2] = {3, 0};
  where[3] = {200, 200, 5};  // far away, in a closed zone
  room->listen(1);
  room->listen(2);
  room->listen(3);
  EXPECT_TRUE(room->share_screen(1, "v=0 screen"));
  EXPECT_EQ(room->screen_owner(), 1u);
  auto join = janus.take("joinandconfigure");
  join.done(
      event_with({{"videoroom", "joined"}}, {{"type", "answer"}, {"sdp", "v=0 video answer"}}));
  EXPECT_EQ(last(1)["type"], "screen_published");
  EXPECT_EQ(last(1)["sdp"], "v=0 video answer");
  room->plan();
  EXPECT_TRUE(janus.requests.empty()) << "not live yet: nobody subscribes";
  janus.emit(join.handle, JanusEvent{"webrtcup", json::object(), nullptr});
  EXPECT_EQ(broadcasts.back(), json::parse(R"({"type":"screen","user":1})"));
  EXPECT_EQ(room->screen_json(), R"({"type":"screen","user":1})");
  for (int i = 0; i < 2; ++i) {  // 2 and 3, in whatever order
    auto sub = janus.take("join");
    EXPECT_EQ(sub.body["streams"], json::array({json{{"feed", screen_feed(1)}}}));
    sub.done(offer_with_screen({}, 1));
  }
  EXPECT_TRUE(janus.requests.empty()) << "the presenter does not receive their own share";
  accept_offer(2);
  accept_offer(3);
  EXPECT_EQ(last(2)["screen"], json::parse(R"({"mid":"0","id":1})"));
  EXPECT_EQ(last(2)["feeds"], json::array());
  EXPECT_TRUE(room->receiving_screen(2));
  EXPECT_TRUE(room->receiving(2).empty()) << "the share is no voice";
  EXPECT_FALSE(room->receiving_screen(1));
}

TEST_F(ScreenShareTest, TheShareRidesBesideTheVoices) {
  where[1] = {0, -20, 0, true};
  where[2] = {3, 0};
  where[4] = {4, 0};
  make_speaker(4);
  room->listen(2);
  room->plan();
  janus.take("join").done(offer_for({4}));
  accept_offer(2);
  make_presenter(1);
  auto update = janus.take("update");
  EXPECT_EQ(update.body["subscribe"], json::array({json{{"feed", screen_feed(1)}}}));
  EXPECT_FALSE(update.body.contains("unsubscribe"));
  update.done(offer_with_screen({4}, 1));
  EXPECT_EQ(last(2)["feeds"], json::parse(R"([{"mid":"0","id":4}])"));
  EXPECT_EQ(last(2)["screen"], json::parse(R"({"mid":"1","id":1})"));
  accept_offer(2);
  EXPECT_EQ(room->receiving(2), std::vector<std::uint32_t>{4});
  EXPECT_TRUE(room->receiving_screen(2));
}

TEST_F(ScreenShareTest, OneShareAtATime) {
  where[1] = {};
  where[2] = {};
  EXPECT_TRUE(room->share_screen(1, "v=0 screen"));
  // refused from the offer on, not only once it is live
  EXPECT_EQ(room->share_screen(2, "v=0 other").error().name(), "screen_busy");
  auto first = janus.take("joinandconfigure");
  first.done(event_with({{"videoroom", "joined"}}, {{"type", "answer"}, {"sdp", "v=0 a"}}));
  janus.emit(first.handle, JanusEvent{"webrtcup", json::object(), nullptr});
  EXPECT_EQ(room->share_screen(2, "v=0 other").error().name(), "screen_busy");
  // the presenter sharing again replaces their own share
  EXPECT_TRUE(room->share_screen(1, "v=0 again"));
  EXPECT_EQ(janus.detached, std::vector<std::uint64_t>{first.handle});
  EXPECT_EQ(janus.take("joinandconfigure").jsep["sdp"], "v=0 again");
}

TEST_F(ScreenShareTest, HowAShareEnds) {
  struct Case {
    std::string name;
    std::function<void(std::uint64_t handle)> end;
    std::optional<bool> told_by_moderator;  // the screen_stopped the presenter gets, if any
  };
  const std::vector<Case> cases = {
      {"the presenter stops", [this](std::uint64_t) { EXPECT_TRUE(room->stop_screen(1, false)); },
       std::nullopt},
      {"a moderator stops it", [this](std::uint64_t) { EXPECT_TRUE(room->stop_screen(1, true)); },
       true},
      {"the presenter leaves", [this](std::uint64_t) { room->leave(1); }, std::nullopt},
      {"the presenter's connection dies",
       [this](std::uint64_t handle) {
         janus.emit(handle, JanusEvent{"hangup", json::object(), nullptr});
       },
       false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    where.clear();
    where[1] = {0, -20, 0, true};
    where[2] = {3, 0};
    room->leave(2);
    room->listen(2);
    sent.clear();
    janus.requests.clear();
    const std::uint64_t handle = make_presenter(1);
    subscribed(2, 1);
    janus.detached.clear();
    c.end(handle);
    EXPECT_EQ(room->screen_owner(), 0u);
    EXPECT_NE(std::find(janus.detached.begin(), janus.detached.end(), handle), janus.detached.end())
        << "the Janus publisher is gone, whatever the browser does";
    EXPECT_EQ(broadcasts.back(), json::parse(R"({"type":"screen","user":null})"));
    const json told = last(1);
    if (c.told_by_moderator) {
      EXPECT_EQ(told["type"], "screen_stopped");
      EXPECT_EQ(told["by_moderator"], *c.told_by_moderator);
    } else {
      EXPECT_NE(told.value("type", ""), "screen_stopped");
    }
    // the next plan takes it out of the viewer's subscription (if Janus did not already)
    room->plan();
    auto update = janus.take("update");
    EXPECT_EQ(update.body["unsubscribe"], json::array({json{{"feed", screen_feed(1)}}}));
    update.done(offer_with_screen({}, 0));
    EXPECT_FALSE(last(2).contains("screen"));
    accept_offer(2);
    EXPECT_FALSE(room->receiving_screen(2));
    // and someone else may share now
    EXPECT_TRUE(room->share_screen(3, "v=0 next"));
    EXPECT_TRUE(room->stop_screen(3, false));
    EXPECT_FALSE(room->stop_screen(3, false)) << "nothing left to stop";
    janus.requests.clear();
  }
}

TEST_F(ScreenShareTest, AShareJanusRefusesIsReportedAndFreesTheScreen) {
  where[1] = {};
  EXPECT_TRUE(room->share_screen(1, "v=0 screen"));
  janus.take("joinandconfigure")
      .done(std::unexpected(core::Error(core::Code::kInvalidArgument, "janus_433", "bad sdp")));
  EXPECT_EQ(last(1)["code"], "screen_failed");
  EXPECT_EQ(room->screen_owner(), 0u);
  EXPECT_TRUE(room->share_screen(2, "v=0 screen"));
}

TEST_F(ScreenShareTest, JanusGoingAwayEndsTheShare) {
  where[1] = {};
  make_presenter(1);
  service.janus_changed(false);
  EXPECT_EQ(room->screen_owner(), 0u);
  EXPECT_EQ(broadcasts.back(), json::parse(R"({"type":"screen","user":null})"));
  EXPECT_EQ(room->share_screen(1, "v=0").error().name(), "voice_unavailable");
}

}  // namespace
}  // namespace tsunagu::media
