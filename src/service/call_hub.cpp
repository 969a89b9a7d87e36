#include "service/call_hub.h"

#include <algorithm>

namespace hotline {

void CallHub::Subscribe(std::string username, Deliver deliver) {
  auto s = std::make_shared<Subscriber>(Subscriber{std::move(username), std::move(deliver)});
  std::lock_guard lock(mu_);
  subscribers_.push_back(std::move(s));
}

int CallHub::Publish(std::string_view username, const std::string& payload) {
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mu_);
    for (const auto& s : subscribers_)
      if (s->username == username) targets.push_back(s);
  }
  // Delivered outside the lock: a slow stream must not hold up other calls.
  int delivered = 0;
  std::vector<std::shared_ptr<Subscriber>> gone;
  for (const auto& s : targets) {
    if (s->deliver(payload))
      ++delivered;
    else
      gone.push_back(s);
  }
  if (!gone.empty()) {
    std::lock_guard lock(mu_);
    std::erase_if(subscribers_, [&](const auto& s) {
      return std::find(gone.begin(), gone.end(), s) != gone.end();
    });
  }
  return delivered;
}

std::size_t CallHub::SubscriberCount() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

}  // namespace hotline
