#include "world/slide_image.h"

namespace tsunagu::world {
namespace {

auto not_an_image(const char* why) {
  return core::fail(core::Code::kInvalidArgument, "slides_image_invalid",
                    std::string("not a PNG, JPEG or WebP image: ") + why);
}

std::uint32_t byte(std::string_view b, std::size_t i) { return static_cast<unsigned char>(b[i]); }
std::uint32_t be16(std::string_view b, std::size_t i) { return byte(b, i) << 8 | byte(b, i + 1); }
std::uint32_t be32(std::string_view b, std::size_t i) { return be16(b, i) << 16 | be16(b, i + 2); }
std::uint32_t le16(std::string_view b, std::size_t i) { return byte(b, i) | byte(b, i + 1) << 8; }
std::uint32_t le24(std::string_view b, std::size_t i) { return le16(b, i) | byte(b, i + 2) << 16; }
std::uint32_t le32(std::string_view b, std::size_t i) { return le24(b, i) | byte(b, i + 3) << 24; }

core::Result<ImageInfo> sized(ImageType type, std::uint32_t w, std::uint32_t h) {
  if (w == 0 || h == 0) return not_an_image("the picture has no size");
  if (w > static_cast<std::uint32_t>(kMaxSlideSide) ||
      h > static_cast<std::uint32_t>(kMaxSlideSide) ||
      static_cast<std::int64_t>(w) * h > kMaxSlidePixels) {
    return core::fail(core::Code::kInvalidArgument, "slides_image_too_large",
                      "the picture is " + std::to_string(w) + "x" + std::to_string(h) + " pixels");
  }
  return ImageInfo{type, static_cast<int>(w), static_cast<int>(h)};
}

core::Result<ImageInfo> png(std::string_view b) {
  // signature, then the first chunk must be IHDR (length 13): width, height (big-endian)
  if (b.size() < 33) return not_an_image("truncated PNG");
  if (be32(b, 8) != 13 || b.substr(12, 4) != "IHDR") return not_an_image("PNG without IHDR");
  return sized(ImageType::kPng, be32(b, 16), be32(b, 20));
}

core::Result<ImageInfo> jpeg(std::string_view b) {
  // Walk the markers after SOI up to the frame header (SOF); a scan before it is malformed.
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (byte(b, i) != 0xFF) return not_an_image("JPEG marker expected");
    const std::uint32_t marker = byte(b, i + 1);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
      i += 2;
      continue;
    }
    if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA)
      return not_an_image("JPEG without a frame header");
    const std::uint32_t length = be16(b, i + 2);
    if (length < 2) return not_an_image("bad JPEG segment length");
    const bool sof =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (length < 7 || i + 9 > b.size()) return not_an_image("truncated JPEG frame header");
      return sized(ImageType::kJpeg, be16(b, i + 7), be16(b, i + 5));
    }
    i += 2 + length;
  }
  return not_an_image("truncated JPEG");
}

core::Result<ImageInfo> webp(std::string_view b) {
  // RIFF <size> WEBP, then the first chunk: VP8 (lossy), VP8L (lossless) or VP8X (extended)
  if (b.size() < 30) return not_an_image("truncated WebP");
  if (static_cast<std::uint64_t>(le32(b, 4)) + 8 != b.size()) {
    return not_an_image("the RIFF size does not match the file");
  }
  const std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8 ") {
    // frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height
    if (byte(b, 23) != 0x9D || byte(b, 24) != 0x01 || byte(b, 25) != 0x2A)
      return not_an_image("bad VP8 start code");
    return sized(ImageType::kWebp, le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
  }
  if (chunk == "VP8L") {
    if (byte(b, 20) != 0x2F) return not_an_image("bad VP8L signature");
    const std::uint32_t bits = le32(b, 21);
    return sized(ImageType::kWebp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (chunk == "VP8X") {
    if (byte(b, 20) & 0x02) return not_an_image("animated WebP");
    return sized(ImageType::kWebp, le24(b, 24) + 1, le24(b, 27) + 1);
  }
  return not_an_image("unknown WebP chunk");
}

}  // namespace

core::Result<ImageInfo> inspect_image(std::string_view bytes) {
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return png(bytes);
  if (bytes.size() >= 3 && bytes.starts_with("\xFF\xD8\xFF")) return jpeg(bytes);
  if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP")
    return webp(bytes);
  return not_an_image("unknown magic bytes");
}

std::string_view image_extension(ImageType type) {
  switch (type) {
    case ImageType::kPng:
      return "png";
    case ImageType::kJpeg:
      return "jpg";
    case ImageType::kWebp:
      return "webp";
  }
  return "bin";
}

std::string_view image_mime(ImageType type) {
  switch (type) {
    case ImageType::kPng:
      return "image/png";
    case ImageType::kJpeg:
      return "image/jpeg";
    case ImageType::kWebp:
      return "image/webp";
  }
  return "application/octet-stream";
}

}  // namespace tsunagu::world
