#include "world/world_config.h"

#include <gtest/gtest.h>

namespace tsunagu::world {
namespace {

TEST(WorldConfigTest, ShippedContentLoads) {
  auto world = load_world_config(std::string(TSUNAGU_SOURCE_DIR) + "/content/world.json");
  ASSERT_TRUE(world) << world.error().message();
  EXPECT_EQ(world->default_space, "plaza");
  ASSERT_NE(world->find("plaza"), nullptr);
  EXPECT_EQ(world->find("plaza")->name.ja, "広場");
  int circles = 0;
  for (const auto& s : world->spaces) circles += s.kind == "circle";
  EXPECT_GE(circles, 2);
}

TEST(WorldConfigTest, RejectsBadContentWithAMessageNamingTheProblem) {
  struct Case {
    const char* name;
    const char* json;
    const char* message_part;
  };
  const Case cases[] = {
      {"not json", "{", "not a JSON object"},
      {"no spaces", R"({"spaces":[]})", "no spaces"},
      {"bad id", R"({"spaces":[{"id":"Plaza!","name":{"ja":"a","en":"a"}}]})", "space id"},
      {"duplicate", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"}},{"id":"a","name":{"ja":"a","en":"a"}}]})", "duplicate"},
      {"missing english name", R"({"spaces":[{"id":"a","name":{"ja":"a"}}]})", "ja and en"},
      {"capacity zero", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"capacity":0}]})", "capacity"},
      {"spawn outside", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"spawn":{"x":99}}]})", "spawn"},
      {"bounds too big", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"bounds":{"min_x":-500,"min_z":-1,"max_x":1,"max_z":1}}]})", "bounds"},
      {"portal to nowhere", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"portals":[{"to":"b"}]}]})", "unknown space"},
      {"unknown default", R"({"default_space":"b","spaces":[{"id":"a","name":{"ja":"a","en":"a"}}]})", "default_space"},
      {"zone unordered", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"zones":[{"id":"b","min_x":2,"min_z":0,"max_x":1,"max_z":1}]}]})", "zone 'b'"},
      {"zone bad id", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"zones":[{"id":"B B","min_x":0,"min_z":0,"max_x":1,"max_z":1}]}]})", "zone id"},
      {"hearing radius", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"voice":{"hearing_radius":0}}]})", "hearing_radius"},
      {"max voices", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"voice":{"max_voices":99}}]})", "max_voices"},
      {"wrong type", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"capacity":"many"}]})", "wrong type"},
      {"unknown access", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"access":"doctors"}]})", "access must be"},
      {"access not text", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"access":1}]})", "wrong type"},
      {"labels not bool", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"anonymous_labels":"yes"}]})", "wrong type"},
      {"labels on stored chat", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"anonymous_labels":true}]})", "store_chat"},
      {"closed default", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"access":"clinicians"}]})", "must be public"},
  };
  for (const auto& c : cases) {
    auto world = parse_world_config(c.json);
    ASSERT_FALSE(world) << c.name;
    EXPECT_NE(world.error().message().find(c.message_part), std::string::npos)
        << c.name << ": " << world.error().message();
  }
}

TEST(WorldConfigTest, ZonesStageAndVoiceSettings) {
  auto world = parse_world_config(R"({"spaces":[{"id":"hall","name":{"ja":"a","en":"a"},
      "stage":{"min_x":-5,"min_z":-20,"max_x":5,"max_z":-15},
      "zones":[{"id":"booth","name":{"ja":"ブース","en":"Booth"},"min_x":10,"min_z":10,"max_x":14,"max_z":14}],
      "voice":{"hearing_radius":20,"max_voices":4,"meeting_mode":true}}]})");
  ASSERT_TRUE(world) << world.error().message();
  const SpaceConfig& s = world->spaces.front();
  EXPECT_EQ(s.voice.hearing_radius, 20.0f);
  EXPECT_EQ(s.voice.max_voices, 4);
  EXPECT_TRUE(s.voice.meeting_mode);
  EXPECT_EQ(s.zone_at(12, 12), 1);
  EXPECT_EQ(s.zone_at(14, 14), 1);  // edges belong to the zone
  EXPECT_EQ(s.zone_at(14.1f, 12), 0);
  EXPECT_TRUE(s.on_stage(0, -18));
  EXPECT_FALSE(s.on_stage(0, -14));
}

