#include "text/text_features.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <memory>

#include "text/shingles.h"

namespace hotline {
namespace {

// Creating a word break iterator loads ICU's Chinese dictionary; one per
// thread is created once and reused (an iterator is not thread-safe).
icu::BreakIterator* WordIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    if (U_FAILURE(status)) it.reset();
    return it;
  }();
  return iterator.get();
}

void AppendNgrams(const std::u32string& chars, int min_n, int max_n, std::string_view prefix,
                  std::vector<std::string>& out) {
  for (int n = std::max(min_n, 1); n <= max_n; ++n) {
    if (chars.size() < static_cast<size_t>(n)) break;
    for (size_t i = 0; i + n <= chars.size(); ++i) {
      std::string token(prefix);
      token += EncodeUtf8(std::u32string_view(chars).substr(i, n));
      out.push_back(std::move(token));
    }
  }
}

}  // namespace

std::vector<std::string> SegmentWords(std::string_view utf8) {
  std::vector<std::string> words;
  icu::BreakIterator* it = WordIterator();
  if (it == nullptr || utf8.empty()) return words;
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  it->setText(text);
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    // Rule status below UBRK_WORD_NONE_LIMIT: spaces and punctuation.
    if (it->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    std::string piece;
    text.tempSubStringBetween(start, end).toUTF8String(piece);
    std::u32string folded = ContentChars(piece);
    if (!folded.empty()) words.push_back(EncodeUtf8(folded));
  }
  // The iterator keeps a pointer into `text`; detach it before `text` dies.
  it->setText(icu::UnicodeString());
  return words;
}

std::vector<std::string> CharNgrams(std::string_view utf8, int min_n, int max_n) {
  std::vector<std::string> out;
  AppendNgrams(ContentChars(utf8), min_n, max_n, "", out);
  return out;
}

std::string_view TitleOf(std::string_view text) {
  const size_t ascii = text.find(' ');
  const size_t ideographic = text.find("\u3000");
  const size_t cut = std::min(ascii, ideographic);
  return cut == std::string_view::npos ? text : text.substr(0, cut);
}

std::vector<std::string> TextFeatures(std::string_view text, const TextFeatureOptions& options) {
  std::vector<std::string> out;
  auto add_words = [&](std::string_view part, std::string_view prefix, int copies) {
    for (std::string& w : SegmentWords(part)) {
      if (DecodeUtf8(w).size() < static_cast<size_t>(options.min_word_chars)) continue;
      for (int i = 0; i < copies; ++i) out.push_back(std::string(prefix) + w);
    }
  };
  if (options.words) add_words(text, "w:", 1);
  if (options.title_weight > 0) add_words(TitleOf(text), "t:", options.title_weight);
  if (options.max_char_ngram > 0)
    AppendNgrams(ContentChars(text), options.min_char_ngram, options.max_char_ngram, "c:", out);
  if (options.title_char_ngrams && options.max_char_ngram > 0)
    AppendNgrams(ContentChars(TitleOf(text)), options.min_char_ngram, options.max_char_ngram,
                 "tc:", out);
  return out;
}

}  // namespace hotline
