#include "media/voice_room.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>

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

}  // namespace
}  // namespace tsunagu::media
