// The single writer of a SQLite database, with group commit.
//
// SQLite allows one writer at a time and a durable commit costs an fsync, so
// one dedicated thread owns the write connection and commits many callers'
// work per transaction: it takes up to `max_batch` queued items, opens
// BEGIN IMMEDIATE, runs each item inside its own SAVEPOINT (a failing item is
// rolled back alone), then COMMITs once and wakes the callers of the batch.
//
// Thread-safe: Submit may be called from any thread except the writer thread
// itself (a nested write is refused instead of deadlocking).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/store.h"

namespace hotline::sqlite {

class GroupCommitWriter {
 public:
  using Work = std::function<Result<void>(WriteTxn&)>;

  // Takes over `db` (a read-write connection) and starts the writer thread.
  GroupCommitWriter(std::unique_ptr<Connection> db, int max_batch);
  // Runs everything already queued, then stops the thread.
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Runs `work` in a write transaction and blocks until it is durable (or
  // failed and rolled back). Exceptions from `work` become kInternal errors.
  Result<void> Submit(const Work& work);

  // Items waiting for the writer (not counting the batch in progress).
  std::size_t QueueDepth() const;

  std::uint64_t committed_batches() const { return committed_batches_.load(); }
  std::uint64_t committed_items() const { return committed_items_.load(); }

 private:
  struct Item;

  void Loop();
  void RunBatch(const std::vector<Item*>& batch);
  // Runs one item inside a savepoint of the open transaction. Sets `lost`
  // when the transaction itself did not survive.
  Result<void> RunItem(const Work& work, bool& lost);
  Result<void> Exec(const char* sql);

  std::unique_ptr<Connection> db_;
  const std::size_t max_batch_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Item*> queue_;
  bool stopping_ = false;

  std::atomic<std::uint64_t> committed_batches_{0};
  std::atomic<std::uint64_t> committed_items_{0};
  std::thread thread_;  // last: starts after everything above is ready
};

}  // namespace hotline::sqlite
