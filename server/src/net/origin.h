#pragma once

#include <span>
#include <string>
#include <string_view>

namespace tsunagu::net {

// Whether a WebSocket upgrade with this Origin may proceed (protection against cross-site
// WebSocket hijacking). A browser always sends Origin; it must then name this server — the
// same host[:port] as the Host header, over http or https — or be listed in `allowed`
// (exact, e.g. "https://tsunagu.example.org"). A request without Origin comes from a
// non-browser client (the bot swarm, tests) and carries no ambient credentials, so it passes.
// Pure and thread-safe.
bool origin_allowed(std::string_view origin, std::string_view host,
                    std::span<const std::string> allowed);

}  // namespace tsunagu::net
