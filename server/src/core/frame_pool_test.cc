#include "core/frame_pool.h"

#include <gtest/gtest.h>

namespace tsunagu::core {
namespace {

TEST(FramePoolTest, FramesComeBackWhenTheLastReferenceGoes) {
  FramePool pool;
  {
    FrameRef a = pool.acquire();
    a->bytes().assign({1, 2, 3});
    FrameRef b = a;
    EXPECT_EQ(pool.idle(), 0u);
    a.reset();
    EXPECT_EQ(pool.idle(), 0u);  // b still holds it
    EXPECT_EQ(b.view().size(), 3u);
  }
  EXPECT_EQ(pool.idle(), 1u);
  EXPECT_EQ(pool.allocated(), 1u);
}

TEST(FramePoolTest, ReusesFramesAndTheirCapacity) {
  FramePool pool;
  const std::uint8_t* data = nullptr;
  for (int round = 0; round < 100; ++round) {
    FrameRef f = pool.acquire();
    EXPECT_TRUE(f->bytes().empty());
    f->bytes().resize(600);
    if (round == 0) data = f->bytes().data();
    EXPECT_EQ(f->bytes().data(), data);  // same storage every time: no allocation
  }
  EXPECT_EQ(pool.allocated(), 1u);
}

TEST(FramePoolTest, MovedReferencesDoNotDoubleRelease) {
  FramePool pool;
  FrameRef a = pool.acquire();
  FrameRef b = std::move(a);
  EXPECT_FALSE(a);
  FrameRef c;
  c = b;
  b.reset();
  c.reset();
  EXPECT_EQ(pool.idle(), 1u);
}

TEST(FramePoolTest, FramesMayOutliveTheirPool) {
  FrameRef survivor;
  {
    FramePool pool;
    survivor = pool.acquire();
    survivor->bytes().assign(10, 7);
  }
  EXPECT_EQ(survivor.view().size(), 10u);
  survivor.reset();  // deletes it (checked by sanitizers and valgrind)
}

}  // namespace
}  // namespace tsunagu::core
