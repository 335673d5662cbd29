#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/permissions.h"
#include "care/consultation_form.h"
#include "core/clock.h"
#include "core/error.h"

namespace tsunagu::care {

// A finished consultation, for statistics: no people, no content (docs/consultation.md).
struct ConsultationSummary {
  std::string topic;
  std::int64_t asked_ms = 0;  // wall clock, rounded down to the minute by the store
  std::int64_t wait_s = 0;
  std::int64_t duration_s = 0;
  std::string outcome;   // an outcome kind, or "" when the clinician gave none
  std::string ended_by;  // clinician, patient, timeout
  int observers = 0;     // how many observed at some point
};

// A note the patient keeps (only with their consent, only from the clinician's end).
struct KeptNote {
  std::int64_t patient_id = 0;
  std::int64_t ended_ms = 0;
  std::string clinician;  // display name
  std::string topic;
  nlohmann::json outcome;
  std::string note;
};

// Where the desk's decisions go. Calls come after the desk's lock is released, on the thread
// of the call that caused them; implementations post to the loops concerned.
class DeskEffects {
 public:
  virtual ~DeskEffects() = default;
  // Sends a JSON text message to every connection of a person, wherever it is.
  virtual void send(std::int64_t user, std::string text) = 0;
  // Takes a person out of a private room at once (a removed observer, an ended consultation).
  virtual void evict(std::int64_t user, std::string space) = 0;
  // Appends to the audit log; `detail` holds ids, topics and reasons only.
  virtual void audit(std::int64_t actor, std::string action, std::int64_t subject,
                     nlohmann::json detail) = 0;
  // A consultation finished: its summary, and the patient's note when they keep one.
  virtual void finished(ConsultationSummary summary, std::optional<KeptNote> note) = 0;
};

struct DeskSettings {
  // How long a dropped connection keeps its place (docs/consultation.md, "Disconnects").
  std::chrono::seconds grace{60};
};

// Someone connected, as the desk needs to know them.
struct DeskPerson {
  std::int64_t id = 0;
  std::string name;
  auth::Role role = auth::Role::kGuest;
};

// Who someone is in a private room.
enum class Place { kPatient, kClinician, kObserver };

// The consultation queue, the clinicians on duty, and the consultations in progress in the
// private rooms (docs/consultation.md). One desk serves the whole server: patients and
// clinicians may be connected to different event loops, so every method is thread-safe (one
// mutex; effects run after it is released). Errors carry the wire codes of the spec.
class ConsultationDesk {
 public:
  ConsultationDesk(std::vector<std::string> rooms, DeskEffects& effects, const core::Clock& clock,
                   DeskSettings settings = {});

  // A connection's hello, and its end. A person may hold several connections at once (moving
  // between event loops); they are away only when the last one is gone.
  void connected(const DeskPerson& person);
  void disconnected(std::int64_t user);

  // consult_desk: the desk's state and the caller's own status.
  void describe(std::int64_t user);
  core::Status request(std::int64_t user, RequestForm form);
  core::Status cancel(std::int64_t user);
  core::Status consent(std::int64_t user, bool observers, bool keep_note);
  core::Status duty(std::int64_t user, bool on);
  core::Status accept(std::int64_t user, std::int64_t request_id);
  // The clinician ends with an outcome (and maybe a note); the patient ends without one.
  core::Status end(std::int64_t user, std::optional<Outcome> outcome, std::string note);
  core::Status observe_list(std::int64_t user);
  core::Status observe(std::int64_t user, std::int64_t consultation_id);
  core::Status observe_leave(std::int64_t user);

  // Whether a person belongs in a private room now, and as whom.
  std::optional<Place> place_in(std::int64_t user, std::string_view space) const;

  // Ends what the grace period has run out on; call about once a second.
  void sweep();

  int on_duty() const;
  int waiting() const;
  int rooms_free() const;

 private:
  struct Person {
    DeskPerson who;
    int connections = 0;
    std::optional<std::chrono::steady_clock::time_point> away_since;
    bool on_duty = false;
    std::int64_t request = 0;       // a waiting request of theirs
    std::int64_t consultation = 0;  // as patient, clinician or observer
  };
  struct Request {
    std::int64_t id = 0;
    std::int64_t patient = 0;
    RequestForm form;
    std::chrono::steady_clock::time_point asked;
    std::int64_t asked_ms = 0;
    bool requeued = false;
  };
  struct Consultation {
    Request request;
    std::int64_t clinician = 0;
    std::string room;
    std::chrono::steady_clock::time_point accepted;
    std::vector<std::int64_t> observers;
    int observers_seen = 0;
  };
  // What a call decided, carried out once the lock is released.
  struct Batch {
    std::vector<std::pair<std::int64_t, std::string>> sends;
    std::vector<std::pair<std::int64_t, std::string>> evicts;
    struct Audit {
      std::int64_t actor;
      std::string action;
      std::int64_t subject;
      nlohmann::json detail;
    };
    std::vector<Audit> audits;
    std::vector<std::pair<ConsultationSummary, std::optional<KeptNote>>> finished;
  };
  void run(Batch& batch);
  Person* find(std::int64_t user);
  const Person* find(std::int64_t user) const;
  // permission_denied (with `why`) unless the person's role allows `action`.
  core::Status require(const Person& p, auth::Action action, const char* why) const;
  template <typename Fn>
  core::Status act(std::int64_t user, Fn&& fn);
  // Status and queue messages.
  nlohmann::json status_of(const Person& p) const;
  nlohmann::json queue_for(const Person& p, std::int64_t arrived) const;
  nlohmann::json desk_json() const;
  void push_status(Batch& b, const Person& p) const;
  void push_waiting(Batch& b) const;                      // every waiting patient's position
  void push_queue(Batch& b, std::int64_t arrived) const;  // every on-duty clinician's view
  void push_room(Batch& b, const Consultation& c) const;  // everyone in a consultation
  // Ends a consultation: `by` clinician/patient/timeout; with the clinician's outcome.
  void finish(Batch& b, std::int64_t id, const char* by, std::optional<Outcome> outcome,
              std::string note);
  // The clinician did not come back: the request returns to the head of the queue.
  void requeue(Batch& b, std::int64_t id);
  void drop_observer(Batch& b, Consultation& c, std::int64_t user, const char* reason);
  void forget_if_idle(std::int64_t user);
  std::int64_t seconds_since(std::chrono::steady_clock::time_point t) const;

  DeskEffects& effects_;
  const core::Clock& clock_;
  DeskSettings settings_;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, Person> people_;
  std::deque<Request> queue_;                    // oldest first
  std::map<std::int64_t, Consultation> active_;  // by id (= the request id)
  std::vector<std::string> free_rooms_;
  std::int64_t next_id_ = 1;
};

}  // namespace tsunagu::care
