#include "realtime/client.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>

#include "store/memory_store.h"

namespace tsunagu::realtime {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Records what the protocol sends, decoded for assertions.
class FakeConnection : public Connection {
 public:
  void send_text(TextBytes text) override { texts.push_back(json::parse(*text)); }
  void send_binary(BinaryBytes bytes) override { binaries.push_back(bytes); }
  void close(std::uint16_t code, std::string_view reason) override {
    close_code = code;
    close_reason = reason;
  }
  std::string_view cookie_token() const override { return cookie; }
  std::string cookie;
  // The messages of one type, in order.
  std::vector<json> of_type(const std::string& type) const {
    std::vector<json> out;
    for (const auto& t : texts) {
      if (t.value("type", "") == type) out.push_back(t);
    }
    return out;
  }
  std::vector<json> texts;
  std::vector<BinaryBytes> binaries;
  int close_code = 0;
  std::string close_reason;
};

world::WorldConfig test_world() {
  auto world = world::parse_world_config(R"({"spaces":[
    {"id":"plaza","name":{"ja":"広場","en":"Plaza"},"capacity":3},
    {"id":"circle-1","name":{"ja":"語り場","en":"Circle"},"capacity":1}]})");
  EXPECT_TRUE(world);
  return *world;
}

class ClientTest : public ::testing::Test {
 protected:
  ClientTest()
      : audit_(store_, clock_),
        reserved_(auth::ReservedNames::from_words({"admin"})),
        filter_(social::WordFilter::from_words({"badword"})),
        accounts_(store_, audit_, clock_, offload_, reserved_, 1),
        moderation_(store_, audit_, clock_),
        chat_(store_, clock_),
        map_(test_world(), 1),
        hub_(map_, 0, {accounts_, moderation_, chat_, filter_, clock_}) {}

  std::string new_token(const char* name = "さくら") {
    auto created = accounts_.create_guest({name, 1, 1, ""});
    EXPECT_TRUE(created) << created.error().message();
    last_user_ = created->identity.user.id;
    return created->token;
  }

  std::size_t chat_count(const std::string& space = "plaza") {
    return store_.recent_chat(space, 1000)->size();
  }

  struct Peer {
    FakeConnection conn;
    std::unique_ptr<Client> client;
  };

  std::unique_ptr<Peer> connect(const std::string& token, const char* space = "plaza") {
    auto peer = std::make_unique<Peer>();
    peer->client = hub_.open(peer->conn);
    peer->client->on_text(json{{"type", "hello"}, {"v", 1}, {"token", token}}.dump());
    if (space) peer->client->on_text(json{{"type", "join"}, {"space", space}}.dump());
    return peer;
  }

  store::MemoryStore store_;
  core::FakeClock clock_;
  core::InlineOffload offload_;
  audit::AuditLog audit_;
  auth::ReservedNames reserved_;
  social::WordFilter filter_;
  auth::AccountService accounts_;
  social::ModerationService moderation_;
  social::ChatService chat_;
  WorldMap map_;
  Hub hub_;
  std::int64_t last_user_ = 0;
};

TEST_F(ClientTest, HelloWelcomesWithIdentityAndSpaces) {
  auto a = connect(new_token(), nullptr);
  ASSERT_EQ(a->conn.of_type("welcome").size(), 1u);
  json welcome = a->conn.of_type("welcome")[0];
  EXPECT_EQ(welcome["you"]["name"], "さくら");
  EXPECT_EQ(welcome["spaces"].size(), 2u);
  EXPECT_EQ(a->conn.close_code, 0);
}

TEST_F(ClientTest, HandshakeFailuresCloseWithTheirCodes) {
  struct Case {
    const char* name;
    std::string first;
    bool binary;
    int code;
  };
  const std::string token = new_token();
  const Case cases[] = {
      {"not hello", R"({"type":"join","space":"plaza"})", false, close_code::kBadHandshake},
      {"not json", "hello?", false, close_code::kBadHandshake},
      {"binary first", "", true, close_code::kBadHandshake},
      {"bad token", R"({"type":"hello","v":1,"token":"nope"})", false, close_code::kUnauthorized},
      {"token of right shape but unknown",
       R"({"type":"hello","v":1,"token":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})", false,
       close_code::kUnauthorized},
      {"token not a string", R"({"type":"hello","v":1,"token":5})", false, close_code::kUnauthorized},
      {"version 2", json{{"type", "hello"}, {"v", 2}, {"token", token}}.dump(), false,
       close_code::kUnsupportedVersion},
      {"version missing", json{{"type", "hello"}, {"token", token}}.dump(), false,
       close_code::kUnsupportedVersion},
  };
  for (const auto& c : cases) {
    FakeConnection conn;
    auto client = hub_.open(conn);
    if (c.binary) {
      const std::uint8_t bytes[] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
      client->on_binary(bytes);
    } else {
      client->on_text(c.first);
    }
    EXPECT_EQ(conn.close_code, c.code) << c.name;
    EXPECT_FALSE(client->authenticated()) << c.name;
  }
}

