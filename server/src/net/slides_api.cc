#include "net/slides_api.h"

#include <sodium.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "auth/permissions.h"
#include "core/log.h"
#include "core/utf8.h"
#include "social/chat.h"
#include "world/slide_image.h"

namespace tsunagu::net {
namespace {

using nlohmann::json;

ApiResponse answer(int status, const json& body) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

ApiResponse refuse(int status, std::string_view code) {
  ApiResponse r;
  r.status = status;
  r.body = Api::error_body(code);
  return r;
}

// "image/png; charset=…" → "image/png", lower case.
std::string media_type(std::string_view header) {
  header = header.substr(0, header.find(';'));
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  std::string out(header);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

std::string random_deck_id() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string(world::kUploadedDeckPrefix) + hex;
}

// A page number of the URL: 0 … count-1, digits only.
std::optional<int> page_index(std::string_view text, int count) {
  int v = -1;
  if (text.empty() || text.size() > 3) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0 || v >= count)
    return std::nullopt;
  return v;
}

}  // namespace

json slide_deck_json(const world::SlideDeck& deck) {
  json pages = json::array();
  for (std::size_t i = 0; i < deck.pages.size(); ++i) pages.push_back(world::slide_url(deck, i));
  return {{"id", deck.id},
          {"title", {{"ja", deck.title.ja}, {"en", deck.title.en}}},
          {"pages", pages},
          {"uploaded", deck.uploaded()}};
}

SlidesApi::SlidesApi(world::SlideRegistry& registry, world::SlideUploads& uploads,
                     audit::AuditLog& audit, realtime::Control& realtime, const core::Clock& clock,
                     SlideLimits limits)
    : registry_(registry),
      uploads_(uploads),
      audit_(audit),
      realtime_(realtime),
      clock_(clock),
      limits_(limits) {}

bool SlidesApi::takes_image_body(std::string_view path) {
  // "/api/slides/<id>/pages/<n>"
  constexpr std::string_view kPrefix = "/api/slides/";
  if (!path.starts_with(kPrefix)) return false;
  path.remove_prefix(kPrefix.size());
  const auto slash = path.find('/');
  if (slash == std::string_view::npos || !world::valid_uploaded_deck_id(path.substr(0, slash))) {
    return false;
  }
  path.remove_prefix(slash);
  if (!path.starts_with("/pages/")) return false;
  path.remove_prefix(7);
  return !path.empty() && path.size() <= 3 &&
         path.find_first_not_of("0123456789") == std::string_view::npos;
}

ApiResponse SlidesApi::handle(const SlidesRequest& r) {
  const auto& p = r.parts;
  if (p.size() == 2) {
    if (r.method == "GET" || r.method == "HEAD") return list(r.who);
    if (r.method == "POST") return create(r);
    return refuse(405, "method_not_allowed");
  }
  if (p.size() == 3) {
    if (r.method == "DELETE") return remove(r, p[2]);
    return refuse(405, "method_not_allowed");
  }
  if (p.size() == 5 && p[3] == "pages") {
    if (r.method == "PUT") return put_page(r, p[2], p[4]);
    return refuse(405, "method_not_allowed");
  }
  return refuse(404, "not_found");
}

ApiResponse SlidesApi::list(const auth::Identity* who) {
  json decks = json::array();
  const bool staff = who && auth::allowed(who->role, auth::Action::kRemoveAnySlides);
  for (const auto& deck : registry_.all()) {
    json d = slide_deck_json(*deck);
    const bool mine = who && deck->uploaded() && deck->owner_id == who->user.id;
    d["mine"] = mine;
    d["can_delete"] = deck->uploaded() && (mine || staff);
    decks.push_back(std::move(d));
  }
  const bool may_upload = who && auth::allowed(who->role, auth::Action::kPresent);
  return answer(200, {{"decks", decks},
                      {"can_upload", may_upload},
                      {"limits",
                       {{"page_bytes", limits_.max_page_bytes},
                        {"pages", limits_.max_pages},
                        {"title_chars", limits_.max_title_chars},
                        {"decks", limits_.max_decks_per_user}}}});
}

