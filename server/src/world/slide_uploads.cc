#include "world/slide_uploads.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>  // std::rename
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/log.h"

namespace tsunagu::world {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

auto storage_error(const std::string& what) {
  return core::fail(core::Code::kInternal, "slides_storage", "uploaded slides: " + what);
}

// Writes `bytes` to `file` through a temporary file in the same folder: fsync, then rename,
// so a crash leaves either the old state or the new file, never half of one.
core::Status write_atomically(const fs::path& file, std::string_view bytes) {
  const fs::path tmp = file.parent_path() / ("." + file.filename().string() + ".tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (fd < 0) return storage_error("cannot create " + tmp.string());
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return storage_error("cannot write " + tmp.string());
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || std::rename(tmp.c_str(), file.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return storage_error("cannot store " + file.string());
  }
  return {};
}

core::Result<SlideDeck> read_deck(const fs::path& folder) {
  std::ifstream in(folder / "deck.json");
  std::ostringstream text;
  text << in.rdbuf();
  const json doc = json::parse(text.str(), nullptr, false);
  const std::string where = folder.string() + "/deck.json: ";
  if (doc.is_discarded() || !doc.is_object()) return storage_error(where + "not a JSON object");
  SlideDeck deck;
  deck.id = folder.filename().string();
  const json title = doc.value("title", json());
  const json owner = doc.value("owner_id", json());
  const json created = doc.value("created_ms", json());
  const json pages = doc.value("pages", json());
  if (!title.is_string() || !owner.is_number_integer() || owner.get<std::int64_t>() <= 0 ||
      !created.is_number_integer() || !pages.is_array() || pages.empty()) {
    return storage_error(where + "needs title, owner_id, created_ms and pages");
  }
  deck.title = {title.get<std::string>(), title.get<std::string>()};
  deck.owner_id = owner.get<std::int64_t>();
  deck.created_ms = created.get<std::int64_t>();
  for (const json& page : pages) {
    if (!page.is_string() || !valid_slide_file(page.get_ref<const std::string&>()) ||
        page.get_ref<const std::string&>().ends_with(".svg") ||
        !fs::is_regular_file(fs::symlink_status(folder / page.get<std::string>()))) {
      return storage_error(where + "a page is missing or not an image file");
    }
    deck.pages.push_back(page.get<std::string>());
  }
  return deck;
}

std::uintmax_t folder_bytes(const fs::path& folder) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

}  // namespace

bool valid_uploaded_deck_id(std::string_view id) {
  if (!id.starts_with(kUploadedDeckPrefix) || id.size() != kUploadedDeckPrefix.size() + 32)
    return false;
  return std::all_of(id.begin() + kUploadedDeckPrefix.size(), id.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string uploaded_page_file(int index, std::string_view extension) {
  const std::string number = std::to_string(index + 1);
  return (number.size() < 2 ? "0" : "") + number + "." + std::string(extension);
}

core::Result<std::vector<SlideDeck>> SlideUploads::load() {
  std::error_code ec;
  fs::create_directories(root_, ec);
  if (ec || !fs::is_directory(root_)) return storage_error("cannot create " + root_.string());
  std::vector<SlideDeck> decks;
  bytes_used_ = 0;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory() || !valid_uploaded_deck_id(name)) continue;  // not ours
    if (!fs::exists(entry.path() / "deck.json")) {
      core::log_info("slides", "removing an unfinished upload: " + name);
      fs::remove_all(entry.path(), ec);
      continue;
    }
    auto deck = read_deck(entry.path());
    if (!deck) {
      core::log_warn("slides", deck.error().message() + " (left alone, not served)");
      continue;
    }
    bytes_used_ += folder_bytes(entry.path());
    decks.push_back(std::move(*deck));
  }
  std::sort(decks.begin(), decks.end(), [](const SlideDeck& a, const SlideDeck& b) {
    return a.created_ms != b.created_ms ? a.created_ms < b.created_ms : a.id < b.id;
  });
  return decks;
}

core::Status SlideUploads::begin(std::string_view id) {
  if (!valid_uploaded_deck_id(id)) return storage_error("bad deck id");
  std::error_code ec;
  if (!fs::create_directory(root_ / id, ec) || ec) {
    return storage_error("cannot create " + (root_ / id).string());
  }
  return {};
}

core::Status SlideUploads::write_page(std::string_view id, std::string_view file,
                                      std::string_view bytes, std::string_view replaces) {
  if (!valid_uploaded_deck_id(id) || !valid_slide_file(file)) return storage_error("bad page name");
  std::error_code ec;
  if (!replaces.empty() && valid_slide_file(replaces)) {
    const fs::path old = root_ / id / replaces;
    const auto size = fs::file_size(old, ec);
    if (!ec && fs::remove(old, ec)) bytes_used_ -= std::min(bytes_used_, size);
  }
  if (auto ok = write_atomically(root_ / id / file, bytes); !ok) return ok;
  bytes_used_ += bytes.size();
  return {};
}

core::Status SlideUploads::finish(const SlideDeck& deck) {
  if (!valid_uploaded_deck_id(deck.id)) return storage_error("bad deck id");
  const json doc = {{"title", deck.title.ja},
                    {"owner_id", deck.owner_id},
                    {"created_ms", deck.created_ms},
                    {"pages", deck.pages}};
  return write_atomically(root_ / deck.id / "deck.json", doc.dump());
}

void SlideUploads::remove(std::string_view id) {
  if (!valid_uploaded_deck_id(id)) return;
  const fs::path folder = root_ / id;
  const std::uintmax_t bytes = folder_bytes(folder);
  std::error_code ec;
  fs::remove_all(folder, ec);
  if (ec) {
    core::log_error("slides", "cannot remove " + folder.string() + ": " + ec.message());
    return;
  }
  bytes_used_ -= std::min(bytes_used_, bytes);
}

fs::path SlideUploads::page_path(std::string_view id, std::string_view file) const {
  return root_ / id / file;
}

}  // namespace tsunagu::world
