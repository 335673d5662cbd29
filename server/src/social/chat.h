#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "store/store.h"

namespace tsunagu::social {

inline constexpr int kMaxChatLength = 500;   // code points
inline constexpr int kChatHistorySize = 50;  // messages sent on join

// Cleans a chat line typed by a person: control characters become spaces, bidirectional
// overrides and zero-width characters are removed (they can disguise text), white space is
// trimmed. Errors: chat_invalid_utf8, chat_empty, chat_too_long. Pure and thread-safe.
core::Result<std::string> clean_chat_text(std::string_view raw);

// Text chat of the spaces: validates, stores durably, then hands back the stored message
// for fan-out (so nothing is shown that was not stored). Not thread-safe: owned by the
// thread that owns the Store handle.
class ChatService {
 public:
  ChatService(store::Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  struct Author {
    std::int64_t user_id;
    std::string_view display_name;
    int avatar;
  };
  core::Result<store::ChatRecord> post(std::string_view space, const Author& author,
                                       std::string_view raw_text);
  // As post, for a space whose chat is never stored (the doctors' lounge): the cleaned line,
  // with id 0, and nothing written anywhere.
  core::Result<store::ChatRecord> compose(std::string_view space, const Author& author,
                                          std::string_view raw_text) const;
  // The last kChatHistorySize messages, oldest first.
  core::Result<std::vector<store::ChatRecord>> history(std::string_view space);

 private:
  store::Store& store_;
  const core::Clock& clock_;
};

}  // namespace tsunagu::social
