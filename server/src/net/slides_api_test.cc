#include "net/slides_api.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "store/memory_store.h"

namespace tsunagu::net {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Records what the API asks of the live world.
class FakeControl final : public realtime::Control {
 public:
  void disconnect_user(std::int64_t, std::uint16_t, std::string) override {}
  void warn_user(std::int64_t, std::string) override {}
  void apply_block(std::int64_t, std::int64_t, bool) override {}
  void send_to_user(std::int64_t, std::string) override {}
  void evict(std::int64_t, std::string) override {}
  void slides_removed(std::string deck_id) override { removed.push_back(std::move(deck_id)); }
  std::string spaces_json() const override { return "{}"; }
  int connections() const override { return 0; }
  std::vector<std::string> removed;
};

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// The first bytes of a PNG of w × h pixels (the API reads only the header).
std::string png(std::uint32_t w = 1600, std::uint32_t h = 900) {
  return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(w) + be32(h) +
         std::string("\x08\x02\x00\x00\x00", 5) + be32(0) + std::string(64, '\0');
}

std::string jpeg() {
  return std::string("\xFF\xD8\xFF\xC0\x00\x11\x08\x03\x84\x06\x40", 11) + std::string(40, '\0');
}

class SlidesApiTest : public ::testing::Test {
 protected:
  SlidesApiTest()
      : root_(make_root()),
        audit_(store_, clock_),
        registry_(std::vector<world::SlideDeck>{content_deck()}),
        uploads_(root_ / "slides"),
        api_(registry_, uploads_, audit_, control_, clock_, small_limits()) {
    EXPECT_TRUE(uploads_.load());
  }
  ~SlidesApiTest() override { fs::remove_all(root_); }

  static fs::path make_root() {
    char tmpl[] = "/tmp/tsunagu-slides-api-XXXXXX";
    return ::mkdtemp(tmpl);
  }
  static world::SlideDeck content_deck() {
    world::SlideDeck d;
    d.id = "basics";
    d.title = {"頭痛の基本", "Headache basics"};
    d.pages = {"01.svg"};
    return d;
  }
  static SlideLimits small_limits() {
    SlideLimits l;
    l.max_page_bytes = 1024;
    l.max_pages = 5;
    l.max_decks_per_user = 3;
    l.decks_burst = 4;
    return l;
  }

  auth::Identity person(std::int64_t id, auth::Role role) {
    auth::Identity who;
    who.user.id = id;
    who.role = role;
    return who;
  }

  ApiResponse call(std::string_view method, std::string_view path, const auth::Identity* who,
                   const json& body = json::object(), std::string_view raw = {},
                   std::string_view content_type = "application/json") {
    std::vector<std::string_view> parts;
    std::string_view rest = path.substr(1);
    while (!rest.empty()) {
      const auto slash = rest.find('/');
      parts.push_back(rest.substr(0, slash));
      if (slash == std::string_view::npos) break;
      rest.remove_prefix(slash + 1);
    }
    return api_.handle({method, parts, content_type, raw, body, who});
  }