TEST_F(ClientTest, HandshakeTimeoutClosesOnlyUnauthenticated) {
  FakeConnection conn;
  auto client = hub_.open(conn);
  client->on_handshake_timeout();
  EXPECT_EQ(conn.close_code, close_code::kBadHandshake);
  auto a = connect(new_token());
  a->client->on_handshake_timeout();
  EXPECT_EQ(a->conn.close_code, 0);
}

TEST_F(ClientTest, JoinSendsSpaceAndHistoryThenSnapshotAtTick) {
  auto a = connect(new_token("A"));
  a->client->on_text(R"({"type":"chat","text":"はじめまして"})");
  auto b = connect(new_token("B"));
  auto joined = b->conn.of_type("joined");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0]["space"]["id"], "plaza");
  ASSERT_EQ(joined[0]["history"].size(), 1u);
  EXPECT_EQ(joined[0]["history"][0]["text"], "はじめまして");
  hub_.tick();
  ASSERT_EQ(b->conn.binaries.size(), 1u);
  auto snapshot = proto::decode_world(b->conn.binaries[0].view());
  ASSERT_TRUE(snapshot);
  EXPECT_TRUE(snapshot->snapshot);
  EXPECT_EQ(snapshot->records.size(), 2u);
}

TEST_F(ClientTest, ChatReachesEveryoneInTheSpaceAndNoOneElse) {
  auto a = connect(new_token("A"));
  auto b = connect(new_token("B"));
  auto c = connect(new_token("C"), "circle-1");
  a->client->on_text(R"({"type":"chat","text":" こんにちは "})");
  ASSERT_EQ(b->conn.of_type("chat").size(), 1u);
  EXPECT_EQ(b->conn.of_type("chat")[0]["text"], "こんにちは");
  EXPECT_EQ(b->conn.of_type("chat")[0]["name"], "A");
  EXPECT_EQ(a->conn.of_type("chat").size(), 1u);  // the author sees it stored
  EXPECT_TRUE(c->conn.of_type("chat").empty());
  ASSERT_EQ(chat_count(), 1u);
}

TEST_F(ClientTest, MovesGoThroughTheTick) {
  auto a = connect(new_token("A"));
  auto b = connect(new_token("B"));
  hub_.tick();
  auto move = proto::encode_move(proto::Transform{250, 0, -300, 100, 1});
  a->client->on_binary(move);
  hub_.tick();
  ASSERT_EQ(b->conn.binaries.size(), 2u);
  auto frame = proto::decode_world(b->conn.binaries[1].view());
  ASSERT_TRUE(frame);
  ASSERT_EQ(frame->records.size(), 1u);
  EXPECT_EQ(frame->records[0].id, a->client->avatar_id());
  EXPECT_EQ(frame->records[0].transform.x, 250);
}

TEST_F(ClientTest, BadInputGetsAClearErrorAndTheClientStays) {
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::uint8_t> binary;
    const char* code;
  };
  const Case cases[] = {
      {"not json", "{oops", {}, "bad_message"},
      {"array", "[1,2]", {}, "bad_message"},
      {"type not string", R"({"type":7})", {}, "bad_message"},
      {"unknown type", R"({"type":"teleport"})", {}, "unknown_type"},
      {"second hello", R"({"type":"hello","v":1,"token":"x"})", {}, "already_hello"},
      {"unknown space", R"({"type":"join","space":"mars"})", {}, "unknown_space"},
      {"space not string", R"({"type":"join","space":1})", {}, "bad_message"},
      {"empty chat", R"({"type":"chat","text":"   "})", {}, "chat_empty"},
      {"chat not string", R"({"type":"chat","text":["x"]})", {}, "bad_message"},
      {"unknown emote", R"({"type":"emote","emote":"dance"})", {}, "emote_unknown"},
      {"short frame", "", {1}, "bad_frame"},
      {"frame version", "", {2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, "unsupported_version"},
      {"unknown frame", "", {1, 0x42}, "unknown_frame"},
      {"world frame from client", "", {1, 0x81, 0, 0, 0, 0, 0, 0, 0}, "unknown_frame"},
  };
  for (const auto& c : cases) {
    clock_.advance(1s);  // stay inside the token buckets
    auto a = connect(new_token());
    if (c.binary.empty()) {
      a->client->on_text(c.text);
    } else {
      a->client->on_binary(c.binary);
    }
    auto errors = a->conn.of_type("error");
    ASSERT_EQ(errors.size(), 1u) << c.name;
    EXPECT_EQ(errors[0]["code"], c.code) << c.name;
    EXPECT_EQ(a->conn.close_code, 0) << c.name;
  }
  EXPECT_GE(hub_.stats().rejected_inputs, std::size(cases));
}

