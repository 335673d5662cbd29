#include "care/consultation_desk.h"

#include <algorithm>

namespace tsunagu::care {
namespace {

using nlohmann::json;

core::Status refuse(core::Code code, const char* name, const char* message) {
  return core::fail(code, name, message);
}

core::Status not_connected() {
  return refuse(core::Code::kFailedPrecondition, "internal", "not connected to the desk");
}

}  // namespace

ConsultationDesk::ConsultationDesk(std::vector<std::string> rooms, DeskEffects& effects,
                                   const core::Clock& clock, DeskSettings settings)
    : effects_(effects), clock_(clock), settings_(settings), free_rooms_(std::move(rooms)) {
  // Rooms are handed out from the back; keep consult-1 first.
  std::reverse(free_rooms_.begin(), free_rooms_.end());
}

void ConsultationDesk::run(Batch& b) {
  for (auto& [user, text] : b.sends) effects_.send(user, std::move(text));
  for (auto& [user, space] : b.evicts) effects_.evict(user, std::move(space));
  for (auto& a : b.audits)
    effects_.audit(a.actor, std::move(a.action), a.subject, std::move(a.detail));
  for (auto& [summary, note] : b.finished) effects_.finished(std::move(summary), std::move(note));
}

ConsultationDesk::Person* ConsultationDesk::find(std::int64_t user) {
  auto it = people_.find(user);
  return it == people_.end() ? nullptr : &it->second;
}

const ConsultationDesk::Person* ConsultationDesk::find(std::int64_t user) const {
  auto it = people_.find(user);
  return it == people_.end() ? nullptr : &it->second;
}

core::Status ConsultationDesk::require(const Person& p, auth::Action action,
                                       const char* why) const {
  if (auth::allowed(p.who.role, action)) return {};
  return refuse(core::Code::kPermissionDenied, "permission_denied", why);
}

// The common frame of a call: under the lock, for a connected person; the batch runs after.
template <typename Fn>
core::Status ConsultationDesk::act(std::int64_t user, Fn&& fn) {
  Batch b;
  {
    std::lock_guard lock(mutex_);
    Person* p = find(user);
    if (!p) return not_connected();
    if (auto ok = fn(p, b); !ok) return ok;
  }
  run(b);
  return {};
}

std::int64_t ConsultationDesk::seconds_since(std::chrono::steady_clock::time_point t) const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - t).count();
}

int ConsultationDesk::on_duty() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(std::count_if(people_.begin(), people_.end(),
                                        [](const auto& e) { return e.second.on_duty; }));
}

int ConsultationDesk::waiting() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(queue_.size());
}

int ConsultationDesk::rooms_free() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(free_rooms_.size());
}

// ---- messages ----------------------------------------------------------------------------

json ConsultationDesk::desk_json() const {
  int duty = 0;
  for (const auto& [id, p] : people_) duty += p.on_duty ? 1 : 0;
  return {{"type", "consult_desk"},
          {"on_duty", duty},
          {"waiting", queue_.size()},
          {"topics", topic_names()}};
}

json ConsultationDesk::status_of(const Person& p) const {
  json out = {{"type", "consult_status"}, {"state", "none"}};
  if (p.request != 0) {
    const auto it = std::find_if(queue_.begin(), queue_.end(),
                                 [&](const Request& r) { return r.id == p.request; });
    if (it == queue_.end()) return out;
    out["state"] = "waiting";
    out["id"] = it->id;
    out["topic"] = topic_name(it->form.topic);
    out["position"] = (it - queue_.begin()) + 1;
    out["on_duty"] = desk_json()["on_duty"];
    out["observers"] = it->form.observers;
    out["keep_note"] = it->form.keep_note;
    out["requeued"] = it->requeued;
    return out;
  }
  const auto it = active_.find(p.consultation);
  if (p.consultation == 0 || it == active_.end()) return out;
  const Consultation& c = it->second;
  const Person* patient = find(c.request.patient);
  const Person* clinician = find(c.clinician);
  const bool is_patient = p.who.id == c.request.patient;
  const bool is_clinician = p.who.id == c.clinician;
  auto away = [](const Person* q) { return !q || q->connections == 0; };
  json observers = json::array();
  for (std::int64_t o : c.observers) {
    if (const Person* q = find(o)) observers.push_back({{"id", o}, {"name", q->who.name}});
  }
  out["state"] = "active";
  out["id"] = c.request.id;
  out["role"] = is_patient ? "patient" : is_clinician ? "clinician" : "observer";
  out["space"] = c.room;
  out["topic"] = topic_name(c.request.form.topic);
  out["text"] = c.request.form.text;
  out["patient"] = {{"name", patient ? patient->who.name : ""}};
  out["clinician"] = {{"name", clinician ? clinician->who.name : ""}};
  out["observers"] = std::move(observers);
  out["consent"] = {{"observers", c.request.form.observers},
                    {"keep_note", c.request.form.keep_note}};
  out["away"] = is_patient     ? away(clinician)
                : is_clinician ? away(patient)
                               : away(patient) || away(clinician);
  return out;
}

