#include "common/versioned_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace hotline {
namespace {

TEST(VersionedCacheTest, ServesOnlyTheRequestedVersion) {
  VersionedCache<std::string> cache(100);
  cache.Put(1, 3, std::make_shared<const std::string>("v3"));
  ASSERT_NE(cache.Find(1, 3), nullptr);
  EXPECT_EQ(*cache.Find(1, 3), "v3");
  EXPECT_EQ(cache.Find(1, 4), nullptr);
  EXPECT_EQ(cache.Find(2, 3), nullptr);
}

TEST(VersionedCacheTest, NeverGoesBackToAnOlderVersion) {
  VersionedCache<std::string> cache(100);
  cache.Put(1, 5, std::make_shared<const std::string>("v5"));
  cache.Put(1, 4, std::make_shared<const std::string>("v4"));  // a slow reader arriving late
  EXPECT_EQ(cache.Find(1, 4), nullptr);
  EXPECT_EQ(*cache.Find(1, 5), "v5");
  cache.Put(1, 6, std::make_shared<const std::string>("v6"));
  EXPECT_EQ(*cache.Find(1, 6), "v6");
}

TEST(VersionedCacheTest, StaysBounded) {
  VersionedCache<int> cache(32);
  for (int i = 0; i < 10000; ++i) cache.Put(i, 1, std::make_shared<const int>(i));
  int present = 0;
  for (int i = 0; i < 10000; ++i) present += cache.Find(i, 1) != nullptr;
  EXPECT_LE(present, 32 + 16);
  EXPECT_GT(present, 0);
}

}  // namespace
}  // namespace hotline