TEST_F(ClientTest, ChatBeforeJoinIsRefused) {
  auto a = connect(new_token(), nullptr);
  a->client->on_text(R"({"type":"chat","text":"hi"})");
  ASSERT_EQ(a->conn.of_type("error").size(), 1u);
  EXPECT_EQ(a->conn.of_type("error")[0]["code"], "not_joined");
}

TEST_F(ClientTest, FullSpaceRefusesAndKeepsYouWhereYouWere) {
  auto a = connect(new_token("A"), "circle-1");
  auto b = connect(new_token("B"));
  b->client->on_text(R"({"type":"join","space":"circle-1"})");
  ASSERT_EQ(b->conn.of_type("error").size(), 1u);
  EXPECT_EQ(b->conn.of_type("error")[0]["code"], "space_full");
  EXPECT_EQ(b->client->space_id(), "plaza");
}

TEST_F(ClientTest, ChatFloodIsRateLimitedWithOneNotice) {
  auto a = connect(new_token());
  for (int i = 0; i < 10; ++i) a->client->on_text(R"({"type":"chat","text":"spam"})");
  EXPECT_EQ(chat_count(), 5u);  // the chat burst
  auto errors = a->conn.of_type("error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["code"], "rate_limited");
  clock_.advance(2s);
  a->client->on_text(R"({"type":"chat","text":"later"})");
  EXPECT_EQ(chat_count(), 6u);
  EXPECT_EQ(a->conn.close_code, 0);
}

TEST_F(ClientTest, SustainedFloodingCloses1008) {
  auto a = connect(new_token());
  auto move = proto::encode_move(proto::Transform{});
  for (int i = 0; i < 300 && a->conn.close_code == 0; ++i) a->client->on_binary(move);
  EXPECT_EQ(a->conn.close_code, close_code::kPolicy);
  EXPECT_TRUE(a->client->closing());
}

TEST_F(ClientTest, TooManyErrorsClose4003) {
  auto a = connect(new_token());
  for (int i = 0; i < 25 && a->conn.close_code == 0; ++i) a->client->on_text(R"({"type":"x"})");
  EXPECT_EQ(a->conn.close_code, close_code::kTooManyErrors);
}

TEST_F(ClientTest, SameSessionElsewhereReplacesTheOldConnection) {
  const std::string token = new_token();
  auto first = connect(token);
  auto b = connect(new_token("B"));
  hub_.tick();
  auto second = connect(token);
  EXPECT_EQ(first->conn.close_code, close_code::kReplaced);
  EXPECT_EQ(second->conn.close_code, 0);
  hub_.tick();
  // B saw the old avatar leave and the new one join, under the same id.
  auto frame = proto::decode_world(b->conn.binaries.back().view());
  ASSERT_TRUE(frame);
  ASSERT_EQ(frame->records.size(), 2u);
  EXPECT_EQ(frame->records[0].kind, proto::kRecordLeave);
  EXPECT_EQ(frame->records[1].kind, proto::kRecordJoin);
}

TEST_F(ClientTest, DestroyedClientLeavesItsSpace) {
  auto a = connect(new_token("A"));
  auto b = connect(new_token("B"));
  hub_.tick();
  const auto id = a->client->avatar_id();
  a.reset();
  hub_.tick();
  auto frame = proto::decode_world(b->conn.binaries.back().view());
  ASSERT_TRUE(frame);
  ASSERT_EQ(frame->records.size(), 1u);
  EXPECT_EQ(frame->records[0].kind, proto::kRecordLeave);
  EXPECT_EQ(frame->records[0].id, id);
  EXPECT_EQ(hub_.connections(), 1);
}

TEST_F(ClientTest, ShutdownClosesEveryone1001) {
  auto a = connect(new_token("A"));
  auto b = connect(new_token("B"), nullptr);
  hub_.close_all(close_code::kGoingAway, "server shutting down");
  EXPECT_EQ(a->conn.close_code, close_code::kGoingAway);
  EXPECT_EQ(b->conn.close_code, close_code::kGoingAway);
}

TEST_F(ClientTest, StoreFailureOnChatIsReportedAndNothingIsShown) {
  auto a = connect(new_token("A"));
  auto b = connect(new_token("B"));
  store_.fail_writes = true;
  a->client->on_text(R"({"type":"chat","text":"lost?"})");
  EXPECT_TRUE(b->conn.of_type("chat").empty());
  ASSERT_EQ(a->conn.of_type("error").size(), 1u);
  EXPECT_EQ(a->conn.of_type("error")[0]["code"], "internal");
}

TEST_F(ClientTest, EmoteIsFannedOut) {
  auto a = connect(new_token("A"));
  auto b = connect(new_token("B"));
  a->client->on_text(R"({"type":"emote","emote":"wave"})");
  ASSERT_EQ(b->conn.of_type("emote").size(), 1u);
  EXPECT_EQ(b->conn.of_type("emote")[0]["from"], a->client->avatar_id());
}

TEST_F(ClientTest, PingPongAndSpaces) {
  auto a = connect(new_token());
  a->client->on_text(R"({"type":"ping","t":42})");
  a->client->on_text(R"({"type":"spaces"})");
  ASSERT_EQ(a->conn.of_type("pong").size(), 1u);
  EXPECT_EQ(a->conn.of_type("pong")[0]["t"], 42);
  auto spaces = a->conn.of_type("spaces");
  ASSERT_EQ(spaces.size(), 1u);
  EXPECT_EQ(spaces[0]["spaces"][0]["count"], 1);
}

TEST_F(ClientTest, BrowserAuthenticatesWithItsCookie) {
  FakeConnection conn;
  conn.cookie = new_token("Cookie");
  auto client = hub_.open(conn);
  client->on_text(R"({"type":"hello","v":1})");
  ASSERT_EQ(conn.of_type("welcome").size(), 1u);
  EXPECT_EQ(conn.of_type("welcome")[0]["you"]["name"], "Cookie");
}

TEST_F(ClientTest, BannedUserIsClosed4006AndKickedOnBan) {
  auto a = connect(new_token("A"));
  const auto a_user = last_user_;
  ASSERT_TRUE(moderation_.ban({999, true}, a_user, "harassment", 0));
  EXPECT_EQ(hub_.disconnect_user(a_user, close_code::kBanned, "banned"), 1);
  EXPECT_EQ(a->conn.close_code, close_code::kBanned);
}

TEST_F(ClientTest, BannedUsersHelloIsRefused4006) {
  auto created = accounts_.create_guest({"Banned", 1, 1, ""});
  ASSERT_TRUE(created);
  // A ban recorded against the user (their sessions are not deleted by this raw insert).
  store::BanRecord ban;
  ban.user_id = created->identity.user.id;
  ban.reason = "test";
  ASSERT_TRUE(store_.create_ban(ban));
  FakeConnection conn;
  auto client = hub_.open(conn);
  client->on_text(json{{"type", "hello"}, {"v", 1}, {"token", created->token}}.dump());
  EXPECT_EQ(conn.close_code, close_code::kBanned);
}

TEST_F(ClientTest, BlockHidesAvatarsChatAndEmotesBothWays) {
  const std::string a_token = new_token("A");
  auto a = connect(a_token);
  const auto a_user = last_user_;
  auto b = connect(new_token("B"));
  const auto b_user = last_user_;
  auto c = connect(new_token("C"));
  hub_.tick();
  ASSERT_TRUE(moderation_.relate(a_user, b_user, "block", true));
  hub_.apply_block(a_user, b_user, true);
  hub_.tick();
  b->client->on_text(R"({"type":"chat","text":"hello A"})");
  b->client->on_text(R"({"type":"emote","emote":"wave"})");
  a->client->on_text(R"({"type":"chat","text":"hello all"})");
  EXPECT_TRUE(a->conn.of_type("emote").empty());
  for (const auto& m : a->conn.of_type("chat")) EXPECT_NE(m["name"], "B");
  for (const auto& m : b->conn.of_type("chat")) EXPECT_NE(m["name"], "A");
  EXPECT_EQ(c->conn.of_type("chat").size(), 2u);  // C is not involved
  // A's last world frame took B away.
  auto frame = proto::decode_world(a->conn.binaries.back().view());
  ASSERT_TRUE(frame);
  bool b_left = false;
  for (const auto& r : frame->records) b_left |= r.kind == proto::kRecordLeave && r.id == b_user;
  EXPECT_TRUE(b_left);
  // A new connection of A's starts without B, and B's history lines are not sent to A.
  a.reset();
  hub_.tick();
  auto a2 = connect(a_token);
  auto joined = a2->conn.of_type("joined");
  ASSERT_EQ(joined.size(), 1u);
  for (const auto& m : joined[0]["history"]) EXPECT_NE(m["name"], "B");
  EXPECT_EQ(joined[0]["history"].size(), 1u);  // A's own line only
  hub_.tick();
  auto snapshot = proto::decode_world(a2->conn.binaries.back().view());
  ASSERT_TRUE(snapshot);
  EXPECT_TRUE(snapshot->snapshot);
  for (const auto& r : snapshot->records) EXPECT_NE(r.id, b_user);
  EXPECT_EQ(snapshot->records.size(), 2u);  // A and C
}

TEST_F(ClientTest, WordFilterRefusesPublicChat) {
  auto a = connect(new_token());
  a->client->on_text(R"({"type":"chat","text":"you BADWORD"})");
  ASSERT_EQ(a->conn.of_type("error").size(), 1u);
  EXPECT_EQ(a->conn.of_type("error")[0]["code"], "chat_filtered");
  EXPECT_EQ(chat_count(), 0u);
}

TEST_F(ClientTest, StaleRulesMustBeAcceptedBeforeJoining) {
  auth::AccountService newer(store_, audit_, clock_, offload_, reserved_, 2);
  WorldMap map(test_world(), 1);
  Hub hub(map, 0, {newer, moderation_, chat_, filter_, clock_});
  FakeConnection conn;
  auto client = hub.open(conn);
  client->on_text(json{{"type", "hello"}, {"v", 1}, {"token", new_token()}}.dump());
  auto welcome = conn.of_type("welcome");
  ASSERT_EQ(welcome.size(), 1u);
  EXPECT_EQ(welcome[0]["rules_accepted"], false);
  client->on_text(R"({"type":"join","space":"plaza"})");
  ASSERT_EQ(conn.of_type("error").size(), 1u);
  EXPECT_EQ(conn.of_type("error")[0]["code"], "rules_not_accepted");
}

TEST_F(ClientTest, ClinicianBadgeRidesInTheJoinFlags) {
  auto token = new_token("Yamada");
  ASSERT_TRUE(accounts_.set_role(0, last_user_, auth::Role::kClinician));
  auto a = connect(token);
  auto b = connect(new_token("B"));
  hub_.tick();
  auto snapshot = proto::decode_world(b->conn.binaries.back().view());
  ASSERT_TRUE(snapshot);
  int checked = 0;
  for (const auto& r : snapshot->records) {
    if (r.name == "Yamada") {
      EXPECT_EQ(r.flags, kBadgeClinician);
      ++checked;
    } else {
      EXPECT_EQ(r.flags, 0);
    }
  }
  EXPECT_EQ(checked, 1);
  EXPECT_EQ(a->conn.of_type("welcome")[0]["you"]["role"], "clinician");
}

TEST_F(ClientTest, JoiningASpaceOnAnotherLoopAsksTheClientToReconnectThere) {
  WorldMap two(test_world(), 2);  // plaza on loop 0, circle-1 on loop 1
  ASSERT_EQ(two.shard_of("circle-1"), 1);
  Hub loop0(two, 0, {accounts_, moderation_, chat_, filter_, clock_});
  Hub loop1(two, 1, {accounts_, moderation_, chat_, filter_, clock_});
  const std::string token = new_token("Traveller");
  FakeConnection conn0;
  auto client0 = loop0.open(conn0);
  client0->on_text(json{{"type", "hello"}, {"v", 1}, {"token", token}}.dump());
  client0->on_text(R"({"type":"join","space":"plaza"})");
  ASSERT_EQ(conn0.of_type("joined").size(), 1u);
  client0->on_text(R"({"type":"join","space":"circle-1"})");
  auto reconnect = conn0.of_type("reconnect");
  ASSERT_EQ(reconnect.size(), 1u);
  EXPECT_EQ(reconnect[0]["space"], "circle-1");
  EXPECT_EQ(client0->space_id(), "plaza");  // stays until the client moves
  EXPECT_EQ(loop0.find_space("circle-1"), nullptr);
  FakeConnection conn1;
  auto client1 = loop1.open(conn1);
  client1->on_text(json{{"type", "hello"}, {"v", 1}, {"token", token}}.dump());
  client1->on_text(R"({"type":"join","space":"circle-1"})");
  ASSERT_EQ(conn1.of_type("joined").size(), 1u);
  EXPECT_EQ(conn1.of_type("joined")[0]["space"]["id"], "circle-1");
  client0.reset();
  EXPECT_NE(two.spaces_json().find("\"count\":1"), std::string::npos);
}

// --- the doctors' lounge (issue 6): closed to patients, anonymous labels, chat not stored

world::WorldConfig lounge_world() {
  auto world = world::parse_world_config(R"({"spaces":[
    {"id":"plaza","name":{"ja":"広場","en":"Plaza"},"capacity":10},
    {"id":"lounge","kind":"lounge","name":{"ja":"医局のソファ","en":"Doctors' lounge"},
     "capacity":10,"access":"clinicians","anonymous_labels":true,"store_chat":false}]})");
  EXPECT_TRUE(world) << world.error().message();
  return *world;
}

