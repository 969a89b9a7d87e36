// Character shingles of Chinese text and the similarity measures built on
// them. Citizens describe one problem in many words but the same characters
// recur ("小区门口烧烤油烟" / "门口烧烤摊油烟大"), so overlapping character
// n-grams, not words, are what near-duplicate detection compares.
//
// Every hash here is stable across processes and builds: signatures may be
// stored and compared later.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hotline {

// Code points of UTF-8 text; malformed bytes become U+FFFD.
std::u32string DecodeUtf8(std::string_view utf8);
std::string EncodeUtf8(std::u32string_view text);

// The characters that carry meaning: letters (Han included) and digits,
// full-width forms folded to their ASCII equivalents, ASCII lower-cased.
// Whitespace, punctuation and symbols are dropped.
std::u32string ContentChars(std::string_view utf8);

// Stable 64-bit hash of a code-point sequence.
uint64_t HashChars(std::u32string_view chars);

// The distinct hashes of the n-grams of ContentChars(utf8), sorted. A text
// shorter than n (but not empty) is one shingle; an empty text has none.
std::vector<uint64_t> ShingleHashes(std::string_view utf8, int n = 2);

// Jaccard similarity |a ∩ b| / |a ∪ b| of two sorted hash sets; 0 when both
// are empty.
double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

// 64-bit SimHash over the shingles: texts that share most shingles differ in
// few bits.
uint64_t SimHash(const std::vector<uint64_t>& shingles);
int HammingDistance(uint64_t a, uint64_t b);

// MinHash signature: the probability that two signatures agree in a slot is
// the Jaccard similarity of the shingle sets, so the share of agreeing slots
// estimates it without the sets themselves.
inline constexpr int kMinHashSize = 64;
using MinHashSignature = std::array<uint32_t, kMinHashSize>;
MinHashSignature MinHash(const std::vector<uint64_t>& shingles);
double MinHashSimilarity(const MinHashSignature& a, const MinHashSignature& b);

}  // namespace hotline
