// The in-memory index behind 并单 suggestions and repeat/group warnings:
// every recent order's MinHash signature, split into LSH bands, plus chains
// of orders by caller number and by address. A lookup touches only orders
// that share a band (or the caller/address) with the probe, never the whole
// window, so it stays in microseconds at a million orders.
//
// Pure data structure without I/O. Not thread-safe: the owner guards it
// (many readers, one writer).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/shingles.h"

namespace hotline {

// LSH banding: 21 bands of 3 rows use 63 of the 64 MinHash slots. A pair
// with Jaccard J becomes a candidate with probability 1 - (1 - J^3)^21:
// 0.94 at J = 0.5, 0.74 at 0.4, 0.024 at 0.1 (docs/duplicates.md).
inline constexpr int kLshBands = 21;
inline constexpr int kLshRows = 3;
static_assert(kLshBands * kLshRows <= kMinHashSize);

// A MinHash signature with each slot cut to its low 16 bits: half the memory,
// and unequal slots agree by chance only once in 65,536.
using CompactSignature = std::array<uint16_t, kMinHashSize>;

// The signature of an order's text (title and content together); nullopt
// when the text has no content characters.
std::optional<CompactSignature> TextSignature(std::string_view title, std::string_view content);
// Share of agreeing slots: an estimate of the Jaccard similarity of the two
// texts' character-bigram sets.
double SignatureSimilarity(const CompactSignature& a, const CompactSignature& b);
// The key of band `band` (0 <= band < kLshBands).
uint64_t BandKey(const CompactSignature& sig, int band);

// Stable keys of a caller number and an address: content characters only, so
// "秦淮区 中山南路1号" and "秦淮区中山南路1号" are one place; 0 when empty.
uint64_t CallerKey(std::string_view phone);
uint64_t AddressKey(std::string_view address);

// Signatures as stored (hex, 4 digits per slot) and back.
std::string SignatureToHex(const CompactSignature& sig);
std::optional<CompactSignature> SignatureFromHex(std::string_view hex);

// What one order contributes to the index.
struct DuplicateEntry {
  std::int64_t order_id = 0;
  std::int64_t created_ms = 0;    // intake time, ms since the epoch
  uint64_t caller_key = 0;        // 0: no number
  uint64_t address_key = 0;       // 0: no address
  std::int64_t community_id = 0;  // 0: no community
  std::int64_t category_id = 0;
  bool has_text = false;  // false: `signature` is meaningless
  CompactSignature signature{};
};

class DuplicateIndex {
 public:
  // Adds an order, or replaces the entry of the same order (its text or
  // address changed).
  void Upsert(const DuplicateEntry& entry);
  // Makes room for `orders` entries at once, so that loading a window does
  // not grow the arrays step by step (each step holds old and new copies).
  void Reserve(std::size_t orders);

  // Orders created at or after `since_ms` that share at least one band with
  // `sig`, each once, with their estimated similarity. At most
  // `per_band` of the newest are taken from each band, so that a flood of
  // one text (a campaign, a group demand) costs a bounded lookup.
  struct TextMatch {
    const DuplicateEntry* entry;
    double similarity;
  };
  std::vector<TextMatch> ByText(const CompactSignature& sig, std::int64_t since_ms,
                                std::size_t per_band = 256) const;
  // Orders created at or after `since_ms` with this caller / address key,
  // at most `limit` of the newest.
  std::vector<const DuplicateEntry*> ByCaller(uint64_t key, std::int64_t since_ms,
                                              std::size_t limit = SIZE_MAX) const;
  std::vector<const DuplicateEntry*> ByAddress(uint64_t key, std::int64_t since_ms,
                                               std::size_t limit = SIZE_MAX) const;

  // Forgets orders created before `since_ms` (they left the window) and
  // compacts the storage.
  void DropBefore(std::int64_t since_ms);

  std::size_t size() const { return by_id_.size(); }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  void Link(uint32_t slot);
  void Rehash(std::size_t buckets);
  uint32_t& BandHead(int band, uint64_t key) {
    return band_heads_[static_cast<std::size_t>(band) * buckets_ + (key & (buckets_ - 1))];
  }
  uint32_t BandHead(int band, uint64_t key) const {
    return band_heads_[static_cast<std::size_t>(band) * buckets_ + (key & (buckets_ - 1))];
  }
  std::vector<const DuplicateEntry*> Chain(std::size_t limit,
                                           const std::unordered_map<uint64_t, uint32_t>& heads,
                                           const std::vector<uint32_t>& next, uint64_t key,
                                           std::int64_t since_ms) const;

  std::vector<DuplicateEntry> entries_;  // by slot; replaced entries stay until compaction
  std::vector<bool> live_;
  std::unordered_map<std::int64_t, uint32_t> by_id_;  // order id -> live slot
  // Per band a bucket array of chain heads; chains run through band_next_
  // (slot * kLshBands + band). Keys sharing a bucket are told apart by
  // comparing the band's rows.
  std::size_t buckets_ = 0;  // a power of two
  std::vector<uint32_t> band_heads_;
  std::vector<uint32_t> band_next_;
  std::unordered_map<uint64_t, uint32_t> caller_heads_, address_heads_;
  std::vector<uint32_t> caller_next_, address_next_;
};

}  // namespace hotline