class LoungeTest : public ClientTest {
 protected:
  LoungeTest()
      : lounge_map_(lounge_world(), 1),
        lounge_hub_(lounge_map_, 0, {accounts_, moderation_, chat_, filter_, clock_}) {}

  // A signed-in person with `role` (guests stay guests).
  std::string person(const char* name, auth::Role role) {
    std::string token = new_token(name);
    if (role != auth::Role::kGuest) EXPECT_TRUE(accounts_.set_role(0, last_user_, role));
    return token;
  }

  // hello, then join `space` (with "anonymous" when given).
  std::unique_ptr<Peer> enter(const std::string& token, const char* space,
                              std::optional<bool> anonymous = std::nullopt) {
    auto peer = std::make_unique<Peer>();
    peer->client = lounge_hub_.open(peer->conn);
    peer->client->on_text(json{{"type", "hello"}, {"v", 1}, {"token", token}}.dump());
    join(*peer, space, anonymous);
    return peer;
  }
  void join(Peer& peer, const char* space, std::optional<bool> anonymous = std::nullopt) {
    json message = {{"type", "join"}, {"space", space}};
    if (anonymous) message["anonymous"] = *anonymous;
    clock_.advance(1s);
    peer.client->on_text(message.dump());
  }

  // Every avatar record (JOIN) a peer was sent, decoded.
  static std::vector<proto::WorldRecord> joins(const Peer& peer) {
    std::vector<proto::WorldRecord> out;
    for (const auto& bytes : peer.conn.binaries) {
      auto frame = proto::decode_world(bytes.view());
      EXPECT_TRUE(frame);
      if (!frame) continue;
      for (const auto& r : frame->records) {
        if (r.kind == proto::kRecordJoin) out.push_back(r);
      }
    }
    return out;
  }