json ConsultationDesk::queue_for(const Person& p, std::int64_t arrived) const {
  json requests = json::array();
  if (p.on_duty) {
    for (const Request& r : queue_) {
      requests.push_back({{"id", r.id},
                          {"topic", topic_name(r.form.topic)},
                          {"text", r.form.text},
                          {"waited_s", seconds_since(r.asked)},
                          {"observers", r.form.observers},
                          {"keep_note", r.form.keep_note}});
    }
  }
  return {{"type", "consult_queue"},
          {"on", p.on_duty},
          {"on_duty", desk_json()["on_duty"]},
          {"requests", std::move(requests)},
          {"arrived", arrived != 0 && p.on_duty ? json(arrived) : json()}};
}

void ConsultationDesk::push_status(Batch& b, const Person& p) const {
  if (p.connections > 0) b.sends.emplace_back(p.who.id, status_of(p).dump());
}

void ConsultationDesk::push_waiting(Batch& b) const {
  for (const Request& r : queue_) {
    if (const Person* p = find(r.patient)) push_status(b, *p);
  }
}

void ConsultationDesk::push_queue(Batch& b, std::int64_t arrived) const {
  for (const auto& [id, p] : people_) {
    if (p.on_duty && p.connections > 0) b.sends.emplace_back(id, queue_for(p, arrived).dump());
  }
}

void ConsultationDesk::push_room(Batch& b, const Consultation& c) const {
  if (const Person* p = find(c.request.patient)) push_status(b, *p);
  if (const Person* p = find(c.clinician)) push_status(b, *p);
  for (std::int64_t o : c.observers) {
    if (const Person* p = find(o)) push_status(b, *p);
  }
}

// ---- connections -------------------------------------------------------------------------

void ConsultationDesk::connected(const DeskPerson& person) {
  Batch b;
  {
    std::lock_guard lock(mutex_);
    Person& p = people_[person.id];
    p.who = person;
    ++p.connections;
    const bool was_away = p.away_since.has_value();
    p.away_since.reset();
    if (p.request != 0 || p.consultation != 0) push_status(b, p);
    if (p.on_duty) b.sends.emplace_back(p.who.id, queue_for(p, 0).dump());
    if (was_away && p.consultation != 0) {
      if (auto it = active_.find(p.consultation); it != active_.end()) push_room(b, it->second);
    }
  }
  run(b);
}

void ConsultationDesk::forget_if_idle(std::int64_t user) {
  const Person* p = find(user);
  if (p && p->connections == 0 && !p->on_duty && p->request == 0 && p->consultation == 0) {
    people_.erase(user);
  }
}

void ConsultationDesk::disconnected(std::int64_t user) {
  Batch b;
  {
    std::lock_guard lock(mutex_);
    Person* p = find(user);
    if (!p || p->connections == 0) return;
    if (--p->connections > 0) return;
    p->away_since = clock_.now();
    if (p->consultation != 0) {
      if (auto it = active_.find(p->consultation); it != active_.end()) push_room(b, it->second);
    }
    forget_if_idle(user);
  }
  run(b);
}

