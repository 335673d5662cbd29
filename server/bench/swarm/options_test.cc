#include "swarm/options.h"

#include <gtest/gtest.h>

#include "swarm/report.h"

namespace tsunagu::swarm {
namespace {

TEST(ParseUrl, AcceptsPlainLocalAddresses) {
  struct Case {
    const char* url;
    const char* host;
    std::uint16_t port;
  };
  const Case cases[] = {
      {"http://127.0.0.1:8080", "127.0.0.1", 8080},
      {"http://127.0.0.1:8080/", "127.0.0.1", 8080},
      {"ws://localhost:1", "localhost", 1},
      {"http://[::1]:65535", "::1", 65535},
  };
  for (const Case& c : cases) {
    auto e = parse_url(c.url);
    ASSERT_TRUE(e) << c.url << ": " << e.error().message();
    EXPECT_EQ(e->host, c.host) << c.url;
    EXPECT_EQ(e->port, c.port) << c.url;
  }
}

TEST(ParseUrl, RefusesWhatItCannotUse) {
  for (const char* url : {"127.0.0.1:8080", "https://127.0.0.1:8443", "wss://x:1", "http://127.0.0.1",
                          "http://127.0.0.1:0", "http://127.0.0.1:70000", "http://:80",
                          "http://127.0.0.1:80/ws", "http://[::1:80", "ftp://a:1"}) {
    auto e = parse_url(url);
    EXPECT_FALSE(e) << url;
    if (!e) {
      EXPECT_EQ(e.error().name(), "bad_url") << url;
    }
  }
}

TEST(IsLoopback, OnlyThisMachine) {
  for (const char* h : {"127.0.0.1", "127.1.2.3", "localhost", "::1"}) EXPECT_TRUE(is_loopback(h)) << h;
  for (const char* h : {"10.0.0.1", "127.0.0", "127.0.0.256", "128.0.0.1", "example.org",
                        "127.0.0.1.example.org", "localhost.example.org", ""}) {
    EXPECT_FALSE(is_loopback(h)) << h;
  }
}

core::Result<Options> parse(std::vector<std::string_view> args) { return parse_options(args); }

TEST(ParseOptions, DefaultsAndEveryFlag) {
  auto d = parse({});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->server.host, "127.0.0.1");
  EXPECT_EQ(d->server.port, 8080);
  EXPECT_EQ(d->clients, 100);
  EXPECT_EQ(d->rate, 20);
  EXPECT_EQ(d->threads, 1);
  EXPECT_EQ(d->pattern, Pattern::kMix);
  EXPECT_EQ(d->spaces, std::vector<std::string>{"plaza"});
  EXPECT_FALSE(d->json);