  static std::string code(const ApiResponse& r) {
    const json body = json::parse(r.body, nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"]["code"].get<std::string>()
                                                      : "";
  }

  // Creates a deck of `pages` pages as `who`; returns its id ("" on refusal).
  std::string create(const auth::Identity& who, int pages, std::string title = "講演スライド") {
    auto r = call("POST", "/api/slides", &who, {{"title", title}, {"pages", pages}});
    if (r.status != 201) return "";
    return json::parse(r.body)["upload"]["id"];
  }

  ApiResponse put(const auth::Identity& who, const std::string& id, int page,
                  const std::string& bytes, std::string_view type = "image/png") {
    return call("PUT", "/api/slides/" + id + "/pages/" + std::to_string(page), &who, json::object(),
                bytes, type);
  }

  json list(const auth::Identity* who) { return json::parse(call("GET", "/api/slides", who).body); }

  fs::path root_;
  store::MemoryStore store_;
  core::FakeClock clock_;
  audit::AuditLog audit_;
  FakeControl control_;
  world::SlideRegistry registry_;
  world::SlideUploads uploads_;
  SlidesApi api_;
};

TEST_F(SlidesApiTest, APresenterUploadsADeckPageByPageAndEveryoneSeesIt) {
  const auto doctor = person(7, auth::Role::kClinician);
  const std::string id = create(doctor, 2);
  ASSERT_TRUE(world::valid_uploaded_deck_id(id)) << id;
  // not listed until finished
  EXPECT_EQ(list(nullptr)["decks"].size(), 1u);
  auto first = put(doctor, id, 1, jpeg(), "image/jpeg");  // any order
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json::parse(first.body)["ready"], false);
  EXPECT_EQ(json::parse(first.body)["received"], 1);
  auto last = put(doctor, id, 0, png());
  ASSERT_EQ(last.status, 200) << last.body;
  const json done = json::parse(last.body);
  EXPECT_EQ(done["ready"], true);
  EXPECT_EQ(done["deck"]["pages"],
            json({"/slides/" + id + "/01.png", "/slides/" + id + "/02.jpg"}));
  // on disk under names the server chose
  EXPECT_TRUE(fs::exists(root_ / "slides" / id / "01.png"));
  EXPECT_TRUE(fs::exists(root_ / "slides" / id / "02.jpg"));
  EXPECT_TRUE(fs::exists(root_ / "slides" / id / "deck.json"));
  // the list: content first, then the upload; mine and can_delete for its owner only
  const json mine = list(&doctor);
  ASSERT_EQ(mine["decks"].size(), 2u);
  EXPECT_EQ(mine["decks"][0]["id"], "basics");
  EXPECT_EQ(mine["decks"][0]["can_delete"], false);
  EXPECT_EQ(mine["decks"][1]["id"], id);
  EXPECT_EQ(mine["decks"][1]["title"]["ja"], "講演スライド");
  EXPECT_EQ(mine["decks"][1]["mine"], true);
  EXPECT_EQ(mine["decks"][1]["can_delete"], true);
  EXPECT_EQ(mine["can_upload"], true);
  const auto guest = person(9, auth::Role::kGuest);
  EXPECT_EQ(list(&guest)["decks"][1]["can_delete"], false);
  EXPECT_EQ(list(&guest)["can_upload"], false);
  // the hubs find it by id
  ASSERT_NE(registry_.find(id), nullptr);
  EXPECT_EQ(registry_.find(id)->owner_id, 7);
  // and it is in the audit log
  auto entries = store_.audit_after(0, 10);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().action, "slides.upload");
  EXPECT_EQ(entries->front().actor_id, 7);
  // a finished deck takes no more pages
  EXPECT_EQ(code(put(doctor, id, 0, png())), "slides_deck_complete");
}

TEST_F(SlidesApiTest, OnlyPresentersUpload) {
  struct Case {
    auth::Role role;
    int status;
  };
  const Case cases[] = {{auth::Role::kGuest, 403},       {auth::Role::kMember, 403},
                        {auth::Role::kTrainee, 403},     {auth::Role::kResearcher, 403},
                        {auth::Role::kModerator, 403},   {auth::Role::kClinician, 201},
                        {auth::Role::kFacilitator, 201}, {auth::Role::kAdmin, 201}};
  std::int64_t id = 100;
  for (const Case& c : cases) {
    const auto who = person(++id, c.role);
    auto r = call("POST", "/api/slides", &who, {{"title", "t"}, {"pages", 1}});
    EXPECT_EQ(r.status, c.status) << auth::role_name(c.role) << " " << r.body;
    if (c.status == 403) {
      EXPECT_EQ(code(r), "permission_denied");
    }
  }
  EXPECT_EQ(call("POST", "/api/slides", nullptr, {{"title", "t"}, {"pages", 1}}).status, 401);
}

TEST_F(SlidesApiTest, DecksAreChecked) {
  const auto doctor = person(7, auth::Role::kClinician);
  struct Case {
    const char* name;
    json body;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"no title", {{"pages", 1}}, 400, "bad_json"},
      {"pages not a number", {{"title", "t"}, {"pages", "2"}}, 400, "bad_json"},
      {"empty title", {{"title", "   "}, {"pages", 1}}, 400, "slides_title_invalid"},
      {"long title", {{"title", std::string(81, 'a')}, {"pages", 1}}, 400, "slides_title_invalid"},
      {"no pages", {{"title", "t"}, {"pages", 0}}, 400, "slides_page_count_invalid"},
      {"too many pages", {{"title", "t"}, {"pages", 6}}, 400, "slides_page_count_invalid"},
  };
  for (const Case& c : cases) {
    auto r = call("POST", "/api/slides", &doctor, c.body);
    EXPECT_EQ(r.status, c.status) << c.name;
    EXPECT_EQ(code(r), c.code) << c.name;
  }
  // an 80-character title with a bidirectional override removed is fine
  EXPECT_NE(create(doctor, 1, std::string(80, 'a') + "\u202e"), "");
}