// ---- patients ----------------------------------------------------------------------------

void ConsultationDesk::describe(std::int64_t user) {
  Batch b;
  {
    std::lock_guard lock(mutex_);
    b.sends.emplace_back(user, desk_json().dump());
    if (const Person* p = find(user)) b.sends.emplace_back(user, status_of(*p).dump());
  }
  run(b);
}

core::Status ConsultationDesk::request(std::int64_t user, RequestForm form) {
  return act(user, [&](Person* p, Batch& b) -> core::Status {
    if (p->request != 0 || p->consultation != 0) {
      return refuse(core::Code::kAlreadyExists, "consult_already_open",
                    "a request or a consultation is already open");
    }
    if (desk_json()["on_duty"] == 0) {
      return refuse(core::Code::kUnavailable, "consult_nobody_on_duty",
                    "no clinician is on duty now");
    }
    Request r{next_id_++, user, std::move(form), clock_.now(), clock_.unix_ms(), false};
    p->request = r.id;
    b.audits.push_back({user,
                        "consult.request",
                        user,
                        {{"id", r.id},
                         {"topic", topic_name(r.form.topic)},
                         {"observers", r.form.observers},
                         {"keep_note", r.form.keep_note}}});
    const std::int64_t id = r.id;
    queue_.push_back(std::move(r));
    push_status(b, *p);
    push_queue(b, id);
    return {};
  });
}

core::Status ConsultationDesk::cancel(std::int64_t user) {
  Batch b;
  {
    std::lock_guard lock(mutex_);
    Person* p = find(user);
    if (!p || p->request == 0) {
      return refuse(core::Code::kFailedPrecondition, "consult_not_open", "no request to cancel");
    }
    std::erase_if(queue_, [&](const Request& r) { return r.id == p->request; });
    b.audits.push_back({user, "consult.cancel", user, {{"id", p->request}}});
    p->request = 0;
    b.sends.emplace_back(
        user, json{{"type", "consult_status"}, {"state", "none"}, {"reason", "cancelled"}}.dump());
    push_waiting(b);
    push_queue(b, 0);
  }
  run(b);
  return {};
}

core::Status ConsultationDesk::consent(std::int64_t user, bool observers, bool keep_note) {
  return act(user, [&](Person* p, Batch& b) -> core::Status {
    RequestForm* form = nullptr;
    Consultation* c = nullptr;
    if (p->request != 0) {
      for (Request& r : queue_) {
        if (r.id == p->request) form = &r.form;
      }
    } else if (auto it = active_.find(p->consultation);
               it != active_.end() && it->second.request.patient == user) {
      c = &it->second;
      form = &c->request.form;
    }
    if (!form) {
      return refuse(core::Code::kFailedPrecondition, "consult_not_open",
                    "only the patient of an open request changes its consent");
    }
    form->observers = observers;
    form->keep_note = keep_note;
    const std::int64_t id = p->request != 0 ? p->request : p->consultation;
    b.audits.push_back({user,
                        "consult.consent",
                        user,
                        {{"id", id}, {"observers", observers}, {"keep_note", keep_note}}});
    if (c) {
      // Withdrawing consent removes every observer at once.
      while (!observers && !c->observers.empty()) {
        drop_observer(b, *c, c->observers.back(), "consent_withdrawn");
      }
      push_room(b, *c);
    } else {
      push_status(b, *p);
      push_queue(b, 0);
    }
    return {};
  });
}

// ---- clinicians --------------------------------------------------------------------------

core::Status ConsultationDesk::duty(std::int64_t user, bool on) {
  return act(user, [&](Person* p, Batch& b) -> core::Status {
    if (auto ok =
            require(*p, auth::Action::kAcceptConsultation, "only verified clinicians go on duty");
        !ok)
      return ok;
    if (p->on_duty != on) {
      p->on_duty = on;
      b.audits.push_back({user, "consult.duty", user, {{"on", on}}});
      push_queue(b, 0);  // every on-duty clinician sees the new count
      push_waiting(b);   // and every waiting patient
    }
    if (!on) b.sends.emplace_back(user, queue_for(*p, 0).dump());
    if (on && b.sends.empty()) b.sends.emplace_back(user, queue_for(*p, 0).dump());
    return {};
  });
}

