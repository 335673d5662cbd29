#include "app/serve.h"

#include <sys/resource.h>

#include <cstdio>
#include <thread>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/thread_offload.h"
#include "auth/account_service.h"
#include "auth/clinician_service.h"
#include "auth/display_name.h"
#include "auth/password.h"
#include "auth/reserved_names.h"
#include "media/janus_client.h"
#include "media/janus_supervisor.h"
#include "media/janus_token.h"
#include "media/voice_service.h"
#include "realtime/world_map.h"
#include "social/moderation.h"
#include "store/locked_store.h"
#include "social/word_filter.h"
#include "core/log.h"
#include "net/api.h"
#include "net/bank_api.h"
#include "net/lounge_api.h"
#include "net/consult_api.h"
#include "app/desk_link.h"
#include "care/consultation_desk.h"
#include "store/sqlite/sqlite_consultation_store.h"
#include "net/slides_api.h"
#include "net/self_signed.h"
#include "net/server.h"
#include "realtime/client.h"
#include "realtime/hub.h"
#include "social/chat.h"
#include "store/locked_bank_store.h"
#include "store/sqlite/sqlite_bank_store.h"
#include "store/sqlite/sqlite_lounge_store.h"
#include "store/sqlite/sqlite_store.h"
#include "world/slide_decks.h"
#include "world/slide_registry.h"
#include "world/slide_uploads.h"
#include "world/world_config.h"

namespace tsunagu::app {
namespace {

namespace asio = boost::asio;

constexpr auto kShutdownGrace = std::chrono::milliseconds(1500);

int fail_start(const std::string& message) {
  core::log_error("app", message);
  return 2;
}

core::Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return core::fail(core::Code::kNotFound, "missing_file", "cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Drives Hub::tick at a fixed rate. Deadlines advance by the period, not from "now", so the
// rate does not drift when a tick runs late. Thread: the io_context's.
class Ticker {
 public:
  Ticker(asio::io_context& io, realtime::Hub& hub, int hz)
      : timer_(io), hub_(hub), period_(std::chrono::microseconds(1'000'000 / hz)) {}

  void start() {
    next_ = std::chrono::steady_clock::now() + period_;
    arm();
  }
  void stop() { timer_.cancel(); stopped_ = true; }

 private:
  void arm() {
    timer_.expires_at(next_);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (ec || stopped_) return;
      hub_.tick();
      next_ += period_;
      auto now = std::chrono::steady_clock::now();
      if (next_ < now) next_ = now;  // fell far behind: skip, don't burst
      arm();
    });
  }

  asio::steady_timer timer_;
  realtime::Hub& hub_;
  std::chrono::steady_clock::duration period_;
  std::chrono::steady_clock::time_point next_;
  bool stopped_ = false;
};

// The parts every command that touches data needs: the store and the audit log.
struct DataParts {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<audit::AuditLog> audit;
};

core::Result<DataParts> open_data(const std::string& data_dir, const core::Clock& clock) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) {
    return core::fail(core::Code::kUnavailable, "data_dir",
                      "cannot create data directory " + data_dir + ": " + ec.message());
  }
  auto store = store::sqlite::SqliteStore::open((fs::path(data_dir) / "tsunagu.db").string());
  if (!store) return std::unexpected(store.error());
  DataParts parts;
  parts.store = std::make_unique<store::LockedStore>(std::move(*store));
  parts.audit = std::make_unique<audit::AuditLog>(*parts.store, clock);
  return parts;
}

// The digital headache bank (docs/bank.md): its store (beside the main one, in the same
// file), the surveys of content/surveys/, the research key and the routes. Every part is held
// by pointer, so the references between them survive moving the struct.
struct BankParts {
  std::unique_ptr<store::BankStore> store;
  std::unique_ptr<bank::SurveyCatalog> surveys;
  std::unique_ptr<bank::ResearchKey> key;
  std::unique_ptr<bank::BankService> service;
  std::unique_ptr<net::BankApi> api;
};