  // True if `text` appears anywhere in what a peer received (control messages and the names
  // in world frames).
  static bool received(const Peer& peer, const std::string& text) {
    for (const auto& m : peer.conn.texts) {
      if (m.dump().find(text) != std::string::npos) return true;
    }
    for (const auto& r : joins(peer)) {
      if (r.name.find(text) != std::string::npos) return true;
    }
    return false;
  }

  WorldMap lounge_map_;
  Hub lounge_hub_;
};

TEST_F(LoungeTest, OnlyCliniciansAndTraineesMayEnter) {
  struct Case {
    const char* name;
    auth::Role role;
    bool enters;
  };
  const Case cases[] = {
      {"guest", auth::Role::kGuest, false},          {"member", auth::Role::kMember, false},
      {"clinician", auth::Role::kClinician, true},   {"trainee", auth::Role::kTrainee, true},
      {"facilitator", auth::Role::kFacilitator, false},
      {"researcher", auth::Role::kResearcher, false}, {"moderator", auth::Role::kModerator, false},
      {"admin", auth::Role::kAdmin, false},
  };
  std::vector<std::unique_ptr<Peer>> peers;
  for (const auto& c : cases) {
    const std::string name = std::string("Person ") + std::to_string(&c - cases);
    auto& p = peers.emplace_back(enter(person(name.c_str(), c.role), "plaza"));
    ASSERT_EQ(p->client->space_id(), "plaza") << c.name;
    join(*p, "lounge");
    if (c.enters) {
      EXPECT_EQ(p->client->space_id(), "lounge") << c.name;
      EXPECT_TRUE(p->conn.of_type("error").empty()) << c.name;
    } else {
      auto errors = p->conn.of_type("error");
      ASSERT_EQ(errors.size(), 1u) << c.name;
      EXPECT_EQ(errors[0]["code"], "permission_denied") << c.name;
      EXPECT_EQ(p->client->space_id(), "plaza") << c.name;  // stays where they were
      EXPECT_EQ(p->conn.of_type("joined").size(), 1u) << c.name;
    }
  }
  lounge_hub_.tick();
  EXPECT_EQ(lounge_map_.space("lounge")->count(), 2);
}

