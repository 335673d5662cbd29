#pragma once

#include "realtime/control.h"
#include "realtime/hub.h"

namespace tsunagu::realtime {

// Control over hubs on the caller's own thread, applied at once (tests, and tools with one
// loop). Not thread-safe.
class LocalControl final : public Control {
 public:
  explicit LocalControl(std::vector<Hub*> hubs) : hubs_(std::move(hubs)) {}

  void disconnect_user(std::int64_t user_id, std::uint16_t code, std::string reason) override {
    for (Hub* h : hubs_) h->disconnect_user(user_id, code, reason);
  }
  void warn_user(std::int64_t user_id, std::string message) override {
    for (Hub* h : hubs_) h->warn_user(user_id, message);
  }
  void apply_block(std::int64_t a, std::int64_t b, bool blocked) override {
    for (Hub* h : hubs_) h->apply_block(a, b, blocked);
  }
  void slides_removed(std::string deck_id) override {
    for (Hub* h : hubs_) h->slides_removed(deck_id);
  }
  void send_to_user(std::int64_t user_id, std::string text) override {
    auto bytes = std::make_shared<const std::string>(std::move(text));
    for (Hub* h : hubs_) h->send_to_user(user_id, bytes);
  }
  void evict(std::int64_t user_id, std::string space) override {
    for (Hub* h : hubs_) h->evict(user_id, space);
  }
  std::string spaces_json() const override { return hubs_.front()->spaces_json(); }
  int connections() const override {
    int n = 0;
    for (Hub* h : hubs_) n += h->published_connections();
    return n;
  }

 private:
  std::vector<Hub*> hubs_;
};

}  // namespace tsunagu::realtime
