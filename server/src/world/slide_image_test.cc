#include "world/slide_image.h"

#include <gtest/gtest.h>

#include <string>

namespace tsunagu::world {
namespace {

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}
std::string le16(std::uint32_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }
std::string le24(std::uint32_t v) { return le16(v) + static_cast<char>(v >> 16); }
std::string le32(std::uint32_t v) { return le16(v) + le16(v >> 16); }

std::string png(std::uint32_t w, std::uint32_t h) {
  return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(w) + be32(h) +
         std::string("\x08\x02\x00\x00\x00", 5) + be32(0) + std::string(16, '\0');
}

std::string jpeg(std::uint32_t w, std::uint32_t h) {
  std::string app0 = std::string("\xFF\xE0", 2) + static_cast<char>(0) + static_cast<char>(16) +
                     "JFIF" + std::string(10, '\0');
  std::string sof = std::string("\xFF\xC0", 2) + static_cast<char>(0) + static_cast<char>(17) +
                    static_cast<char>(8) + static_cast<char>(h >> 8) + static_cast<char>(h) +
                    static_cast<char>(w >> 8) + static_cast<char>(w) + std::string(10, '\0');
  return std::string("\xFF\xD8", 2) + app0 + sof + std::string("\xFF\xDA", 2);
}

std::string riff(const std::string& chunk) {
  std::string body = "WEBP" + chunk;
  return "RIFF" + le32(static_cast<std::uint32_t>(body.size())) + body;
}

std::string vp8(std::uint32_t w, std::uint32_t h) {
  return riff("VP8 " + le32(20) + std::string("\x10\x02\x00\x9d\x01\x2a", 6) + le16(w) + le16(h) +
              std::string(10, '\0'));
}

std::string vp8l(std::uint32_t w, std::uint32_t h) {
  const std::uint32_t bits = (w - 1) | (h - 1) << 14;
  return riff("VP8L" + le32(10) + "\x2f" + le32(bits) + std::string(5, '\0'));
}

std::string vp8x(std::uint32_t w, std::uint32_t h, char flags = 0) {
  return riff("VP8X" + le32(10) + flags + std::string(3, '\0') + le24(w - 1) + le24(h - 1));
}

TEST(SlideImageTest, ReadsTypeAndSizeFromTheBytes) {
  struct Case {
    const char* name;
    std::string bytes;
    const char* error;  // "" when accepted
    ImageType type;
    int width, height;
  };
  const Case cases[] = {
      {"png", png(1920, 1080), "", ImageType::kPng, 1920, 1080},
      {"jpeg", jpeg(1600, 900), "", ImageType::kJpeg, 1600, 900},
      {"webp lossy", vp8(800, 600), "", ImageType::kWebp, 800, 600},
      {"webp lossless", vp8l(1024, 768), "", ImageType::kWebp, 1024, 768},
      {"webp extended", vp8x(4096, 2304), "", ImageType::kWebp, 4096, 2304},
      {"webp animated", vp8x(100, 100, 0x02), "slides_image_invalid", ImageType::kPng, 0, 0},
      {"webp wrong riff size", vp8(800, 600) + "xx", "slides_image_invalid", ImageType::kPng, 0, 0},
      {"png huge", png(30000, 30000), "slides_image_too_large", ImageType::kPng, 0, 0},
      {"png too wide", png(9000, 10), "slides_image_too_large", ImageType::kPng, 0, 0},
      {"png too many pixels", png(8000, 8000), "slides_image_too_large", ImageType::kPng, 0, 0},
      {"png zero", png(0, 10), "slides_image_invalid", ImageType::kPng, 0, 0},
      {"png truncated", png(10, 10).substr(0, 20), "slides_image_invalid", ImageType::kPng, 0, 0},
      {"png without IHDR",
       std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "tEXt" + std::string(30, 'a'),
       "slides_image_invalid", ImageType::kPng, 0, 0},
      {"jpeg huge", jpeg(20000, 20000), "slides_image_too_large", ImageType::kPng, 0, 0},
      {"jpeg scan first", std::string("\xFF\xD8\xFF\xDA\x00\x02", 6) + std::string(20, '\0'),
       "slides_image_invalid", ImageType::kPng, 0, 0},
      {"jpeg truncated", jpeg(10, 10).substr(0, 24), "slides_image_invalid", ImageType::kPng, 0, 0},
      {"svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "slides_image_invalid",
       ImageType::kPng, 0, 0},
      {"html", "<!doctype html><script>alert(1)</script>", "slides_image_invalid", ImageType::kPng,
       0, 0},
      {"pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "slides_image_invalid", ImageType::kPng, 0,
       0},
      {"gif", "GIF89a\x01\x00\x01\x00", "slides_image_invalid", ImageType::kPng, 0, 0},
      {"empty", "", "slides_image_invalid", ImageType::kPng, 0, 0},
  };
  for (const Case& c : cases) {
    auto info = inspect_image(c.bytes);
    if (*c.error) {
      ASSERT_FALSE(info) << c.name;
      EXPECT_EQ(info.error().name(), c.error) << c.name << ": " << info.error().message();
      continue;
    }
    ASSERT_TRUE(info) << c.name << ": " << info.error().message();
    EXPECT_EQ(info->type, c.type) << c.name;
    EXPECT_EQ(info->width, c.width) << c.name;
    EXPECT_EQ(info->height, c.height) << c.name;
  }
}

TEST(SlideImageTest, ExtensionsAndTypes) {
  EXPECT_EQ(image_extension(ImageType::kPng), "png");
  EXPECT_EQ(image_extension(ImageType::kJpeg), "jpg");
  EXPECT_EQ(image_extension(ImageType::kWebp), "webp");
  EXPECT_EQ(image_mime(ImageType::kJpeg), "image/jpeg");
  EXPECT_EQ(image_mime(ImageType::kWebp), "image/webp");
}

}  // namespace
}  // namespace tsunagu::world