core::Result<BankParts> open_bank(const ServeConfig& config, const core::Clock& clock,
                                  audit::AuditLog& audit) {
  namespace fs = std::filesystem;
  BankParts parts;
  auto store = store::sqlite::SqliteBankStore::open(
      (fs::path(config.data_dir) / "tsunagu.db").string());
  if (!store) return std::unexpected(store.error());
  parts.store = std::make_unique<store::LockedBankStore>(std::move(*store));
  auto surveys = bank::SurveyCatalog::load((fs::path(config.content_dir) / "surveys").string());
  if (!surveys) return std::unexpected(surveys.error());
  parts.surveys = std::make_unique<bank::SurveyCatalog>(std::move(*surveys));
  const std::string key_file = !config.research_key_file.empty()
                                   ? config.research_key_file
                                   : (fs::path(config.data_dir) / "research.key").string();
  auto key = bank::ResearchKey::load_or_create(key_file);
  if (!key) return std::unexpected(key.error());
  parts.key = std::make_unique<bank::ResearchKey>(*key);
  if (config.k_anonymity < 5) {
    core::log_warn("app", "k-anonymity " + std::to_string(config.k_anonymity) +
                              ": the headache bank will show and export very small groups");
  }
  parts.service = std::make_unique<bank::BankService>(*parts.store, audit, clock, *parts.surveys,
                                                      *parts.key, config.k_anonymity);
  parts.api = std::make_unique<net::BankApi>(*parts.service, clock);
  return parts;
}

struct Content {
  world::WorldConfig world;
  std::vector<world::SlideDeck> decks;
  std::string rules_json;
  int rules_version = 0;
  auth::ReservedNames reserved;
  social::WordFilter word_filter;
};

core::Result<Content> load_content(const std::string& dir) {
  namespace fs = std::filesystem;
  auto world = world::load_world_config((fs::path(dir) / "world.json").string());
  if (!world) return std::unexpected(world.error());
  auto rules = read_file(fs::path(dir) / "rules.json");
  if (!rules) return std::unexpected(rules.error());
  auto parsed = nlohmann::json::parse(*rules, nullptr, false);
  if (parsed.is_discarded() || !parsed.value("version", nlohmann::json()).is_number_integer()) {
    return core::fail(core::Code::kInvalidArgument, "bad_rules",
                      dir + "/rules.json needs an integer \"version\"");
  }
  auto reserved = auth::ReservedNames::load((fs::path(dir) / "reserved_names.txt").string());
  if (!reserved) return std::unexpected(reserved.error());
  auto filter = social::WordFilter::load((fs::path(dir) / "word_filter.txt").string());
  if (!filter) return std::unexpected(filter.error());
  auto decks = world::load_slide_decks(fs::path(dir) / "slides");
  if (!decks) return std::unexpected(decks.error());
  return Content{std::move(*world), std::move(*decks), std::move(*rules), parsed["version"].get<int>(),
                 std::move(*reserved), std::move(*filter)};
}


// One event loop with its thread, its hub and its ticker, and its own connection to Janus.
struct Shard {
  asio::io_context io{1};
  std::unique_ptr<media::JanusClient> janus;
  std::unique_ptr<media::VoiceService> voice;
  std::unique_ptr<realtime::Hub> hub;
  std::unique_ptr<Ticker> ticker;
  std::thread thread;
};

// realtime::Control over every shard: each request is posted to each loop.
class ShardControl final : public realtime::Control {
 public:
  ShardControl(std::vector<std::unique_ptr<Shard>>& shards, const realtime::WorldMap& map)
      : shards_(shards), map_(map) {}

  void disconnect_user(std::int64_t user, std::uint16_t code, std::string reason) override {
    each([=](realtime::Hub& h) { h.disconnect_user(user, code, reason); });
  }
  void warn_user(std::int64_t user, std::string message) override {
    each([=](realtime::Hub& h) { h.warn_user(user, message); });
  }
  void apply_block(std::int64_t a, std::int64_t b, bool blocked) override {
    each([=](realtime::Hub& h) { h.apply_block(a, b, blocked); });
  }
  void send_to_user(std::int64_t user, std::string text) override {
    auto bytes = std::make_shared<const std::string>(std::move(text));
    each([=](realtime::Hub& h) { h.send_to_user(user, bytes); });
  }
  void evict(std::int64_t user, std::string space) override {
    each([=](realtime::Hub& h) { h.evict(user, space); });
  }
  void slides_removed(std::string deck_id) override {
    each([deck_id](realtime::Hub& h) { h.slides_removed(deck_id); });
  }
  std::string spaces_json() const override { return map_.spaces_json(); }
  int connections() const override {
    int n = 0;
    for (const auto& s : shards_) n += s->hub->published_connections();
    return n;
  }

 private:
  template <typename Fn>
  void each(Fn fn) {
    for (auto& s : shards_) {
      realtime::Hub* hub = s->hub.get();
      asio::post(s->io, [hub, fn] { fn(*hub); });
    }
  }
  std::vector<std::unique_ptr<Shard>>& shards_;
  const realtime::WorldMap& map_;
};

