#pragma once

#include <functional>

namespace tsunagu::core {

// Runs slow, self-contained work (password hashing) away from the event loop, then calls
// `done` back on the loop that asked. `work` must touch only what it captured; `done` runs
// on the caller's thread. Returns false, running neither, when too much work is already
// waiting (the caller answers "busy").
class Offload {
 public:
  virtual ~Offload() = default;
  virtual bool run(std::function<void()> work, std::function<void()> done) = 0;
};

// Runs both at once, in order, on the calling thread: for tests and tools.
class InlineOffload final : public Offload {
 public:
  bool run(std::function<void()> work, std::function<void()> done) override {
    work();
    done();
    return true;
  }
};

}  // namespace tsunagu::core