TEST_F(LoungeTest, ARefusalComesBeforeAnyReconnectToAnotherLoop) {
  WorldMap two(lounge_world(), 2);  // plaza on loop 0, lounge on loop 1
  ASSERT_EQ(two.shard_of("lounge"), 1);
  Hub loop0(two, 0, {accounts_, moderation_, chat_, filter_, clock_});
  FakeConnection guest_conn, doctor_conn;
  auto guest = loop0.open(guest_conn);
  guest->on_text(json{{"type", "hello"}, {"v", 1}, {"token", person("Patient", auth::Role::kGuest)}}.dump());
  guest->on_text(R"({"type":"join","space":"lounge"})");
  ASSERT_EQ(guest_conn.of_type("error").size(), 1u);
  EXPECT_EQ(guest_conn.of_type("error")[0]["code"], "permission_denied");
  EXPECT_TRUE(guest_conn.of_type("reconnect").empty());
  auto doctor = loop0.open(doctor_conn);
  doctor->on_text(json{{"type", "hello"}, {"v", 1}, {"token", person("Doc", auth::Role::kClinician)}}.dump());
  doctor->on_text(R"({"type":"join","space":"lounge","anonymous":true})");
  EXPECT_EQ(doctor_conn.of_type("reconnect").size(), 1u);
}

