#include "net/static_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace tsunagu::net {
namespace {
namespace fs = std::filesystem;
using core::Code;

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

void write_file(const fs::path& p, std::string_view body = "x") {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << body;
}

// A built client in <tmp>/web, with a secret next to it that must never be served.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "tsunagu-static-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    base_ = tmpl;
    root_ = base_ / "web";
    write_file(base_ / "secret.txt", "secret");
    write_file(root_ / "index.html", "<!doctype html>");
    write_file(root_ / "assets/app-1a2b3c4d.js");
    write_file(root_ / "assets/style-9f8e7d6c.css");
    write_file(root_ / "favicon.ico");
    write_file(root_ / "hello world.txt");
    write_file(root_ / "docs/index.html");
    write_file(root_ / ".env", "TOKEN=1");
    fs::create_symlink("assets/app-1a2b3c4d.js", root_ / "link_in.js");
    fs::create_symlink("../secret.txt", root_ / "link_out.txt");
    fs::create_symlink("..", root_ / "escape");
    ASSERT_EQ(mkfifo((root_ / "pipe.txt").c_str(), 0600), 0);
  }
  void TearDown() override { fs::remove_all(base_); }

  fs::path base_;
  fs::path root_;
};

struct ResolveCase {
  const char* name;
  std::string target;
  std::optional<std::string> file;  // relative to root when resolution must succeed
  Code code = Code::kOk;            // otherwise the expected error
  std::string error_name = "";
};

