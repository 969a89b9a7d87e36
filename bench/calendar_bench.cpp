// Deadline arithmetic on the built-in working-day calendar (issue 3's
// benchmark): 1,000,000 deadline computations from random starts over
// 2019–2026, mixing working days (1–15) and working hours (1–48); the Time
// column is nanoseconds per computation. Also the inverse (remaining working
// time), which the API and the scheduler compute for every open deadline.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "calendar/business_calendar.h"

namespace hotline::bench {
namespace {

struct DeadlineCase {
  Instant start;
  bool working_days = false;
  int amount = 0;  // days, or minutes
};

// A power-of-two ring of prepared cases, so the loop pays no RNG cost.
std::vector<DeadlineCase> MakeCases() {
  using std::chrono::sys_days;
  const std::int64_t from =
      ChinaInstant(sys_days{std::chrono::year{2019} / 1 / 1}, 0).time_since_epoch().count();
  const std::int64_t to =
      ChinaInstant(sys_days{std::chrono::year{2027} / 1 / 1}, 0).time_since_epoch().count();
  std::mt19937_64 rng(20260930);
  std::uniform_int_distribution<std::int64_t> start(from, to - 1);
  std::uniform_int_distribution<int> days(1, 15), hours(1, 48);
  std::vector<DeadlineCase> cases(1 << 14);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    cases[i].start = Instant(std::chrono::milliseconds(start(rng)));
    cases[i].working_days = i % 2 == 0;
    cases[i].amount = cases[i].working_days ? days(rng) : hours(rng) * 60;
  }
  return cases;
}

void BM_CalendarDeadline(benchmark::State& state) {
  const BusinessCalendar& calendar = BusinessCalendar::Builtin();
  const std::vector<DeadlineCase> cases = MakeCases();
  std::size_t i = 0;
  for (auto _ : state) {
    const DeadlineCase& c = cases[i++ & (cases.size() - 1)];
    const Instant deadline =
        c.working_days ? calendar.AddWorkingDays(c.start, c.amount)
                       : calendar.AddWorkingMinutes(c.start, std::chrono::minutes(c.amount));
    benchmark::DoNotOptimize(deadline);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CalendarDeadline)->Iterations(1'000'000);

void BM_CalendarWorkingTimeBetween(benchmark::State& state) {
  const BusinessCalendar& calendar = BusinessCalendar::Builtin();
  const std::vector<DeadlineCase> cases = MakeCases();
  std::size_t i = 0;
  for (auto _ : state) {
    const DeadlineCase& a = cases[i & (cases.size() - 1)];
    const DeadlineCase& b = cases[(i + 1) & (cases.size() - 1)];
    ++i;
    benchmark::DoNotOptimize(calendar.WorkingTimeBetween(a.start, b.start));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CalendarWorkingTimeBetween);

}  // namespace
}  // namespace hotline::bench
