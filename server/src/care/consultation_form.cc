#include "care/consultation_form.h"

#include <array>
#include <utility>

#include <nlohmann/json.hpp>

#include "bank/text.h"

namespace tsunagu::care {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<Topic, std::string_view>, 6> kTopics = {{
    {Topic::kMigraine, "migraine"},
    {Topic::kTension, "tension"},
    {Topic::kMedication, "medication"},
    {Topic::kChild, "child"},
    {Topic::kWorkSchool, "work_school"},
    {Topic::kOther, "other"},
}};

constexpr std::array<std::pair<OutcomeKind, std::string_view>, 4> kOutcomes = {{
    {OutcomeKind::kAdvice, "advice"},
    {OutcomeKind::kSeeSpecialist, "see_specialist"},
    {OutcomeKind::kOwnClinic, "own_clinic"},
    {OutcomeKind::kOnline, "online"},
}};

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

const json* member(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// An optional string field, trimmed and checked; `code` names what was wrong on the wire.
core::Result<std::string> text_field(const json& object, const char* key, std::size_t max,
                                     bool multiline, const char* code) {
  const json* value = member(object, key);
  if (!value) return std::string();
  if (!value->is_string()) {
    return core::fail(core::Code::kInvalidArgument, "bad_message",
                      std::string(key) + " must be a string");
  }
  std::string text(trim(value->get_ref<const std::string&>()));
  if (auto problem = bank::check_user_text(text, max, multiline)) {
    // Too long has its own code (the form shows a counter); anything else is malformed.
    const bool too_long = problem->starts_with("is longer");
    return core::fail(core::Code::kInvalidArgument, too_long ? code : "bad_message",
                      std::string(key) + " " + *problem);
  }
  return text;
}

core::Result<bool> flag(const json& object, const char* key) {
  const json* value = member(object, key);
  if (!value) return false;
  if (!value->is_boolean()) {
    return core::fail(core::Code::kInvalidArgument, "bad_message",
                      std::string(key) + " must be true or false");
  }
  return value->get<bool>();
}

}  // namespace

std::string_view topic_name(Topic topic) {
  for (const auto& [t, name] : kTopics) {
    if (t == topic) return name;
  }
  return "other";
}

std::optional<Topic> parse_topic(std::string_view name) {
  for (const auto& [t, n] : kTopics) {
    if (n == name) return t;
  }
  return std::nullopt;
}

json topic_names() {
  json out = json::array();
  for (const auto& entry : kTopics) out.push_back(entry.second);
  return out;
}

std::string_view outcome_name(OutcomeKind kind) {
  for (const auto& [k, name] : kOutcomes) {
    if (k == kind) return name;
  }
  return "advice";
}

json outcome_json(const Outcome& outcome) {
  json out = {{"kind", outcome_name(outcome.kind)}};
  if (outcome.kind == OutcomeKind::kOwnClinic) {
    out["clinic_name"] = outcome.clinic_name;
    out["clinic_contact"] = outcome.clinic_contact;
  }
  if (outcome.kind == OutcomeKind::kOnline) out["link"] = outcome.link;
  return out;
}

core::Result<RequestForm> parse_request(const json& message) {
  RequestForm form;
  const json* topic = member(message, "topic");
  std::optional<Topic> parsed;
  if (topic && topic->is_string()) parsed = parse_topic(topic->get_ref<const std::string&>());
  if (!parsed) return core::fail(core::Code::kInvalidArgument, "consult_bad_topic", "unknown topic");
  form.topic = *parsed;
  auto text = text_field(message, "text", kMaxRequestText, true, "consult_text_too_long");
  if (!text) return std::unexpected(text.error());
  form.text = std::move(*text);
  auto observers = flag(message, "observers");
  if (!observers) return std::unexpected(observers.error());
  auto keep_note = flag(message, "keep_note");
  if (!keep_note) return std::unexpected(keep_note.error());
  form.observers = *observers;
  form.keep_note = *keep_note;
  return form;
}

core::Result<Outcome> parse_outcome(const json& outcome) {
  auto bad = [](std::string why) {
    return core::fail(core::Code::kInvalidArgument, "consult_bad_outcome", std::move(why));
  };
  if (!outcome.is_object()) return bad("outcome must be an object");
  const json* kind = member(outcome, "kind");
  if (!kind || !kind->is_string()) return bad("outcome.kind missing");
  Outcome out;
  bool known = false;
  for (const auto& [k, name] : kOutcomes) {
    if (name == kind->get_ref<const std::string&>()) {
      out.kind = k;
      known = true;
    }
  }
  if (!known) return bad("unknown outcome kind");
  if (out.kind == OutcomeKind::kOwnClinic) {
    auto name = text_field(outcome, "clinic_name", kMaxClinicName, false, "consult_bad_outcome");
    auto contact =
        text_field(outcome, "clinic_contact", kMaxClinicContact, true, "consult_bad_outcome");
    if (!name) return std::unexpected(name.error());
    if (!contact) return std::unexpected(contact.error());
    if (name->empty() || contact->empty()) return bad("a clinic needs a name and a contact");
    out.clinic_name = std::move(*name);
    out.clinic_contact = std::move(*contact);
  }
  if (out.kind == OutcomeKind::kOnline) {
    auto link = text_field(outcome, "link", kMaxLink, false, "consult_bad_outcome");
    if (!link) return std::unexpected(link.error());
    // Only https, and nothing a browser would read as something else.
    const bool https = link->starts_with("https://") && link->size() > 8 &&
                       link->find_first_of(" \"'<>\\") == std::string::npos;
    if (!https) return bad("the link must be an https:// address");
    out.link = std::move(*link);
  }
  return out;
}

core::Result<std::string> parse_note(const json& note) {
  if (note.is_null()) return std::string();
  if (!note.is_string()) {
    return core::fail(core::Code::kInvalidArgument, "bad_message", "note must be a string");
  }
  std::string text(trim(note.get_ref<const std::string&>()));
  if (auto problem = bank::check_user_text(text, kMaxNote, true)) {
    const bool too_long = problem->starts_with("is longer");
    return core::fail(core::Code::kInvalidArgument, too_long ? "consult_note_too_long" : "bad_message",
                      "note " + *problem);
  }
  return text;
}

}  // namespace tsunagu::care