ApiResponse SlidesApi::create(const SlidesRequest& r) {
  if (!r.who) return refuse(401, "unauthenticated");
  if (!auth::allowed(r.who->role, auth::Action::kPresent)) return refuse(403, "permission_denied");
  drop_stale();
  const json& title_in = r.body.contains("title") ? r.body["title"] : json();
  const json& pages_in = r.body.contains("pages") ? r.body["pages"] : json();
  if (!title_in.is_string() || !pages_in.is_number_integer()) return refuse(400, "bad_json");
  auto title = social::clean_chat_text(title_in.get_ref<const std::string&>());
  if (!title || core::utf8_length(*title) > static_cast<std::size_t>(limits_.max_title_chars)) {
    return refuse(400, "slides_title_invalid");
  }
  const auto count = pages_in.get<std::int64_t>();
  if (count < 1 || count > limits_.max_pages) return refuse(400, "slides_page_count_invalid");
  const std::int64_t user = r.who->user.id;
  if (registry_.count_owned_by(user) + unfinished_of(user) >= limits_.max_decks_per_user) {
    return refuse(409, "slides_too_many");
  }
  if (registry_.uploaded_count() + static_cast<int>(unfinished_.size()) >= limits_.max_decks ||
      uploads_.bytes_used() >= limits_.max_total_bytes) {
    return refuse(507, "slides_storage_full");
  }
  if (!take(deck_buckets_, user, limits_.decks_burst, limits_.decks_per_second)) {
    return refuse(429, "rate_limited");
  }
  Unfinished u;
  u.deck.id = random_deck_id();
  u.deck.title = {*title, *title};
  u.deck.pages.assign(static_cast<std::size_t>(count), std::string());
  u.deck.owner_id = user;
  u.deck.created_ms = clock_.unix_ms();
  u.started = clock_.now();
  if (auto ok = uploads_.begin(u.deck.id); !ok) {
    core::log_error("slides", ok.error().message());
    return refuse(500, "internal");
  }
  json out = {{"id", u.deck.id}, {"title", *title}, {"page_count", count}};
  unfinished_.emplace(u.deck.id, std::move(u));
  return answer(201, {{"upload", out}});
}

ApiResponse SlidesApi::put_page(const SlidesRequest& r, std::string_view id,
                                std::string_view index) {
  if (!r.who) return refuse(401, "unauthenticated");
  if (!auth::allowed(r.who->role, auth::Action::kPresent)) return refuse(403, "permission_denied");
  drop_stale();
  auto it = unfinished_.find(id);
  if (it == unfinished_.end() || it->second.deck.owner_id != r.who->user.id) {
    // someone else's upload is none of this person's business: not found either way
    if (registry_.find(id) && it == unfinished_.end()) return refuse(409, "slides_deck_complete");
    return refuse(404, "not_found");
  }
  Unfinished& u = it->second;
  const auto page = page_index(index, static_cast<int>(u.deck.pages.size()));
  if (!page) return refuse(400, "slides_page_invalid");
  if (r.raw_body.size() > limits_.max_page_bytes) return refuse(413, "slides_image_too_large");
  auto image = world::inspect_image(r.raw_body);
  if (!image) {
    const bool too_large = image.error().name() == "slides_image_too_large";
    return refuse(too_large ? 413 : 415, image.error().name());
  }
  // the declared type must be what the bytes say (a mislabelled file is refused, not guessed)
  if (media_type(r.content_type) != world::image_mime(image->type))
    return refuse(415, "slides_image_invalid");
  if (u.puts >= 2 * static_cast<int>(u.deck.pages.size()) ||
      !take(page_buckets_, r.who->user.id, limits_.pages_burst, limits_.pages_per_second)) {
    return refuse(429, "rate_limited");
  }
  if (uploads_.bytes_used() + r.raw_body.size() > limits_.max_total_bytes) {
    return refuse(507, "slides_storage_full");
  }
  std::string& slot = u.deck.pages[static_cast<std::size_t>(*page)];
  const std::string file = world::uploaded_page_file(*page, world::image_extension(image->type));
  if (auto ok = uploads_.write_page(u.deck.id, file, r.raw_body, slot == file ? "" : slot); !ok) {
    core::log_error("slides", ok.error().message());
    return refuse(500, "internal");
  }
  ++u.puts;
  if (slot.empty()) ++u.received;
  slot = file;
  u.bytes += r.raw_body.size();
  const int count = static_cast<int>(u.deck.pages.size());
  json out = {{"id", u.deck.id}, {"received", u.received}, {"page_count", count}, {"ready", false}};
  if (u.received < count) return answer(200, out);

  // the last page: the deck is written down and becomes visible
  world::SlideDeck deck = std::move(u.deck);
  const std::uintmax_t bytes = u.bytes;
  unfinished_.erase(it);
  if (auto ok = uploads_.finish(deck); !ok) {
    core::log_error("slides", ok.error().message());
    uploads_.remove(deck.id);
    return refuse(500, "internal");
  }
  audit_.append(r.who->user.id, "slides.upload", r.who->user.id,
                {{"deck", deck.id}, {"pages", deck.pages.size()}, {"bytes", bytes}});
  out["ready"] = true;
  out["deck"] = slide_deck_json(deck);
  if (auto ok = registry_.add(std::move(deck)); !ok) {  // 128 random bits: cannot collide
    core::log_error("slides", ok.error().message());
    return refuse(500, "internal");
  }
  return answer(200, out);
}

