#include "auth/reserved_names.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "auth/display_name.h"
#include "core/messages.h"

namespace tsunagu::auth {
namespace {

// Each case is typed as a person would type it and goes through normalize_display_name()
// first, as on the real path. `reserved` is the expected verdict against the shipped list.
struct Case {
  const char* label;
  std::string name;
  bool reserved;
};

constexpr bool kRefused = true;
constexpr bool kAllowed = false;

const std::vector<Case>& cases() {
  static const std::vector<Case> cases = {
      // Japanese titles: anywhere in the name, whatever sits between the characters.
      {"専門医", "専門医", kRefused},
      {"専門医 inside a name", "頭痛の専門医", kRefused},
      {"医師", "医師", kRefused},
      {"医師 with a space", "医 師", kRefused},
      {"医師 with a middle dot", "医・師", kRefused},
      {"医師 with an ideographic space", "医\u3000師", kRefused},
      {"医師 with an underscore", "医_師", kRefused},
      {"医師 with a full stop", "医。師", kRefused},
      {"医師 with an emoji between", "医🌸師", kRefused},
      {"医師 split after a name (CJK has no word gaps)", "山田医・師", kRefused},
      {"医師 with a heart and selector between", "医\u2764\ufe0f師", kRefused},
      {"専門医 with a Kangxi radical (NFKC)", "専\u2fa8医", kRefused},
      {"医者 in a phrase", "お医者さん", kRefused},
      {"醫師 in the old form", "醫師", kRefused},
      {"運營 in the old form", "運營", kRefused},
      {"歯医者 (a dentist is a clinician too)", "歯医者のタナカ", kRefused},
      {"女医", "女医ミカ", kRefused},
      {"ドクター", "ドクター", kRefused},
      {"ドクター in hiragana", "どくたー", kRefused},
      {"ドクター half-width", "ﾄﾞｸﾀｰ", kRefused},
      {"ドクター with a hyphen for ー", "ドクタ-", kRefused},
      {"ドクター with an em dash for ー", "ドクタ\u2014", kRefused},
      {"ドクター with a wave dash for ー", "ドクタ\u301c", kRefused},
      {"ドクター with a full-width tilde for ー", "ドクタ\uff5e", kRefused},
      {"ドクター with kanji 一 for ー", "ドクタ一", kRefused},
      {"ドクター with a minus sign for ー", "ドクタ\u2212", kRefused},
      {"ドクター with a box-drawing line for ー", "ドクタ\u2500", kRefused},
      {"ドクター with ー doubled", "ドクターー", kRefused},
      {"ドクター mixed hiragana and katakana", "ドくター", kRefused},
      {"ドクター spread out", "ド ク タ ー", kRefused},
      {"ドクター with a combining dakuten", "ト\u3099クター", kRefused},
      {"ドクター with the spacing dakuten ゛", "ト゛クター", kRefused},
      {"ドクター in look-alike kanji 卜 and 夕", "卜゛ク夕ー", kRefused},
      {"ドクター before a name", "ドクター山田", kRefused},
      {"ドクター after a name", "山田ドクター", kRefused},
      {"ナース", "ナース", kRefused},
      {"ナース in hiragana", "なーす", kRefused},
      {"ナース with a hyphen", "ナ-ス", kRefused},
      {"ナース with kanji 一", "ナ一ス", kRefused},
      {"看護師", "看護師", kRefused},
      {"元看護師 (a former nurse cannot be verified)", "元看護師", kRefused},
      {"准看護師", "准看護師", kRefused},
      {"看護士 (the old title)", "看護士", kRefused},
      {"薬剤師", "薬剤師のユキ", kRefused},
      {"管理栄養士", "管理栄養士", kRefused},
      {"公式", "公式", kRefused},
      {"公式アカウント", "公式アカウント", kRefused},
      {"非公式 still reads as official", "非公式", kRefused},
      {"運営", "運営", kRefused},
      {"運営スタッフ", "運営スタッフ", kRefused},
      {"管理者", "管理者", kRefused},
      {"管理人さん", "管理人さん", kRefused},
      {"モデレーター", "モデレーター", kRefused},
      {"モデレーター in hiragana", "もでれーたー", kRefused},
      {"スタッフ", "スタッフ", kRefused},
      {"スタッフ in hiragana", "すたっふ", kRefused},
      {"スタッフ with a large ツ", "スタツフ", kRefused},
      {"スタッフ half-width", "ｽﾀｯﾌ", kRefused},
      {"学会", "日本頭痛学会", kRefused},
      {"頭痛外来", "頭痛外来の田中", kRefused},
      {"事務局", "事務局", kRefused},
      {"お知らせ", "お知らせ", kRefused},
      {"先生", "先生", kRefused},
      {"田中先生", "田中先生", kRefused},
      {"せんせい", "せんせい", kRefused},
      {"センセー", "センセー", kRefused},
      {"つなぐ", "つなぐ", kRefused},
      {"ツナグ", "ツナグ", kRefused},
      {"ツナグ half-width", "ﾂﾅｸﾞ", kRefused},

      // ASCII words of 4+ letters: anywhere, through case, width, look-alikes and separators.
      {"admin", "admin", kRefused},
      {"ADMIN", "ADMIN", kRefused},
      {"AdMiN", "AdMiN", kRefused},
      {"full-width admin", "ａｄｍｉｎ", kRefused},
      {"admin with dots", "a.d.m.i.n", kRefused},
      {"admin with spaces", "a d m i n", kRefused},
      {"admin with hyphens", "a-d-m-i-n", kRefused},
      {"admin split in two", "ad min", kRefused},
      {"admin split by case", "AdMin", kRefused},
      {"admin split by an emoji", "ad🌸min", kRefused},
      {"admin with a Cyrillic а", "\u0430dmin", kRefused},
      {"admin with a Latin alpha", "\u0251dmin", kRefused},
      {"admin with Greek capitals", "\u0391D\u039c\u0399\u039d", kRefused},
      {"admin with 1 for i", "adm1n", kRefused},
      {"ADMIN with a small l for I", "ADMlN", kRefused},
      {"admin with an accent", "\u00e0dmin", kRefused},
      {"admin with a combining accent", "adm\u0131\u0301n", kRefused},
      {"admin with rn for m", "adrnin", kRefused},
      {"admin in circled letters", "ⓐⓓⓜⓘⓝ", kRefused},
      {"admin in mathematical bold", "𝐚𝐝𝐦𝐢𝐧", kRefused},
      {"admin in superscripts", "ᵃᵈᵐⁱⁿ", kRefused},
      {"admin in small capitals", "ᴀᴅᴍɪɴ", kRefused},
      {"admin underlined with combining marks", "a\u0332d\u0332m\u0332i\u0332n\u0332", kRefused},
      {"admin inside", "xxadminxx", kRefused},
      {"admin with emoji", "admin🌸", kRefused},
      {"admin with @ for a", "@dmin", kRefused},
      {"admin with ! for i", "adm!n", kRefused},
      {"admin with | for i", "adm|n", kRefused},
      {"admin before kana", "adminです", kRefused},
      {"Site Admin", "Site Admin", kRefused},
      {"iAdmin", "iAdmin", kRefused},
      {"administrator", "Administrator", kRefused},
      {"badminton does not shield a second admin", "badminton admin", kRefused},
      {"moderator", "moderator", kRefused},
      {"moderator with 0", "m0derator", kRefused},
      {"moderator with rn", "rnoderator", kRefused},
      {"official", "official", kRefused},
      {"official with 0", "0fficial", kRefused},
      {"Tsunagu Official", "Tsunagu Official", kRefused},
      {"tsunagu", "tsunagu", kRefused},
      {"TSUNAGU", "TSUNAGU", kRefused},
      {"staff", "staff", kRefused},
      {"STAFF", "STAFF", kRefused},
      {"full-width staff", "ｓｔａｆｆ", kRefused},
      {"staff with $ for s", "$taff", kRefused},
      {"staff before kanji", "Staff太郎", kRefused},
      {"support", "Support Team", kRefused},
      {"support with 0", "supp0rt", kRefused},
      {"system", "SYSTEM", kRefused},
      {"Doctor", "Doctor", kRefused},
      {"Doctor with 0", "D0ctor", kRefused},
      {"Doctor with a Greek omicron", "D\u03bfctor", kRefused},
      {"Doctor in a phrase", "the doctor is in", kRefused},
      {"Nurse", "Nurse", kRefused},
      {"nurse_jane", "nurse_jane", kRefused},

      // ASCII words of 1–3 letters: whole tokens only.
      {"Dr alone", "Dr", kRefused},
      {"dr lower case", "dr", kRefused},
      {"DR upper case", "DR", kRefused},
      {"dR", "dR", kRefused},
      {"Dr.", "Dr.", kRefused},
      {"Dr Smith", "Dr Smith", kRefused},
      {"Dr.Smith", "Dr.Smith", kRefused},
      {"DrSmith", "DrSmith", kRefused},
      {"DRSmith", "DRSmith", kRefused},
      {"DR.SMITH", "DR.SMITH", kRefused},
      {"dr_smith", "dr_smith", kRefused},
      {"Smith Dr", "Smith Dr", kRefused},
      {"full-width Ｄｒ", "Ｄｒ", kRefused},
      {"Dr before kanji", "Dr山田", kRefused},
      {"Dr after kanji", "山田Dr", kRefused},
      {"Dr before kana", "Drやまだ", kRefused},
      {"Dr with emoji", "Dr🌸", kRefused},
      {"Dr with a Cyrillic г", "D\u0433", kRefused},
      {"Dr with a Lisu D", "\ua4d3r", kRefused},
      {"Dr with a Cherokee D", "\u13a0r", kRefused},
      {"Dr with a Roman numeral D", "\u216er", kRefused},
      {"D.r. spelled out", "D.r. Smith", kRefused},
      {"D r spaced", "D r Smith", kRefused},
      {"Dr with a trailing digit", "Dr1", kRefused},
      {"Dr with | between", "Dr|Smith", kRefused},
      {"Dr in small capitals", "ᴅʀ", kRefused},
      {"Dr struck through", "D\u0336r\u0336", kRefused},
      {"D-r hyphenated", "D-r Smith", kRefused},
      {"full-width Dr. before kanji", "Ｄｒ．山田", kRefused},
      {"mod", "mod", kRefused},
      {"Mod", "Mod", kRefused},
      {"MOD", "MOD", kRefused},
      {"MoD", "MoD", kRefused},
      {"m0d", "m0d", kRefused},
      {"Mod Squad", "Mod Squad", kRefused},
      {"mod with digits", "mod99", kRefused},
      {"mod with a Greek capital mu", "\u039cod", kRefused},
      {"mod with a small Roman numeral m", "\u217fod", kRefused},
      {"MD", "John Smith MD", kRefused},
      {"M.D.", "M.D.", kRefused},
      {"Doc", "Doc Brown", kRefused},

      // Ordinary names must pass.
      {"kanji name", "山田 花子", kAllowed},
      {"kanji name without a space", "山田花子", kAllowed},
      {"hiragana name", "さくら", kAllowed},
      {"hiragana name 2", "ゆうき", kAllowed},
      {"katakana name", "ミカ", kAllowed},
      {"name with emoji", "たなか🌸", kAllowed},
      {"only emoji", "🌸🌸", kAllowed},
      {"zwj emoji", "👩🏽\u200d💻", kAllowed},
      {"flag", "🇯🇵", kAllowed},
      {"headache words", "頭痛持ちのミカ", kAllowed},
      {"片頭痛仲間", "片頭痛仲間", kAllowed},
      {"頭痛外来 with a question mark", "頭痛外来?", kRefused},
      {"頭痛 alone is not 頭痛外来", "頭痛がつらい", kAllowed},
      {"医療 is not a title", "医療に関心のある人", kAllowed},
      {"看護学生 is not 看護師", "看護学生", kAllowed},
      {"ナス is not ナース", "ナス太郎", kAllowed},
      {"なす", "なす", kAllowed},
      {"ツナくん is not ツナグ", "ツナくん", kAllowed},
      {"ドクダミ is not ドクター", "ドクダミ", kAllowed},
      {"ドクロ", "ドクロ", kAllowed},
      {"スタート is not スタッフ", "スタート", kAllowed},
      {"先に行く has 先 but not 先生", "先に行く", kAllowed},
      {"生き生き", "生き生き", kAllowed},
      {"運動好き has 運 but not 運営", "運動好き", kAllowed},
      {"公園", "公園のベンチ", kAllowed},
      {"管理 alone", "体調管理", kAllowed},
      {"一郎 (kanji one)", "一郎", kAllowed},
      {"サポーター is not listed", "サポーター", kAllowed},
      {"Alice", "Alice", kAllowed},
      {"Drew", "Drew", kAllowed},
      {"DREW", "DREW", kAllowed},
      {"Andrew", "Andrew", kAllowed},
      {"Hydrangea", "Hydrangea", kAllowed},
      {"Dream", "Dream", kAllowed},
      {"Drake", "Drake", kAllowed},
      {"Madrid", "Madrid", kAllowed},
      {"Sandra", "Sandra", kAllowed},
      {"drsmith in one word", "drsmith", kAllowed},
      {"Modern", "Modern", kAllowed},
      {"Model", "Model", kAllowed},
      {"MODEL", "MODEL", kAllowed},
      {"Mode", "Mode", kAllowed},
      {"Moderate is not moderator", "Moderate pain", kAllowed},
      {"Admire is not admin", "Admire", kAllowed},
      {"Admiral", "Admiral", kAllowed},
      {"admin only by chance across two words", "Brad Mintz", kAllowed},
      {"admin only by chance across a case change", "BradMintz", kAllowed},
      {"admin only by chance, with m as rn", "Ahmad Minami", kAllowed},
      {"badminton (an exception)", "badminton", kAllowed},
      {"Badminton Club", "Badminton Club", kAllowed},
      {"supporter (an exception)", "Headache Supporter", kAllowed},
      {"nursery (an exception)", "nursery", kAllowed},
      {"nursing is not nurse", "nursing mom", kAllowed},
      {"Stuff is not staff", "Stuff", kAllowed},
      {"Docomo", "Docomo", kAllowed},
      {"Emma (m folds to rn)", "Emma", kAllowed},
      {"M alone", "M", kAllowed},
      {"D alone", "D", kAllowed},
      {"R.D. initials", "R.D.", kAllowed},
      {"Mr. Smith", "Mr. Smith", kAllowed},
      {"Ms Tanaka", "Ms Tanaka", kAllowed},
      {"digits", "1234", kAllowed},
      {"leetspeak that is not a look-alike", "5taff", kAllowed},
      {"Dr buried in a word", "Padre", kAllowed},
  };
  return cases;
}

std::string source_path(const std::string& relative) {
  return std::string(TSUNAGU_SOURCE_DIR) + "/" + relative;
}

const ReservedNames& shipped_list() {
  static const ReservedNames names = [] {
    core::Result<ReservedNames> loaded =
        ReservedNames::load(source_path("content/reserved_names.txt"));
    if (!loaded) {
      ADD_FAILURE() << loaded.error().message();
      return ReservedNames::from_words({});
    }
    return std::move(*loaded);
  }();
  return names;
}

// Writes `text` to a fresh file under the test temp directory and returns its path.
std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return path;
}

TEST(ReservedNamesTest, Tricks) {
  const ReservedNames& names = shipped_list();
  for (const Case& c : cases()) {
    core::Result<std::string> normalized = normalize_display_name(c.name);
    if (!normalized) {
      ADD_FAILURE() << c.label << ": not a display name: " << normalized.error().message();
      continue;
    }
    EXPECT_EQ(names.contains_reserved(*normalized), c.reserved)
        << c.label << " ('" << c.name << "') should be " << (c.reserved ? "refused" : "allowed");
  }
}

TEST(ReservedNamesTest, CheckNamesTheWord) {
  const ReservedNames& names = shipped_list();
  core::Status ok = names.check("山田 花子");
  EXPECT_TRUE(ok.has_value());

  core::Status refused = names.check("ａｄｍｉｎ");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().name(), "name_reserved");
  EXPECT_EQ(refused.error().code(), core::Code::kInvalidArgument);
  EXPECT_NE(refused.error().message().find("'admin'"), std::string::npos)
      << refused.error().message();