TEST_F(StaticFilesTest, ResolveTable) {
  const std::vector<ResolveCase> cases = {
      // Ordinary requests.
      {"root", "/", "index.html"},
      {"index", "/index.html", "index.html"},
      {"asset", "/assets/app-1a2b3c4d.js", "assets/app-1a2b3c4d.js"},
      {"css", "/assets/style-9f8e7d6c.css", "assets/style-9f8e7d6c.css"},
      {"percent space", "/hello%20world.txt", "hello world.txt"},
      {"repeated slashes", "//assets//app-1a2b3c4d.js", "assets/app-1a2b3c4d.js"},
      {"directory index", "/docs/", "docs/index.html"},
      {"directory no slash", "/docs", "docs/index.html"},
      {"symlink inside root", "/link_in.js", "assets/app-1a2b3c4d.js"},
      {"symlink out and back in", "/escape/web/index.html", "index.html"},
      // Query strings and fragments never name a file.
      {"query", "/assets/app-1a2b3c4d.js?v=2", "assets/app-1a2b3c4d.js"},
      {"query on root", "/?room=lobby", "index.html"},
      {"query hides traversal", "/?x=/../../secret.txt", "index.html"},
      {"fragment", "/index.html#top", "index.html"},
      // SPA fallback: extension-less missing paths are client routes.
      {"spa route", "/rooms/lobby", "index.html"},
      {"spa route with query", "/rooms/lobby?invite=abc", "index.html"},
      {"spa under assets", "/assets/nope", "index.html"},
      {"directory without index", "/assets", "index.html"},
      {"deep path under limit", "/" + repeat("a/", 511), "index.html"},
      // Missing files with an extension are 404s, never the app's HTML.
      {"missing asset", "/assets/missing.js", std::nullopt, Code::kNotFound, "not_found"},
      {"missing image", "/missing.png", std::nullopt, Code::kNotFound, "not_found"},
      {"overlong utf8 dots", "/%c0%ae%c0%ae/secret.txt", std::nullopt, Code::kNotFound},
      {"hidden file", "/.env", std::nullopt, Code::kNotFound, "not_found"},
      {"encoded hidden file", "/%2eenv", std::nullopt, Code::kNotFound, "not_found"},
      {"fifo", "/pipe.txt", std::nullopt, Code::kNotFound, "not_found"},
      // Traversal tricks.
      {"dotdot", "/../secret.txt", std::nullopt, Code::kInvalidArgument, "bad_target"},
      {"dotdot inside", "/assets/../index.html", std::nullopt, Code::kInvalidArgument},
      {"dot segment", "/./index.html", std::nullopt, Code::kInvalidArgument, "bad_target"},
      {"encoded dotdot", "/%2e%2e/secret.txt", std::nullopt, Code::kInvalidArgument},
      {"encoded dotdot upper", "/%2E%2E/secret.txt", std::nullopt, Code::kInvalidArgument},
      {"half encoded dotdot", "/.%2e/secret.txt", std::nullopt, Code::kInvalidArgument},
      {"encoded slash", "/assets%2f..%2fsecret.txt", std::nullopt, Code::kInvalidArgument},
      {"encoded slash upper", "/..%2Fsecret.txt", std::nullopt, Code::kInvalidArgument},
      {"double encoded dots", "/%252e%252e/secret.txt", std::nullopt, Code::kInvalidArgument},
      {"double encoded slash", "/..%252fsecret.txt", std::nullopt, Code::kInvalidArgument},
      {"backslash", "/..\\secret.txt", std::nullopt, Code::kInvalidArgument, "bad_target"},
      {"encoded backslash", "/%5c..%5csecret.txt", std::nullopt, Code::kInvalidArgument},
      {"encoded nul", "/index.html%00.png", std::nullopt, Code::kInvalidArgument},
      {"raw nul", std::string("/index.html\0.png", 16), std::nullopt, Code::kInvalidArgument},
      {"control byte", "/index%0a.html", std::nullopt, Code::kInvalidArgument},
      {"truncated escape", "/index.html%2", std::nullopt, Code::kInvalidArgument},
      {"bad hex escape", "/%zzindex.html", std::nullopt, Code::kInvalidArgument},
      {"symlink outside", "/link_out.txt", std::nullopt, Code::kPermissionDenied, "outside_root"},
      {"dir symlink outside", "/escape/secret.txt", std::nullopt, Code::kPermissionDenied},
      // Not origin-form.
      {"empty", "", std::nullopt, Code::kInvalidArgument, "bad_target"},
      {"relative", "index.html", std::nullopt, Code::kInvalidArgument},
      {"absolute form", "http://evil/secret.txt", std::nullopt, Code::kInvalidArgument},
      {"asterisk", "*", std::nullopt, Code::kInvalidArgument},
      {"query only", "?x=1", std::nullopt, Code::kInvalidArgument},
      // Length limits.
      {"long path", "/" + repeat("a", 2000), std::nullopt, Code::kInvalidArgument, "path_too_long"},
      {"long segment", "/" + repeat("a", 300), std::nullopt, Code::kInvalidArgument,
       "path_too_long"},
      {"long deep path", repeat("/a", 600), std::nullopt, Code::kInvalidArgument, "path_too_long"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = resolve_static_path(root_, c.target);
    if (c.file) {
      ASSERT_TRUE(got.has_value()) << got.error().name() << ": " << got.error().message();
      EXPECT_EQ(*got, fs::canonical(root_ / *c.file));
    } else {
      ASSERT_FALSE(got.has_value()) << "resolved to " << got->string();
      EXPECT_EQ(got.error().code(), c.code) << got.error().message();
      if (!c.error_name.empty()) {
        EXPECT_EQ(got.error().name(), c.error_name);
      }
    }
  }
}

TEST_F(StaticFilesTest, RootThroughSymlinkIsCanonicalised) {
  fs::create_directory_symlink(root_, base_ / "current");
  auto got = resolve_static_path(base_ / "current", "/assets/app-1a2b3c4d.js");
  ASSERT_TRUE(got.has_value()) << got.error().message();
  EXPECT_EQ(*got, fs::canonical(root_ / "assets/app-1a2b3c4d.js"));
}

TEST_F(StaticFilesTest, MissingRootIsAConfigurationError) {
  auto got = resolve_static_path(base_ / "no-such-dist", "/");
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().code(), Code::kFailedPrecondition);
  EXPECT_EQ(got.error().name(), "static_root_missing");
  EXPECT_NE(got.error().message().find("no-such-dist"), std::string::npos);
}

