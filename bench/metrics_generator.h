// The `metrics` bench's bulk generator: writes `count` decided order
// histories (metrics_history.h) into a database that already has the schema
// and the seeded demo district, then their daily rollups. One thread decides
// and serialises, the calling thread inserts with prepared statements in
// large transactions (synchronous=OFF, journal_mode=OFF: a crash only loses
// the benchmark).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "metrics_history.h"

namespace hotline::bench::metrics {

// What Generate wrote and how long it took, for the report.
struct Generated {
  std::int64_t orders = 0, events = 0, rollup_rows = 0, refused = 0;
  double seconds = 0, rollup_seconds = 0;
  double insert_seconds = 0;  // of `seconds`, spent inserting (the rest: waiting for orders)
  std::map<State, std::int64_t> states;
};

// Generates into the database file at `path`; the caller must not hold it
// open meanwhile. Prints progress every million orders.
Result<Generated> Generate(const std::string& path, const Reference& ref, Directory& directory,
                           Instant end, std::int64_t count);

}  // namespace hotline::bench::metrics