// The doctors' lounge: closed to the public, anonymous labels, chat not stored. Other spaces
// keep the defaults.
TEST(WorldConfigTest, AccessAnonymousLabelsAndChatStorage) {
  auto world = parse_world_config(R"({"spaces":[
      {"id":"plaza","name":{"ja":"広場","en":"Plaza"}},
      {"id":"lounge","kind":"lounge","name":{"ja":"医局","en":"Lounge"},
       "access":"clinicians","anonymous_labels":true,"store_chat":false}]})");
  ASSERT_TRUE(world) << world.error().message();
  const SpaceConfig* plaza = world->find("plaza");
  const SpaceConfig* lounge = world->find("lounge");
  ASSERT_TRUE(plaza && lounge);
  EXPECT_EQ(plaza->access, Access::kPublic);
  EXPECT_FALSE(plaza->anonymous_labels);
  EXPECT_TRUE(plaza->store_chat);
  EXPECT_EQ(lounge->access, Access::kClinicians);
  EXPECT_TRUE(lounge->anonymous_labels);
  EXPECT_FALSE(lounge->store_chat);
  EXPECT_EQ(access_name(lounge->access), "clinicians");
  EXPECT_EQ(access_name(plaza->access), "public");
}

TEST(WorldConfigTest, ShippedLoungeIsClosedAnonymousAndUnrecorded) {
  auto world = load_world_config(std::string(TSUNAGU_SOURCE_DIR) + "/content/world.json");
  ASSERT_TRUE(world) << world.error().message();
  const SpaceConfig* lounge = world->find("lounge");
  ASSERT_NE(lounge, nullptr);
  EXPECT_EQ(lounge->kind, "lounge");
  EXPECT_EQ(lounge->access, Access::kClinicians);
  EXPECT_TRUE(lounge->anonymous_labels);
  EXPECT_FALSE(lounge->store_chat);
  bool portal_from_plaza = false;
  for (const auto& p : world->find("plaza")->portals) portal_from_plaza |= p.to == "lounge";
  EXPECT_TRUE(portal_from_plaza);
}


TEST(WorldConfigTest, ConsultationRoomsArePrivateUnrecordedCopies) {
  auto world = load_world_config(std::string(TSUNAGU_SOURCE_DIR) + "/content/world.json");
  ASSERT_TRUE(world) << world.error().message();
  const auto rooms = world->consultation_rooms();
  ASSERT_EQ(rooms.size(), 12u);
  EXPECT_EQ(rooms.front(), "consult-1");
  EXPECT_EQ(rooms.back(), "consult-12");
  const SpaceConfig* room = world->find("consult-3");
  ASSERT_NE(room, nullptr);
  EXPECT_EQ(room->access, Access::kConsultation);
  EXPECT_FALSE(room->store_chat);
  EXPECT_TRUE(room->voice.meeting_mode);
  EXPECT_EQ(world->find("consult"), nullptr);

  struct Case {
    const char* json;
    const char* message_part;
  };
  const Case bad[] = {
      {R"({"spaces":[{"id":"p","name":{"ja":"a","en":"a"}},{"id":"c","name":{"ja":"a","en":"a"},"access":"consultation"}]})",
       "store_chat"},
      {R"({"spaces":[{"id":"p","name":{"ja":"a","en":"a"},"copies":2}]})", "only for consultation"},
      {R"({"spaces":[{"id":"p","name":{"ja":"a","en":"a"}},{"id":"c","name":{"ja":"a","en":"a"},"access":"consultation","store_chat":false,"copies":0}]})",
       "copies must be"},
      {R"({"spaces":[{"id":"p","name":{"ja":"a","en":"a"},"portals":[{"to":"c-1"}]},{"id":"c","name":{"ja":"a","en":"a"},"access":"consultation","store_chat":false}]})",
       "no portal leads into"},
      {R"({"spaces":[{"id":"p","name":{"ja":"a","en":"a"}},{"id":"c","name":{"ja":"a","en":"a"},"access":"secret"}]})",
       "access must be"},
  };
  for (const Case& c : bad) {
    auto r = parse_world_config(c.json);
    ASSERT_FALSE(r) << c.json;
    EXPECT_NE(r.error().message().find(c.message_part), std::string::npos) << r.error().message();
  }
}

}  // namespace
}  // namespace tsunagu::world