  const core::LocalizedText* text = core::localized_message("name_reserved");
  ASSERT_NE(text, nullptr);
  EXPECT_FALSE(text->ja.empty());
  EXPECT_FALSE(text->en.empty());
}

// Every word in the shipped list refuses itself, so a word that folds to something no name
// can produce (a typo in the folding rules) shows up here.
TEST(ReservedNamesTest, EveryListedWordIsRefused) {
  const ReservedNames& names = shipped_list();
  EXPECT_GE(names.word_count(), 30u);
  EXPECT_GE(names.exception_count(), 1u);
  std::ifstream in(source_path("content/reserved_names.txt"));
  ASSERT_TRUE(in) << "content/reserved_names.txt not found";
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == '!') continue;
    core::Result<std::string> normalized = normalize_display_name(line);
    ASSERT_TRUE(normalized.has_value()) << line;
    EXPECT_TRUE(names.contains_reserved(*normalized)) << line;
    ++checked;
  }
  EXPECT_EQ(static_cast<std::size_t>(checked), names.word_count());
}

TEST(ReservedNamesTest, ShortAsciiWordsMatchWholeTokensOnly) {
  const ReservedNames names = ReservedNames::from_words({"ab", "xyz1"});
  struct {
    const char* name;
    bool reserved;
  } const kCases[] = {
      {"ab", true},   {"AB", true},   {"ab cd", true}, {"cd.ab", true}, {"abCd", true},
      {"abc", false}, {"cab", false}, {"abcd", false}, {"xyz1", true},  {"wxyz1w", true},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(names.contains_reserved(c.name), c.reserved) << c.name;
  }
}

