// Fans new notifications out to live subscribers (browsers on
// /api/v1/events). It follows the notifications table by id rather than
// being told by the scheduler, so a notification written by any process on
// the same database reaches every process's subscribers. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/store.h"

namespace hotline {

class NotificationHub {
 public:
  // Returns false when the subscriber has gone; it is then dropped.
  using Deliver = std::function<bool(const Notification&)>;
  using Ping = std::function<bool()>;

  NotificationHub(Store& store, std::chrono::milliseconds poll_interval,
                  std::chrono::seconds ping_interval);
  ~NotificationHub();

  // Starts from the newest notification already stored: subscribers get
  // what is written from now on.
  Result<void> Start();
  void Stop();

  // Delivers every new notification addressed to one of `unit_ids`.
  void Subscribe(std::vector<UnitId> unit_ids, Deliver deliver, Ping ping);

  // One poll: reads what is new and delivers it. Public for tests.
  Result<int> PollOnce();
  std::size_t SubscriberCount() const;

 private:
  struct Subscriber {
    std::vector<UnitId> unit_ids;
    Deliver deliver;
    Ping ping;
  };

  Store& store_;
  std::chrono::milliseconds poll_interval_;
  std::chrono::seconds ping_interval_;

  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
  std::int64_t cursor_ = 0;  // the newest notification id already delivered
  bool stopping_ = false;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace hotline
