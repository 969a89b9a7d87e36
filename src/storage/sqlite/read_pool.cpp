#include "storage/sqlite/read_pool.h"

#include <algorithm>

namespace hotline::sqlite {

Result<std::unique_ptr<ReadPool>> ReadPool::Open(const std::string& path, int size,
                                                 int busy_timeout_ms) {
  std::unique_ptr<ReadPool> pool(new ReadPool());
  for (int i = 0; i < std::max(size, 1); ++i) {
    auto db = Connection::Open(path, {.read_only = true, .busy_timeout_ms = busy_timeout_ms});
    if (!db) return Fail(db.error());
    // Sorting and temporary b-trees of list queries stay in memory.
    if (auto r = (*db)->Exec("PRAGMA temp_store = MEMORY"); !r) return Fail(r.error());
    pool->idle_.push_back(std::move(*db));
  }
  return pool;
}

ReadPool::Lease ReadPool::Acquire() {
  std::unique_lock lock(mu_);
  available_.wait(lock, [&] { return !idle_.empty(); });
  std::unique_ptr<Connection> db = std::move(idle_.back());
  idle_.pop_back();
  return Lease(this, std::move(db));
}

void ReadPool::Release(std::unique_ptr<Connection> db) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(db));
  }
  available_.notify_one();
}

}  // namespace hotline::sqlite