TEST(ReservedNamesTest, FromWordsSkipsEmptyWordsAndDuplicates) {
  const ReservedNames names =
      ReservedNames::from_words({"admin", "ADMIN", "ａｄｍｉｎ", "...", "", "!badminton"});
  EXPECT_EQ(names.word_count(), 1u);
  EXPECT_EQ(names.exception_count(), 1u);
  EXPECT_TRUE(names.contains_reserved("admin"));
  EXPECT_FALSE(names.contains_reserved("badminton"));
  EXPECT_FALSE(names.contains_reserved("..."));
}

TEST(ReservedNamesTest, EmptyListRefusesNothing) {
  const ReservedNames names = ReservedNames::from_words({});
  EXPECT_FALSE(names.contains_reserved("admin"));
  EXPECT_FALSE(names.contains_reserved(""));
}

TEST(ReservedNamesTest, OverlongInputIsRefusedUnsearched) {
  const ReservedNames& names = shipped_list();
  const std::string long_name(ReservedNames::kMaxCheckedBytes + 1, 'a');
  EXPECT_TRUE(names.contains_reserved(long_name));
  EXPECT_FALSE(names.contains_reserved(std::string(ReservedNames::kMaxCheckedBytes, 'a')));
}

TEST(ReservedNamesTest, InvalidUtf8SeparatesLikeASymbol) {
  const ReservedNames& names = shipped_list();
  EXPECT_TRUE(names.contains_reserved("ad\xffmin"));
  EXPECT_TRUE(names.contains_reserved("Dr\xc0Smith"));
  EXPECT_FALSE(names.contains_reserved("\xff\xfe"));
}