core::Status ConsultationDesk::accept(std::int64_t user, std::int64_t request_id) {
  return act(user, [&](Person* p, Batch& b) -> core::Status {
    if (auto ok = require(*p, auth::Action::kAcceptConsultation,
                          "only verified clinicians accept consultations");
        !ok)
      return ok;
    if (!p->on_duty) {
      return refuse(core::Code::kFailedPrecondition, "consult_not_on_duty", "go on duty first");
    }
    if (p->consultation != 0 || p->request != 0) {
      return refuse(core::Code::kFailedPrecondition, "consult_busy",
                    "finish the current consultation first");
    }
    const auto it = std::find_if(queue_.begin(), queue_.end(),
                                 [&](const Request& r) { return r.id == request_id; });
    if (it == queue_.end()) {
      return refuse(core::Code::kNotFound, "consult_gone", "the request was taken or cancelled");
    }
    if (free_rooms_.empty()) {
      return refuse(core::Code::kResourceExhausted, "no_room_free",
                    "every consultation room is in use; try again shortly");
    }
    Consultation c{std::move(*it), user, std::move(free_rooms_.back()), clock_.now(), {}, 0};
    free_rooms_.pop_back();
    queue_.erase(it);
    const std::int64_t id = c.request.id;
    p->consultation = id;
    if (Person* patient = find(c.request.patient)) {
      patient->request = 0;
      patient->consultation = id;
    }
    b.audits.push_back(
        {user,
         "consult.accept",
         c.request.patient,
         {{"id", id}, {"room", c.room}, {"wait_s", seconds_since(c.request.asked)}}});
    const auto& placed = active_.emplace(id, std::move(c)).first->second;
    push_room(b, placed);
    push_waiting(b);
    push_queue(b, 0);
    return {};
  });
}

core::Status ConsultationDesk::end(std::int64_t user, std::optional<Outcome> outcome,
                                   std::string note) {
  Batch b;
  {
    std::lock_guard lock(mutex_);
    Person* p = find(user);
    const auto it = p ? active_.find(p->consultation) : active_.end();
    if (it == active_.end() ||
        (it->second.clinician != user && it->second.request.patient != user)) {
      return refuse(core::Code::kFailedPrecondition, "consult_not_open",
                    "no consultation of yours to end");
    }
    const bool clinician = it->second.clinician == user;
    if (clinician && !outcome) {
      return refuse(core::Code::kInvalidArgument, "consult_bad_outcome",
                    "the clinician ends with an outcome");
    }
    if (!clinician) outcome.reset();
    finish(b, it->first, clinician ? "clinician" : "patient", std::move(outcome), std::move(note));
  }
  run(b);
  return {};
}