ApiResponse SlidesApi::remove(const SlidesRequest& r, std::string_view id) {
  if (!r.who) return refuse(401, "unauthenticated");
  const std::int64_t user = r.who->user.id;
  if (auto it = unfinished_.find(id); it != unfinished_.end()) {  // an upload given up
    if (it->second.deck.owner_id != user) return refuse(404, "not_found");
    uploads_.remove(id);
    unfinished_.erase(it);
    return answer(200, {{"ok", true}});
  }
  auto deck = registry_.find(id);
  if (!deck) return refuse(404, "not_found");
  const bool staff = auth::allowed(r.who->role, auth::Action::kRemoveAnySlides);
  if (!deck->uploaded() || (deck->owner_id != user && !staff))
    return refuse(403, "permission_denied");
  if (!registry_.remove(id)) return refuse(404, "not_found");
  uploads_.remove(id);
  realtime_.slides_removed(std::string(id));  // screens showing it go blank
  audit_.append(
      user, "slides.delete", deck->owner_id,
      {{"deck", deck->id}, {"pages", deck->pages.size()}, {"by_staff", deck->owner_id != user}});
  return answer(200, {{"ok", true}});
}

void SlidesApi::erase_person(std::int64_t user_id) {
  for (auto it = unfinished_.begin(); it != unfinished_.end();) {
    if (it->second.deck.owner_id == user_id) {
      uploads_.remove(it->first);
      it = unfinished_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& deck : registry_.all()) {
    if (!deck->uploaded() || deck->owner_id != user_id || !registry_.remove(deck->id)) continue;
    uploads_.remove(deck->id);
    realtime_.slides_removed(deck->id);
  }
  deck_buckets_.erase(user_id);
  page_buckets_.erase(user_id);
}

void SlidesApi::drop_stale() {
  const auto now = clock_.now();
  for (auto it = unfinished_.begin(); it != unfinished_.end();) {
    if (now - it->second.started > limits_.unfinished_for) {
      uploads_.remove(it->first);
      it = unfinished_.erase(it);
    } else {
      ++it;
    }
  }
}

int SlidesApi::unfinished_of(std::int64_t user_id) const {
  int n = 0;
  for (const auto& [id, u] : unfinished_) n += u.deck.owner_id == user_id ? 1 : 0;
  return n;
}

bool SlidesApi::take(std::unordered_map<std::int64_t, core::TokenBucket>& buckets,
                     std::int64_t user, double burst, double rate) {
  const auto now = clock_.now();
  auto it = buckets.try_emplace(user, burst, rate, now).first;
  return it->second.try_take(now);
}

}  // namespace tsunagu::net
