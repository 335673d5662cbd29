// The consultation messages of a client (docs/consultation.md): the desk decides, the client
// only turns the wire into calls and errors into replies.
#include <nlohmann/json.hpp>

#include "care/consultation_desk.h"
#include "realtime/client.h"

namespace tsunagu::realtime {
namespace {

using nlohmann::json;

// A boolean field that must be present.
std::optional<bool> required_flag(const json& message, const char* key) {
  auto it = message.find(key);
  if (it == message.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

std::optional<std::int64_t> id_field(const json& message) {
  auto it = message.find("id");
  if (it == message.end() || !it->is_number_integer() || it->get<std::int64_t>() <= 0) {
    return std::nullopt;
  }
  return it->get<std::int64_t>();
}

}  // namespace

void Client::handle_consult(std::string_view kind, const json& message) {
  care::ConsultationDesk* desk = hub_.desk_;
  if (!desk) return reply_error("consult_nobody_on_duty", "consultations are not offered here");
  const std::int64_t me = identity_->user.id;
  core::Status done;
  if (kind == "consult_desk") {
    desk->describe(me);
  } else if (kind == "consult_request") {
    auto form = care::parse_request(message);
    if (!form) return reply_error(form.error().name(), form.error().message());
    done = desk->request(me, std::move(*form));
  } else if (kind == "consult_cancel") {
    done = desk->cancel(me);
  } else if (kind == "consult_consent") {
    auto observers = required_flag(message, "observers");
    auto keep_note = required_flag(message, "keep_note");
    if (!observers || !keep_note) {
      return reply_error("bad_message", "observers and keep_note must be true or false");
    }
    done = desk->consent(me, *observers, *keep_note);
  } else if (kind == "duty") {
    auto on = required_flag(message, "on");
    if (!on) return reply_error("bad_message", "on must be true or false");
    done = desk->duty(me, *on);
  } else if (kind == "consult_accept" || kind == "observe") {
    auto id = id_field(message);
    if (!id) return reply_error("bad_message", "id must be a positive number");
    done = kind == "observe" ? desk->observe(me, *id) : desk->accept(me, *id);
  } else if (kind == "consult_end") {
    std::optional<care::Outcome> outcome;
    if (auto it = message.find("outcome"); it != message.end() && !it->is_null()) {
      auto parsed = care::parse_outcome(*it);
      if (!parsed) return reply_error(parsed.error().name(), parsed.error().message());
      outcome = std::move(*parsed);
    }
    auto note = care::parse_note(message.value("note", json()));
    if (!note) return reply_error(note.error().name(), note.error().message());
    done = desk->end(me, std::move(outcome), std::move(*note));
  } else if (kind == "observe_list") {
    done = desk->observe_list(me);
  } else if (kind == "observe_leave") {
    done = desk->observe_leave(me);
  } else {
    return reply_error("unknown_type", "unknown message type");
  }
  if (!done) reply_error(done.error().name(), done.error().message());
}

bool Client::admit_to_consultation(world::Space& room) {
  care::ConsultationDesk* desk = hub_.desk_;
  const auto place = desk ? desk->place_in(identity_->user.id, room.config().id) : std::nullopt;
  if (!place) return false;
  // Observers listen; the server keeps their microphone out of every plan until a
  // moderator's release (docs/consultation.md). Others start with theirs allowed.
  if (media::VoiceRoom* voice = hub_.voice_room(&room)) {
    voice->moderate(static_cast<std::uint32_t>(identity_->user.id), *place == care::Place::kObserver);
  }
  return true;
}

}  // namespace tsunagu::realtime
