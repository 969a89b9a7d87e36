// Time is read only through Clock so tests and replays can control it.
#pragma once

#include <atomic>
#include <chrono>

namespace hotline {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

// Source of the current instant. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

// The wall clock.
class SystemClock final : public Clock {
 public:
  Instant Now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
  }
};

// The wall clock moved by a fixed offset. Production runs with zero; the
// end-to-end tests start a real server some hours "later" to watch limits
// pass without waiting for them (serve --clock-offset-minutes).
class OffsetClock final : public Clock {
 public:
  Instant Now() const override { return system_.Now() + std::chrono::milliseconds(offset_ms_); }
  void SetOffset(std::chrono::minutes offset) {
    offset_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(offset).count();
  }

 private:
  SystemClock system_;
  std::atomic<long long> offset_ms_{0};
};

// A clock that only moves when told to; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_ms_(start.time_since_epoch().count()) {}
  Instant Now() const override { return Instant(std::chrono::milliseconds(now_ms_.load())); }
  void Set(Instant t) { now_ms_ = t.time_since_epoch().count(); }
  void Advance(std::chrono::milliseconds d) { now_ms_ += d.count(); }

 private:
  std::atomic<long long> now_ms_;
};

}  // namespace hotline
