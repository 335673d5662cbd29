#include "social/chat.h"

#include <gtest/gtest.h>

#include <map>

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

// A store that keeps chat in memory; sessions are not used by ChatService.
class MemoryChatStore : public store::Store {
 public:
  core::Result<std::int64_t> create_session(const store::SessionRecord&) override { return 1; }
  core::Result<std::optional<store::SessionRecord>> find_session(const std::string&,
                                                                 std::int64_t) override {
    return std::nullopt;
  }
  core::Status touch_session(std::int64_t, std::int64_t) override { return {}; }
  core::Result<std::int64_t> append_chat(const store::ChatRecord& m) override {
    if (fail_next) {
      fail_next = false;
      return core::fail(core::Code::kUnavailable, "internal", "disk full");
    }
    rows.push_back(m);
    rows.back().id = static_cast<std::int64_t>(rows.size());
    return rows.back().id;
  }
  core::Result<std::vector<store::ChatRecord>> recent_chat(const std::string& space,
                                                           int limit) override {
    std::vector<store::ChatRecord> out;
    for (const auto& r : rows) {
      if (r.space == space) out.push_back(r);
    }
    if (static_cast<int>(out.size()) > limit) out.erase(out.begin(), out.end() - limit);
    return out;
  }
  std::vector<store::ChatRecord> rows;
  bool fail_next = false;
};

TEST(ChatServiceTest, StoresCleanTextWithAuthorAndTime) {
  MemoryChatStore store;
  core::FakeClock clock;
  ChatService chat(store, clock);
  auto posted = chat.post("plaza", {7, "さくら", 2}, "  よろしく  ");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->id, 1);
  EXPECT_EQ(posted->text, "よろしく");
  EXPECT_EQ(posted->display_name, "さくら");
  EXPECT_EQ(posted->created_ms, clock.unix_ms());
  ASSERT_EQ(store.rows.size(), 1u);
  EXPECT_EQ(store.rows[0].space, "plaza");
}

TEST(ChatServiceTest, RejectedTextIsNotStored) {
  MemoryChatStore store;
  core::FakeClock clock;
  ChatService chat(store, clock);
  EXPECT_FALSE(chat.post("plaza", {7, "A", 0}, " "));
  EXPECT_TRUE(store.rows.empty());
}

TEST(ChatServiceTest, StoreFailureIsReportedNotSwallowed) {
  MemoryChatStore store;
  store.fail_next = true;
  core::FakeClock clock;
  ChatService chat(store, clock);
  auto posted = chat.post("plaza", {7, "A", 0}, "hello");
  ASSERT_FALSE(posted);
  EXPECT_EQ(posted.error().name(), "internal");
}

TEST(ChatServiceTest, HistoryIsTheLastFiftyOldestFirst) {
  MemoryChatStore store;
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
