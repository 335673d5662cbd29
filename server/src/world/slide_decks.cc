#include "world/slide_decks.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tsunagu::world {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

auto invalid(const std::string& what) {
  return core::fail(core::Code::kInvalidArgument, "bad_slides", "content/slides: " + what);
}

bool valid_deck_id(std::string_view id) {
  if (id.empty() || id.size() > 32) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

core::Result<SlideDeck> load_deck(const fs::path& folder) {
  SlideDeck deck;
  deck.id = folder.filename().string();
  if (!valid_deck_id(deck.id)) return invalid("deck folder '" + deck.id + "' must be [a-z0-9-]{1,32}");
  if (deck.id.starts_with(kUploadedDeckPrefix)) {
    return invalid("deck folder '" + deck.id + "' must not begin with 'up-' (kept for uploaded decks)");
  }
  const std::string where = "deck '" + deck.id + "': ";
  std::ifstream in(folder / "deck.json");
  if (!in) return invalid(where + "deck.json is missing");
  std::ostringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return invalid(where + "deck.json is not a JSON object");
  const json title = doc.value("title", json::object());
  if (!title.is_object() || !title.value("ja", json()).is_string() || !title.value("en", json()).is_string()) {
    return invalid(where + "title needs ja and en");
  }
  deck.title = {title["ja"].get<std::string>(), title["en"].get<std::string>()};
  const json pages = doc.value("pages", json::array());
  if (!pages.is_array() || pages.empty() || pages.size() > 200) {
    return invalid(where + "pages must list 1-200 image files");
  }
  for (const json& page : pages) {
    if (!page.is_string() || !valid_slide_file(page.get_ref<const std::string&>())) {
      return invalid(where + "a page must be an image file name such as 01.svg");
    }
    if (!fs::is_regular_file(folder / page.get<std::string>())) {
      return invalid(where + "page " + page.get<std::string>() + " does not exist");
    }
    deck.pages.push_back(page.get<std::string>());
  }
  return deck;
}

}  // namespace

bool valid_slide_file(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 64) return false;
  const std::string_view stem = name.substr(0, dot), ext = name.substr(dot + 1);
  const bool stem_ok = std::all_of(stem.begin(), stem.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
  return stem_ok && (ext == "svg" || ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "webp");
}

core::Result<std::vector<SlideDeck>> load_slide_decks(const fs::path& dir) {
  std::vector<SlideDeck> decks;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return decks;
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory()) folders.push_back(entry.path());
  }
  std::sort(folders.begin(), folders.end());
  for (const auto& folder : folders) {
    auto deck = load_deck(folder);
    if (!deck) return std::unexpected(deck.error());
    decks.push_back(std::move(*deck));
  }
  return decks;
}

std::string slide_url(const SlideDeck& deck, std::size_t page) {
  return "/slides/" + deck.id + "/" + deck.pages.at(page);
}

}  // namespace tsunagu::world
