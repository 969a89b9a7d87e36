#include "service/duplicate_finder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <set>
#include <unordered_map>

#include "storage/order_doc.h"

namespace hotline {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
// A caller's history and a place's orders are read up to this many of the
// newest: more rows behind one key is a switchboard number, a landmark
// address or a campaign, not a signal worth more work per intake (and the
// repeat-caller count says at most this many).
constexpr std::size_t kMaxChain = 200;
// Orders loaded to fill one page of candidates (the rest may be out of scope,
// merged or closed long ago).
constexpr int kMaxLoads = 60;

// Ranking weights: the text decides, the same place and caller confirm.
constexpr double kTextWeight = 0.6;
constexpr double kAddressWeight = 0.2;
constexpr double kCallerWeight = 0.15;
constexpr double kCategoryWeight = 0.05;

bool Offerable(const WorkOrder& o, Instant since) {
  if (o.state == State::kMerged) return false;  // its master is offered instead
  if (o.state == State::kClosed) return o.closed_at && *o.closed_at >= since;
  return true;
}

}  // namespace

DuplicateEntry DuplicateEntryOf(const WorkOrder& order) {
  DuplicateEntry e;
  e.order_id = order.id;
  e.created_ms = ToMillis(order.created_at);
  e.caller_key = CallerKey(order.caller_phone);
  e.address_key = AddressKey(order.address);
  e.community_id = order.community_unit_id.value_or(0);
  e.category_id = order.category_id;
  if (auto sig = TextSignature(order.title, order.content)) {
    e.signature = *sig;
    e.has_text = true;
  }
  return e;
}

