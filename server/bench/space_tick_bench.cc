// Microbenchmark of one space's tick with many moving avatars (no sockets): the area of
// interest, encoding and fan-out into pooled frames. Run: build/tsunagu-bench-space.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "world/space.h"

namespace tsunagu::world {
namespace {

class NullSink : public MemberSink {
 public:
  void send_world_frame(const core::FrameRef& frame) override { bytes += frame.view().size(); }
  void send_control(const TextBytes&) override {}
  std::size_t bytes = 0;
};

void BM_SpaceTick(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  SpaceConfig config;
  config.id = "bench";
  config.capacity = n;
  config.bounds = Bounds{-50, -50, 50, 50};
  Space space(config);
  std::vector<std::unique_ptr<NullSink>> sinks;
  for (int i = 1; i <= n; ++i) {
    sinks.push_back(std::make_unique<NullSink>());
    (void)space.add(static_cast<std::uint32_t>(i), 0, "bot", *sinks.back());
  }
  space.tick();
  int t = 0;
  for (auto _ : state) {
    ++t;
    for (int i = 1; i <= n; ++i) {  // everyone walks: a new transform every tick
      const float x = static_cast<float>(i % 45) * 2.2f - 49 + static_cast<float>(t % 40) * 0.05f;
      const float z = static_cast<float>(i / 45) * 2.2f - 49;
      space.queue_move(static_cast<std::uint32_t>(i), quantize(x, 0, z, 0, 1));
    }
    benchmark::DoNotOptimize(space.tick());
  }
  std::size_t bytes = 0;
  for (auto& s : sinks) bytes += s->bytes;
  state.counters["bytes_per_client_per_tick"] =
      static_cast<double>(bytes) / n / static_cast<double>(state.iterations());
}
BENCHMARK(BM_SpaceTick)->Arg(100)->Arg(500)->Arg(1000)->Arg(2000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tsunagu::world

BENCHMARK_MAIN();
