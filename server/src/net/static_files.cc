#include "net/static_files.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <string>
#include <system_error>
#include <utility>

namespace tsunagu::net {
namespace fs = std::filesystem;

namespace {

// Linux NAME_MAX. Longer segments cannot name a file, so they are refused before any syscall.
constexpr std::size_t kMaxSegmentBytes = 255;

std::unexpected<core::Error> bad_target(std::string message) {
  return core::fail(core::Code::kInvalidArgument, "bad_target", std::move(message));
}

std::unexpected<core::Error> not_found(std::string_view path) {
  return core::fail(core::Code::kNotFound, "not_found", "no static file for " + std::string(path));
}

// The query and fragment never name a file; a fragment should not even reach us, but a
// hand-written client may send one.
std::string_view strip_query(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one '/'-free segment exactly once. Anything whose meaning could change if someone
// decoded it again (a leftover '%'), or that the file system or another layer might read as a
// separator or terminator ('/', '\', NUL, control bytes), is refused instead of being passed on.
core::Result<std::string> decode_segment(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '%') {
      if (i + 2 >= raw.size()) return bad_target("truncated %-escape");
      int hi = hex_value(raw[i + 1]);
      int lo = hex_value(raw[i + 2]);
      if (hi < 0 || lo < 0) return bad_target("malformed %-escape");
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
      if (c == '/') return bad_target("encoded '/' in path");
      if (c == '%') return bad_target("double-encoded path");
    }
    auto byte = static_cast<unsigned char>(c);
    if (c == '\\') return bad_target("backslash in path");
    if (byte < 0x20 || byte == 0x7f) return bad_target("control byte in path");
    out.push_back(c);
  }
  if (out == "." || out == "..") return bad_target("dot segment in path");
  if (out.size() > kMaxSegmentBytes) {
    return core::fail(core::Code::kInvalidArgument, "path_too_long", "path segment too long");
  }
  return out;
}

// Turns "/a//b/c" into the relative path a/b/c. Empty segments are dropped, so the result can
// never be absolute and root / result stays under root lexically.
core::Result<fs::path> decode_path(std::string_view path) {
  fs::path rel;
  while (!path.empty()) {
    std::size_t slash = path.find('/');
    std::string_view raw = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    if (raw.empty()) continue;
    auto segment = decode_segment(raw);
    if (!segment) return std::unexpected(std::move(segment).error());
    // Dot files (.env, .git) are never part of a Vite build; if one slips into dist it must not
    // be served. 404 rather than 400 so a probe learns nothing.
    if (segment->front() == '.') return not_found(*segment);
    rel /= *segment;
  }
  return rel;
}

bool is_within(const fs::path& root, const fs::path& p) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

// Checks, after following every symlink, that `candidate` is a regular file under `root`.
// Non-regular files (FIFOs, devices) are refused: opening a FIFO would block the I/O thread.
core::Result<fs::path> confine(const fs::path& root, const fs::path& candidate) {
  std::error_code ec;
  fs::path real = fs::canonical(candidate, ec);
  if (ec) return not_found(candidate.string());
  if (!is_within(root, real)) {
    return core::fail(core::Code::kPermissionDenied, "outside_root",
                      "static path leads outside the web root: " + candidate.string());
  }
  if (!fs::is_regular_file(real, ec)) return not_found(candidate.string());
  return real;
}

// Chooses the file for an already-validated relative path: a directory serves its index.html;
// a missing extension-less path is a client-side route and serves the root index.html.
core::Result<fs::path> pick_file(const fs::path& root, const fs::path& rel) {
  fs::path candidate = root / rel;
  std::error_code ec;
  fs::file_status st = fs::status(candidate, ec);
  if (st.type() == fs::file_type::directory) {
    candidate /= "index.html";
    st = fs::status(candidate, ec);
  }
  if (st.type() == fs::file_type::not_found) {
    if (rel.has_extension()) return not_found(rel.string());
    candidate = root / "index.html";
  }
  return confine(root, candidate);
}

}  // namespace

