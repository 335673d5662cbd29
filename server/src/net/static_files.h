#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"

// Pure logic for serving the built web client (web/dist) over HTTP: mapping an untrusted request
// target to a file, and the headers that go with it. No sockets here, so every rule is tested
// with tables. All functions are thread-safe: they keep no state; the ones that touch the file
// system only read it.
namespace tsunagu::net {

// Longest request path (before the query) we are willing to look up. Vite's output paths are
// short; anything near this is an attack or a bug, and refusing early keeps lookups cheap.
inline constexpr std::size_t kMaxStaticPathBytes = 1024;

// Maps the raw HTTP request target (origin-form, e.g. "/assets/app-1a2b3c4d.js?v=2") to a regular
// file under `root`. The query and fragment are ignored; the path is percent-decoded once.
//
// Untrusted input is refused rather than "cleaned up", so there is one way in:
//   invalid_argument "bad_target"     not origin-form, bad %-escape, NUL or control byte,
//                                     backslash, encoded '/' or '\', '%' left after decoding
//                                     (double encoding), "." or ".." segments
//   invalid_argument "path_too_long"  over kMaxStaticPathBytes or a segment over 255 bytes
//   not_found "not_found"             a missing file with an extension (a broken asset link must
//                                     be a 404, not the app's HTML), or a hidden (dot) segment
//   permission_denied "outside_root"  a symlink that leads outside `root`
//   failed_precondition "static_root_missing"  `root` is not a directory (configuration)
// "/" and a directory serve its index.html; a missing path with no extension serves the root
// index.html, because the web client routes those URLs itself (SPA fallback).
//
// The returned path is canonical. The root is trusted build output: a symlink swapped in between
// this check and the open is out of scope.
core::Result<std::filesystem::path> resolve_static_path(const std::filesystem::path& root,
                                                        std::string_view target);

// Content-Type for a file, by extension (case-insensitive). Unknown extensions get
// application/octet-stream so that, with nosniff, a browser never runs them as script or HTML.
std::string_view mime_type(const std::filesystem::path& file);

// Cache-Control for a request path (the query, if any, is ignored). Vite names files under
// /assets/ by content hash, so they may be cached forever; everything else — index.html above
// all, since it names the current hashes — must be revalidated. Pass the request path, not the
// resolved file: an SPA-fallback response for "/assets/foo" (no extension) gets "no-cache".
std::string_view cache_control(std::string_view url_path);

struct HeaderField {
  std::string_view name;
  std::string_view value;
};

// Headers sent with every static response. The Content-Security-Policy fits the Vite-built
// three.js client: WebSocket to the same origin, blob: for VRM loading and workers, data: images,
// mediastream: for voice/camera. Static storage; safe to keep the views.
std::span<const HeaderField> security_headers();

// A weak ETag (W/"<size>-<mtime>") that changes whenever the file is rebuilt. Weak, because it
// does not hash the bytes; cheap, because it needs only a stat.
std::string weak_etag(std::uintmax_t size, std::filesystem::file_time_type mtime);

// weak_etag() of a file on disk; not_found if it cannot be stat'ed.
core::Result<std::string> weak_etag_of(const std::filesystem::path& file);

// Whether an If-None-Match header value matches `etag` (RFC 9110 §13.1.2: weak comparison, a
// comma-separated list, or "*"). Malformed list members are skipped, never matched.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace tsunagu::net
