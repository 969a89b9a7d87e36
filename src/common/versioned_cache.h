// A bounded in-memory cache of immutable values stamped with a version.
//
// A lookup names the version it needs (read cheaply from the database), so
// an entry can never be served stale: a newer version simply misses and
// replaces it. That keeps the cache correct without invalidation messages,
// also when several processes write to one database. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace hotline {

template <typename Value>
class VersionedCache {
 public:
  // Holds at most about `capacity` entries; when a shard is full an arbitrary
  // entry of it is dropped (recently read orders are re-read soon anyway).
  explicit VersionedCache(std::size_t capacity) : per_shard_(capacity / kShards + 1) {}

  std::shared_ptr<const Value> Find(std::int64_t key, std::int64_t version) const {
    const Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end() || it->second.version != version) return nullptr;
    return it->second.value;
  }

  // Stores `value` unless a newer version is already there.
  void Put(std::int64_t key, std::int64_t version, std::shared_ptr<const Value> value) {
    Shard& shard = ShardFor(key);
    std::lock_guard lock(shard.mu);
    auto it = shard.entries.find(key);
    if (it != shard.entries.end()) {
      if (it->second.version <= version) it->second = Entry{version, std::move(value)};
      return;
    }
    if (shard.entries.size() >= per_shard_) shard.entries.erase(shard.entries.begin());
    shard.entries.emplace(key, Entry{version, std::move(value)});
  }

 private:
  static constexpr std::size_t kShards = 16;
  struct Entry {
    std::int64_t version;
    std::shared_ptr<const Value> value;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::int64_t, Entry> entries;
  };
  Shard& ShardFor(std::int64_t key) { return shards_[static_cast<std::uint64_t>(key) % kShards]; }
  const Shard& ShardFor(std::int64_t key) const {
    return shards_[static_cast<std::uint64_t>(key) % kShards];
  }

  std::size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace hotline