TEST(ReservedNamesTest, LoadReportsBadFiles) {
  struct {
    const char* label;
    std::string text;
    const char* want_in_message;
  } const kCases[] = {
      {"invalid UTF-8", "admin\n# ok\nad\xffmin\n", ":3: not valid UTF-8"},
      {"no letters", "admin\n\n...\n", ":3: '...' has no letters"},
      {"only comments", "# nothing\n\n   \n", "no reserved words"},
      {"only exceptions", "!badminton\n", "no reserved words"},
      {"empty file", "", "no reserved words"},
  };
  for (const auto& c : kCases) {
    const std::string path = write_temp("reserved_bad.txt", c.text);
    core::Result<ReservedNames> loaded = ReservedNames::load(path);
    if (loaded) {
      ADD_FAILURE() << c.label << ": loaded";
      continue;
    }
    EXPECT_EQ(loaded.error().name(), "bad_reserved_names") << c.label;
    EXPECT_NE(loaded.error().message().find(path), std::string::npos)
        << c.label << ": " << loaded.error().message();
    EXPECT_NE(loaded.error().message().find(c.want_in_message), std::string::npos)
        << c.label << ": " << loaded.error().message();
  }

  core::Result<ReservedNames> missing = ReservedNames::load(::testing::TempDir() + "no/such.txt");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), core::Code::kNotFound);
  EXPECT_NE(missing.error().message().find("no/such.txt"), std::string::npos);
}

