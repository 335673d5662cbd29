#include "world/slide_registry.h"

#include <algorithm>

namespace tsunagu::world {

SlideRegistry::SlideRegistry(std::vector<SlideDeck> content) {
  for (SlideDeck& deck : content)
    decks_.push_back(std::make_shared<const SlideDeck>(std::move(deck)));
}

SlideRegistry::DeckPtr SlideRegistry::find(std::string_view id) const {
  std::lock_guard lock(mutex_);
  for (const DeckPtr& d : decks_) {
    if (d->id == id) return d;
  }
  return nullptr;
}

std::vector<SlideRegistry::DeckPtr> SlideRegistry::all() const {
  std::lock_guard lock(mutex_);
  return decks_;
}

core::Status SlideRegistry::add(SlideDeck deck) {
  std::lock_guard lock(mutex_);
  if (std::any_of(decks_.begin(), decks_.end(),
                  [&](const DeckPtr& d) { return d->id == deck.id; })) {
    return core::fail(core::Code::kAlreadyExists, "slides_exists", "a deck " + deck.id + " exists");
  }
  decks_.push_back(std::make_shared<const SlideDeck>(std::move(deck)));
  return {};
}

SlideRegistry::DeckPtr SlideRegistry::remove(std::string_view id) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(decks_.begin(), decks_.end(),
                         [&](const DeckPtr& d) { return d->id == id && d->uploaded(); });
  if (it == decks_.end()) return nullptr;
  DeckPtr removed = *it;
  decks_.erase(it);
  return removed;
}

int SlideRegistry::count_owned_by(std::int64_t owner_id) const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::count_if(decks_.begin(), decks_.end(), [&](const DeckPtr& d) {
    return d->uploaded() && d->owner_id == owner_id;
  }));
}

int SlideRegistry::uploaded_count() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(
      std::count_if(decks_.begin(), decks_.end(), [](const DeckPtr& d) { return d->uploaded(); }));
}

}  // namespace tsunagu::world
