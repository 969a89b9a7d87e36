// What the `metrics` bench's deciding thread hands to its inserting thread:
// finished orders (projection, document, event rows) in batches, through a
// bounded queue.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "storage/order_doc.h"
#include "workorder/order.h"

namespace hotline::bench::metrics {

// One order as it will be stored: its final projection, packed document and
// event rows (payloads packed).
struct BuiltOrder {
  WorkOrder order;
  std::string doc;
  std::string request_hash;
  std::vector<EventRow> events;
};

struct Batch {
  std::vector<BuiltOrder> orders;
};

// A bounded hand-over from the generating thread to the inserting one.
// Thread safe: one producer pushes and closes, one consumer pops.
class BatchQueue {
 public:
  void Push(Batch b) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return queue_.size() < 3; });
    queue_.push_back(std::move(b));
    not_empty_.notify_one();
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }
  // False when closed and drained.
  bool Pop(Batch& out) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return true;
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Batch> queue_;
  bool closed_ = false;
};

}  // namespace hotline::bench::metrics