TEST_F(LoungeTest, SpacesAndJoinedSayWhoMayEnterAndThatChatIsNotStored) {
  auto a = enter(person("Yamada", auth::Role::kClinician), "lounge");
  auto welcome = a->conn.of_type("welcome");
  ASSERT_EQ(welcome.size(), 1u);
  std::map<std::string, std::string> access;
  for (const auto& s : welcome[0]["spaces"]) access[s["id"]] = s["access"];
  EXPECT_EQ(access["plaza"], "public");
  EXPECT_EQ(access["lounge"], "clinicians");
  auto joined = a->conn.of_type("joined");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0]["space"]["access"], "clinicians");
  EXPECT_EQ(joined[0]["space"]["anonymous_labels"], true);
  EXPECT_EQ(joined[0]["space"]["chat_stored"], false);
  EXPECT_EQ(joined[0]["you"]["name"], "Yamada");
  EXPECT_EQ(joined[0]["you"]["anonymous"], false);
}

TEST_F(LoungeTest, AnAnonymousDoctorIsKnownToOthersOnlyByLabel) {
  const std::string a_token = person("Yamada Taro", auth::Role::kClinician);
  const auto a_user = static_cast<std::uint32_t>(last_user_);
  auto a = enter(a_token, "lounge", true);
  auto b = enter(person("Suzuki", auth::Role::kTrainee), "lounge", false);
  auto joined = a->conn.of_type("joined");
  ASSERT_EQ(joined.size(), 1u);
  const auto alias = joined[0]["you"]["id"].get<std::uint32_t>();
  EXPECT_EQ(joined[0]["you"]["name"], "医師A");
  EXPECT_EQ(joined[0]["you"]["anonymous"], true);
  EXPECT_NE(alias, a_user);
  EXPECT_TRUE(is_alias(alias));
  EXPECT_EQ(a->client->avatar_id(), alias);
  lounge_hub_.tick();
  a->client->on_text(R"({"type":"chat","text":"片頭痛の予防薬について相談させてください"})");
  a->client->on_text(R"({"type":"emote","emote":"question"})");
  a->client->on_binary(proto::encode_move(proto::Transform{100, 0, 200, 0, 1}));
  lounge_hub_.tick();

  // B sees 医師A under the alias, with no badge that could be looked up.
  bool saw_label = false;
  for (const auto& r : joins(*b)) {
    EXPECT_NE(r.id, a_user);
    if (r.id == alias) {
      saw_label = true;
      EXPECT_EQ(r.name, "医師A");
      EXPECT_EQ(r.flags, kBadgeAnonymous);
    }
  }
  EXPECT_TRUE(saw_label);
  auto chat = b->conn.of_type("chat");
  ASSERT_EQ(chat.size(), 1u);
  EXPECT_EQ(chat[0]["name"], "医師A");
  EXPECT_EQ(chat[0]["from"], alias);
  EXPECT_EQ(chat[0]["anonymous"], true);
  ASSERT_EQ(b->conn.of_type("emote").size(), 1u);
  EXPECT_EQ(b->conn.of_type("emote")[0]["from"], alias);
  // The name never reaches anyone else, in any message or frame.
  EXPECT_FALSE(received(*b, "Yamada"));
  for (const auto& m : b->conn.texts) {
    if (m.contains("from")) EXPECT_NE(m["from"], a_user) << m.dump();
  }
  // A named member stays named.
  bool saw_b = false;
  for (const auto& r : joins(*a)) saw_b |= r.name == "Suzuki" && r.flags == kBadgeTrainee;
  EXPECT_TRUE(saw_b);
}

TEST_F(LoungeTest, LabelsAreStablePerPersonUntilTheLoungeEmpties) {
  const std::string a_token = person("Alpha", auth::Role::kClinician);
  const std::string b_token = person("Bravo", auth::Role::kClinician);
  const std::string c_token = person("Charlie", auth::Role::kClinician);
  auto a = enter(a_token, "lounge", true);
  auto b = enter(b_token, "lounge", true);
  auto name_of = [](const Peer& p) { return p.conn.of_type("joined").back()["you"]["name"]; };
  auto id_of = [](const Peer& p) { return p.conn.of_type("joined").back()["you"]["id"]; };
  EXPECT_EQ(name_of(*a), "医師A");
  EXPECT_EQ(name_of(*b), "医師B");
  const json a_alias = id_of(*a);
  // A leaves for the plaza and comes back: still 医師A, same id; C is next.
  join(*a, "plaza");
  EXPECT_FALSE(is_alias(id_of(*a).get<std::uint32_t>()));
  EXPECT_EQ(a->client->avatar_id(), id_of(*a).get<std::uint32_t>());
  auto c = enter(c_token, "lounge", true);
  join(*a, "lounge", true);
  EXPECT_EQ(name_of(*a), "医師A");
  EXPECT_EQ(id_of(*a), a_alias);
  EXPECT_EQ(name_of(*c), "医師C");
  // A reconnect (same session, new connection) keeps the label too.
  auto a2 = enter(a_token, "lounge", true);
  EXPECT_EQ(name_of(*a2), "医師A");
  // Once everyone has left, the session is over and the labels are dealt afresh.
  a.reset();
  a2.reset();
  b.reset();
  c.reset();
  EXPECT_EQ(lounge_map_.space("lounge")->count(), 0);
  auto c_again = enter(c_token, "lounge", true);
  EXPECT_EQ(name_of(*c_again), "医師A");
}

