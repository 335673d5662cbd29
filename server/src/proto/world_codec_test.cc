#include "proto/world_codec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tsunagu::proto {
namespace {

using nlohmann::json;

std::vector<std::uint8_t> from_hex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  std::istringstream in(hex);
  std::string byte;
  while (in >> byte) out.push_back(static_cast<std::uint8_t>(std::stoul(byte, nullptr, 16)));
  return out;
}

Transform transform_from(const json& j) {
  return Transform{j.at("x").get<std::int16_t>(), j.at("y").get<std::int16_t>(),
                   j.at("z").get<std::int16_t>(), j.at("yaw").get<std::uint16_t>(),
                   j.at("anim").get<std::uint8_t>()};
}

Frame frame_from(const json& j) {
  if (j.at("type") == "move") return MoveFrame{transform_from(j.at("transform"))};
  WorldFrame w;
  w.snapshot = j.at("snapshot").get<bool>();
  w.tick = j.at("tick").get<std::uint32_t>();
  for (const auto& r : j.at("records")) {
    WorldRecord rec;
    rec.id = r.at("id").get<std::uint32_t>();
    const std::string kind = r.at("kind");
    if (kind == "join") {
      rec.kind = kRecordJoin;
      rec.avatar = r.at("avatar").get<std::uint8_t>();
      rec.flags = r.at("flags").get<std::uint8_t>();
      rec.name = r.at("name").get<std::string>();
      rec.transform = transform_from(r.at("transform"));
    } else if (kind == "leave") {
      rec.kind = kRecordLeave;
    } else {
      rec.kind = kRecordMove;
      rec.transform = transform_from(r.at("transform"));
    }
    w.records.push_back(rec);
  }
  return w;
}

json load_vectors() {
  std::ifstream in(std::string(TSUNAGU_SOURCE_DIR) + "/proto/vectors/world_v1.json");
  return json::parse(in);
}

TEST(WorldCodecTest, GoldenVectorsDecodeAndEncode) {
  json vectors = load_vectors();
  ASSERT_GE(vectors.at("cases").size(), 10u);
  for (const auto& c : vectors.at("cases")) {
    const std::string name = c.at("name");
    auto bytes = from_hex(c.at("hex"));
    auto decoded = decode_frame(bytes);
    if (!c.at("valid").get<bool>()) {
      ASSERT_FALSE(decoded.has_value()) << name;
      EXPECT_EQ(decoded.error().name(), c.at("error").get<std::string>()) << name;
      continue;
    }
    ASSERT_TRUE(decoded.has_value()) << name << ": " << decoded.error().message();
    Frame expected = frame_from(c.at("frame"));
    EXPECT_EQ(*decoded, expected) << name;
    EXPECT_EQ(encode_frame(expected), bytes) << name;
  }
}

TEST(WorldCodecTest, WriterReusesItsBufferAcrossTicks) {
  WorldFrameWriter writer;
  writer.begin(false, 1);
  writer.add_move(7, Transform{1, 2, 3, 4, 1});
  auto first = writer.finish();
  const auto* data = first.data();
  writer.begin(false, 2);
  writer.add_move(8, Transform{1, 2, 3, 4, 1});
  auto second = writer.finish();
  EXPECT_EQ(second.data(), data);  // same storage: no allocation per tick
  auto decoded = decode_world(second);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->tick, 2u);
  ASSERT_EQ(decoded->records.size(), 1u);
  EXPECT_EQ(decoded->records[0].id, 8u);
}

TEST(WorldCodecTest, MoveRejectsUnknownAnimation) {
  auto bytes = encode_move(Transform{0, 0, 0, 0, 9});
  auto decoded = decode_move(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().name(), "bad_frame");
}

}  // namespace
}  // namespace tsunagu::proto
