#include "text/text_clusters.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "text/shingles.h"

namespace hotline {
namespace {

// Real citizen messages, read at run time (their texts stay out of the
// repository): the first `count` rows of messages_with_votes.tsv with a text
// of at least 60 characters.
std::vector<std::string> RealMessages(std::size_t count) {
  const auto path =
      std::filesystem::path(HOTLINE_SHARED_DATA) / "hotline-texts" / "messages_with_votes.tsv";
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header: id, text, created_at, likes, dislikes
  std::vector<std::string> out;
  while (out.size() < count && std::getline(in, line)) {
    const auto a = line.find('\t');
    const auto b = line.find('\t', a + 1);
    std::string text = line.substr(a + 1, b - a - 1);
    if (ContentChars(text).size() >= 60) out.push_back(std::move(text));
  }
  return out;
}

// A citizen's rewording: the first part of the text, a new opening, and
// the last characters dropped.
std::string Reworded(const std::string& text, std::string_view opening) {
  const std::u32string chars = DecodeUtf8(text);
  const std::u32string kept = chars.substr(0, chars.size() * 4 / 5);
  return std::string(opening) + EncodeUtf8(kept);
}

class TextClustersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    real_ = RealMessages(40);
    ASSERT_EQ(real_.size(), 40u) << "real messages missing under " << HOTLINE_SHARED_DATA;
  }
  std::vector<std::string> real_;
};

TEST_F(TextClustersTest, NearDuplicatesWithinTheWindowFormOneCluster) {
  std::vector<ClusterText> texts;
  // Three messages about one thing within four days, with likes.
  texts.push_back({1, real_[0], 100, 5});
  texts.push_back({2, Reworded(real_[0], "再次反映："), 102, 7});
  texts.push_back({3, Reworded(real_[0], "强烈要求解决，") + "。谢谢！", 104, 1});
  // Unrelated real messages on the same days.
  for (std::size_t i = 1; i < real_.size(); ++i)
    texts.push_back(
        {static_cast<std::int64_t>(100 + i), real_[i], 100 + static_cast<std::int64_t>(i % 5), 50});
  const auto clusters = FindTextClusters(texts, TextClusterOptions{});
  ASSERT_EQ(clusters.size(), 1u);
  const TextCluster& c = clusters[0];
  EXPECT_EQ(c.ids, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(c.first_day, 100);
  EXPECT_EQ(c.last_day, 104);
  EXPECT_EQ(c.weight, 13);
  EXPECT_TRUE(std::find(c.ids.begin(), c.ids.end(), c.representative_id) != c.ids.end());
  ASSERT_FALSE(c.top_bigrams.empty());
  // Every label bigram occurs in all three texts' characters.
  for (const std::string& b : c.top_bigrams)
    for (const ClusterText& t : {texts[0], texts[1], texts[2]})
      EXPECT_NE(ContentChars(t.text).find(DecodeUtf8(b)), std::u32string::npos) << b;
}

TEST_F(TextClustersTest, TextsFurtherApartThanTheWindowStaySeparate) {
  std::vector<ClusterText> texts = {{1, real_[0], 100, 1},
                                    {2, Reworded(real_[0], "再次反映："), 110, 1},
                                    {3, Reworded(real_[0], "强烈要求解决，"), 120, 1}};
  EXPECT_TRUE(FindTextClusters(texts, TextClusterOptions{}).empty());
  // A wider window links them through the middle one.
  TextClusterOptions wide;
  wide.window_days = 10;
  const auto clusters = FindTextClusters(texts, wide);
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].ids.size(), 3u);
}

TEST_F(TextClustersTest, UnrelatedRealMessagesDoNotCluster) {
  std::vector<ClusterText> texts;
  for (std::size_t i = 0; i < real_.size(); ++i)
    texts.push_back({static_cast<std::int64_t>(i + 1), real_[i], 100, 1});
  TextClusterOptions o;
  o.min_size = 2;
  EXPECT_TRUE(FindTextClusters(texts, o).empty());
}

TEST_F(TextClustersTest, SmallGroupsAreLeftOutAndHeavierClustersComeFirst) {
  std::vector<ClusterText> texts = {{1, real_[0], 100, 1},
                                    {2, Reworded(real_[0], "再次反映："), 101, 1},
                                    {3, real_[1], 100, 10},
                                    {4, Reworded(real_[1], "再次反映："), 101, 10},
                                    {5, real_[2], 100, 3},
                                    {6, Reworded(real_[2], "再次反映："), 101, 3},
                                    {7, Reworded(real_[2], "又一次："), 102, 3}};
  TextClusterOptions o;
  o.min_size = 2;
  const auto clusters = FindTextClusters(texts, o);
  ASSERT_EQ(clusters.size(), 3u);
  EXPECT_EQ(clusters[0].ids, (std::vector<std::int64_t>{3, 4}));  // 20 likes
  EXPECT_EQ(clusters[1].ids, (std::vector<std::int64_t>{5, 6, 7}));
  o.min_size = 3;
  const auto big = FindTextClusters(texts, o);
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(big[0].ids.size(), 3u);
}

TEST_F(TextClustersTest, ACampaignOfCopiesIsOneClusterBesideTheOthers) {
  // 3,000 copies of one message (a campaign or a bulk import) and three
  // versions of another: two clusters, every copy in the first.
  std::vector<ClusterText> texts;
  for (std::int64_t i = 0; i < 3000; ++i) texts.push_back({i + 1, real_[5], 200 + i % 5, 1});
  texts.push_back({5001, real_[6], 201, 1});
  texts.push_back({5002, Reworded(real_[6], "再次反映："), 202, 1});
  texts.push_back({5003, Reworded(real_[6], "强烈要求解决，"), 203, 1});
  for (std::size_t i = 7; i < real_.size(); ++i)
    texts.push_back({static_cast<std::int64_t>(6000 + i), real_[i], 203, 1});
  const auto clusters = FindTextClusters(texts, TextClusterOptions{});
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].ids.size(), 3000u);
  EXPECT_EQ(clusters[1].ids, (std::vector<std::int64_t>{5001, 5002, 5003}));
}

}  // namespace
}  // namespace hotline
