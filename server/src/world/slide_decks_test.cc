#include "world/slide_decks.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace tsunagu::world {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/tsunagu-slides-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

TEST(SlideDecksTest, ShippedDecksLoad) {
  auto decks = load_slide_decks(fs::path(TSUNAGU_SOURCE_DIR) / "content/slides");
  ASSERT_TRUE(decks) << decks.error().message();
  ASSERT_FALSE(decks->empty());
  EXPECT_FALSE(decks->front().title.ja.empty());
  EXPECT_EQ(slide_url(decks->front(), 0), "/slides/" + decks->front().id + "/" + decks->front().pages[0]);
}

TEST(SlideDecksTest, AMissingFolderIsNoDecks) {
  auto decks = load_slide_decks("/nonexistent/slides");
  ASSERT_TRUE(decks);
  EXPECT_TRUE(decks->empty());
}

TEST(SlideDecksTest, PageFileNames) {
  struct Case {
    const char* name;
    bool ok;
  };
  const Case cases[] = {{"01.svg", true},         {"intro_2-b.PNG", false}, {"a.png", true},
                        {"photo.jpeg", true},     {"x.webp", true},         {".svg", false},
                        {"01.html", false},       {"../01.svg", false},     {"a/b.svg", false},
                        {"01.svg.exe", false},    {"", false},              {"noext", false}};
  for (const Case& c : cases) EXPECT_EQ(valid_slide_file(c.name), c.ok) << c.name;
}

TEST(SlideDecksTest, BadDecksSayWhatToFix) {
  struct Case {
    const char* folder;
    const char* deck_json;
    const char* message_part;
  };
  const Case cases[] = {
      {"Bad_Name", R"({"title":{"ja":"a","en":"a"},"pages":["01.svg"]})", "must be [a-z0-9-]"},
      {"no-title", R"({"pages":["01.svg"]})", "title needs ja and en"},
      {"no-pages", R"({"title":{"ja":"a","en":"a"},"pages":[]})", "1-200 image files"},
      {"script", R"({"title":{"ja":"a","en":"a"},"pages":["x.html"]})", "image file name"},
      {"missing", R"({"title":{"ja":"a","en":"a"},"pages":["02.svg"]})", "does not exist"},
      {"broken", "{", "not a JSON object"},
      {"up-talk", R"({"title":{"ja":"a","en":"a"},"pages":["01.svg"]})", "kept for uploaded decks"},
  };
  for (const Case& c : cases) {
    TempDir dir;
    write(dir.path() / c.folder / "deck.json", c.deck_json);
    write(dir.path() / c.folder / "01.svg", "<svg/>");
    auto decks = load_slide_decks(dir.path());
    ASSERT_FALSE(decks) << c.folder;
    EXPECT_NE(decks.error().message().find(c.message_part), std::string::npos)
        << c.folder << ": " << decks.error().message();
  }
}

}  // namespace
}  // namespace tsunagu::world