// Lets the process hold as many connections as the hard limit allows (10,000 clients need
// more than the usual soft limit of 1024 descriptors).
void raise_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int free_local_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// The voice plane as configured: our own Janus (with fresh secrets and free local ports for
// its API), an external one, or none. What each loop's Janus connection needs.
struct VoicePlan {
  bool enabled = false;
  std::optional<media::JanusSupervisorOptions> own;  // set when we run Janus ourselves
  media::JanusClientOptions client;
  std::string admin_key;
};

core::Result<VoicePlan> plan_voice(const ServeConfig& config) {
  VoicePlan plan;
  if (config.janus == "off") return plan;
  plan.enabled = true;
  if (config.janus.starts_with("ws://")) {
    auto client = media::parse_janus_ws_url(config.janus);
    if (!client) return std::unexpected(client.error());
    plan.client = *client;
    plan.client.api_secret = config.janus_api_secret;
    plan.admin_key = config.janus_admin_key;
    return plan;
  }
  media::JanusSupervisorOptions own;
  media::JanusSettings& s = own.settings;
  s.dir = std::filesystem::absolute(std::filesystem::path(config.data_dir) / "janus");
  s.http_port = free_local_port();
  s.ws_port = free_local_port();
  s.rtp_port_min = config.janus_rtp_min;
  s.rtp_port_max = config.janus_rtp_max;
  s.nat_1_1_mapping = config.janus_nat_ip;
  s.stun_server = config.janus_stun;
  s.ice_enforce_list = config.janus_ice_enforce;
  for (std::string* secret : {&s.api_secret, &s.token_auth_secret, &s.videoroom_admin_key}) {
    auto made = media::random_secret(24);
    if (!made) return std::unexpected(made.error());
    *secret = *made;
  }
  if (auto ok = media::validate_janus_settings(s); !ok) return std::unexpected(ok.error());
  plan.client.port = s.ws_port;
  plan.client.api_secret = s.api_secret;
  plan.admin_key = s.videoroom_admin_key;
  plan.own = std::move(own);
  return plan;
}

int shard_count(const ServeConfig& config, bool tls) {
  int n = config.threads > 0 ? config.threads
                             : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (tls && n > 1) {
    core::log_warn("app", "built-in TLS runs on one event loop; for more, terminate TLS in a "
                          "reverse proxy (see deploy/)");
    n = 1;
  }
  return n;
}

}  // namespace

