#pragma once

#include <expected>
#include <string>
#include <utility>

namespace tsunagu::core {

// Stable, machine-readable error codes. The wire names (see docs/protocol.md) come from
// `code_name()`; add a code here and there together.
enum class Code {
  kOk = 0,
  kInvalidArgument,  // untrusted input was malformed
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,  // rate limits, capacity
  kFailedPrecondition,
  kUnavailable,
  kInternal,
};

// An error as a value: a code for programs, a short machine name for the wire (e.g.
// "name_too_long") and an English message for logs. Cheap to move; costs nothing on success
// when used through Result<T>.
class Error {
 public:
  Error(Code code, std::string name, std::string message)
      : code_(code), name_(std::move(name)), message_(std::move(message)) {}

  Code code() const { return code_; }
  const std::string& name() const { return name_; }
  const std::string& message() const { return message_; }

 private:
  Code code_;
  std::string name_;
  std::string message_;
};

template <typename T>
using Result = std::expected<T, Error>;

// Result of an operation that returns nothing on success.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Code code, std::string name, std::string message) {
  return std::unexpected<Error>(Error(code, std::move(name), std::move(message)));
}

}  // namespace tsunagu::core
