#include "text/shingles.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(ShinglesTest, Utf8RoundTripsAndMalformedBytesBecomeReplacementChars) {
  const std::string text = "噪音a1😀";
  EXPECT_EQ(DecodeUtf8(text), U"噪音a1😀");
  EXPECT_EQ(EncodeUtf8(DecodeUtf8(text)), text);
  EXPECT_EQ(DecodeUtf8("a\xFF"
                       "b"),
            U"a\uFFFDb");
  EXPECT_EQ(DecodeUtf8("\xE5\x99"), U"\uFFFD\uFFFD");  // truncated sequence
  EXPECT_EQ(DecodeUtf8("\xC0\xAF"), U"\uFFFD\uFFFD");  // overlong '/'
}

TEST(ShinglesTest, ContentCharsDropPunctuationAndFoldWidthAndCase) {
  EXPECT_EQ(ContentChars("小区，门口 油烟！ＡＢｃ１2"), U"小区门口油烟abc12");
  EXPECT_EQ(ContentChars("，。！ \t"), U"");
}

TEST(ShinglesTest, ShinglesAreDistinctSortedBigramsAndShortTextsAreOneShingle) {
  const auto s = ShingleHashes("油烟油烟");  // 油烟, 烟油, 油烟
  EXPECT_EQ(s.size(), 2u);
  EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));
  EXPECT_EQ(ShingleHashes("噪").size(), 1u);
  EXPECT_TRUE(ShingleHashes("，。").empty());
  EXPECT_EQ(ShingleHashes("小区门口", 2), ShingleHashes("小区，门口", 2));
}

TEST(ShinglesTest, JaccardOfKnownSets) {
  const auto a = ShingleHashes("abcd");  // ab bc cd
  const auto b = ShingleHashes("bcde");  // bc cd de
  EXPECT_DOUBLE_EQ(Jaccard(a, b), 2.0 / 4.0);
  EXPECT_DOUBLE_EQ(Jaccard(a, a), 1.0);
  EXPECT_DOUBLE_EQ(Jaccard({}, {}), 0.0);
  EXPECT_DOUBLE_EQ(Jaccard(a, ShingleHashes("xyz")), 0.0);
}

TEST(ShinglesTest, SimHashKeepsNearTextsCloseAndFarTextsFar) {
  const std::string base = "秦淮区中华路小区门口的烧烤摊每天晚上油烟很大，影响居民休息，请尽快处理";
  const std::string near = "秦淮区中华路小区门口烧烤摊每晚油烟很大，影响居民休息，请尽快处理一下";
  const std::string far = "孩子入学的学区划分问题，咨询今年小学招生政策和报名时间安排";
  const uint64_t hb = SimHash(ShingleHashes(base));
  EXPECT_EQ(SimHash(ShingleHashes(base)), hb);  // deterministic
  EXPECT_LT(HammingDistance(hb, SimHash(ShingleHashes(near))),
            HammingDistance(hb, SimHash(ShingleHashes(far))));
  EXPECT_EQ(HammingDistance(0, ~uint64_t{0}), 64);
}

TEST(ShinglesTest, MinHashEstimatesJaccard) {
  const std::string base = "秦淮区中华路小区门口的烧烤摊每天晚上油烟很大，影响居民休息，请尽快处理";
  const std::string near = "秦淮区中华路小区门口烧烤摊每晚油烟很大，影响居民休息，请尽快处理一下";
  const std::string far = "孩子入学的学区划分问题，咨询今年小学招生政策和报名时间安排";
  const auto a = ShingleHashes(base);
  const auto b = ShingleHashes(near);
  const auto c = ShingleHashes(far);
  EXPECT_NEAR(MinHashSimilarity(MinHash(a), MinHash(b)), Jaccard(a, b), 0.2);
  EXPECT_LT(MinHashSimilarity(MinHash(a), MinHash(c)), 0.15);
  EXPECT_DOUBLE_EQ(MinHashSimilarity(MinHash(a), MinHash(a)), 1.0);
}

}  // namespace
}  // namespace hotline