TEST_F(StaticFilesTest, SpaFallbackWithoutIndexIsNotFound) {
  fs::remove(root_ / "index.html");
  for (const char* target : {"/", "/rooms/lobby"}) {
    SCOPED_TRACE(target);
    auto got = resolve_static_path(root_, target);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().code(), Code::kNotFound);
  }
}

TEST(MimeTypeTest, Table) {
  const struct {
    const char* file;
    std::string_view type;
  } cases[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"INDEX.HTML", "text/html; charset=utf-8"},
      {"app-1a2b.js", "text/javascript; charset=utf-8"},
      {"worker.mjs", "text/javascript; charset=utf-8"},
      {"style.css", "text/css; charset=utf-8"},
      {"data.json", "application/json"},
      {"app.js.map", "application/json"},
      {"logo.svg", "image/svg+xml"},
      {"a.png", "image/png"},
      {"a.jpg", "image/jpeg"},
      {"a.JPEG", "image/jpeg"},
      {"a.webp", "image/webp"},
      {"a.gif", "image/gif"},
      {"favicon.ico", "image/x-icon"},
      {"f.woff", "font/woff"},
      {"f.woff2", "font/woff2"},
      {"f.ttf", "font/ttf"},
      {"room.glb", "model/gltf-binary"},
      {"room.gltf", "model/gltf+json"},
      {"avatar.vrm", "application/octet-stream"},
      {"physics.wasm", "application/wasm"},
      {"robots.txt", "text/plain; charset=utf-8"},
      {"guide.pdf", "application/pdf"},
      {"chime.mp3", "audio/mpeg"},
      {"chime.ogg", "audio/ogg"},
      {"chime.wav", "audio/wav"},
      {"intro.mp4", "video/mp4"},
      {"intro.webm", "video/webm"},
      {"manifest.webmanifest", "application/manifest+json"},
      {"assets/dir/deep.css", "text/css; charset=utf-8"},
      {"noextension", "application/octet-stream"},
      {".htaccess", "application/octet-stream"},
      {"archive.tar.gz", "application/octet-stream"},
      {"script.php", "application/octet-stream"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(mime_type(c.file), c.type) << c.file;
  }
}

TEST(CacheControlTest, Table) {
  constexpr std::string_view kForever = "public, max-age=31536000, immutable";
  constexpr std::string_view kRevalidate = "no-cache";
  const struct {
    const char* path;
    std::string_view policy;
  } cases[] = {
      {"/assets/app-1a2b3c4d.js", kForever},
      {"/assets/style-9f8e7d6c.css", kForever},
      {"/assets/room-0a1b2c3d.glb", kForever},
      {"/assets/app-1a2b3c4d.js?v=2", kForever},
      {"/", kRevalidate},
      {"/index.html", kRevalidate},
      {"/favicon.ico", kRevalidate},
      {"/rooms/lobby", kRevalidate},
      {"/assets", kRevalidate},
      {"/assets/", kRevalidate},
      {"/assets/lobby", kRevalidate},  // SPA fallback to index.html
      {"/assets/.hidden", kRevalidate},
      {"/ASSETS/app.js", kRevalidate},
      {"/sub/assets/app.js", kRevalidate},
      {"/?x=/assets/a.js", kRevalidate},
      {"", kRevalidate},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(cache_control(c.path), c.policy) << c.path;
  }
}

