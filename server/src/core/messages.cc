#include "core/messages.h"

#include <array>

namespace tsunagu::core {
namespace {

// Kept in the order of docs/protocol.md: HTTP API errors, then WebSocket `error` codes.
// The ja texts are written for people (polite form, a hint what to do), not translated word
// for word from the English.
constexpr std::array kMessages = {
    // HTTP API: POST /api/session and friends.
    LocalizedMessage{"name_missing", {"名前を入力してください。", "Please enter a name."}},
    LocalizedMessage{"name_empty", {"名前を入力してください。", "Please enter a name."}},
    LocalizedMessage{
        "name_too_long",
        {"名前は24文字以内にしてください。", "The name must be at most 24 characters."}},
    LocalizedMessage{"name_invalid_char",
                     {"名前に使えない文字が含まれています。",
                      "The name contains characters that cannot be used."}},
    LocalizedMessage{"name_invalid_utf8",
                     {"名前の文字コードが正しくありません。", "The name is not valid UTF-8 text."}},
    LocalizedMessage{"avatar_invalid",
                     {"選ばれたアバターは使えません。もう一度選んでください。",
                      "That avatar is not available. Please choose another one."}},
    LocalizedMessage{"bad_json",
                     {"送信されたデータの形式が正しくありません。", "The request was malformed."}},
    LocalizedMessage{"body_too_large",
                     {"送信されたデータが大きすぎます。", "The request is too large."}},
    LocalizedMessage{"rate_limited",
                     {"操作が多すぎます。少し待ってからもう一度お試しください。",
                      "Too many requests. Please wait a moment and try again."}},
    LocalizedMessage{"unauthenticated",
                     {"入室の有効期限が切れました。もう一度入室してください。",
                      "Your session has expired. Please enter again."}},
    LocalizedMessage{"not_found", {"見つかりませんでした。", "Not found."}},
    LocalizedMessage{"method_not_allowed",
                     {"この操作は許可されていません。", "This operation is not allowed."}},
    LocalizedMessage{"origin_not_allowed",
                     {"このページからは接続できません。", "Connections from this page are not allowed."}},
    LocalizedMessage{"internal",
                     {"サーバーで問題が発生しました。しばらくしてからもう一度お試しください。",
                      "Something went wrong on the server. Please try again later."}},

    // WebSocket `error` messages.
    LocalizedMessage{"bad_message",
                     {"メッセージの形式が正しくありません。", "The message was malformed."}},
    LocalizedMessage{"unknown_type", {"不明な種類のメッセージです。", "Unknown message type."}},
    LocalizedMessage{"not_joined",
                     {"まだスペースに入っていません。", "You have not entered a space yet."}},
    LocalizedMessage{"unknown_space",
                     {"そのスペースは見つかりません。", "That space does not exist."}},
    LocalizedMessage{"space_full",
                     {"このスペースは満員です。しばらくしてからもう一度お試しください。",
                      "This space is full. Please try again later."}},
    LocalizedMessage{"chat_empty", {"メッセージを入力してください。", "Please enter a message."}},
    LocalizedMessage{
        "chat_too_long",
        {"メッセージは500文字以内にしてください。", "A message must be at most 500 characters."}},
    LocalizedMessage{"emote_unknown",
                     {"そのリアクションは使えません。", "That reaction is not available."}},
    LocalizedMessage{"already_hello", {"すでに接続しています。", "You are already connected."}},
    LocalizedMessage{"binary_unexpected",
                     {"想定外のデータを受け取りました。", "Unexpected binary data."}},
    LocalizedMessage{"unknown_frame",
                     {"不明な種類のデータを受け取りました。", "Unknown frame type."}},
    LocalizedMessage{"bad_frame", {"データの形式が正しくありません。", "The frame was malformed."}},
    LocalizedMessage{"unsupported_version",
                     {"このバージョンには対応していません。ページを再読み込みしてください。",
                      "This version is not supported. Please reload the page."}},
};

}  // namespace

const LocalizedText* localized_message(std::string_view error_name) {
  // A linear scan: the table is small and lookups happen only on error replies.
  for (const LocalizedMessage& m : kMessages) {
    if (m.name == error_name) return &m.text;
  }
  return nullptr;
}

std::span<const LocalizedMessage> all_localized_messages() { return kMessages; }

}  // namespace tsunagu::core