void ConsultationDesk::finish(Batch& b, std::int64_t id, const char* by,
                              std::optional<Outcome> outcome, std::string note) {
  auto it = active_.find(id);
  if (it == active_.end()) return;
  Consultation c = std::move(it->second);
  active_.erase(it);
  const RequestForm& form = c.request.form;
  const std::int64_t now_ms = clock_.unix_ms();
  const Person* clinician = find(c.clinician);
  const std::string clinician_name = clinician ? clinician->who.name : "";
  ConsultationSummary summary{
      std::string(topic_name(form.topic)),
      c.request.asked_ms,
      std::chrono::duration_cast<std::chrono::seconds>(c.accepted - c.request.asked).count(),
      seconds_since(c.accepted),
      outcome ? std::string(outcome_name(outcome->kind)) : "",
      by,
      c.observers_seen};
  const json outcome_wire = outcome ? outcome_json(*outcome) : json();
  json ended = {{"type", "consult_status"},
                {"state", "ended"},
                {"id", id},
                {"by", by},
                {"outcome", outcome_wire},
                {"topic", summary.topic},
                {"clinician", {{"name", clinician_name}}},
                {"ended_ms", now_ms},
                {"note", nullptr}};
  std::optional<KeptNote> kept;
  // The note reaches the patient only with their consent; members keep it in their account.
  const bool keep = form.keep_note && outcome.has_value();
  if (Person* patient = find(c.request.patient)) {
    json mine = ended;
    mine["role"] = "patient";
    if (keep) mine["note"] = note;
    patient->consultation = 0;
    if (patient->connections > 0) b.sends.emplace_back(patient->who.id, mine.dump());
    if (keep && patient->who.role != auth::Role::kGuest) {
      kept = KeptNote{patient->who.id, now_ms, clinician_name, summary.topic, outcome_wire, note};
    }
    b.evicts.emplace_back(patient->who.id, c.room);
    forget_if_idle(c.request.patient);
  }
  if (Person* doctor = find(c.clinician)) {
    json theirs = ended;
    theirs["role"] = "clinician";
    doctor->consultation = 0;
    if (doctor->connections > 0) b.sends.emplace_back(doctor->who.id, theirs.dump());
    b.evicts.emplace_back(doctor->who.id, c.room);
    if (doctor->on_duty && doctor->connections > 0) {
      b.sends.emplace_back(doctor->who.id, queue_for(*doctor, 0).dump());
    }
    forget_if_idle(c.clinician);
  }
  for (std::int64_t o : c.observers) {
    if (Person* q = find(o)) {
      q->consultation = 0;
      json theirs = ended;
      theirs["role"] = "observer";
      if (q->connections > 0) b.sends.emplace_back(o, theirs.dump());
      b.evicts.emplace_back(o, c.room);
      forget_if_idle(o);
    }
  }
  b.audits.push_back({std::string_view(by) == "clinician" ? c.clinician
                      : std::string_view(by) == "patient" ? c.request.patient
                                                          : 0,
                      "consult.end",
                      c.request.patient,
                      {{"id", id},
                       {"by", by},
                       {"outcome", summary.outcome},
                       {"duration_s", summary.duration_s},
                       {"observers", summary.observers}}});
  b.finished.emplace_back(std::move(summary), std::move(kept));
  free_rooms_.push_back(std::move(c.room));
}

void ConsultationDesk::requeue(Batch& b, std::int64_t id) {
  auto it = active_.find(id);
  if (it == active_.end()) return;
  Consultation c = std::move(it->second);
  active_.erase(it);
  while (!c.observers.empty()) drop_observer(b, c, c.observers.back(), "ended");
  if (Person* doctor = find(c.clinician)) {
    doctor->consultation = 0;
    b.evicts.emplace_back(doctor->who.id, c.room);
    forget_if_idle(c.clinician);
  }
  b.audits.push_back(
      {0, "consult.requeue", c.request.patient, {{"id", id}, {"reason", "clinician_left"}}});
  Request r = std::move(c.request);
  r.requeued = true;
  if (Person* patient = find(r.patient)) {
    patient->consultation = 0;
    patient->request = r.id;
    b.evicts.emplace_back(patient->who.id, c.room);
  }
  queue_.push_front(std::move(r));
  free_rooms_.push_back(std::move(c.room));
  push_waiting(b);
  push_queue(b, id);
}

// ---- observers ---------------------------------------------------------------------------

core::Status ConsultationDesk::observe_list(std::int64_t user) {
  return act(user, [&](Person* p, Batch& b) -> core::Status {
    if (auto ok =
            require(*p, auth::Action::kObserveConsultation, "only trainees observe consultations");
        !ok)
      return ok;
    json list = json::array();
    for (const auto& [id, c] : active_) {
      if (!c.request.form.observers) continue;
      list.push_back({{"id", id},
                      {"topic", topic_name(c.request.form.topic)},
                      {"minutes", seconds_since(c.accepted) / 60}});
    }
    b.sends.emplace_back(user, json{{"type", "observe_list"}, {"consultations", list}}.dump());
    return {};
  });
}

