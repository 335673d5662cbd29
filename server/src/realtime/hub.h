#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/session_service.h"
#include "core/clock.h"
#include "realtime/connection.h"
#include "realtime/limits.h"
#include "social/chat.h"
#include "world/space.h"
#include "world/world_config.h"

namespace tsunagu::realtime {

class Client;

// Counters of what the hub refused or dropped, for /healthz and tests.
struct HubStats {
  std::uint64_t rejected_inputs = 0;  // error replies for bad input
  std::uint64_t rate_limited = 0;     // messages dropped by a token bucket
  std::uint64_t closed_for_abuse = 0;
};

// The real-time side of the platform: the spaces of the world, the connected clients, and the
// protocol that ties them together. Thread: one event loop owns the hub, its spaces and its
// clients; every call comes from that loop.
class Hub {
 public:
  Hub(const world::WorldConfig& world, auth::SessionService& sessions, social::ChatService& chat,
      const core::Clock& clock, Limits limits = {});
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // A new client on `connection`, which must outlive the returned Client.
  std::unique_ptr<Client> open(Connection& connection);

  // Advances every space by one tick (called at the world tick rate, 20 Hz by default).
  void tick();

  // Closes every client with `code` (1001 at shutdown).
  void close_all(std::uint16_t code, std::string_view reason);

  // {"spaces":[…]} as in GET /api/spaces.
  std::string spaces_json() const;
  int connections() const { return static_cast<int>(clients_.size()); }
  const HubStats& stats() const { return stats_; }
  world::Space* find_space(std::string_view id);
  const world::WorldConfig& world() const { return world_; }

 private:
  friend class Client;
  // Registers an authenticated client; an older client of the same session is replaced.
  void attach(Client& client, std::int64_t session_id);
  void detach(Client& client);

  world::WorldConfig world_;
  auth::SessionService& sessions_;
  social::ChatService& chat_;
  const core::Clock& clock_;
  Limits limits_;
  std::map<std::string, std::unique_ptr<world::Space>, std::less<>> spaces_;
  std::vector<world::Space*> space_order_;  // as in content/world.json
  std::vector<Client*> clients_;            // every open client, authenticated or not
  std::unordered_map<std::int64_t, Client*> by_session_;
  HubStats stats_;
};

}  // namespace tsunagu::realtime
