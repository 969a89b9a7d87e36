// Raises due-soon and overdue alarms on orders as their deadlines pass:
// each alarm is an event in the order's log (overdue = 系统督办, automatic
// supervision) and a notification to the lead unit (overdue ones also to the
// platform's supervisors). An overdue step also gets a system-tier
// supervision order (督办单), and supervisions left unanswered past their
// deadline climb the ladder 系统督办 → 人工督办 → AO督办 → 作风监督员督办.
//
// Exactly one scheduler is active per database, even with several server
// processes: each pass first takes or renews a lease in the database; a
// process that does not hold it does nothing. Time comes from the injected
// Clock, so tests drive it without sleeping. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "calendar/business_calendar.h"
#include "service/directory.h"
#include "storage/store.h"
#include "workorder/lifecycle.h"

namespace hotline {

struct SchedulerOptions {
  std::chrono::milliseconds interval{5000};  // between passes
  std::chrono::seconds lease{30};            // how long a pass's lease lasts
  int batch = 200;                           // orders per write transaction
  std::string holder;                        // this process's name for the lease
  // Runs at the end of every pass this process leads (generating the due
  // reports); a failure is logged and tried again on the next pass.
  std::function<Result<void>()> on_leader_pass;
};

struct SchedulerPass {
  bool leader = false;  // whether this process held the lease
  int orders = 0;       // orders that got at least one alarm
  int due_soon = 0;
  int overdue = 0;
  int long_pending = 0;
  int supervisions_issued = 0;     // 系统督办 on overdue steps
  int supervisions_escalated = 0;  // lapsed ones moved up a tier
  int supervisions_lapsed = 0;     // lapsed at the top tier (reported only)
  int collaboration_overdue = 0;   // assist parts and whistle report-ins that lapsed
};

class DeadlineScheduler {
 public:
  // The working-day calendar and SLA policy come from `directory`, so an
  // administrator's update applies from the next pass on.
  DeadlineScheduler(Store& store, Directory& directory, const Clock& clock, WorkflowRules rules,
                    SchedulerOptions options);
  ~DeadlineScheduler();

  // One pass over every order whose alarm is due now.
  Result<SchedulerPass> RunOnce();

  // Runs passes every `interval` on a background thread until Stop().
  void Start();
  void Stop();

 private:
  Result<int> ProcessBatch(const std::vector<OrderId>& ids, SchedulerPass& pass);
  // Escalates (or, at the top tier, reports) supervisions whose response
  // deadline passed.
  Result<void> EscalateLapsed(Instant now, SchedulerPass& pass);

  Store& store_;
  Directory& directory_;
  const Clock& clock_;
  WorkflowRules rules_;
  SchedulerOptions options_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hotline
