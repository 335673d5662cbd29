#include "world/slide_registry.h"

#include <gtest/gtest.h>

#include <thread>

namespace tsunagu::world {
namespace {

SlideDeck deck(std::string id, std::int64_t owner) {
  SlideDeck d;
  d.id = std::move(id);
  d.title = {"題", "Title"};
  d.pages = {"01.png"};
  d.owner_id = owner;
  return d;
}

TEST(SlideRegistryTest, ContentDecksFirstThenUploadsInOrder) {
  SlideRegistry r({deck("basics", 0), deck("sleep", 0)});
  ASSERT_TRUE(r.add(deck("up-b", 7)));
  ASSERT_TRUE(r.add(deck("up-a", 8)));
  std::vector<std::string> ids;
  for (const auto& d : r.all()) ids.push_back(d->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"basics", "sleep", "up-b", "up-a"}));
  EXPECT_EQ(r.uploaded_count(), 2);
  EXPECT_EQ(r.count_owned_by(7), 1);
  EXPECT_EQ(r.count_owned_by(9), 0);
}

TEST(SlideRegistryTest, IdsAreUniqueAndOnlyUploadsCanBeRemoved) {
  SlideRegistry r({deck("basics", 0)});
  ASSERT_TRUE(r.add(deck("up-x", 7)));
  auto again = r.add(deck("up-x", 8));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().name(), "slides_exists");
  EXPECT_FALSE(r.add(deck("basics", 7)));
  EXPECT_EQ(r.remove("basics"), nullptr);  // content stays
  EXPECT_NE(r.find("basics"), nullptr);
  auto held = r.find("up-x");
  auto removed = r.remove("up-x");
  ASSERT_NE(removed, nullptr);
  EXPECT_EQ(r.find("up-x"), nullptr);
  EXPECT_EQ(r.remove("up-x"), nullptr);
  EXPECT_EQ(held->pages.front(), "01.png");  // a reader's copy outlives the removal
}

TEST(SlideRegistryTest, ManyThreadsAddFindAndRemove) {
  SlideRegistry r({deck("basics", 0)});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&r, t] {
      for (int i = 0; i < 200; ++i) {
        const std::string id = "up-" + std::to_string(t) + "-" + std::to_string(i);
        ASSERT_TRUE(r.add(deck(id, t + 1)));
        EXPECT_NE(r.find(id), nullptr);
        EXPECT_NE(r.find("basics"), nullptr);
        if (i % 2 == 0) EXPECT_NE(r.remove(id), nullptr);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(r.uploaded_count(), 400);
  for (int t = 0; t < 4; ++t) EXPECT_EQ(r.count_owned_by(t + 1), 100);
}

}  // namespace
}  // namespace tsunagu::world
