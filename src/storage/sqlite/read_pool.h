// A fixed pool of read-only SQLite connections. In WAL mode readers run
// beside the single writer, each on its own snapshot.
//
// Thread-safe: Acquire blocks until a connection is free; the lease gives
// its holder exclusive use until it goes out of scope.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite/connection.h"

namespace hotline::sqlite {

class ReadPool {
 public:
  class Lease {
   public:
    Lease(ReadPool* pool, std::unique_ptr<Connection> db) : pool_(pool), db_(std::move(db)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (db_) pool_->Release(std::move(db_));
    }
    Connection& operator*() { return *db_; }
    Connection* operator->() { return db_.get(); }

   private:
    ReadPool* pool_;
    std::unique_ptr<Connection> db_;
  };

  static Result<std::unique_ptr<ReadPool>> Open(const std::string& path, int size,
                                                int busy_timeout_ms);

  Lease Acquire();

 private:
  ReadPool() = default;
  void Release(std::unique_ptr<Connection> db);

  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace hotline::sqlite
