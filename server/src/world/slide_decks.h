#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "world/world_config.h"

namespace tsunagu::world {

// A slide deck: placed in content/slides/<id>/ (deck.json names the pages, in order), or
// uploaded by a presenter (DATA/slides/<id>/, see slide_uploads.h) (docs/voice.md, "Slides").
// Presenters put one on a hall's screen and turn its pages.
struct SlideDeck {
  std::string id;
  LocalizedText title;
  std::vector<std::string> pages;  // file names inside the deck's folder
  std::int64_t owner_id = 0;       // who uploaded it; 0: a content deck
  std::int64_t created_ms = 0;     // when it was uploaded (uploaded decks)

  bool uploaded() const { return owner_id != 0; }
};

// Uploaded decks' ids begin with this ("up-" and 32 hex digits); content deck folders may not.
inline constexpr std::string_view kUploadedDeckPrefix = "up-";

// A page file name we serve: [A-Za-z0-9_-]{1,64} and .svg/.png/.jpg/.jpeg/.webp (images only,
// no paths).
bool valid_slide_file(std::string_view name);

// Reads every deck under `dir` (a missing folder is no decks). Errors name the deck and what
// to fix: a bad folder name, a missing or malformed deck.json, a page that is not an image
// file name or does not exist.
core::Result<std::vector<SlideDeck>> load_slide_decks(const std::filesystem::path& dir);

// The URL of a page: "/slides/<deck>/<file>".
std::string slide_url(const SlideDeck& deck, std::size_t page);

}  // namespace tsunagu::world