  auto o = parse({"--url", "http://127.0.0.1:9000", "--clients", "2000", "--rate", "10",
                  "--seconds", "30", "--space", "bench,plaza", "--json", "--threads", "2",
                  "--pattern", "stage", "--ramp", "500", "--idle", "--seed", "7"});
  ASSERT_TRUE(o) << o.error().message();
  EXPECT_EQ(o->server.port, 9000);
  EXPECT_EQ(o->clients, 2000);
  EXPECT_EQ(o->rate, 10);
  EXPECT_EQ(o->seconds, 30);
  EXPECT_EQ(o->spaces, (std::vector<std::string>{"bench", "plaza"}));
  EXPECT_TRUE(o->json);
  EXPECT_EQ(o->threads, 2);
  EXPECT_EQ(o->pattern, Pattern::kStage);
  EXPECT_EQ(o->ramp, 500);
  EXPECT_TRUE(o->idle);
  EXPECT_EQ(o->seed, 7u);
}

TEST(ParseOptions, RefusalsSayWhatToFix) {
  struct Case {
    std::vector<std::string_view> args;
    const char* says;
  };
  const Case cases[] = {
      {{"--clients", "0"}, "--clients"},
      {{"--clients", "ten"}, "--clients"},
      {{"--rate", "0"}, "--rate"},
      {{"--rate", "100"}, "--rate"},
      {{"--seconds", "-1"}, "--seconds"},
      {{"--threads", "0"}, "--threads"},
      {{"--pattern", "dance"}, "--pattern"},
      {{"--space", "Plaza!"}, "--space"},
      {{"--space", ","}, "--space"},
      {{"--ramp", "0"}, "--ramp"},
      {{"--clients"}, "needs a value"},
      {{"--bogus", "1"}, "unknown option"},
      {{"--url", "http://10.1.2.3:8080"}, "only targets this machine"},
      {{"--url", "http://example.org:80"}, "only targets this machine"},
      {{"--url", "https://127.0.0.1:8443"}, "TLS"},
  };
  for (const Case& c : cases) {
    auto o = parse(c.args);
    ASSERT_FALSE(o) << c.says;
    EXPECT_NE(o.error().message().find(c.says), std::string::npos) << o.error().message();
  }
}

TEST(ParseOptions, RemoteHostsOnlyWhenAllowed) {
  auto o = parse({"--url", "http://10.1.2.3:8080", "--allow-remote"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->server.host, "10.1.2.3");
}

// The verdict of a run, by what went wrong.
TEST(Judge, FailsOnAnyErrorAndPassesOnlyAClean) {
  auto clean = [] {
    Summary s;
    s.options.clients = 10;
    s.joined = 10;
    s.counters.world_frames = 100;
    s.counters.records_move = 50;
    s.neighbours.pairs = 20;
    return s;
  };
  EXPECT_TRUE(judge(clean()).empty());
  struct Case {
    const char* name;
    void (*spoil)(Summary&);
    const char* says;
  };
  const Case cases[] = {
      {"a bot did not join", [](Summary& s) { s.joined = 9; }, "did not join"},
      {"connect error", [](Summary& s) { s.counters.connect_errors["hello"] = 1; }, "connect errors"},
      {"error message", [](Summary& s) { s.counters.protocol_errors["rate_limited"] = 2; },
       "rate_limited"},
      {"unexpected close", [](Summary& s) { s.counters.unexpected_closes[4005] = 1; }, "4005"},
      {"bad frame", [](Summary& s) { s.counters.decode_errors = 1; }, "decode"},
      {"move for a stranger", [](Summary& s) { s.counters.moves_unknown = 3; }, "never joined"},
      {"nothing received", [](Summary& s) { s.counters.world_frames = 0; }, "no WORLD frame"},
      {"no moves while moving", [](Summary& s) { s.counters.records_move = 0; }, "no MOVE"},
      {"a missed neighbour",
       [](Summary& s) {
         s.neighbours.missing = 1;
         s.neighbours.min_fraction = 0.5;
       },
       "missed neighbours"},
      {"a stale position", [](Summary& s) { s.neighbours.stale = 1; }, "out of date"},
      {"a ghost", [](Summary& s) { s.neighbours.ghosts = 1; }, "after they left"},
  };
  for (const Case& c : cases) {
    Summary s = clean();
    c.spoil(s);
    const auto why = judge(s);
    ASSERT_FALSE(why.empty()) << c.name;
    std::string all;
    for (const auto& w : why) all += w + "; ";
    EXPECT_NE(all.find(c.says), std::string::npos) << c.name << ": " << all;
  }
  // Idle bots move nothing: no MOVE records is then fine.
  Summary idle = clean();
  idle.options.idle = true;
  idle.counters.records_move = 0;
  EXPECT_TRUE(judge(idle).empty());
}

TEST(ToJson, HasEveryNumberOnOneLine) {
  Summary s;
  s.options.clients = 2;
  s.joined = 2;
  s.latency.add(1500);
  s.down_bps = {1000, 3000};
  s.up_bps = {200, 400};
  const auto j = to_json(s, {"x"});
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["failures"][0], "x");
  EXPECT_NEAR(j["latency_ms"]["p99"].get<double>(), 1.5, 0.02);
  EXPECT_EQ(j["down_bytes_per_s"]["mean"], 2000.0);
  EXPECT_EQ(j["down_bytes_per_s"]["max"], 3000.0);
  EXPECT_EQ(j["up_bytes_per_s"]["mean"], 300.0);
  EXPECT_EQ(j["errors"]["unexpected_closes"], 0);
  EXPECT_TRUE(j.contains("neighbours"));
  EXPECT_EQ(j.dump().find('\n'), std::string::npos);
}

}  // namespace
}  // namespace tsunagu::swarm