Result<void> DuplicateFinder::Load() {
  const std::int64_t days = std::max(rules_.duplicate_window_days, rules_.repeat_caller_days);
  const Instant since = clock_.Now() - std::chrono::days(days);
  // Backfill first, so the rows read next are complete. Each batch starts at
  // the previous one's newest order: the walk over the window is linear.
  for (Instant from = since;;) {
    auto missing = store_.ListOrdersWithoutDuplicateEntry(from, 1000);
    if (!missing) return Fail(missing.error());
    if (missing->empty()) break;
    from = missing->back().created_at;
    auto written = store_.Write([&](WriteTxn& txn) -> Result<void> {
      for (const WorkOrder& o : *missing)
        if (auto r = txn.SaveDuplicateEntry(DuplicateEntryOf(o)); !r) return r;
      return {};
    });
    if (!written) return Fail(written.error());
  }
  auto count = store_.CountDuplicateEntries(ToMillis(since));
  if (!count) return Fail(count.error());
  std::unique_lock lock(mutex_);
  index_.Reserve(static_cast<std::size_t>(*count));
  for (OrderId after = 0;;) {
    auto rows = store_.ListDuplicateEntries(ToMillis(since), after, 20'000);
    if (!rows) return Fail(rows.error());
    if (rows->empty()) break;
    for (const DuplicateEntry& e : *rows) index_.Upsert(e);
    after = rows->back().order_id;
  }
  last_prune_ms_ = ToMillis(clock_.Now());
  return {};
}

void DuplicateFinder::Remember(const DuplicateEntry& entry) {
  std::unique_lock lock(mutex_);
  index_.Upsert(entry);
  // Once a day, orders that left both windows are dropped.
  const std::int64_t now = ToMillis(clock_.Now());
  if (now - last_prune_ms_ > kDayMs) {
    const std::int64_t days = std::max(rules_.duplicate_window_days, rules_.repeat_caller_days);
    index_.DropBefore(now - days * kDayMs);
    last_prune_ms_ = now;
  }
}

std::size_t DuplicateFinder::IndexedOrders() const {
  std::shared_lock lock(mutex_);
  return index_.size();
}

DuplicateFinder::Lookup DuplicateFinder::Collect(const SimilarProbe& probe) const {
  const std::int64_t at = ToMillis(probe.at);
  const std::int64_t window_since = at - rules_.duplicate_window_days * kDayMs;
  const std::int64_t window_until = at + rules_.duplicate_window_days * kDayMs;
  const std::int64_t calls_since = at - rules_.repeat_caller_days * kDayMs;
  const double min_similarity = rules_.similar_min_percent / 100.0;
  const auto signature = TextSignature(probe.title, probe.content);
  const uint64_t caller = CallerKey(probe.caller_phone);
  const uint64_t address = AddressKey(probe.address);
  const std::int64_t community = probe.community_unit_id.value_or(0);

  Lookup out;
  std::unordered_map<std::int64_t, std::size_t> at_index;  // order id -> matches slot
  auto slot_of = [&](const DuplicateEntry& e) -> Match& {
    auto [it, fresh] = at_index.try_emplace(e.order_id, out.matches.size());
    if (fresh) out.matches.push_back(Match{e});
    return out.matches[it->second];
  };
  auto in_window = [&](const DuplicateEntry& e) {
    return e.created_ms >= window_since && e.created_ms <= window_until &&
           (!probe.exclude_id || e.order_id != *probe.exclude_id);
  };

  std::shared_lock lock(mutex_);
  if (signature)
    for (const auto& m : index_.ByText(*signature, window_since)) {
      if (!in_window(*m.entry) || m.similarity < min_similarity) continue;
      Match& match = slot_of(*m.entry);
      match.text_similarity = m.similarity;
      match.text = true;
    }
  auto by_address = index_.ByAddress(address, window_since, kMaxChain);
  for (const DuplicateEntry* e : by_address)
    if (in_window(*e)) slot_of(*e).same_address = true;
  auto by_caller = index_.ByCaller(caller, std::min(calls_since, window_since), kMaxChain);
  for (const DuplicateEntry* e : by_caller) {
    if (probe.exclude_id && e->order_id == *probe.exclude_id) continue;
    if (e->created_ms >= calls_since && e->created_ms <= at) out.calls.push_back(*e);
    if (in_window(*e)) slot_of(*e).same_caller = true;
  }
  lock.unlock();

  for (Match& m : out.matches) {
    if (signature && m.entry.has_text && !m.text)
      m.text_similarity = SignatureSimilarity(*signature, m.entry.signature);
    m.same_address = m.same_address || (address != 0 && m.entry.address_key == address);
    m.same_caller = m.same_caller || (caller != 0 && m.entry.caller_key == caller);
    m.same_community = community != 0 && m.entry.community_id == community;
  }
  return out;
}

std::vector<IntakeWarning> DuplicateFinder::WarningsOf(const SimilarProbe& probe,
                                                       const Lookup& lookup) const {
  std::vector<IntakeWarning> out;
  if (static_cast<int>(lookup.calls.size()) >= rules_.repeat_caller_orders) {
    IntakeWarning w{"repeat_caller",
                    fmt::format("重复来电：该号码近 {} 天已登记 {} 件工单",
                                rules_.repeat_caller_days, lookup.calls.size()),
                    static_cast<int>(lookup.calls.size()),
                    {}};
    for (const DuplicateEntry& e : lookup.calls) w.order_ids.push_back(e.order_id);
    std::sort(w.order_ids.begin(), w.order_ids.end());
    out.push_back(std::move(w));
  }
  // Distinct callers with a similar text at the same address or community.
  std::set<uint64_t> callers;
  const uint64_t own = CallerKey(probe.caller_phone);
  if (own != 0) callers.insert(own);
  std::vector<OrderId> ids;
  for (const Match& m : lookup.matches) {
    if (!m.text || !(m.same_address || m.same_community)) continue;
    ids.push_back(m.entry.order_id);
    if (m.entry.caller_key != 0) callers.insert(m.entry.caller_key);
  }
  if (static_cast<int>(callers.size()) >= rules_.group_demand_callers) {
    IntakeWarning w{"group_demand",
                    fmt::format("群体诉求：近 {} 天已有 {} 位不同来电人反映同一地点的相似问题",
                                rules_.duplicate_window_days, callers.size()),
                    static_cast<int>(callers.size()), std::move(ids)};
    std::sort(w.order_ids.begin(), w.order_ids.end());
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<IntakeWarning> DuplicateFinder::Warnings(const SimilarProbe& probe) {
  return WarningsOf(probe, Collect(probe));
}

Result<SimilarResult> DuplicateFinder::Find(const Actor& actor, const SimilarProbe& probe,
                                            int limit) {
  Lookup lookup = Collect(probe);
  SimilarResult result;
  result.warnings = WarningsOf(probe, lookup);

  struct Ranked {
    const Match* match;
    double score;
    bool same_category;
  };
  std::vector<Ranked> ranked;
  for (const Match& m : lookup.matches) {
    if (!m.text && !m.same_address && !m.same_caller) continue;
    const bool same_category = probe.category_id && m.entry.category_id == *probe.category_id;
    const double score = kTextWeight * m.text_similarity + kAddressWeight * m.same_address +
                         kCallerWeight * m.same_caller + kCategoryWeight * same_category;
    ranked.push_back({&m, score, same_category});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.match->entry.order_id > b.match->entry.order_id;  // newer first
  });

  const auto units = directory_.Units();
  const Instant since = probe.at - std::chrono::days(rules_.duplicate_window_days);
  int loads = 0;
  for (const Ranked& r : ranked) {
    if (static_cast<int>(result.candidates.size()) >= limit || loads >= kMaxLoads) break;
    ++loads;
    auto loaded = store_.GetOrder(r.match->entry.order_id);
    if (!loaded) return Fail(loaded.error());
    if (!*loaded || !CanSee(**loaded, actor, *units) || !Offerable(**loaded, since)) continue;
    SimilarCandidate c;
    c.order = std::move(**loaded);
    c.score = std::round(r.score * 1000) / 1000;
    c.text_similarity = r.match->text_similarity;
    c.same_address = r.match->same_address;
    c.same_caller = r.match->same_caller;
    c.same_category = r.same_category;
    if (r.match->text)
      c.reasons.push_back(fmt::format("相似文本（约 {}%）",
                                      static_cast<int>(std::lround(c.text_similarity * 100))));
    if (c.same_address) c.reasons.push_back("同一地址");
    if (c.same_caller) c.reasons.push_back("同一来电号码");
    if (c.same_category) c.reasons.push_back("同一类别");
    result.candidates.push_back(std::move(c));
  }
  return result;
}

}  // namespace hotline
