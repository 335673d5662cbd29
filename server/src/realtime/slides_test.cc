// Slides on a hall's screen with decks from the shared registry: showing and paging an
// uploaded deck like a content deck, and a deleted deck blanking the screens that show it
// (Hub::slides_removed, reached through realtime::Control on every loop).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "realtime/client.h"
#include "realtime/local_control.h"
#include "store/memory_store.h"

namespace tsunagu::realtime {
namespace {

using nlohmann::json;

class Recorder : public Connection {
 public:
  void send_text(TextBytes text) override { texts.push_back(json::parse(*text)); }
  void send_binary(BinaryBytes) override {}
  void close(std::uint16_t, std::string_view) override {}
  std::string_view cookie_token() const override { return {}; }
  std::vector<json> of_type(const std::string& type) const {
    std::vector<json> out;
    for (const auto& t : texts) {
      if (t.value("type", "") == type) out.push_back(t);
    }
    return out;
  }
  std::vector<json> texts;
};

world::SlideDeck deck(std::string id, std::int64_t owner, std::vector<std::string> pages) {
  world::SlideDeck d;
  d.id = std::move(id);
  d.title = {"講演", "Talk"};
  d.pages = std::move(pages);
  d.owner_id = owner;
  return d;
}

class SlidesTest : public ::testing::Test {
 protected:
  SlidesTest()
      : audit_(store_, clock_),
        reserved_(auth::ReservedNames::from_words({"admin"})),
        filter_(social::WordFilter::from_words({})),
        accounts_(store_, audit_, clock_, offload_, reserved_, 1),
        moderation_(store_, audit_, clock_),
        chat_(store_, clock_),
        map_(*world::parse_world_config(R"({"spaces":[
          {"id":"hall","name":{"ja":"講堂","en":"Hall"},"stage":{"min_x":-8,"min_z":-30,"max_x":8,"max_z":-22}},
          {"id":"hall-2","name":{"ja":"講堂2","en":"Hall 2"},"stage":{"min_x":-8,"min_z":-30,"max_x":8,"max_z":-22}}]})"),
             2),
        registry_({deck("basics", 0, {"01.svg"})}),
        hub0_(map_, 0, {accounts_, moderation_, chat_, filter_, clock_}),
        hub1_(map_, 1, {accounts_, moderation_, chat_, filter_, clock_}),
        control_({&hub0_, &hub1_}) {
    hub0_.set_slide_registry(registry_);
    hub1_.set_slide_registry(registry_);
  }

  struct Peer {
    Recorder conn;
    std::unique_ptr<Client> client;
    void send(const json& m) { client->on_text(m.dump()); }
    json last_slides() const { return conn.of_type("slides").back(); }
  };

  std::unique_ptr<Peer> enter(const char* name, auth::Role role, const std::string& space) {
    auto created = accounts_.create_guest({name, 1, 1, ""});
    EXPECT_TRUE(created);
    if (role != auth::Role::kGuest) {
      EXPECT_TRUE(accounts_.set_role(0, created->identity.user.id, role));
    }
    auto peer = std::make_unique<Peer>();
    Hub& hub = map_.shard_of(space) == 0 ? hub0_ : hub1_;
    peer->client = hub.open(peer->conn);
    peer->send({{"type", "hello"}, {"v", 1}, {"token", created->token}});
    peer->send({{"type", "join"}, {"space", space}});
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
  world::SlideRegistry registry_;
  Hub hub0_;
  Hub hub1_;
  LocalControl control_;
};

TEST_F(SlidesTest, AnUploadedDeckIsShownAndPagedLikeAContentDeck) {
  auto presenter = enter("はっぴょう", auth::Role::kFacilitator, "hall");
  auto listener = enter("ききて", auth::Role::kGuest, "hall");
  presenter->send({{"type", "slides_show"}, {"deck", "up-x"}});
  EXPECT_EQ(presenter->conn.of_type("error").back()["code"], "slides_unknown");  // not yet
  ASSERT_TRUE(registry_.add(deck("up-x", 7, {"01.jpg", "02.jpg"})));
  presenter->send({{"type", "slides_show"}, {"deck", "up-x"}});
  EXPECT_EQ(listener->last_slides()["deck"], "up-x");
  EXPECT_EQ(listener->last_slides()["pages"], json({"/slides/up-x/01.jpg", "/slides/up-x/02.jpg"}));
  presenter->send({{"type", "slides_page"}, {"page", 1}});
  EXPECT_EQ(listener->last_slides()["page"], 1);
  presenter->send({{"type", "slides_page"}, {"page", 2}});
  EXPECT_EQ(presenter->conn.of_type("error").back()["code"], "slides_page_invalid");
}

TEST_F(SlidesTest, DeletingADeckBlanksEveryScreenShowingItOnEveryLoop) {
  ASSERT_NE(map_.shard_of("hall"), map_.shard_of("hall-2"));
  ASSERT_TRUE(registry_.add(deck("up-x", 7, {"01.jpg", "02.jpg"})));
  auto a = enter("はっぴょう", auth::Role::kFacilitator, "hall");
  auto b = enter("こうし", auth::Role::kClinician, "hall-2");
  auto listener_a = enter("ききて", auth::Role::kGuest, "hall");
  auto listener_b = enter("ききて2", auth::Role::kGuest, "hall-2");
  a->send({{"type", "slides_show"}, {"deck", "up-x"}});
  a->send({{"type", "slides_page"}, {"page", 1}});
  b->send({{"type", "slides_show"}, {"deck", "basics"}});
  const auto before_b = listener_b->conn.of_type("slides").size();
  // the API removed it from the registry, then told every loop
  ASSERT_NE(registry_.remove("up-x"), nullptr);
  // between the two, the screen already shows nothing and paging is refused
  a->send({{"type", "slides_page"}, {"page", 0}});
  EXPECT_EQ(a->conn.of_type("error").back()["code"], "slides_unknown");
  control_.slides_removed("up-x");
  EXPECT_TRUE(listener_a->last_slides()["deck"].is_null());
  EXPECT_EQ(listener_a->last_slides()["page"], 0);
  EXPECT_TRUE(listener_a->last_slides()["pages"].empty());
  // the other hall shows another deck: untouched, and not even told
  EXPECT_EQ(listener_b->conn.of_type("slides").size(), before_b);
  EXPECT_EQ(listener_b->last_slides()["deck"], "basics");
  // someone joining later sees a blank screen
  auto late = enter("おくれて", auth::Role::kGuest, "hall");
  EXPECT_TRUE(late->last_slides()["deck"].is_null());
}

}  // namespace
}  // namespace tsunagu::realtime
