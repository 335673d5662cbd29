#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "world/slide_decks.h"

namespace tsunagu::world {

// The slide decks presenters may put on a screen: the content decks (fixed at start) and the
// decks presenters uploaded (added and removed while the server runs). Shared by every event
// loop (each hub looks decks up by id) and the API. Thread-safe: one mutex guards the list;
// decks are handed out as shared_ptr<const SlideDeck>, immutable, so a reader may keep using one
// after it was removed.
class SlideRegistry {
 public:
  using DeckPtr = std::shared_ptr<const SlideDeck>;

  SlideRegistry() = default;
  explicit SlideRegistry(std::vector<SlideDeck> content);
  SlideRegistry(const SlideRegistry&) = delete;
  SlideRegistry& operator=(const SlideRegistry&) = delete;

  // The deck with this id, or nullptr.
  DeckPtr find(std::string_view id) const;
  // Every deck: content decks in content order, then uploaded ones, oldest first.
  std::vector<DeckPtr> all() const;
  // Adds an uploaded deck (owner_id != 0). Errors: slides_exists when the id is taken.
  core::Status add(SlideDeck deck);
  // Removes an uploaded deck and returns it; nullptr when there is none with that id (content
  // decks are never removed).
  DeckPtr remove(std::string_view id);
  // Uploaded decks of one person.
  int count_owned_by(std::int64_t owner_id) const;
  // Uploaded decks in all.
  int uploaded_count() const;

 private:
  mutable std::mutex mutex_;
  std::vector<DeckPtr> decks_;  // content first, then uploads in the order added
};

}  // namespace tsunagu::world