core::Status ConsultationDesk::observe(std::int64_t user, std::int64_t consultation_id) {
  return act(user, [&](Person* p, Batch& b) -> core::Status {
    if (auto ok =
            require(*p, auth::Action::kObserveConsultation, "only trainees observe consultations");
        !ok)
      return ok;
    if (p->request != 0 || p->consultation != 0) {
      return refuse(core::Code::kAlreadyExists, "consult_already_open",
                    "leave the current consultation first");
    }
    auto it = active_.find(consultation_id);
    if (it == active_.end()) {
      return refuse(core::Code::kNotFound, "consult_gone", "that consultation has ended");
    }
    Consultation& c = it->second;
    if (!c.request.form.observers) {
      return refuse(core::Code::kPermissionDenied, "consult_no_consent",
                    "the patient does not allow observers");
    }
    c.observers.push_back(user);
    ++c.observers_seen;
    p->consultation = consultation_id;
    b.audits.push_back(
        {user, "consult.observer_join", c.request.patient, {{"id", consultation_id}}});
    push_room(b, c);
    return {};
  });
}

core::Status ConsultationDesk::observe_leave(std::int64_t user) {
  Batch b;
  {
    std::lock_guard lock(mutex_);
    Person* p = find(user);
    auto it = p ? active_.find(p->consultation) : active_.end();
    if (it == active_.end() || std::find(it->second.observers.begin(), it->second.observers.end(),
                                         user) == it->second.observers.end()) {
      return refuse(core::Code::kFailedPrecondition, "consult_not_open", "not observing");
    }
    drop_observer(b, it->second, user, "observer_left");
    push_room(b, it->second);
  }
  run(b);
  return {};
}

void ConsultationDesk::drop_observer(Batch& b, Consultation& c, std::int64_t user,
                                     const char* reason) {
  std::erase(c.observers, user);
  b.evicts.emplace_back(user, c.room);
  b.audits.push_back({user,
                      "consult.observer_leave",
                      c.request.patient,
                      {{"id", c.request.id}, {"reason", reason}}});
  if (Person* p = find(user)) {
    p->consultation = 0;
    if (p->connections > 0) {
      b.sends.emplace_back(
          user, json{{"type", "consult_status"}, {"state", "none"}, {"reason", reason}}.dump());
    }
    forget_if_idle(user);
  }
}

std::optional<Place> ConsultationDesk::place_in(std::int64_t user, std::string_view space) const {
  std::lock_guard lock(mutex_);
  const Person* p = find(user);
  if (!p || p->consultation == 0) return std::nullopt;
  auto it = active_.find(p->consultation);
  if (it == active_.end() || it->second.room != space) return std::nullopt;
  if (it->second.request.patient == user) return Place::kPatient;
  if (it->second.clinician == user) return Place::kClinician;
  return Place::kObserver;
}

// ---- time --------------------------------------------------------------------------------

void ConsultationDesk::sweep() {
  Batch b;
  {
    std::lock_guard lock(mutex_);
    const auto now = clock_.now();
    std::vector<std::int64_t> expired;
    for (const auto& [id, p] : people_) {
      if (p.away_since && now - *p.away_since >= settings_.grace) expired.push_back(id);
    }
    for (std::int64_t user : expired) {
      Person* p = find(user);
      if (!p) continue;
      // Off duty first, so a request handed back below reaches only those still on duty.
      if (p->on_duty) {
        p->on_duty = false;
        b.audits.push_back({user, "consult.duty", user, {{"on", false}, {"reason", "timeout"}}});
        push_queue(b, 0);
        push_waiting(b);
      }
      if (p->request != 0) {
        std::erase_if(queue_, [&](const Request& r) { return r.id == p->request; });
        b.audits.push_back({0, "consult.expire", user, {{"id", p->request}}});
        p->request = 0;
        push_waiting(b);
        push_queue(b, 0);
      }
      if (auto it = active_.find(p->consultation); p->consultation != 0 && it != active_.end()) {
        Consultation& c = it->second;
        if (c.request.patient == user) {
          finish(b, it->first, "timeout", std::nullopt, "");
        } else if (c.clinician == user) {
          requeue(b, it->first);
        } else {
          drop_observer(b, c, user, "expired");
          push_room(b, c);
        }
      }
      forget_if_idle(user);
    }
  }
  run(b);
}

}  // namespace tsunagu::care
