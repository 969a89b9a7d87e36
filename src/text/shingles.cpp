#include "text/shingles.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <bit>
#include <limits>

namespace hotline {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// splitmix64's finaliser: a cheap, well-mixed, platform-independent hash step.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

char32_t FoldChar(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII forms
  if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
  return c;
}

}  // namespace

std::u32string DecodeUtf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    const auto b0 = static_cast<unsigned char>(utf8[i]);
    int len = b0 < 0x80           ? 1
              : (b0 >> 5) == 0x6  ? 2
              : (b0 >> 4) == 0xE  ? 3
              : (b0 >> 3) == 0x1E ? 4
                                  : 0;
    if (len == 0 || i + len > utf8.size()) {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(utf8[i + k]);
      if ((b & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      c = (c << 6) | (b & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are malformed too.
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (!ok || c < kMin[len] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    out.push_back(c);
    i += len;
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char32_t c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::u32string ContentChars(std::string_view utf8) {
  std::u32string out;
  for (char32_t c : DecodeUtf8(utf8)) {
    c = FoldChar(c);
    if (c != kReplacement && u_isalnum(static_cast<UChar32>(c))) out.push_back(c);
  }
  return out;
}

uint64_t HashChars(std::u32string_view chars) {
  uint64_t h = 0x84222325CBF29CE4ULL ^ chars.size();
  for (char32_t c : chars) h = Mix(h ^ static_cast<uint64_t>(c));
  return h;
}

std::vector<uint64_t> ShingleHashes(std::string_view utf8, int n) {
  const std::u32string chars = ContentChars(utf8);
  std::vector<uint64_t> out;
  if (chars.empty() || n < 1) return out;
  const auto width = static_cast<size_t>(n);
  if (chars.size() <= width) {
    out.push_back(HashChars(chars));
    return out;
  }
  out.reserve(chars.size() - width + 1);
  const std::u32string_view view(chars);
  for (size_t i = 0; i + width <= chars.size(); ++i)
    out.push_back(HashChars(view.substr(i, width)));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  size_t common = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

uint64_t SimHash(const std::vector<uint64_t>& shingles) {
  int weights[64] = {};
  for (uint64_t s : shingles) {
    const uint64_t h = Mix(s);
    for (int bit = 0; bit < 64; ++bit) weights[bit] += (h >> bit) & 1 ? 1 : -1;
  }
  uint64_t out = 0;
  for (int bit = 0; bit < 64; ++bit)
    if (weights[bit] > 0) out |= uint64_t{1} << bit;
  return out;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

MinHashSignature MinHash(const std::vector<uint64_t>& shingles) {
  MinHashSignature sig;
  sig.fill(std::numeric_limits<uint32_t>::max());
  for (uint64_t s : shingles) {
    // One strong hash per shingle, then cheap independent permutations
    // derived from it (the standard double-hashing trick).
    const uint64_t h = Mix(s);
    const auto h1 = static_cast<uint32_t>(h);
    const auto h2 = static_cast<uint32_t>(h >> 32) | 1u;
    for (int k = 0; k < kMinHashSize; ++k) {
      const uint32_t v = h1 + static_cast<uint32_t>(k) * h2;
      if (v < sig[k]) sig[k] = v;
    }
  }
  return sig;
}

double MinHashSimilarity(const MinHashSignature& a, const MinHashSignature& b) {
  int same = 0;
  for (int k = 0; k < kMinHashSize; ++k) same += a[k] == b[k] ? 1 : 0;
  return static_cast<double>(same) / kMinHashSize;
}

}  // namespace hotline