core::Result<fs::path> resolve_static_path(const fs::path& root, std::string_view target) {
  std::string_view path = strip_query(target);
  // Origin-form only: absolute-form ("http://host/x") and "*" belong to proxies and OPTIONS.
  if (path.empty() || path.front() != '/') return bad_target("request target must start with /");
  if (path.size() > kMaxStaticPathBytes) {
    return core::fail(core::Code::kInvalidArgument, "path_too_long", "request path too long");
  }
  auto rel = decode_path(path);
  if (!rel) return std::unexpected(std::move(rel).error());

  std::error_code ec;
  fs::path real_root = fs::canonical(root, ec);
  if (ec || !fs::is_directory(real_root, ec)) {
    return core::fail(core::Code::kFailedPrecondition, "static_root_missing",
                      "web root " + root.string() +
                          " is not a directory; build the client (web/dist) or fix the path");
  }
  return pick_file(real_root, *rel);
}

std::string_view mime_type(const fs::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 31> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".glb", "model/gltf-binary"},
      {".gltf", "model/gltf+json"},
      // VRM is glTF-binary inside, but has no registered type; octet-stream is what loaders expect.
      {".vrm", "application/octet-stream"},
      {".wasm", "application/wasm"},
      {".txt", "text/plain; charset=utf-8"},
      {".pdf", "application/pdf"},
      {".mp3", "audio/mpeg"},
      {".ogg", "audio/ogg"},
      {".wav", "audio/wav"},
      {".mp4", "video/mp4"},
      {".webm", "video/webm"},
      {".otf", "font/otf"},
  }};
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  });
  for (const auto& [known, type] : kTypes) {
    if (ext == known) return type;
  }
  return "application/octet-stream";
}

std::string_view cache_control(std::string_view url_path) {
  constexpr std::string_view kAssets = "/assets/";
  std::string_view path = strip_query(url_path);
  std::string_view name = path.substr(path.rfind('/') + 1);
  // Vite's hashed output always has an extension; an extension-less /assets/ path is an SPA
  // fallback to index.html, which must never be cached as immutable.
  bool hashed_asset =
      path.starts_with(kAssets) && name.find('.') != std::string_view::npos && name.front() != '.';
  return hashed_asset ? "public, max-age=31536000, immutable" : "no-cache";
}

std::span<const HeaderField> security_headers() {
  static constexpr std::array<HeaderField, 5> kHeaders{{
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Content-Security-Policy",
       "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; "
       "media-src 'self' blob: mediastream:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'"},
      {"Permissions-Policy", "microphone=(self), camera=(self), display-capture=(self)"},
  }};
  return kHeaders;
}

std::string weak_etag(std::uintmax_t size, fs::file_time_type mtime) {
  // Hex of the raw clock ticks: the epoch of file_clock does not matter, only that a rebuild
  // changes the value. Cast to unsigned so a pre-epoch tick count still prints.
  auto ticks = static_cast<std::uint64_t>(mtime.time_since_epoch().count());
  std::array<char, 64> buf{};
  char* p = buf.data();
  p = std::to_chars(p, buf.data() + 20, static_cast<std::uint64_t>(size), 16).ptr;
  *p++ = '-';
  p = std::to_chars(p, buf.data() + buf.size(), ticks, 16).ptr;
  return "W/\"" + std::string(buf.data(), p) + "\"";
}

core::Result<std::string> weak_etag_of(const fs::path& file) {
  std::error_code ec;
  std::uintmax_t size = fs::file_size(file, ec);
  if (ec) return not_found(file.string());
  fs::file_time_type mtime = fs::last_write_time(file, ec);
  if (ec) return not_found(file.string());
  return weak_etag(size, mtime);
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  // Weak comparison ignores the W/ prefix on both sides.
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  if (etag.size() < 2 || etag.front() != '"' || etag.back() != '"') return false;

  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    std::size_t start = rest.find_first_not_of(" \t,");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    if (rest.front() == '*') {
      std::size_t end = rest.find_first_not_of(" \t", 1);
      if (end == std::string_view::npos || rest[end] == ',') return true;
    }
    if (rest.starts_with("W/")) rest.remove_prefix(2);
    std::size_t close =
        !rest.empty() && rest.front() == '"' ? rest.find('"', 1) : std::string_view::npos;
    if (close == std::string_view::npos) {
      // Malformed member: skip to the next comma, if any.
      std::size_t comma = rest.find(',');
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
      continue;
    }
    if (rest.substr(0, close + 1) == etag) return true;
    rest.remove_prefix(close + 1);
  }
  return false;
}

}  // namespace tsunagu::net
