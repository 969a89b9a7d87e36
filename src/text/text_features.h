// Features of a citizen's message for text classification. Chinese has no
// spaces, so a message is described twice over: by the words an ICU
// dictionary segmenter finds ("噪音", "扰民") and by overlapping character
// n-grams, which still match when the segmenter splits a rare compound or a
// citizen misspells it. The title (the part before the first space) names the
// problem in a few words, so its words may count extra.
//
// Pure functions: no I/O; safe to call from many threads at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hotline {

struct TextFeatureOptions {
  bool words = true;               // ICU dictionary words ("w:" prefix)
  int min_word_chars = 1;          // shorter words are left to the character n-grams
  int min_char_ngram = 1;          // character n-grams ("c:" prefix), n in [min, max];
  int max_char_ngram = 3;          //   max 0 disables them
  int title_weight = 1;            // extra copies of each title word ("t:" prefix); 0 = none
  bool title_char_ngrams = false;  // the title's character n-grams again ("tc:" prefix)
};

// The words of `utf8` by ICU's word break rules for Chinese (dictionary
// segmentation for Han, letters and digits kept whole), each folded like
// ContentChars; punctuation and spaces dropped. Order as in the text.
std::vector<std::string> SegmentWords(std::string_view utf8);

// The character n-grams of ContentChars(utf8), n from min_n to max_n, in text
// order (n-grams of one length after another). A text shorter than n yields
// no n-gram of that length.
std::vector<std::string> CharNgrams(std::string_view utf8, int min_n, int max_n);

// The title of a message: the text before its first space (ASCII or
// ideographic); the whole text when it has none.
std::string_view TitleOf(std::string_view text);

// Every feature token of a message (with repetitions: counts matter), each
// prefixed by its kind so a word and an equal character n-gram stay distinct.
// Tokens never contain whitespace.
std::vector<std::string> TextFeatures(std::string_view text, const TextFeatureOptions& options);

}  // namespace hotline
