#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace tsunagu::core {

class FramePool;

// A byte buffer for one outgoing binary frame, reference-counted without atomics and returned
// to its pool when the last reference goes, so the world tick allocates nothing once the pool
// has warmed up. Thread: a frame and its pool belong to one event loop; references must not
// cross threads.
class Frame {
 public:
  std::vector<std::uint8_t>& bytes() { return bytes_; }
  std::span<const std::uint8_t> view() const { return bytes_; }

 private:
  friend class FramePool;
  friend class FrameRef;
  std::vector<std::uint8_t> bytes_;
  int refs_ = 0;
  FramePool* pool_ = nullptr;
};

// A counted reference to a Frame (like shared_ptr, without the atomic and the control block).
class FrameRef {
 public:
  FrameRef() = default;
  explicit FrameRef(Frame* frame) : frame_(frame) {
    if (frame_) ++frame_->refs_;
  }
  FrameRef(const FrameRef& other) : FrameRef(other.frame_) {}
  FrameRef(FrameRef&& other) noexcept : frame_(std::exchange(other.frame_, nullptr)) {}
  FrameRef& operator=(FrameRef other) noexcept {
    std::swap(frame_, other.frame_);
    return *this;
  }
  ~FrameRef() { reset(); }

  void reset();
  explicit operator bool() const { return frame_ != nullptr; }
  Frame* get() const { return frame_; }
  Frame& operator*() const { return *frame_; }
  Frame* operator->() const { return frame_; }
  std::span<const std::uint8_t> view() const { return frame_->view(); }

 private:
  Frame* frame_ = nullptr;
};

// Owns frames and hands them out empty. Not thread-safe: one per event loop.
class FramePool {
 public:
  FramePool() = default;
  // Frames still referenced (e.g. queued in a connection at shutdown) outlive the pool: they
  // are handed over to their last reference, which deletes them.
  ~FramePool() {
    for (auto& f : all_) {
      if (f->refs_ > 0) f.release()->pool_ = nullptr;
    }
  }
  FramePool(const FramePool&) = delete;
  FramePool& operator=(const FramePool&) = delete;

  // An empty frame (its capacity kept from earlier use).
  FrameRef acquire();
  std::size_t allocated() const { return all_.size(); }
  std::size_t idle() const { return free_.size(); }

 private:
  friend class FrameRef;
  void release(Frame* frame) {
    frame->bytes_.clear();
    free_.push_back(frame);
  }
  std::vector<std::unique_ptr<Frame>> all_;
  std::vector<Frame*> free_;
};

inline void FrameRef::reset() {
  if (frame_ && --frame_->refs_ == 0) {
    if (frame_->pool_) {
      frame_->pool_->release(frame_);
    } else {
      delete frame_;  // its pool is gone
    }
  }
  frame_ = nullptr;
}

inline FrameRef FramePool::acquire() {
  if (free_.empty()) {
    all_.push_back(std::make_unique<Frame>());
    all_.back()->pool_ = this;
    free_.push_back(all_.back().get());
  }
  Frame* f = free_.back();
  free_.pop_back();
  return FrameRef(f);
}

}  // namespace tsunagu::core