TEST(SecurityHeadersTest, HasEveryHeaderAndDirective) {
  auto value_of = [](std::string_view name) -> std::string_view {
    for (const auto& h : security_headers()) {
      if (h.name == name) return h.value;
    }
    return {};
  };
  EXPECT_EQ(value_of("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(value_of("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(value_of("X-Frame-Options"), "DENY");
  EXPECT_EQ(value_of("Permissions-Policy"),
            "microphone=(self), camera=(self), display-capture=(self)");
  std::string_view csp = value_of("Content-Security-Policy");
  for (std::string_view directive : {
           "default-src 'self';",
           "connect-src 'self' ws: wss:;",
           "img-src 'self' data: blob:;",
           "media-src 'self' blob: mediastream:;",
           "style-src 'self' 'unsafe-inline';",
           "script-src 'self';",
           "worker-src 'self' blob:;",
           "object-src 'none';",
           "base-uri 'none';",
           "frame-ancestors 'none'",
       }) {
    EXPECT_NE(csp.find(directive), std::string_view::npos) << directive;
  }
  // No eval or inline script: three.js and Vite's output need neither.
  EXPECT_EQ(csp.find("unsafe-eval"), std::string_view::npos);
  EXPECT_EQ(csp.find("script-src 'self' 'unsafe-inline'"), std::string_view::npos);
}

TEST(EtagTest, WeakEtagTracksSizeAndMtime) {
  const fs::file_time_type t{std::chrono::seconds(1'700'000'000)};
  std::string tag = weak_etag(42, t);
  EXPECT_TRUE(tag.starts_with("W/\"")) << tag;
  EXPECT_TRUE(tag.ends_with("\"")) << tag;
  EXPECT_EQ(tag, weak_etag(42, t));
  EXPECT_NE(tag, weak_etag(43, t));
  EXPECT_NE(tag, weak_etag(42, t + std::chrono::nanoseconds(1)));
  EXPECT_TRUE(etag_matches(tag, tag));
}

TEST_F(StaticFilesTest, WeakEtagOfFile) {
  fs::path file = root_ / "index.html";
  auto tag = weak_etag_of(file);
  ASSERT_TRUE(tag.has_value());
  EXPECT_EQ(*tag, weak_etag(fs::file_size(file), fs::last_write_time(file)));
  fs::last_write_time(file, fs::last_write_time(file) + std::chrono::seconds(5));
  EXPECT_NE(weak_etag_of(file).value(), *tag);
  EXPECT_EQ(weak_etag_of(root_ / "gone.html").error().code(), Code::kNotFound);
}

TEST(EtagTest, MatchesTable) {
  constexpr std::string_view kTag = "W/\"1a-2b\"";
  const struct {
    const char* name;
    std::string_view header;
    std::string_view etag;
    bool match;
  } cases[] = {
      {"same weak", "W/\"1a-2b\"", kTag, true},
      {"strong form of weak", "\"1a-2b\"", kTag, true},
      {"weak header strong etag", "W/\"1a-2b\"", "\"1a-2b\"", true},
      {"star", "*", kTag, true},
      {"star with spaces", "  * ", kTag, true},
      {"in list", "\"x\", W/\"1a-2b\"", kTag, true},
      {"in list no spaces", "\"x\",W/\"1a-2b\",\"y\"", kTag, true},
      {"comma inside a tag", "\"a,b\", W/\"1a-2b\"", kTag, true},
      {"after malformed member", "garbage, W/\"1a-2b\"", kTag, true},
      {"tabs", "\t\"x\",\tW/\"1a-2b\"", kTag, true},
      {"not in list", "\"x\", \"y\"", kTag, false},
      {"prefix only", "\"1a-2\"", kTag, false},
      {"longer", "\"1a-2b-3\"", kTag, false},
      {"case differs", "\"1A-2B\"", kTag, false},
      {"unterminated", "\"1a-2b", kTag, false},
      {"unquoted", "1a-2b", kTag, false},
      {"bare weak prefix", "W/", kTag, false},
      {"star glued", "*x", kTag, false},
      {"empty header", "", kTag, false},
      {"only commas", " , ,", kTag, false},
      {"empty etag", "*", "", false},
      {"unquoted etag", "1a-2b", "1a-2b", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(etag_matches(c.header, c.etag), c.match) << c.name;
  }
}

}  // namespace
}  // namespace tsunagu::net
