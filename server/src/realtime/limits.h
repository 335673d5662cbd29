#pragma once

#include <chrono>

namespace tsunagu::realtime {

// Per-connection input limits (docs/protocol.md, "Limits and close codes").
struct Limits {
  double message_burst = 40;
  double messages_per_second = 30;
  double chat_burst = 5;
  double chats_per_second = 0.5;
  int max_dropped_per_window = 200;  // more → close 1008
  int max_errors_per_window = 20;    // more → close 4003
  std::chrono::seconds window{10};
  std::chrono::seconds rate_limited_notice_interval{1};
};

}  // namespace tsunagu::realtime
