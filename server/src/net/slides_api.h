#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "audit/audit_log.h"
#include "auth/account_service.h"
#include "core/clock.h"
#include "core/token_bucket.h"
#include "net/api.h"
#include "realtime/control.h"
#include "world/slide_registry.h"
#include "world/slide_uploads.h"

namespace tsunagu::net {

// What a presenter may upload (docs/security.md, "Uploaded slides"). Defaults are the product's;
// tests lower them.
struct SlideLimits {
  std::size_t max_page_bytes = 4 * 1024 * 1024;  // one page image
  int max_pages = 80;                            // pages of one deck
  int max_title_chars = 80;
  int max_decks_per_user = 10;                                 // finished and unfinished
  int max_decks = 300;                                         // uploaded decks in all
  std::uintmax_t max_total_bytes = 2ULL * 1024 * 1024 * 1024;  // every uploaded page together
  double decks_burst = 5;                                      // new decks at once per person …
  double decks_per_second = 1.0 / 120;                         // … then one every 2 minutes
  double pages_burst = 200;                      // page uploads at once per person …
  double pages_per_second = 2;                   // … then two a second
  std::chrono::seconds unfinished_for{30 * 60};  // an upload not finished by then is dropped
};

// One request for /api/slides…, after Api has done origin, CSRF and session checks. The body
// of a page upload is the image itself (never parsed as JSON); of deck creation, parsed JSON.
struct SlidesRequest {
  std::string_view method;
  std::span<const std::string_view> parts;  // the path split at '/': "api", "slides", …
  std::string_view content_type;
  std::string_view raw_body;
  const nlohmann::json& body;  // the parsed object of a JSON request, else an empty object
  const auth::Identity* who;   // nullptr when not signed in
};

// The slide routes of the JSON API (docs/protocol.md, "Slides"): the list of decks (content and
// uploaded), and presenters' uploads: create a deck, upload its pages one by one, delete it.
// Pages are checked by their bytes (world/slide_image.h) and stored under names the server
// picks (world/slide_uploads.h); a deck becomes visible (GET /api/slides, slides_show) when its
// last page has arrived. Deleting a deck that is on a screen blanks that screen (through
// realtime::Control). Thread: the API's event loop; the registry it fills is shared with the
// hubs (thread-safe), the uploads folder is its own.
class SlidesApi {
 public:
  SlidesApi(world::SlideRegistry& registry, world::SlideUploads& uploads, audit::AuditLog& audit,
            realtime::Control& realtime, const core::Clock& clock, SlideLimits limits = {});

  // /api/slides/<id>/pages/<n>: the body is an image, up to max_page_bytes (the HTTP layer
  // allows that much for these paths only).
  static bool takes_image_body(std::string_view path);
  static bool handles(std::span<const std::string_view> parts) {
    return parts.size() >= 2 && parts[0] == "api" && parts[1] == "slides";
  }
  const SlideLimits& limits() const { return limits_; }

  ApiResponse handle(const SlidesRequest& request);
  // The person's account was deleted: their uploads go too.
  void erase_person(std::int64_t user_id);

 private:
  // An upload in progress: pages arrive in any order, each may be sent again.
  struct Unfinished {
    world::SlideDeck deck;  // pages[i] empty until page i has arrived
    int received = 0;
    int puts = 0;  // page uploads so far (at most twice the page count)
    std::uintmax_t bytes = 0;
    std::chrono::steady_clock::time_point started;
  };

  ApiResponse list(const auth::Identity* who);
  ApiResponse create(const SlidesRequest& r);
  ApiResponse put_page(const SlidesRequest& r, std::string_view id, std::string_view index);
  ApiResponse remove(const SlidesRequest& r, std::string_view id);
  void drop_stale();
  int unfinished_of(std::int64_t user_id) const;
  bool take(std::unordered_map<std::int64_t, core::TokenBucket>& buckets, std::int64_t user,
            double burst, double rate);

  world::SlideRegistry& registry_;
  world::SlideUploads& uploads_;
  audit::AuditLog& audit_;
  realtime::Control& realtime_;
  const core::Clock& clock_;
  SlideLimits limits_;
  std::map<std::string, Unfinished, std::less<>> unfinished_;
  std::unordered_map<std::int64_t, core::TokenBucket> deck_buckets_;
  std::unordered_map<std::int64_t, core::TokenBucket> page_buckets_;
};

// {"id","title":{"ja","en"},"pages":[urls],…} of a deck, as GET /api/slides lists it.
nlohmann::json slide_deck_json(const world::SlideDeck& deck);

}  // namespace tsunagu::net
