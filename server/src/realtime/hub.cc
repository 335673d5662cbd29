#include "realtime/hub.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "realtime/client.h"

namespace tsunagu::realtime {

std::uint8_t badge_flags(auth::Role role) {
  switch (role) {
    case auth::Role::kClinician: return kBadgeClinician;
    case auth::Role::kTrainee: return kBadgeTrainee;
    case auth::Role::kFacilitator: return kBadgeFacilitator;
    case auth::Role::kModerator:
    case auth::Role::kAdmin: return kBadgeStaff;
    default: return 0;
  }
}

Hub::Hub(const world::WorldConfig& world, HubServices services, Limits limits)
    : world_(world), services_(services), limits_(limits) {
  for (const auto& config : world_.spaces) {
    auto space = std::make_unique<world::Space>(config);
    space_order_.push_back(space.get());
    spaces_.emplace(config.id, std::move(space));
  }
}

Hub::~Hub() {
  // Transports may outlive the hub at shutdown (their handlers die with the io_context);
  // their clients must then not call back into it.
  for (Client* client : clients_) client->orphan();
}

std::unique_ptr<Client> Hub::open(Connection& connection) {
  auto client = std::make_unique<Client>(*this, connection);
  clients_.push_back(client.get());
  return client;
}

void Hub::tick() {
  for (world::Space* space : space_order_) {
    space->tick();
    for (std::uint32_t id : space->take_too_slow()) {
      core::log_warn("realtime", "a client stayed too slow to read its frames; disconnecting");
      disconnect_user(id, close_code::kTooSlow, "client too slow");
    }
  }
}

void Hub::close_all(std::uint16_t code, std::string_view reason) {
  // Iterate over a copy in case a transport destroys a client synchronously.
  std::vector<Client*> all = clients_;
  for (Client* client : all) client->close(code, reason);
}

Client* Hub::client_of(std::int64_t user_id) {
  auto it = by_user_.find(user_id);
  return it == by_user_.end() ? nullptr : it->second;
}

int Hub::disconnect_user(std::int64_t user_id, std::uint16_t code, std::string_view reason) {
  Client* client = client_of(user_id);
  if (!client) return 0;
  client->close(code, reason);
  return 1;
}

int Hub::warn_user(std::int64_t user_id, std::string_view message) {
  Client* client = client_of(user_id);
  if (!client) return 0;
  client->send_json({{"type", "warning"}, {"message", message}});
  return 1;
}

void Hub::apply_block(std::int64_t a, std::int64_t b, bool blocked) {
  for (world::Space* space : space_order_) {
    space->set_hidden(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b), blocked);
  }
  // Clients remember whom they hide, for the spaces they enter later.
  if (Client* ca = client_of(a)) ca->set_hidden(b, blocked);
  if (Client* cb = client_of(b)) cb->set_hidden(a, blocked);
}

bool Hub::take_chat_token(std::int64_t user_id) {
  const auto now = services_.clock.now();
  if (chat_by_user_.size() > 10'000) {
    for (auto it = chat_by_user_.begin(); it != chat_by_user_.end();) {
      it = it->second.tokens(now) >= limits_.chat_burst ? chat_by_user_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] =
      chat_by_user_.try_emplace(user_id, limits_.chat_burst, limits_.chats_per_second, now);
  return it->second.try_take(now);
}

std::string Hub::spaces_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const world::Space* space : space_order_) {
    const auto& c = space->config();
    list.push_back({{"id", c.id},
                    {"name", {{"ja", c.name.ja}, {"en", c.name.en}}},
                    {"kind", c.kind},
                    {"capacity", c.capacity},
                    {"count", space->count()}});
  }
  return nlohmann::json{{"spaces", list}}.dump();
}

world::Space* Hub::find_space(std::string_view id) {
  auto it = spaces_.find(id);
  return it == spaces_.end() ? nullptr : it->second.get();
}

void Hub::attach(Client& client, std::int64_t user_id) {
  auto [it, inserted] = by_user_.try_emplace(user_id, &client);
  if (!inserted && it->second != &client) {
    Client* old = it->second;
    it->second = &client;
    core::log_info("realtime", "user reconnected; replacing the older connection");
    old->close(close_code::kReplaced, "replaced by a newer connection");
  }
}

void Hub::detach(Client& client) {
  std::erase(clients_, &client);
  for (auto it = by_user_.begin(); it != by_user_.end(); ++it) {
    if (it->second == &client) {
      by_user_.erase(it);
      break;
    }
  }
}

}  // namespace tsunagu::realtime