int serve(const ServeConfig& config) {
  core::set_log_level(config.log_level);
  raise_file_limit();
  namespace fs = std::filesystem;
  auto content = load_content(config.content_dir);
  if (!content) return fail_start(content.error().message() + " (is --content pointing at content/?)");
  if (!fs::exists(fs::path(config.web_dir) / "index.html")) {
    return fail_start("no web client at " + config.web_dir + "/index.html: run `make build` first");
  }
  std::optional<net::TlsFiles> tls;
  if (!config.tls_cert.empty()) {
    if (auto ok = net::check_tls_pair(config.tls_cert, config.tls_key); !ok) {
      return fail_start(ok.error().message());
    }
    tls = net::TlsFiles{config.tls_cert, config.tls_key};
  }
  core::SystemClock clock;
  auto data = open_data(config.data_dir, clock);
  if (!data) return fail_start(data.error().message());
  store::Store& store = *data->store;
  auto bank = open_bank(config, clock, *data->audit);
  if (!bank) return fail_start(bank.error().message());
  // The doctors' lounge case board, beside the main store in the same file; used by the API
  // on the first loop only (lounge chat is never stored).
  auto lounge_store =
      store::sqlite::SqliteLoungeStore::open((fs::path(config.data_dir) / "tsunagu.db").string());
  if (!lounge_store) return fail_start(lounge_store.error().message());
  lounge::CaseBoard case_board(**lounge_store, store, *data->audit, clock);
  net::LoungeApi lounge_api(case_board);
  // What stays of consultations (statistics, members' kept notes), same file, first loop.
  auto consult_store = store::sqlite::SqliteConsultationStore::open(
      (fs::path(config.data_dir) / "tsunagu.db").string());
  if (!consult_store) return fail_start(consult_store.error().message());
  care::ConsultationRecords consult_records(**consult_store);
  net::ConsultApi consult_api(consult_records, clock);
  bank->api->set_consultation_records(&consult_records);
  // Slide decks: content/slides (fixed) and presenters' uploads, re-read from DATA/slides at
  // every start (docs/voice.md, "Uploading slides"); one registry for every loop.
  world::SlideUploads slide_uploads(fs::path(config.data_dir) / "slides");
  auto uploaded_decks = slide_uploads.load();
  if (!uploaded_decks) return fail_start(uploaded_decks.error().message() + " (check that the data directory is writable)");
  world::SlideRegistry slide_registry(std::move(content->decks));
  for (auto& deck : *uploaded_decks) {
    if (auto ok = slide_registry.add(std::move(deck)); !ok) core::log_warn("app", ok.error().message());
  }

  const int n = shard_count(config, tls.has_value());
  core::MetricsRegistry metrics;
  realtime::WorldMap map(content->world, n);
  // Shards before the services that post to them; the hubs (and with them the clients) go
  // before each loop's io_context, and the world's spaces after both (FramePools).
  std::vector<std::unique_ptr<Shard>> shards;
  for (int i = 0; i < n; ++i) shards.push_back(std::make_unique<Shard>());
  asio::io_context& api_loop = shards.front()->io;
  ThreadOffload offload(api_loop, 1, 64);
  auth::AccountService accounts(store, *data->audit, clock, offload, content->reserved,
                                content->rules_version);
  auth::ClinicianService clinicians(store, *data->audit, accounts, clock);
  social::ModerationService moderation(store, *data->audit, clock);
  social::ChatService chat(store, clock);
  auto voice = plan_voice(config);
  if (!voice) return fail_start(voice.error().message());
  std::vector<net::ShardRef> refs;
  for (int i = 0; i < n; ++i) {
    auto& s = *shards[i];
    s.hub = std::make_unique<realtime::Hub>(
        map, i, realtime::HubServices{accounts, moderation, chat, content->word_filter, clock},
        realtime::Limits{}, &metrics);
    if (voice->enabled) {
      s.janus = std::make_unique<media::JanusClient>(s.io, voice->client);
      s.voice = std::make_unique<media::VoiceService>(*s.janus, voice->admin_key);
      s.janus->on_ready = [voice = s.voice.get()](bool ready) { voice->janus_changed(ready); };
      s.hub->enable_voice(*s.voice, media::TurnSettings{config.turn_urls, config.turn_secret});
    }
    s.hub->set_slide_registry(slide_registry);
    s.ticker = std::make_unique<Ticker>(s.io, *s.hub, config.tick_hz);
    refs.push_back({&s.io, s.hub.get()});
  }
  ShardControl control(shards, map);
  // One consultation desk for every loop (docs/consultation.md); finished consultations are
  // recorded on the first loop, which owns the store.
  DeskLink desk_link(control, *data->audit, consult_records,
                     [&api_loop](std::function<void()> fn) { asio::post(api_loop, std::move(fn)); });
  care::ConsultationDesk desk(map.config().consultation_rooms(), desk_link, clock,
                              care::DeskSettings{std::chrono::seconds(config.consult_grace_s)});
  for (auto& s : shards) s->hub->set_consultation_desk(&desk);
  net::SlidesApi slides_api(slide_registry, slide_uploads, *data->audit, control, clock);
  net::Api api({accounts, clinicians, moderation, *data->audit, control, clock, bank->api.get(),
                &lounge_api, &slides_api, &consult_api},
               std::move(content->rules_json), config.allowed_origins, config.guest_burst);

  net::ServerOptions options;
  options.host = config.host;
  options.port = config.port;
  options.web_root = config.web_dir;
  options.slides_root = std::filesystem::path(config.content_dir) / "slides";
  options.uploaded_slides_root = slide_uploads.root();
  options.slide_registry = &slide_registry;
  options.max_slide_page_body = slides_api.limits().max_page_bytes;
  options.tls = tls;
  options.allowed_origins = config.allowed_origins;
  net::Server server(refs, options, api, map, &metrics);
  auto port = server.start();
  if (!port) return fail_start(port.error().message());

  // Our own Janus runs under a supervisor on the main thread (the child dies with it).
  std::unique_ptr<media::JanusSupervisor> janus;
  if (voice->own) {
    janus = std::make_unique<media::JanusSupervisor>(api_loop, *voice->own);
    janus->on_change = [&shards](bool up) {
      if (!up) return;  // each loop notices a lost connection by itself
      for (auto& s : shards) {
        media::JanusClient* client = s->janus.get();
        asio::post(s->io, [client] { client->connect_soon(); });
      }
    };
    if (auto ok = janus->start(); !ok) return fail_start(ok.error().message());
  }
  for (auto& s : shards) {
    if (s->janus) s->janus->start();  // runs on the loop once it starts
  }
  if (!voice->enabled) core::log_info("app", "voice is off (--janus off): text only");

  asio::steady_timer grace(api_loop);
  asio::signal_set signals(api_loop, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int signal) {
    core::log_info("app", signal == SIGTERM ? "SIGTERM: shutting down" : "SIGINT: shutting down");
    server.stop_accepting();
    if (janus) janus->stop();
    for (auto& s : shards) {
      Shard* shard = s.get();
      asio::post(shard->io, [shard] {
        if (shard->janus) shard->janus->stop();
        shard->ticker->stop();
        shard->hub->close_all(realtime::close_code::kGoingAway, "server shutting down");
      });
    }
    grace.expires_after(kShutdownGrace);
    grace.async_wait([&](boost::system::error_code) {
      for (auto& s : shards) s->io.stop();
    });
  });

  const std::string scheme = tls ? "https" : "http";
  const std::string shown_host = config.host == "0.0.0.0" ? "127.0.0.1" : config.host;
  std::printf("Tsunagu is running: %s://%s:%u/\n", scheme.c_str(), shown_host.c_str(), *port);
  std::fflush(stdout);
  core::log_info("app", "listening on " + config.host + ":" + std::to_string(*port) + " with " +
                            std::to_string(n) + " event loop(s), data in " + config.data_dir);
  for (int i = 1; i < n; ++i) {
    Shard* shard = shards[i].get();
    shard->ticker->start();
    // Keep the loop alive while it has nothing to do yet.
    shard->thread = std::thread([shard] {
      auto guard = asio::make_work_guard(shard->io);
      shard->io.run();
    });
  }
  shards.front()->ticker->start();
  shards.front()->io.run();
  for (auto& s : shards) {
    if (s->thread.joinable()) s->thread.join();
  }
  offload.stop();
  janus.reset();  // stops our Janus if it still runs
  // Hubs go first (they orphan their clients), then the loops with their pending handlers.
  for (auto& s : shards) {
    s->ticker.reset();
    s->hub.reset();
  }
  shards.clear();
  core::log_info("app", "stopped cleanly");
  return 0;
}

