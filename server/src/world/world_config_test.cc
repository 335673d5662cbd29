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
      {"wrong type", R"({"spaces":[{"id":"a","name":{"ja":"a","en":"a"},"capacity":"many"}]})", "wrong type"},
  };
  for (const auto& c : cases) {
    auto world = parse_world_config(c.json);
    ASSERT_FALSE(world) << c.name;
    EXPECT_NE(world.error().message().find(c.message_part), std::string::npos)
        << c.name << ": " << world.error().message();
  }
}

}  // namespace
}  // namespace tsunagu::world
