// The demo district's dispatch knowledge: a gazetteer of its roads and
// estates, a 权责清单 of phrases the district's departments answer for, and a
// first classifier model trained on the demo's closed orders.
#pragma once

#include <cstdint>
#include <string>

#include "service/dispatch_advisor.h"

namespace hotline::demo {

struct DispatchSeedReport {
  int places = 0;
  int responsibilities = 0;
  std::int64_t model_version = 0;  // 0 when too few closed orders to train
  std::string model_note;          // why no model, or its held-out accuracy
};

// Adds the demo places and responsibilities through `advisor` (so they are
// validated like an administrator's) and trains its first model.
Result<DispatchSeedReport> SeedDemoDispatch(DispatchAdvisor& advisor, const UnitTree& units);

}  // namespace hotline::demo
