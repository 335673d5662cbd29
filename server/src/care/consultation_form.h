#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "core/error.h"

namespace tsunagu::care {

// What a patient may ask about (docs/consultation.md, "Topics").
enum class Topic { kMigraine, kTension, kMedication, kChild, kWorkSchool, kOther };
std::string_view topic_name(Topic topic);
std::optional<Topic> parse_topic(std::string_view name);
// Every topic name, in the order the form lists them.
nlohmann::json topic_names();

inline constexpr std::size_t kMaxRequestText = 200;   // code points
inline constexpr std::size_t kMaxNote = 2000;         // code points
inline constexpr std::size_t kMaxClinicName = 100;
inline constexpr std::size_t kMaxClinicContact = 200;
inline constexpr std::size_t kMaxLink = 300;

// A patient's request, validated.
struct RequestForm {
  Topic topic = Topic::kOther;
  std::string text;  // trimmed, may be empty
  bool observers = false;  // may trainees observe?
  bool keep_note = false;  // may the clinician leave a note the patient keeps?
};

// How a clinician ends a consultation.
enum class OutcomeKind { kAdvice, kSeeSpecialist, kOwnClinic, kOnline };
std::string_view outcome_name(OutcomeKind kind);

struct Outcome {
  OutcomeKind kind = OutcomeKind::kAdvice;
  std::string clinic_name;     // kOwnClinic
  std::string clinic_contact;  // kOwnClinic
  std::string link;            // kOnline: https only
};
nlohmann::json outcome_json(const Outcome& outcome);

// Untrusted wire input to domain values. Errors carry the wire codes of docs/consultation.md
// (consult_bad_topic, consult_text_too_long, consult_bad_outcome, consult_note_too_long,
// bad_message). Text must already be valid UTF-8 (the WebSocket layer checks). Pure.
core::Result<RequestForm> parse_request(const nlohmann::json& message);
core::Result<Outcome> parse_outcome(const nlohmann::json& outcome);
// The optional note: trimmed; consult_note_too_long past kMaxNote.
core::Result<std::string> parse_note(const nlohmann::json& note);

}  // namespace tsunagu::care
