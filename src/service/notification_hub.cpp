#include "service/notification_hub.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

namespace hotline {

NotificationHub::NotificationHub(Store& store, std::chrono::milliseconds poll_interval,
                                 std::chrono::seconds ping_interval)
    : store_(store), poll_interval_(poll_interval), ping_interval_(ping_interval) {}

NotificationHub::~NotificationHub() { Stop(); }

Result<void> NotificationHub::Start() {
  auto latest = store_.LatestNotificationId();
  if (!latest) return Fail(latest.error());
  std::lock_guard lock(mu_);
  cursor_ = *latest;
  stopping_ = false;
  thread_ = std::thread([this] {
    auto last_ping = std::chrono::steady_clock::now();
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      if (auto r = PollOnce(); !r) spdlog::warn("notification poll failed: {}", r.error().message);
      if (std::chrono::steady_clock::now() - last_ping >= ping_interval_) {
        last_ping = std::chrono::steady_clock::now();
        std::vector<std::shared_ptr<Subscriber>> subscribers;
        {
          std::lock_guard copy(mu_);
          subscribers = subscribers_;
        }
        std::set<Subscriber*> gone;
        for (const auto& s : subscribers)
          if (!s->ping()) gone.insert(s.get());
        std::lock_guard erase(mu_);
        std::erase_if(subscribers_, [&](const auto& s) { return gone.contains(s.get()); });
      }
      lock.lock();
      wake_.wait_for(lock, poll_interval_, [this] { return stopping_; });
    }
  });
  return {};
}

void NotificationHub::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    subscribers_.clear();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void NotificationHub::Subscribe(std::vector<UnitId> unit_ids, Deliver deliver, Ping ping) {
  std::sort(unit_ids.begin(), unit_ids.end());
  auto s = std::make_shared<Subscriber>(
      Subscriber{std::move(unit_ids), std::move(deliver), std::move(ping)});
  std::lock_guard lock(mu_);
  subscribers_.push_back(std::move(s));
}

std::size_t NotificationHub::SubscriberCount() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

Result<int> NotificationHub::PollOnce() {
  std::vector<std::shared_ptr<Subscriber>> subscribers;
  std::int64_t cursor;
  {
    std::lock_guard lock(mu_);
    subscribers = subscribers_;
    cursor = cursor_;
  }
  // Everything up to the newest id counts as seen afterwards, also what no
  // one listened to: a later subscriber starts from then, not from the past.
  auto latest = store_.LatestNotificationId();
  if (!latest) return Fail(latest.error());
  std::set<UnitId> wanted;
  for (const auto& s : subscribers) wanted.insert(s->unit_ids.begin(), s->unit_ids.end());
  std::set<Subscriber*> gone;
  int delivered = 0;
  NotificationQuery q;
  q.unit_ids.assign(wanted.begin(), wanted.end());
  q.after_id = cursor;
  q.up_to_id = *latest;
  q.oldest_first = true;
  q.limit = 500;
  while (!q.unit_ids.empty() && q.after_id < *latest) {
    auto batch = store_.ListNotifications(q);
    if (!batch) return Fail(batch.error());
    for (const Notification& n : *batch) {
      ++delivered;
      for (const auto& s : subscribers)
        if (!gone.contains(s.get()) &&
            std::binary_search(s->unit_ids.begin(), s->unit_ids.end(), n.unit_id) && !s->deliver(n))
          gone.insert(s.get());
    }
    if (batch->size() < static_cast<std::size_t>(q.limit)) break;
    q.after_id = batch->back().id;
  }
  std::lock_guard lock(mu_);
  cursor_ = std::max(cursor_, *latest);
  std::erase_if(subscribers_, [&](const auto& s) { return gone.contains(s.get()); });
  return delivered;
}

}  // namespace hotline
