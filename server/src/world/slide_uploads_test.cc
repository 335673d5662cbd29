#include "world/slide_uploads.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace tsunagu::world {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/tsunagu-uploads-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

const std::string kId = "up-0123456789abcdef0123456789abcdef";

SlideDeck finished(std::string id) {
  SlideDeck d;
  d.id = std::move(id);
  d.title = {"講演", "講演"};
  d.pages = {"01.png", "02.jpg"};
  d.owner_id = 42;
  d.created_ms = 1000;
  return d;
}

TEST(SlideUploadsTest, DeckIdsAndPageNames) {
  struct Case {
    std::string id;
    bool ok;
  };
  const Case cases[] = {{kId, true},
                        {"up-0123456789ABCDEF0123456789abcdef", false},
                        {"up-0123456789abcdef", false},
                        {"xx-0123456789abcdef0123456789abcdef", false},
                        {"up-../456789abcdef0123456789abcdef0", false},
                        {"", false}};
  for (const Case& c : cases) EXPECT_EQ(valid_uploaded_deck_id(c.id), c.ok) << c.id;
  EXPECT_EQ(uploaded_page_file(0, "png"), "01.png");
  EXPECT_EQ(uploaded_page_file(79, "webp"), "80.webp");
  EXPECT_TRUE(valid_slide_file(uploaded_page_file(79, "jpg")));
}

TEST(SlideUploadsTest, AFinishedDeckSurvivesARestartAndAnUnfinishedOneGoes) {
  TempDir dir;
  const fs::path root = dir.path() / "slides";
  const std::string unfinished = "up-ffffffffffffffffffffffffffffffff";
  {
    SlideUploads uploads(root);
    ASSERT_TRUE(uploads.load());
    ASSERT_TRUE(uploads.begin(kId));
    EXPECT_FALSE(uploads.begin(kId));  // exists
    ASSERT_TRUE(uploads.write_page(kId, "01.png", std::string(100, 'a')));
    ASSERT_TRUE(uploads.write_page(kId, "02.png", std::string(50, 'b')));
    ASSERT_TRUE(uploads.write_page(kId, "02.jpg", std::string(70, 'c'), "02.png"));  // replaced
    EXPECT_FALSE(fs::exists(root / kId / "02.png"));
    EXPECT_EQ(uploads.bytes_used(), 170u);
    ASSERT_TRUE(uploads.finish(finished(kId)));
    ASSERT_TRUE(uploads.begin(unfinished));
    ASSERT_TRUE(uploads.write_page(unfinished, "01.png", "x"));
    EXPECT_FALSE(uploads.write_page("../etc", "01.png", "x"));
    EXPECT_FALSE(uploads.write_page(kId, "../01.png", "x"));
  }
  fs::create_directories(root / "notes");  // not ours: left alone
  SlideUploads again(root);
  auto decks = again.load();
  ASSERT_TRUE(decks) << decks.error().message();
  ASSERT_EQ(decks->size(), 1u);
  EXPECT_EQ(decks->front().id, kId);
  EXPECT_EQ(decks->front().title.ja, "講演");
  EXPECT_EQ(decks->front().owner_id, 42);
  EXPECT_EQ(decks->front().pages, (std::vector<std::string>{"01.png", "02.jpg"}));
  EXPECT_FALSE(fs::exists(root / unfinished));
  EXPECT_TRUE(fs::exists(root / "notes"));
  EXPECT_GE(again.bytes_used(), 170u);
  again.remove(kId);
  EXPECT_FALSE(fs::exists(root / kId));
  EXPECT_EQ(again.bytes_used(), 0u);
}

TEST(SlideUploadsTest, ABrokenDeckIsLeftAloneAndNotServed) {
  struct Case {
    const char* name;
    const char* deck_json;
  };
  const Case cases[] = {
      {"not json", "{"},
      {"no owner", R"({"title":"t","created_ms":1,"pages":["01.png"]})"},
      {"missing page", R"({"title":"t","owner_id":1,"created_ms":1,"pages":["09.png"]})"},
      {"svg page", R"({"title":"t","owner_id":1,"created_ms":1,"pages":["01.svg"]})"},
      {"path", R"({"title":"t","owner_id":1,"created_ms":1,"pages":["../x.png"]})"},
  };
  for (const Case& c : cases) {
    TempDir dir;
    fs::create_directories(dir.path() / kId);
    std::ofstream(dir.path() / kId / "deck.json") << c.deck_json;
    std::ofstream(dir.path() / kId / "01.png") << "x";
    std::ofstream(dir.path() / kId / "01.svg") << "<svg/>";
    SlideUploads uploads(dir.path());
    auto decks = uploads.load();
    ASSERT_TRUE(decks) << c.name;
    EXPECT_TRUE(decks->empty()) << c.name;
    EXPECT_TRUE(fs::exists(dir.path() / kId)) << c.name;
  }
}

}  // namespace
}  // namespace tsunagu::world