TEST_F(SlidesApiTest, PagesAreCheckedByTheirBytes) {
  const auto doctor = person(7, auth::Role::kClinician);
  const std::string id = create(doctor, 3);
  ASSERT_NE(id, "");
  struct Case {
    const char* name;
    int page;
    std::string bytes;
    const char* type;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"svg", 0, "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
       "image/svg+xml", 415, "slides_image_invalid"},
      {"html as png", 0, "<html><script>alert(1)</script></html>", "image/png", 415,
       "slides_image_invalid"},
      {"pdf", 0, "%PDF-1.7\n", "application/pdf", 415, "slides_image_invalid"},
      {"png labelled jpeg", 0, png(), "image/jpeg", 415, "slides_image_invalid"},
      {"no type", 0, png(), "", 415, "slides_image_invalid"},
      {"over the byte limit", 0, png() + std::string(1024, '\0'), "image/png", 413,
       "slides_image_too_large"},
      {"a pixel bomb", 0, png(50000, 50000), "image/png", 413, "slides_image_too_large"},
      {"page past the end", 3, png(), "image/png", 400, "slides_page_invalid"},
      {"negative page", -1, png(), "image/png", 400, "slides_page_invalid"},
      {"fine", 0, png(), "image/png; charset=binary", 200, ""},
  };
  for (const Case& c : cases) {
    auto r = put(doctor, id, c.page, c.bytes, c.type);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    EXPECT_EQ(code(r), c.code) << c.name;
  }
  // someone else cannot add pages to it; an unknown deck is not found
  const auto other = person(8, auth::Role::kFacilitator);
  EXPECT_EQ(put(other, id, 1, png()).status, 404);
  EXPECT_EQ(put(doctor, "up-00000000000000000000000000000000", 0, png()).status, 404);
  // only the page written is on disk
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(root_ / "slides" / id))
    files.push_back(e.path().filename());
  EXPECT_EQ(files, std::vector<std::string>{"01.png"});
}

