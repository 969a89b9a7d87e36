// The words that say what a demand is about ("油烟", "景蓉华苑", "养老保险"),
// found with ICU's dictionary word segmentation. A reply that names none of
// them has probably not answered this demand, whatever else it says.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hotline {

// Whether a word is too common in demands and replies to say what one is
// about (问题, 反映, 领导, 您好, ...).
bool IsCommonWord(std::string_view word);

// Up to `limit` salient words of a demand: words of two or more Han
// characters that are not common words, ranked by weight (a word of the
// title counts `title_weight` times, each use in the content once), ties by
// first appearance. Words of Latin letters and digits (anonymised place
// codes, numbers) are left out.
std::vector<std::string> KeyTerms(std::string_view title, std::string_view content, int limit,
                                  int title_weight = 3);

// Whether `reply_chars` (ContentChars of the reply) names `term`: the
// whole word, or for a word of four or more characters either its first or
// its last two characters (a reply says "华苑" for "景蓉华苑", "保险" for
// "养老保险").
bool TermAddressed(std::u32string_view reply_chars, std::string_view term);

}  // namespace hotline
