#include "lounge/identifier_check.h"

#include <gtest/gtest.h>

#include <chrono>

namespace tsunagu::lounge {
namespace {

// Each case: a line a doctor might write, and what the check should point out (kind and the
// text as written). Clinical text without identifiers must pass untouched.
TEST(IdentifierCheckTest, Table) {
  struct Case {
    const char* name;
    std::string text;
    std::vector<IdentifierFinding> want;
  };
  const Case cases[] = {
      {"clinical text",
       "40代女性、前兆のある片頭痛。月8日、トリプタンで改善。CGRP抗体を検討中。",
       {}},
      {"doses and ranges", "ロメリジン10mg 1日2回、バルプロ酸400-600mg", {}},
      {"age and year only", "45歳男性、2019年頃から頭痛", {}},
      {"landline", "連絡先 03-1234-5678 まで", {{"phone", "03-1234-5678"}}},
      {"mobile no dashes", "携帯09012345678です", {{"phone", "09012345678"}}},
      {"full-width phone", "０９０－１２３４－５６７８", {{"phone", "０９０－１２３４－５６７８"}}},
      {"international", "+81 3-1234-5678", {{"phone", "+81 3-1234-5678"}}},
      {"too short for a phone", "03-123-45", {}},
      {"western date", "1985/4/12生まれ", {{"date", "1985/4/12"}}},
      {"kanji date", "2024年3月15日に受診", {{"date", "2024年3月15日"}}},
      {"era date", "昭和60年4月1日生", {{"date", "昭和60年4月1日"}}},
      {"era initial", "生年月日 S60.4.1", {{"birth_date", "生年月日"}, {"date", "S60.4.1"}}},
      {"DOB word", "DOB: unknown", {{"birth_date", "DOB"}}},
      {"postal mark", "〒100-0001 東京都", {{"postal_code", "〒100-0001"}}},
      {"full-width postal", "〒１００－０００１", {{"postal_code", "〒１００－０００１"}}},
      {"bare postal", "住所は 150-0002 の", {{"postal_code", "150-0002"}}},
      {"ID colon", "ID: 123456 の患者", {{"record_number", "ID: 123456"}}},
      {"full-width ID", "ＩＤ：００１２３４", {{"record_number", "ＩＤ：００１２３４"}}},
      {"patient number", "患者番号12345", {{"record_number", "患者番号12345"}}},
      {"chart number", "カルテNo.98765", {{"record_number", "カルテNo.98765"}}},
      {"email", "mail: taro.yamada@example.jp まで", {{"email", "taro.yamada@example.jp"}}},
      {"several in order",
       "ID:4567 tel 0312345678 〒123-4567",
       {{"record_number", "ID:4567"}, {"phone", "0312345678"}, {"postal_code", "〒123-4567"}}},
      {"same twice once", "03-1234-5678 / 03-1234-5678", {{"phone", "03-1234-5678"}}},
      {"invalid utf8 does not crash",
       std::string("ID:1234 \xC0\xAF"),
       {{"record_number", "ID:1234"}}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(find_identifiers(c.text), c.want) << c.name;
  }
}

// A draft is typed by anyone: long runs of what the patterns look for stay fast (std::regex
// backtracks recursively; every repetition in the patterns is bounded).
TEST(IdentifierCheckTest, LongHostileDraftsStayFast) {
  const std::string runs[] = {std::string(4000, 'a'), std::string(4000, ' '),
                              std::string(4000, '0'), "2024" + std::string(3990, ' '),
                              std::string(4000, '-')};
  for (const auto& text : runs) {
    const auto start = std::chrono::steady_clock::now();
    find_identifiers(text);
    const auto took = std::chrono::steady_clock::now() - start;
    EXPECT_LT(took, std::chrono::milliseconds(500)) << text.substr(0, 8);
  }
}

TEST(IdentifierCheckTest, AtMostTenFindings) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "ID:" + std::to_string(1000 + i) + " ";
  EXPECT_EQ(find_identifiers(text).size(), 10u);
}

}  // namespace
}  // namespace tsunagu::lounge
