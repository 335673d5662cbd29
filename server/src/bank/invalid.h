#pragma once

#include <expected>
#include <string>

namespace tsunagu::bank {

// Why untrusted input was refused: the wire error code (e.g. "diary_invalid"), the field at
// fault as the client named it (e.g. "duration_min", "answers.q3"), for a list the index of
// the item, and an English reason for logs and developers.
struct Invalid {
  std::string code;
  std::string field;
  int index = -1;  // -1: not in a list
  std::string why;
};

template <typename T>
using Checked = std::expected<T, Invalid>;

inline std::unexpected<Invalid> invalid(std::string code, std::string field, std::string why) {
  return std::unexpected(Invalid{std::move(code), std::move(field), -1, std::move(why)});
}

}  // namespace tsunagu::bank
