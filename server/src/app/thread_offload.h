#pragma once

#include <atomic>
#include <functional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/offload.h"

namespace tsunagu::app {

// core::Offload on a small thread pool: `work` runs on a pool thread, `done` is posted back
// to the event loop. At most `max_pending` jobs wait; beyond that run() refuses, so a flood of
// logins cannot queue unbounded Argon2id work (64 MiB each). Thread-safe.
class ThreadOffload final : public core::Offload {
 public:
  ThreadOffload(boost::asio::io_context& loop, int threads, int max_pending)
      : loop_(loop), pool_(threads), max_pending_(max_pending) {}
  ~ThreadOffload() override { pool_.join(); }

  bool run(std::function<void()> work, std::function<void()> done) override {
    if (pending_.fetch_add(1) >= max_pending_) {
      pending_.fetch_sub(1);
      return false;
    }
    boost::asio::post(pool_, [this, work = std::move(work), done = std::move(done)]() mutable {
      work();
      boost::asio::post(loop_, [this, done = std::move(done)] {
        pending_.fetch_sub(1);
        done();
      });
    });
    return true;
  }

  void stop() { pool_.join(); }

 private:
  boost::asio::io_context& loop_;
  boost::asio::thread_pool pool_;
  std::atomic<int> pending_{0};
  int max_pending_;
};

}  // namespace tsunagu::app
