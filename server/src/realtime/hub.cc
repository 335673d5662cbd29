#include "realtime/hub.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "realtime/client.h"

namespace tsunagu::realtime {

Hub::Hub(const world::WorldConfig& world, auth::SessionService& sessions,
         social::ChatService& chat, const core::Clock& clock, Limits limits)
    : world_(world), sessions_(sessions), chat_(chat), clock_(clock), limits_(limits) {
  for (const auto& config : world_.spaces) {
    auto space = std::make_unique<world::Space>(config);
    space_order_.push_back(space.get());
    spaces_.emplace(config.id, std::move(space));
  }
}

Hub::~Hub() = default;

std::unique_ptr<Client> Hub::open(Connection& connection) {
  auto client = std::make_unique<Client>(*this, connection);
  clients_.push_back(client.get());
  return client;
}

void Hub::tick() {
  for (world::Space* space : space_order_) space->tick();
}

void Hub::close_all(std::uint16_t code, std::string_view reason) {
  // Closing detaches nothing from clients_ (the transport destroys clients later), but
  // iterate over a copy in case a transport destroys one synchronously.
  std::vector<Client*> all = clients_;
  for (Client* client : all) client->close(code, reason);
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

void Hub::attach(Client& client, std::int64_t session_id) {
  auto [it, inserted] = by_session_.try_emplace(session_id, &client);
  if (!inserted && it->second != &client) {
    Client* old = it->second;
    it->second = &client;
    core::log_info("realtime", "session reconnected; replacing the older connection");
    old->close(close_code::kReplaced, "replaced by a newer connection");
  }
}

void Hub::detach(Client& client) {
  std::erase(clients_, &client);
  for (auto it = by_session_.begin(); it != by_session_.end(); ++it) {
    if (it->second == &client) {
      by_session_.erase(it);
      break;
    }
  }
}

}  // namespace tsunagu::realtime