TEST_F(LoungeTest, LoungeChatIsNeverStoredAndHasNoHistory) {
  auto a = enter(person("Alpha", auth::Role::kClinician), "lounge", true);
  auto b = enter(person("Bravo", auth::Role::kClinician), "lounge");
  a->client->on_text(R"({"type":"chat","text":"40代女性、前兆のある片頭痛"})");
  b->client->on_text(R"({"type":"chat","text":"トリプタンは？"})");
  EXPECT_EQ(a->conn.of_type("chat").size(), 2u);
  EXPECT_EQ(b->conn.of_type("chat").size(), 2u);
  EXPECT_EQ(chat_count("lounge"), 0u);
  auto c = enter(person("Charlie", auth::Role::kClinician), "lounge");
  ASSERT_EQ(c->conn.of_type("joined").size(), 1u);
  EXPECT_TRUE(c->conn.of_type("joined")[0]["history"].empty());
  // Other spaces still keep theirs.
  auto d = enter(person("Delta", auth::Role::kGuest), "plaza");
  d->client->on_text(R"({"type":"chat","text":"こんにちは"})");
  EXPECT_EQ(chat_count("plaza"), 1u);
}

TEST_F(LoungeTest, AnonymityIsOnlyInSpacesWithLabelsAndMustBeABoolean) {
  auto a = enter(person("Alpha", auth::Role::kClinician), "plaza", true);
  ASSERT_EQ(a->conn.of_type("joined").size(), 1u);
  EXPECT_EQ(a->conn.of_type("joined")[0]["you"]["name"], "Alpha");
  EXPECT_EQ(a->conn.of_type("joined")[0]["you"]["anonymous"], false);
  a->client->on_text(R"({"type":"join","space":"lounge","anonymous":"yes"})");
  ASSERT_EQ(a->conn.of_type("error").size(), 1u);
  EXPECT_EQ(a->conn.of_type("error")[0]["code"], "bad_message");
  EXPECT_EQ(a->client->space_id(), "plaza");
}

TEST_F(LoungeTest, BlocksHoldAcrossAnonymousLabels) {
  const std::string a_token = person("Alpha", auth::Role::kClinician);
  const auto a_user = last_user_;
  const std::string b_token = person("Bravo", auth::Role::kClinician);
  const auto b_user = last_user_;
  auto c = enter(person("Charlie", auth::Role::kClinician), "lounge");
  // A blocked B before; both come in, A anonymous.
  ASSERT_TRUE(moderation_.relate(a_user, b_user, "block", true));
  auto a = enter(a_token, "lounge", true);
  auto b = enter(b_token, "lounge");
  lounge_hub_.tick();
  const auto alias = a->client->avatar_id();
  for (const auto& r : joins(*b)) EXPECT_NE(r.id, alias);
  for (const auto& r : joins(*a)) EXPECT_NE(r.id, static_cast<std::uint32_t>(b_user));
  a->client->on_text(R"({"type":"chat","text":"hello"})");
  EXPECT_TRUE(b->conn.of_type("chat").empty());
  EXPECT_EQ(c->conn.of_type("chat").size(), 1u);
  // Unblocked while both are inside: they appear to each other, A still as the label.
  ASSERT_TRUE(moderation_.relate(a_user, b_user, "block", false));
  lounge_hub_.apply_block(a_user, b_user, false);
  lounge_hub_.tick();
  bool b_sees_label = false;
  for (const auto& r : joins(*b)) b_sees_label |= r.id == alias && r.name == "医師A";
  EXPECT_TRUE(b_sees_label);
  // Blocked again: gone again.
  lounge_hub_.apply_block(a_user, b_user, true);
  const auto before = b->conn.of_type("chat").size();
  a->client->on_text(R"({"type":"chat","text":"again"})");
  EXPECT_EQ(b->conn.of_type("chat").size(), before);
}

}  // namespace
}  // namespace tsunagu::realtime
