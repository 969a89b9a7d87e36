#include "workorder/duplicate_index.h"

#include <algorithm>
#include <bit>

namespace hotline {
namespace {

bool SameBand(const CompactSignature& a, const CompactSignature& b, int band) {
  for (int r = 0; r < kLshRows; ++r)
    if (a[band * kLshRows + r] != b[band * kLshRows + r]) return false;
  return true;
}

uint64_t KeyOf(std::string_view text) {
  const std::u32string chars = ContentChars(text);
  if (chars.empty()) return 0;
  const uint64_t h = HashChars(chars);
  return h == 0 ? 1 : h;  // 0 means "none"
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::optional<CompactSignature> TextSignature(std::string_view title, std::string_view content) {
  std::string text;
  text.reserve(title.size() + content.size() + 1);
  text.append(title).append(" ").append(content);
  const auto shingles = ShingleHashes(text, 2);
  if (shingles.empty()) return std::nullopt;
  const MinHashSignature full = MinHash(shingles);
  CompactSignature sig;
  for (int k = 0; k < kMinHashSize; ++k) sig[k] = static_cast<uint16_t>(full[k] & 0xFFFFu);
  return sig;
}

double SignatureSimilarity(const CompactSignature& a, const CompactSignature& b) {
  int same = 0;
  for (int k = 0; k < kMinHashSize; ++k) same += a[k] == b[k] ? 1 : 0;
  return static_cast<double>(same) / kMinHashSize;
}

uint64_t BandKey(const CompactSignature& sig, int band) {
  uint64_t key = static_cast<uint64_t>(band) << 48;
  for (int r = 0; r < kLshRows; ++r) key = (key << 16) ^ sig[band * kLshRows + r];
  // splitmix64 finaliser: bucket indexes take the low bits.
  key += 0x9e3779b97f4a7c15ULL;
  key = (key ^ (key >> 30)) * 0xbf58476d1ce4e5b9ULL;
  key = (key ^ (key >> 27)) * 0x94d049bb133111ebULL;
  return key ^ (key >> 31);
}

uint64_t CallerKey(std::string_view phone) { return KeyOf(phone); }
uint64_t AddressKey(std::string_view address) { return KeyOf(address); }

std::string SignatureToHex(const CompactSignature& sig) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(kMinHashSize * 4);
  for (uint16_t v : sig)
    for (int shift = 12; shift >= 0; shift -= 4) hex.push_back(kDigits[(v >> shift) & 0xF]);
  return hex;
}

std::optional<CompactSignature> SignatureFromHex(std::string_view hex) {
  if (hex.size() != kMinHashSize * 4) return std::nullopt;
  CompactSignature sig;
  for (int k = 0; k < kMinHashSize; ++k) {
    uint16_t v = 0;
    for (int d = 0; d < 4; ++d) {
      const int digit = HexDigit(hex[k * 4 + d]);
      if (digit < 0) return std::nullopt;
      v = static_cast<uint16_t>((v << 4) | digit);
    }
    sig[k] = v;
  }
  return sig;
}

void DuplicateIndex::Upsert(const DuplicateEntry& entry) {
  if (auto it = by_id_.find(entry.order_id); it != by_id_.end()) live_[it->second] = false;
  const auto slot = static_cast<uint32_t>(entries_.size());
  entries_.push_back(entry);
  live_.push_back(true);
  by_id_[entry.order_id] = slot;
  band_next_.resize(entries_.size() * kLshBands, kNone);
  caller_next_.push_back(kNone);
  address_next_.push_back(kNone);
  // Grow the bucket arrays with the index so chains stay about one long.
  if (entries_.size() > buckets_)
    Rehash(std::max<std::size_t>(1024, std::bit_ceil(entries_.size())));
  else
    Link(slot);
}

void DuplicateIndex::Reserve(std::size_t orders) {
  entries_.reserve(orders);
  live_.reserve(orders);
  by_id_.reserve(orders);
  band_next_.reserve(orders * kLshBands);
  caller_next_.reserve(orders);
  address_next_.reserve(orders);
  if (orders > buckets_) Rehash(std::bit_ceil(std::max<std::size_t>(1024, orders)));
}

void DuplicateIndex::Link(uint32_t slot) {
  const DuplicateEntry& e = entries_[slot];
  if (e.has_text)
    for (int b = 0; b < kLshBands; ++b) {
      uint32_t& head = BandHead(b, BandKey(e.signature, b));
      band_next_[static_cast<std::size_t>(slot) * kLshBands + b] = head;
      head = slot;
    }
  if (e.caller_key != 0) {
    auto [it, fresh] = caller_heads_.try_emplace(e.caller_key, kNone);
    caller_next_[slot] = it->second;
    it->second = slot;
  }
  if (e.address_key != 0) {
    auto [it, fresh] = address_heads_.try_emplace(e.address_key, kNone);
    address_next_[slot] = it->second;
    it->second = slot;
  }
}

void DuplicateIndex::Rehash(std::size_t buckets) {
  buckets_ = buckets;
  band_heads_.assign(buckets_ * kLshBands, kNone);
  std::fill(band_next_.begin(), band_next_.end(), kNone);
  caller_heads_.clear();
  address_heads_.clear();
  for (uint32_t slot = 0; slot < entries_.size(); ++slot)
    if (live_[slot]) Link(slot);
}

std::vector<DuplicateIndex::TextMatch> DuplicateIndex::ByText(const CompactSignature& sig,
                                                              std::int64_t since_ms,
                                                              std::size_t per_band) const {
  std::vector<uint32_t> slots;
  if (buckets_ == 0) return {};
  for (int b = 0; b < kLshBands; ++b) {
    std::size_t taken = 0;
    for (uint32_t s = BandHead(b, BandKey(sig, b)); s != kNone && taken < per_band;
         s = band_next_[static_cast<std::size_t>(s) * kLshBands + b]) {
      const DuplicateEntry& e = entries_[s];
      if (live_[s] && e.created_ms >= since_ms && SameBand(e.signature, sig, b)) {
        slots.push_back(s);
        ++taken;
      }
    }
  }
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  std::vector<TextMatch> out;
  out.reserve(slots.size());
  for (uint32_t s : slots)
    out.push_back({&entries_[s], SignatureSimilarity(entries_[s].signature, sig)});
  return out;
}

std::vector<const DuplicateEntry*> DuplicateIndex::Chain(
    std::size_t limit, const std::unordered_map<uint64_t, uint32_t>& heads,
    const std::vector<uint32_t>& next, uint64_t key, std::int64_t since_ms) const {
  std::vector<const DuplicateEntry*> out;
  if (key == 0) return out;
  auto it = heads.find(key);
  if (it == heads.end()) return out;
  for (uint32_t s = it->second; s != kNone && out.size() < limit; s = next[s])
    if (live_[s] && entries_[s].created_ms >= since_ms) out.push_back(&entries_[s]);
  return out;
}

std::vector<const DuplicateEntry*> DuplicateIndex::ByCaller(uint64_t key, std::int64_t since_ms,
                                                            std::size_t limit) const {
  return Chain(limit, caller_heads_, caller_next_, key, since_ms);
}

std::vector<const DuplicateEntry*> DuplicateIndex::ByAddress(uint64_t key, std::int64_t since_ms,
                                                             std::size_t limit) const {
  return Chain(limit, address_heads_, address_next_, key, since_ms);
}

void DuplicateIndex::DropBefore(std::int64_t since_ms) {
  std::vector<DuplicateEntry> kept;
  kept.reserve(by_id_.size());
  for (uint32_t s = 0; s < entries_.size(); ++s)
    if (live_[s] && entries_[s].created_ms >= since_ms) kept.push_back(entries_[s]);
  entries_ = std::move(kept);
  live_.assign(entries_.size(), true);
  by_id_.clear();
  for (uint32_t s = 0; s < entries_.size(); ++s) by_id_[entries_[s].order_id] = s;
  band_next_.assign(entries_.size() * kLshBands, kNone);
  caller_next_.assign(entries_.size(), kNone);
  address_next_.assign(entries_.size(), kNone);
  Rehash(std::max<std::size_t>(1024, std::bit_ceil(entries_.size())));
}

}  // namespace hotline
