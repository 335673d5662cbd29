#include "social/chat.h"

#include <gtest/gtest.h>

#include <map>

#include "store/memory_store.h"

namespace tsunagu::social {
namespace {

TEST(CleanChatTextTest, Table) {
  struct Case {
    const char* name;
    std::string raw;
    std::string want;  // empty when an error is expected
    const char* error;
  };
  const Case cases[] = {
      {"plain", "こんにちは", "こんにちは", ""},
      {"trimmed", "  hi  ", "hi", ""},
      {"ideographic spaces trimmed", "\u3000やあ\u3000", "やあ", ""},
      {"inner spaces kept", "a  b", "a  b", ""},
      {"newline becomes space", "a\nb", "a b", ""},
      {"NUL becomes space", std::string("a\0b", 3), "a b", ""},
      {"RLO removed", "abc\u202Edef", "abcdef", ""},
      {"zero width removed", "a\u200Bb", "ab", ""},
      {"emoji kept", "頭痛つらい😢", "頭痛つらい😢", ""},
      {"only spaces", "   ", "", "chat_empty"},
      {"only invisible", "\u200B\u200B", "", "chat_empty"},
      {"empty", "", "", "chat_empty"},
      {"invalid utf8", "a\xC0\xAF", "", "chat_invalid_utf8"},
      {"500 kanji ok", std::string(), "", ""},
      {"501 kanji too long", std::string(), "", "chat_too_long"},
  };
  for (auto c : cases) {
    if (std::string(c.name) == "500 kanji ok") {
      for (int i = 0; i < 500; ++i) c.raw += "痛";
      c.want = c.raw;
    }
    if (std::string(c.name) == "501 kanji too long") {
      for (int i = 0; i < 501; ++i) c.raw += "痛";
    }
    auto got = clean_chat_text(c.raw);
    if (std::string(c.error).empty()) {
      ASSERT_TRUE(got) << c.name << ": " << got.error().name();
      EXPECT_EQ(*got, c.want) << c.name;
    } else {
      ASSERT_FALSE(got) << c.name;
      EXPECT_EQ(got.error().name(), c.error) << c.name;
    }
  }
}

using MemoryChatStore = store::MemoryStore;

// Chat must name an existing user (as in SQLite): make users 1 … n.
void make_users(MemoryChatStore& store, int n) {
  for (int i = 0; i < n; ++i) {
    store::UserRecord u;
    u.display_name = "user" + std::to_string(i + 1);
    ASSERT_TRUE(store.create_user(u));
  }
}

std::size_t stored_count(MemoryChatStore& store, const std::string& space) {
  auto rows = store.recent_chat(space, 1000);
  return rows ? rows->size() : 0;
}

TEST(ChatServiceTest, StoresCleanTextWithAuthorAndTime) {
  MemoryChatStore store;
  make_users(store, 7);
  core::FakeClock clock;
  ChatService chat(store, clock);
  auto posted = chat.post("plaza", {7, "さくら", 2}, "  よろしく  ");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->id, 1);
  EXPECT_EQ(posted->text, "よろしく");
  EXPECT_EQ(posted->display_name, "さくら");
  EXPECT_EQ(posted->created_ms, clock.unix_ms());
  EXPECT_EQ(stored_count(store, "plaza"), 1u);
}

TEST(ChatServiceTest, RejectedTextIsNotStored) {
  MemoryChatStore store;
  make_users(store, 7);
  core::FakeClock clock;
  ChatService chat(store, clock);
  EXPECT_FALSE(chat.post("plaza", {7, "A", 0}, " "));
  EXPECT_EQ(stored_count(store, "plaza"), 0u);
}

// The doctors' lounge: a line is cleaned like any other but nothing is written.
TEST(ChatServiceTest, ComposedLinesAreNeverStored) {
  MemoryChatStore store;
  make_users(store, 7);
  store.fail_writes = true;  // a write would fail the call
  core::FakeClock clock;
  ChatService chat(store, clock);
  auto line = chat.compose("lounge", {0xF0000000, "医師A", 3}, "  症例の相談です  ");
  ASSERT_TRUE(line) << line.error().message();
  EXPECT_EQ(line->id, 0);
  EXPECT_EQ(line->text, "症例の相談です");
  EXPECT_EQ(line->display_name, "医師A");
  EXPECT_EQ(line->created_ms, clock.unix_ms());
  EXPECT_FALSE(chat.compose("lounge", {7, "A", 0}, "   "));
  store.fail_writes = false;
  EXPECT_EQ(stored_count(store, "lounge"), 0u);
}

TEST(ChatServiceTest, StoreFailureIsReportedNotSwallowed) {
  MemoryChatStore store;
  store.fail_writes = true;
  core::FakeClock clock;
  ChatService chat(store, clock);
  auto posted = chat.post("plaza", {7, "A", 0}, "hello");
  ASSERT_FALSE(posted);
  EXPECT_EQ(posted.error().name(), "internal");
}

TEST(ChatServiceTest, HistoryIsTheLastFiftyOldestFirst) {
  MemoryChatStore store;
  make_users(store, 7);
  core::FakeClock clock;
  ChatService chat(store, clock);
  for (int i = 0; i < 60; ++i) ASSERT_TRUE(chat.post("plaza", {1, "A", 0}, std::to_string(i)));
  ASSERT_TRUE(chat.post("circle-1", {1, "A", 0}, "elsewhere"));
  auto history = chat.history("plaza");
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 50u);
  EXPECT_EQ(history->front().text, "10");
  EXPECT_EQ(history->back().text, "59");
}

}  // namespace
}  // namespace tsunagu::social
