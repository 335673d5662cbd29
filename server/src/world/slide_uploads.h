#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "world/slide_decks.h"

namespace tsunagu::world {

// True for an uploaded deck's id: "up-" and 32 lowercase hex digits (128 random bits).
bool valid_uploaded_deck_id(std::string_view id);

// The file name of page `index` (0-based) of an uploaded deck: "01.png", "02.jpg" …
std::string uploaded_page_file(int index, std::string_view extension);

// Uploaded slide decks on disk (docs/voice.md, "Uploading slides"): one folder per deck under
// `root` (DATA/slides), <root>/<id>/, holding the pages (01.png, 02.jpg …, names the server
// chose, never the uploader's) and deck.json, written last and atomically:
// {"title","owner_id","created_ms","pages":[…]}. A folder without deck.json is an upload that
// never finished, and load() removes it. Every file is written to a temporary name, synced and
// renamed. Files are never blobs in the database. Not thread-safe: the API's event loop owns it.
class SlideUploads {
 public:
  explicit SlideUploads(std::filesystem::path root) : root_(std::move(root)) {}

  // Creates the root if needed, removes unfinished uploads and returns the finished decks,
  // oldest first. A folder whose deck.json cannot be read is logged and left alone (never
  // deleted: someone may want to look at it). Errors: slides_storage (the root cannot be made).
  core::Result<std::vector<SlideDeck>> load();
  // Makes the folder of a new upload. Errors: slides_storage.
  core::Status begin(std::string_view id);
  // Writes page `file` (see uploaded_page_file) of upload `id`; `replaces`, when not empty, is
  // the file this page had before (removed). Errors: slides_storage.
  core::Status write_page(std::string_view id, std::string_view file, std::string_view bytes,
                          std::string_view replaces = {});
  // Writes deck.json: the upload is finished and survives a restart. Errors: slides_storage.
  core::Status finish(const SlideDeck& deck);
  // Removes a deck's folder, finished or not.
  void remove(std::string_view id);
  // Bytes of all page files on disk (counted at load and kept up to date since).
  std::uintmax_t bytes_used() const { return bytes_used_; }
  // Where a page of a deck lives (the id and file must be valid).
  std::filesystem::path page_path(std::string_view id, std::string_view file) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
  std::uintmax_t bytes_used_ = 0;
};

}  // namespace tsunagu::world
