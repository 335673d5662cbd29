#include "core/messages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace tsunagu::core {
namespace {

// Every error name the HTTP API and the protocol use today; a new one must come with text.
TEST(LocalizedMessageTest, KnownNamesHaveBothLanguages) {
  const char* const kNames[] = {
      "name_missing",      "name_empty",          "name_too_long",     "name_invalid_char",
      "name_invalid_utf8", "avatar_invalid",      "bad_json",          "body_too_large",
      "rate_limited",      "unauthenticated",     "not_found",         "method_not_allowed",
      "internal",          "bad_message",         "unknown_type",      "not_joined",
      "unknown_space",     "space_full",          "chat_empty",        "chat_too_long",
      "emote_unknown",     "already_hello",       "binary_unexpected", "unknown_frame",
      "bad_frame",         "unsupported_version",
  };
  for (const char* name : kNames) {
    const LocalizedText* text = localized_message(name);
    ASSERT_NE(text, nullptr) << name;
    EXPECT_FALSE(text->ja.empty()) << name;
    EXPECT_FALSE(text->en.empty()) << name;
  }
}

TEST(LocalizedMessageTest, UnknownNamesAreNull) {
  const char* const kUnknown[] = {"", "NAME_EMPTY", "name_empty ", "no_such_error"};
  for (const char* name : kUnknown) {
    EXPECT_EQ(localized_message(name), nullptr) << "'" << name << "'";
  }
}

// Texts are shown as they are, so each must be a finished sentence in its language.
TEST(LocalizedMessageTest, EveryEntryIsASentence) {
  std::set<std::string_view> seen;
  for (const LocalizedMessage& m : all_localized_messages()) {
    EXPECT_TRUE(seen.insert(m.name).second) << "duplicate " << m.name;
    EXPECT_TRUE(m.text.ja.ends_with("。")) << m.name << ": " << m.text.ja;
    EXPECT_TRUE(m.text.en.ends_with(".")) << m.name << ": " << m.text.en;
    EXPECT_TRUE(std::ranges::none_of(m.text.en, [](unsigned char c) { return c >= 0x80; }))
        << m.name << ": English text should be plain ASCII";
    EXPECT_EQ(localized_message(m.name), &m.text) << m.name;
  }
}

std::string read_protocol() {
  std::ifstream in(std::string(TSUNAGU_SOURCE_DIR) + "/docs/protocol.md");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The `backticked` words of the paragraph starting with `lead`.
std::vector<std::string> codes_after(const std::string& doc, const std::string& lead) {
  std::vector<std::string> codes;
  size_t at = doc.find(lead);
  if (at == std::string::npos) return codes;
  const size_t end = doc.find("\n\n", at);
  while ((at = doc.find('`', at)) < end) {
    const size_t close = doc.find('`', at + 1);
    codes.push_back(doc.substr(at + 1, close - at - 1));
    at = close + 1;
  }
  return codes;
}

// Ties the catalogue to the spec: every error code docs/protocol.md lists has text.
TEST(LocalizedMessageTest, CoversErrorCodesListedInProtocol) {
  const std::string doc = read_protocol();
  ASSERT_FALSE(doc.empty()) << "docs/protocol.md not found";
  for (const char* lead : {"Error codes: ", "Error codes a client must expect: ",
                           "Error codes of the doctors' lounge: ", "Error codes of slide uploads: ",
                           "Error codes of consultations: "}) {
    const std::vector<std::string> codes = codes_after(doc, lead);
    EXPECT_GE(codes.size(), 5u) << lead;
    for (const std::string& code : codes) {
      EXPECT_NE(localized_message(code), nullptr) << code;
    }
  }
}

TEST(LocalizedMessageTest, MatchesTheExampleInProtocol) {
  const std::string doc = read_protocol();
  const LocalizedText* text = localized_message("name_too_long");
  ASSERT_NE(text, nullptr);
  EXPECT_NE(doc.find(std::string("\"ja\": \"") + std::string(text->ja) + "\""), std::string::npos);
  EXPECT_NE(doc.find(std::string("\"en\": \"") + std::string(text->en) + "\""), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::core
