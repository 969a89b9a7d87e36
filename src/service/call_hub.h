// Incoming-call screen pops (来电弹屏): the telephony system tells hotline
// that a call reached an agent (POST /api/v1/cti/calls), and the agent's
// open browser tabs get the caller's history at once over their event
// stream. Calls are fanned out in memory to the streams of this process;
// a call for an agent with no open stream reaches nobody and says so.
// Thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace hotline {

class CallHub {
 public:
  // Returns false when the subscriber has gone; it is then dropped.
  using Deliver = std::function<bool(const std::string& payload)>;

  // Delivers every call published for `username` from now on.
  void Subscribe(std::string username, Deliver deliver);

  // Hands `payload` to every live subscriber of `username`; returns how
  // many took it.
  int Publish(std::string_view username, const std::string& payload);

  std::size_t SubscriberCount() const;

 private:
  struct Subscriber {
    std::string username;
    Deliver deliver;
  };
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
};

}  // namespace hotline