int gen_cert(const GenCertConfig& config) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(config.out_dir, ec);
  if (ec) return fail_start("cannot create " + config.out_dir + ": " + ec.message());
  const fs::path cert = fs::path(config.out_dir) / "cert.pem";
  const fs::path key = fs::path(config.out_dir) / "key.pem";
  auto written = net::write_self_signed_pair(cert, key, config.hosts, config.days);
  if (!written) return fail_start(written.error().message());
  std::printf("Wrote %s and %s.\nStart with: tsunagu serve --host 0.0.0.0 --tls-cert %s --tls-key %s\n",
              cert.c_str(), key.c_str(), cert.c_str(), key.c_str());
  return 0;
}


int admin_create(const AdminCreateConfig& config, std::istream& password_in) {
  core::SystemClock clock;
  auto data = open_data(config.data_dir, clock);
  if (!data) return fail_start(data.error().message());
  auto login = auth::normalize_login_id(config.login_id);
  if (!login) return fail_start("--login: " + login.error().message());
  auto name = auth::normalize_display_name(config.name.empty() ? config.login_id : config.name);
  if (!name) return fail_start("--name: " + name.error().message());
  std::string password;
  std::getline(password_in, password);
  if (auto ok = auth::check_new_password(password, *login); !ok) {
    return fail_start("password: " + ok.error().message());
  }
  auto existing = data->store->find_user_by_login(*login);
  if (!existing) return fail_start(existing.error().message());
  if (existing->has_value()) return fail_start("login id " + *login + " is taken");
  auto hash = auth::hash_password(password);
  if (!hash) return fail_start(hash.error().message());
  store::UserRecord user;
  user.display_name = *name;
  user.role = "admin";
  user.login_id = *login;
  user.password_hash = *hash;
  user.created_ms = clock.unix_ms();
  auto id = data->store->create_user(user);
  if (!id) return fail_start(id.error().message());
  if (auto e = data->audit->append(0, "admin.create", *id, {{"login_id", *login}}); !e) {
    return fail_start(e.error().message());
  }
  std::printf("Created admin %s (user %lld). Sign in at /#/login.\n", login->c_str(),
              static_cast<long long>(*id));
  return 0;
}

int audit_verify(const std::string& data_dir) {
  core::SystemClock clock;
  auto data = open_data(data_dir, clock);
  if (!data) return fail_start(data.error().message());
  auto v = data->audit->verify();
  if (!v) return fail_start(v.error().message());
  if (!v->ok) {
    std::printf("audit log BROKEN at entry %lld: %s (%lld entries checked)\n",
                static_cast<long long>(v->first_broken_id), v->problem.c_str(),
                static_cast<long long>(v->checked));
    return 1;
  }
  std::printf("audit log OK: %lld entries, head %s\n", static_cast<long long>(v->checked),
              v->head_hash.c_str());
  return 0;
}

}  // namespace tsunagu::app
