#pragma once

#include <cstddef>
#include <string_view>

namespace tsunagu::core {

// True if `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF). Pure and thread-safe.
bool is_valid_utf8(std::string_view text);

// Number of code points in well-formed UTF-8 text.
std::size_t utf8_length(std::string_view text);

}  // namespace tsunagu::core