TEST(ReservedNamesTest, LoadAcceptsCommentsBomAndCrlf) {
  const std::string path = write_temp(
      "reserved_ok.txt",
      "\xEF\xBB\xBF# list\r\nadmin  # trailing comment\r\n  医師  \r\n\r\n!badminton\r\n");
  core::Result<ReservedNames> loaded = ReservedNames::load(path);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message();
  EXPECT_EQ(loaded->word_count(), 2u);
  EXPECT_EQ(loaded->exception_count(), 1u);
  EXPECT_TRUE(loaded->contains_reserved("ADMIN"));
  EXPECT_TRUE(loaded->contains_reserved("医・師"));
  EXPECT_FALSE(loaded->contains_reserved("badminton"));

  ReservedNames moved = std::move(*loaded);
  EXPECT_TRUE(moved.contains_reserved("admin"));
}

// Name entry is not a hot path, but a burst of sign-ups must not queue behind this check.
TEST(ReservedNamesTest, ManyChecksAreFast) {
  const ReservedNames& names = shipped_list();
  constexpr int kRounds = 50;
  const auto start = std::chrono::steady_clock::now();
  int checks = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (const Case& c : cases()) {
      (void)names.contains_reserved(c.name);
      ++checks;
    }
  }
  const double micros =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ info     ] %d checks, %.1f us each\n", checks, micros / checks);
  EXPECT_LT(micros / checks, 1000.0) << "a check should take well under a millisecond";
}

// const methods share one spoof checker; concurrent checks must agree with serial ones.
TEST(ReservedNamesTest, ConcurrentChecksAgree) {
  const ReservedNames& names = shipped_list();
  std::vector<bool> want;
  for (const Case& c : cases()) want.push_back(names.contains_reserved(c.name));

  constexpr int kThreads = 4;
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (std::size_t i = 0; i < cases().size(); ++i) {
          if (names.contains_reserved(cases()[i].name) != want[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace tsunagu::auth
