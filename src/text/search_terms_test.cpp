#include "text/search_terms.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

TEST(SearchTermsTest, UnitsAreHanCharactersAndAsciiRuns) {
  EXPECT_EQ(SearchUnits("WiFi密码，3栋！"),
            (std::vector<std::string>{"wifi", "密", "码", "3", "栋"}));
  EXPECT_TRUE(SearchUnits("，。 !").empty());
}

TEST(SearchTermsTest, IndexTextListsBigramsInOrderThenTheLastUnit) {
  EXPECT_EQ(SearchIndexText("楼下噪音"), "楼下 下噪 噪音 音");
  // Punctuation and full-width forms fold away; ASCII runs stay whole.
  EXPECT_EQ(SearchIndexText("ＡＢ12号，油烟"), "ab12号 号油 油烟 烟");
  EXPECT_EQ(SearchIndexText("噪"), "噪");
  EXPECT_EQ(SearchIndexText(" ，"), "");
}

TEST(SearchTermsTest, QueriesBecomePhrasesOfBigrams) {
  EXPECT_EQ(SearchMatchExpression("噪音"), "\"噪音\"");
  EXPECT_EQ(SearchMatchExpression("油烟扰民"), "\"油烟 烟扰 扰民\"");
  // One unit: a prefix query, since the unit begins a bigram (or ends the text).
  EXPECT_EQ(SearchMatchExpression("噪"), "\"噪\"*");
  EXPECT_EQ(SearchMatchExpression("wifi"), "\"wifi\"*");
  // A trailing ASCII word may be incomplete.
  EXPECT_EQ(SearchMatchExpression("密码Wi"), "\"密码 码wi\"*");
}

TEST(SearchTermsTest, SpacesAndPunctuationSeparateTermsThatMustAllMatch) {
  EXPECT_EQ(SearchMatchExpression(" 停车，收费 "), "\"停车\" AND \"收费\"");
  EXPECT_EQ(SearchMatchExpression("停车\u3000收费"), "\"停车\" AND \"收费\"");
}

TEST(SearchTermsTest, QuerySyntaxCannotBeInjected) {
  // FTS5 operators and quotes are not content characters: they only separate terms.
  EXPECT_EQ(SearchMatchExpression("噪音\" OR \"x"), "\"噪音\" AND \"or\"* AND \"x\"*");
  EXPECT_EQ(SearchMatchExpression("*\"()^:-+"), "");
  EXPECT_EQ(SearchMatchExpression(""), "");
}

TEST(SearchTermsTest, EveryContiguousPieceOfAnIndexedTextIsAPhraseOfItsTokens) {
  const std::string text = "秦淮区中华门附近夜间施工噪音扰民";
  const std::string index = " " + SearchIndexText(text) + " ";
  for (std::string query : {"中华门", "施工噪音", "噪音", "夜间施工噪音扰民"}) {
    std::string phrase = SearchMatchExpression(query);
    phrase = phrase.substr(1, phrase.rfind('"') - 1);
    EXPECT_NE(index.find(" " + phrase + " "), std::string::npos) << query;
  }
}

TEST(SearchTermsTest, SnippetMarksEveryOccurrenceAndEscapesHtml) {
  EXPECT_EQ(HighlightSnippet("<b>楼下噪音</b>，夜里噪音更大", "噪音"),
            "&lt;b&gt;楼下<mark>噪音</mark>&lt;/b&gt;，夜里<mark>噪音</mark>更大");
  // Matching ignores punctuation and case inside the text.
  EXPECT_EQ(HighlightSnippet("油，烟 WiFi", "油烟 wifi"), "<mark>油，烟</mark> <mark>WiFi</mark>");
}

TEST(SearchTermsTest, SnippetCentresOnTheFirstMatchOfALongText) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "文";
  text += "停车";
  for (int i = 0; i < 100; ++i) text += "字";
  const std::string snippet = HighlightSnippet(text, "停车", 40);
  EXPECT_EQ(snippet.rfind("…", 0), 0u);
  EXPECT_NE(snippet.find("<mark>停车</mark>"), std::string::npos);
  EXPECT_TRUE(snippet.ends_with("…"));
  EXPECT_EQ(HighlightSnippet(text, "没有", 40).find("<mark>"), std::string::npos);
}

}  // namespace
}  // namespace hotline
