#include "bank/research_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace tsunagu::bank {
namespace {

namespace fs = std::filesystem;

class ResearchKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tsunagu-key-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(ResearchKeyTest, CreatedOnceOwnerOnlyAndStable) {
  const std::string file = path("research.key");
  auto first = ResearchKey::load_or_create(file);
  ASSERT_TRUE(first) << first.error().message();
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto second = ResearchKey::load_or_create(file);
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(first->pseudonym("epi", 7), second->pseudonym("epi", 7));
  EXPECT_EQ(first->pseudonym("epi", 7).size(), 32u);
  EXPECT_EQ(first->dedupe_key(7, "epi", 1).size(), 64u);
}

TEST_F(ResearchKeyTest, RefusesBadFiles) {
  struct Case {
    const char* name;
    const char* content;
    mode_t mode;
    const char* message_part;
  };
  const Case cases[] = {
      {"too short", "abcd\n", 0600, "64 hex digits"},
      {"not hex", "zz3456789012345678901234567890123456789012345678901234567890abcd\n", 0600,
       "64 hex digits"},
      {"readable by others", "0123456789012345678901234567890123456789012345678901234567890abc\n",
       0644, "chmod 600"},
  };
  for (const Case& c : cases) {
    const std::string file = path(c.name);
    std::ofstream(file) << c.content;
    ::chmod(file.c_str(), c.mode);
    auto key = ResearchKey::load_or_create(file);
    ASSERT_FALSE(key) << c.name;
    EXPECT_NE(key.error().message().find(c.message_part), std::string::npos)
        << c.name << ": " << key.error().message();
  }
}

TEST_F(ResearchKeyTest, HashesSeparateWhatMustNotBeJoined) {
  std::array<unsigned char, ResearchKey::kBytes> a{}, b{};
  b[0] = 1;
  const ResearchKey key = ResearchKey::from_bytes(a);
  const ResearchKey other = ResearchKey::from_bytes(b);
  EXPECT_NE(key.pseudonym("epi", 7), other.pseudonym("epi", 7)) << "the key matters";
  EXPECT_NE(key.pseudonym("epi", 7), key.pseudonym("feedback", 7)) << "per survey";
  EXPECT_NE(key.pseudonym("epi", 7), key.pseudonym("epi", 8));
  EXPECT_NE(key.pseudonym("epi", 17), key.pseudonym("epi1", 7)) << "parts do not run together";
  EXPECT_NE(key.dedupe_key(7, "epi", 1), key.dedupe_key(7, "epi", 2)) << "per version";
  EXPECT_NE(key.anonymous_pseudonym(7), key.pseudonym("", 7));
}

}  // namespace
}  // namespace tsunagu::bank
