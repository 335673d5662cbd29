#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace tsunagu::auth {

// Validates and normalises a display name typed by a person (docs/protocol.md, "Display
// names"): NFKC, trimmed, 1–24 code points, no control/format/invisible/private-use/
// unassigned characters, no runs of white space. Returns the normalised name, or an Error
// whose name() is one of name_empty, name_too_long, name_invalid_char, name_invalid_utf8.
// Pure and thread-safe.
core::Result<std::string> normalize_display_name(std::string_view raw);

inline constexpr int kMaxDisplayNameLength = 24;

}  // namespace tsunagu::auth
