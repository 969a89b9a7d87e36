// The demo's knowledge base (知识库): standard answers to common 秦淮区
// demands, unit responsibilities, a policy summary and model cases, written
// for the demo (not quotations of real documents).
#pragma once

#include <map>
#include <string>

#include "storage/store.h"

namespace hotline::demo {

// Inserts the demo articles in `txn`, filed under categories by their
// "level1/level2/level3" path and units by code; returns how many.
Result<int> InsertDemoKnowledge(WriteTxn& txn, const std::map<std::string, Unit>& units_by_code,
                                const std::map<std::string, CategoryId>& leaf_by_path,
                                UserId author, Instant now);

}  // namespace hotline::demo
