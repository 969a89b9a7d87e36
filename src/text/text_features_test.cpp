#include "text/text_features.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace hotline {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(TextFeaturesTest, SegmentsAChineseSentenceIntoDictionaryWords) {
  const auto words = SegmentWords("小区门口的烧烤摊油烟很大，严重影响居民生活。");
  // ICU's dictionary finds the multi-character words and drops punctuation.
  EXPECT_TRUE(Has(words, "小区")) << ::testing::PrintToString(words);
  EXPECT_TRUE(Has(words, "门口"));
  EXPECT_TRUE(Has(words, "居民"));
  EXPECT_TRUE(Has(words, "生活"));
  EXPECT_FALSE(Has(words, "，"));
  EXPECT_FALSE(Has(words, "。"));
  std::string joined;
  for (const auto& w : words) joined += w;
  EXPECT_EQ(joined, "小区门口的烧烤摊油烟很大严重影响居民生活");  // nothing lost but punctuation
}

TEST(TextFeaturesTest, WordsAreFoldedAndLatinDigitsKeptWhole) {
  const auto words = SegmentWords("ＷＩＦＩ 信号 2019年 Bus");
  EXPECT_TRUE(Has(words, "wifi")) << ::testing::PrintToString(words);
  EXPECT_TRUE(Has(words, "2019"));
  EXPECT_TRUE(Has(words, "bus"));
  EXPECT_TRUE(SegmentWords("").empty());
  EXPECT_TRUE(SegmentWords("，。！ ").empty());
}

TEST(TextFeaturesTest, CharNgramsOfEveryLengthInTextOrder) {
  EXPECT_EQ(CharNgrams("噪音扰民", 1, 3),
            (std::vector<std::string>{"噪", "音", "扰", "民", "噪音", "音扰", "扰民", "噪音扰",
                                      "音扰民"}));
  // Punctuation is dropped before the n-grams are taken; short texts give
  // no n-grams longer than themselves.
  EXPECT_EQ(CharNgrams("噪，音", 2, 3), (std::vector<std::string>{"噪音"}));
  EXPECT_TRUE(CharNgrams("", 1, 3).empty());
}

TEST(TextFeaturesTest, TitleIsTheTextBeforeTheFirstSpace) {
  EXPECT_EQ(TitleOf("路灯不亮 我家门口的路灯坏了"), "路灯不亮");
  EXPECT_EQ(TitleOf("路灯不亮\u3000正文"), "路灯不亮");
  EXPECT_EQ(TitleOf("没有空格"), "没有空格");
}

TEST(TextFeaturesTest, FeaturesArePrefixedByKindAndTitleWordsWeighted) {
  TextFeatureOptions o;
  o.min_char_ngram = 2;
  o.max_char_ngram = 2;
  o.title_weight = 2;
  const auto tokens = TextFeatures("噪音扰民 夜间施工噪音", o);
  EXPECT_EQ(std::count(tokens.begin(), tokens.end(), "w:噪音"), 2);  // title and body
  EXPECT_EQ(std::count(tokens.begin(), tokens.end(), "t:噪音"), 2);  // title, twice
  EXPECT_TRUE(Has(tokens, "c:扰民"));
  EXPECT_TRUE(Has(tokens, "c:民夜"));  // n-grams run across the title/body space
  for (const auto& t : tokens) EXPECT_EQ(t.find(' '), std::string::npos) << t;
  o.words = false;
  o.title_weight = 0;
  const auto only_chars = TextFeatures("噪音扰民", o);
  EXPECT_EQ(only_chars, (std::vector<std::string>{"c:噪音", "c:音扰", "c:扰民"}));
}

}  // namespace
}  // namespace hotline
