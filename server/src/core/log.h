#pragma once

#include <string_view>

namespace tsunagu::core {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

// Process-wide log sink on stderr: one line per call, `2026-11-21T20:05:22.123Z INFO  net: …`.
// Thread-safe (one write per line). Never pass tokens, passwords or message text: logs are
// not a place for health data.
void set_log_level(LogLevel level);
LogLevel log_level();
// Parses "debug", "info", "warn", "error", "off"; false if unknown.
bool parse_log_level(std::string_view text, LogLevel& out);
void log_line(LogLevel level, std::string_view module, std::string_view message);

inline void log_debug(std::string_view module, std::string_view m) {
  if (log_level() <= LogLevel::kDebug) log_line(LogLevel::kDebug, module, m);
}
inline void log_info(std::string_view module, std::string_view m) {
  if (log_level() <= LogLevel::kInfo) log_line(LogLevel::kInfo, module, m);
}
inline void log_warn(std::string_view module, std::string_view m) {
  if (log_level() <= LogLevel::kWarn) log_line(LogLevel::kWarn, module, m);
}
inline void log_error(std::string_view module, std::string_view m) {
  if (log_level() <= LogLevel::kError) log_line(LogLevel::kError, module, m);
}

}  // namespace tsunagu::core
