#pragma once

#include <cstdint>
#include <string_view>

#include "core/error.h"

namespace tsunagu::world {

// The image formats a presenter may upload as slide pages (docs/voice.md, "Uploading slides").
enum class ImageType { kPng, kJpeg, kWebp };

struct ImageInfo {
  ImageType type;
  int width = 0;
  int height = 0;
};

// The largest page we accept: a side of at most kMaxSlideSide pixels and at most
// kMaxSlidePixels in all, so that no upload can make viewers' browsers decode a "pixel bomb".
inline constexpr int kMaxSlideSide = 4096;
inline constexpr std::int64_t kMaxSlidePixels = 4096LL * 4096LL;

// Reads what an uploaded file is from its bytes alone (never from a name or a declared type):
// the magic bytes of PNG, JPEG or WebP and the picture's size from its header (PNG IHDR, the
// JPEG frame header, the WebP VP8/VP8L/VP8X header). Errors: slides_image_invalid (not one of
// those formats, a truncated or malformed header, an animated WebP), slides_image_too_large (over
// the limits above). Pure and thread-safe; reads only the first bytes it needs, never decodes.
core::Result<ImageInfo> inspect_image(std::string_view bytes);

// "png", "jpg", "webp": the extension a page of this type is stored under.
std::string_view image_extension(ImageType type);
// "image/png", "image/jpeg", "image/webp".
std::string_view image_mime(ImageType type);

}  // namespace tsunagu::world
