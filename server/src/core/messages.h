#pragma once

#include <span>
#include <string_view>

namespace tsunagu::core {

// A message shown to a person, in every language the product speaks. Both texts are complete
// sentences, so a client never has to assemble one from pieces.
struct LocalizedText {
  std::string_view ja;
  std::string_view en;
};

// One row of the catalogue: a wire error name (docs/protocol.md) and its text.
struct LocalizedMessage {
  std::string_view name;
  LocalizedText text;
};

// The user-facing text for an error name used by the HTTP API or the WebSocket protocol (e.g.
// "name_too_long"), or nullptr if the name is not in the catalogue; callers then fall back to
// "internal". The texts are static: the pointer stays valid for the life of the program.
// Pure and thread-safe.
const LocalizedText* localized_message(std::string_view error_name);

// Every entry of the catalogue, for tests and for clients that want the whole table.
std::span<const LocalizedMessage> all_localized_messages();

}  // namespace tsunagu::core
