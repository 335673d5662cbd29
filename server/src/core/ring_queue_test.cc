#include "core/ring_queue.h"

#include <gtest/gtest.h>

#include <memory>

namespace tsunagu::core {
namespace {

TEST(RingQueueTest, KeepsOrderAcrossWrapAndGrowth) {
  RingQueue<int> q;
  int next_in = 0, next_out = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < round % 13 + 1; ++i) q.push_back(next_in++);
    for (int i = 0; i < round % 7 + 1 && !q.empty(); ++i) {
      EXPECT_EQ(q.front(), next_out++);
      q.pop_front();
    }
  }
  while (!q.empty()) {
    EXPECT_EQ(q.front(), next_out++);
    q.pop_front();
  }
  EXPECT_EQ(next_in, next_out);
}

TEST(RingQueueTest, PopReleasesSharedBuffers) {
  RingQueue<std::shared_ptr<int>> q;
  auto buffer = std::make_shared<int>(1);
  q.push_back(buffer);
  q.push_back(buffer);
  EXPECT_EQ(buffer.use_count(), 3);
  q.pop_front();
  EXPECT_EQ(buffer.use_count(), 2);
  q.clear();
  EXPECT_EQ(buffer.use_count(), 1);
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace tsunagu::core
