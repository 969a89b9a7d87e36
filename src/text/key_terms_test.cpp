#include "text/key_terms.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "text/shingles.h"

namespace hotline {
namespace {

bool Has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(KeyTerms, TitleWordsRankFirstAndCommonWordsNeverCount) {
  const auto terms =
      KeyTerms("反映小区门口烧烤油烟问题", "尊敬的领导，小区门口的烧烤摊每天晚上油烟很大。", 5);
  ASSERT_FALSE(terms.empty());
  EXPECT_TRUE(Has(terms, "烧烤"));
  EXPECT_TRUE(Has(terms, "油烟"));
  EXPECT_FALSE(Has(terms, "问题"));
  EXPECT_FALSE(Has(terms, "反映"));
  EXPECT_FALSE(Has(terms, "领导"));
  EXPECT_LE(terms.size(), 5u);
}

TEST(KeyTerms, JoinsRunsOfSingleCharactersTheDictionaryLacks) {
  // ICU's dictionary splits 油烟 into 油|烟; the run is one term.
  EXPECT_TRUE(Has(KeyTerms("小区门口烧烤油烟很大", "", 8), "油烟"));
}

TEST(KeyTerms, LeavesOutLatinAndDigitCodes) {
  const auto terms = KeyTerms("A2区 ABC 2019 电梯故障", "", 8);
  for (const auto& t : terms) {
    const auto chars = ContentChars(t);
    EXPECT_TRUE(std::none_of(chars.begin(), chars.end(), [](char32_t c) { return c < 0x80; })) << t;
  }
  EXPECT_TRUE(Has(terms, "电梯"));
}

TEST(TermAddressed, WholeWordOrEitherHalfOfALongWord) {
  const std::u32string reply = ContentChars("经查，该花苑的养老问题已解决");
  EXPECT_TRUE(TermAddressed(reply, "花苑"));
  EXPECT_TRUE(TermAddressed(reply, "景蓉花苑"));  // last two characters named
  EXPECT_FALSE(TermAddressed(reply, "油烟"));
  EXPECT_FALSE(TermAddressed(reply, "养护"));  // short words must match whole
}

}  // namespace
}  // namespace hotline
