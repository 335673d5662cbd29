#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tsunagu::bank {

// Checks free text a person typed (a diary note, a survey's text answer): well-formed UTF-8,
// at most `max_chars` code points, no control characters (line breaks only when `multiline`)
// and no bidirectional overrides, which could make a note read differently than it was
// written. Returns what is wrong, or nullopt. Pure and thread-safe.
std::optional<std::string> check_user_text(std::string_view text, std::size_t max_chars,
                                           bool multiline);

}  // namespace tsunagu::bank