TEST_F(SlidesApiTest, PerPersonLimitsAndRateLimits) {
  const auto doctor = person(7, auth::Role::kClinician);
  for (int i = 0; i < 3; ++i) ASSERT_NE(create(doctor, 1), "") << i;
  auto fourth = call("POST", "/api/slides", &doctor, {{"title", "t"}, {"pages", 1}});
  EXPECT_EQ(fourth.status, 409);
  EXPECT_EQ(code(fourth), "slides_too_many");
  // another presenter has their own allowance, and their own rate: 4 at once, then 1 per 2 min
  const auto other = person(8, auth::Role::kFacilitator);
  const std::string a = create(other, 1);
  ASSERT_NE(a, "");
  ASSERT_EQ(call("DELETE", "/api/slides/" + a, &other).status, 200);  // given up
  for (int i = 0; i < 3; ++i) {
    const std::string id = create(other, 1);
    ASSERT_NE(id, "") << i;
    ASSERT_EQ(call("DELETE", "/api/slides/" + id, &other).status, 200);
  }
  auto limited = call("POST", "/api/slides", &other, {{"title", "t"}, {"pages", 1}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(code(limited), "rate_limited");
  clock_.advance(std::chrono::minutes(2));
  EXPECT_NE(create(other, 1), "");
  // a page may be sent again, but not endlessly (twice the page count)
  const auto third = person(9, auth::Role::kAdmin);
  const std::string id = create(third, 1);
  EXPECT_EQ(put(third, id, 0, png()).status, 200);  // finished at once
  const std::string two = create(third, 2);
  EXPECT_EQ(put(third, two, 0, png()).status, 200);
  EXPECT_EQ(put(third, two, 0, png()).status, 200);
  EXPECT_EQ(put(third, two, 0, jpeg(), "image/jpeg").status, 200);  // replaces 01.png
  EXPECT_FALSE(fs::exists(root_ / "slides" / two / "01.png"));
  EXPECT_TRUE(fs::exists(root_ / "slides" / two / "01.jpg"));
  EXPECT_EQ(put(third, two, 0, png()).status, 200);
  auto fifth = put(third, two, 0, png());
  EXPECT_EQ(fifth.status, 429);
}

TEST_F(SlidesApiTest, AnUnfinishedUploadExpires) {
  const auto doctor = person(7, auth::Role::kClinician);
  const std::string id = create(doctor, 2);
  ASSERT_EQ(put(doctor, id, 0, png()).status, 200);
  clock_.advance(std::chrono::minutes(31));
  EXPECT_EQ(put(doctor, id, 1, png()).status, 404);
  EXPECT_FALSE(fs::exists(root_ / "slides" / id));
}

TEST_F(SlidesApiTest, TheOwnerOrStaffDeleteAndTheScreensGoBlank) {
  const auto doctor = person(7, auth::Role::kClinician);
  auto upload = [&] {
    const std::string id = create(doctor, 1);
    EXPECT_EQ(put(doctor, id, 0, png()).status, 200);
    return id;
  };
  struct Case {
    const char* name;
    auth::Identity who;
    int status;
  };
  const Case cases[] = {
      {"another presenter", person(8, auth::Role::kFacilitator), 403},
      {"a guest", person(9, auth::Role::kGuest), 403},
      {"the owner", doctor, 200},
      {"a moderator", person(10, auth::Role::kModerator), 200},
      {"an admin", person(11, auth::Role::kAdmin), 200},
  };
  for (const Case& c : cases) {
    const std::string id = upload();
    control_.removed.clear();
    auto r = call("DELETE", "/api/slides/" + id, &c.who);
    EXPECT_EQ(r.status, c.status) << c.name << ": " << r.body;
    if (c.status != 200) {
      EXPECT_NE(registry_.find(id), nullptr) << c.name;
      EXPECT_TRUE(control_.removed.empty()) << c.name;
      ASSERT_EQ(call("DELETE", "/api/slides/" + id, &doctor).status, 200);
      continue;
    }
    EXPECT_EQ(registry_.find(id), nullptr) << c.name;
    EXPECT_FALSE(fs::exists(root_ / "slides" / id)) << c.name;
    EXPECT_EQ(control_.removed, std::vector<std::string>{id}) << c.name;
    clock_.advance(std::chrono::minutes(2));
  }
  // content decks stay; unknown ones are not found; nobody signed in is asked to sign in
  const auto admin = person(11, auth::Role::kAdmin);
  EXPECT_EQ(call("DELETE", "/api/slides/basics", &admin).status, 403);
  EXPECT_EQ(call("DELETE", "/api/slides/up-00000000000000000000000000000000", &admin).status, 404);
  EXPECT_EQ(call("DELETE", "/api/slides/basics", nullptr).status, 401);
  // deletions are audited, with who did it
  auto entries = store_.audit_after(0, 100);
  ASSERT_TRUE(entries);
  int deletes = 0;
  for (const auto& e : *entries) deletes += e.action == "slides.delete" ? 1 : 0;
  EXPECT_EQ(deletes, 5);
}

TEST_F(SlidesApiTest, UploadsSurviveARestart) {
  const auto doctor = person(7, auth::Role::kClinician);
  const std::string id = create(doctor, 1);
  ASSERT_EQ(put(doctor, id, 0, png()).status, 200);
  const std::string unfinished = create(doctor, 2);
  world::SlideUploads again(root_ / "slides");
  auto decks = again.load();
  ASSERT_TRUE(decks);
  ASSERT_EQ(decks->size(), 1u);
  EXPECT_EQ(decks->front().id, id);
  EXPECT_EQ(decks->front().owner_id, 7);
  EXPECT_FALSE(fs::exists(root_ / "slides" / unfinished));
}

TEST_F(SlidesApiTest, RoutesAndMethods) {
  const auto doctor = person(7, auth::Role::kClinician);
  struct Case {
    const char* method;
    const char* path;
    int status;
  };
  const Case cases[] = {{"GET", "/api/slides", 200},
                        {"HEAD", "/api/slides", 200},
                        {"PUT", "/api/slides", 405},
                        {"GET", "/api/slides/basics", 405},
                        {"POST", "/api/slides/x/pages/0", 405},
                        {"GET", "/api/slides/a/b", 404}};
  for (const Case& c : cases)
    EXPECT_EQ(call(c.method, c.path, &doctor).status, c.status) << c.method << " " << c.path;
  EXPECT_TRUE(
      SlidesApi::takes_image_body("/api/slides/up-0123456789abcdef0123456789abcdef/pages/0"));
  EXPECT_TRUE(
      SlidesApi::takes_image_body("/api/slides/up-0123456789abcdef0123456789abcdef/pages/79"));
  EXPECT_FALSE(SlidesApi::takes_image_body("/api/slides"));
  EXPECT_FALSE(SlidesApi::takes_image_body("/api/slides/basics/pages/0"));
  EXPECT_FALSE(
      SlidesApi::takes_image_body("/api/slides/up-0123456789abcdef0123456789abcdef/pages/"));
  EXPECT_FALSE(
      SlidesApi::takes_image_body("/api/slides/up-0123456789abcdef0123456789abcdef/pages/1x"));
  EXPECT_FALSE(
      SlidesApi::takes_image_body("/api/bank/up-0123456789abcdef0123456789abcdef/pages/1"));
}

}  // namespace
}  // namespace tsunagu::net
