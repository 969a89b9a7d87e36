// Handlers for 并单 suggestions and intake warnings (docs/duplicates.md):
// similar recent orders for what an agent is typing, and likely duplicates
// of a saved order, both from the order service's duplicate index.
#include <fmt/format.h>

#include "api/api.h"
#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "api/resource_json.h"
#include "text/shingles.h"

namespace hotline {
namespace {

using nlohmann::json;

// Generous bounds on what one keystroke's request may carry: an intake's own
// limits (title 200, content 10,000, address 500 characters) in UTF-8 bytes.
constexpr std::size_t kMaxTitleBytes = 600;
constexpr std::size_t kMaxContentBytes = 30000;
constexpr std::size_t kMaxAddressBytes = 1500;
constexpr std::size_t kMaxPhoneBytes = 40;
constexpr int kDefaultLimit = 10;
constexpr int kMaxLimit = 50;

json WarningsJson(const std::vector<IntakeWarning>& warnings) {
  json out = json::array();
  for (const IntakeWarning& w : warnings)
    out.push_back(json{
        {"code", w.code}, {"message", w.message}, {"count", w.count}, {"order_ids", w.order_ids}});
  return out;
}

json CandidatesJson(const std::vector<SimilarCandidate>& candidates, const Actor& actor,
                    const OrderService& orders) {
  json items = json::array();
  const Instant now = orders.GetClock().Now();
  for (const SimilarCandidate& c : candidates) {
    json item =
        OrderJson(c.order, CallerVisibilityFor(actor.role, c.order.demand_type), orders.Rules());
    item["deadlines"] = DeadlinesJson(c.order.deadlines, orders.Calendar(), now);
    item["score"] = c.score;
    item["text_similarity"] = std::round(c.text_similarity * 100) / 100;
    item["same_address"] = c.same_address;
    item["same_caller"] = c.same_caller;
    item["same_category"] = c.same_category;
    item["reasons"] = c.reasons;
    item["why"] = fmt::format("{}", fmt::join(c.reasons, "、"));
    items.push_back(std::move(item));
  }
  return items;
}

Result<std::string> BoundedText(FieldReader& fields, std::string_view key, std::string_view name,
                                std::size_t max_bytes) {
  std::string text = fields.OptionalString(key).value_or("");
  if (text.size() > max_bytes)
    return Fail(ErrorKind::kInvalidInput, "too_long",
                fmt::format("{}过长（最多 {} 字节）", name, max_bytes), std::string(key));
  return text;
}

}  // namespace

HttpResponse Api::FindSimilarOrders(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader fields(*body);
    SimilarProbe probe;
    auto title = BoundedText(fields, "title", "标题", kMaxTitleBytes);
    if (!title) return Fail(title.error());
    auto content = BoundedText(fields, "content", "诉求内容", kMaxContentBytes);
    if (!content) return Fail(content.error());
    auto address = BoundedText(fields, "address", "地址", kMaxAddressBytes);
    if (!address) return Fail(address.error());
    auto phone = BoundedText(fields, "caller_phone", "来电号码", kMaxPhoneBytes);
    if (!phone) return Fail(phone.error());
    probe.title = std::move(*title);
    probe.content = std::move(*content);
    probe.address = std::move(*address);
    probe.caller_phone = std::move(*phone);
    probe.category_id = fields.OptionalInt("category_id");
    probe.community_unit_id = fields.OptionalInt("community_unit_id");
    probe.exclude_id = fields.OptionalInt("exclude_order_id");
    const std::int64_t limit = fields.Int("limit", false, kDefaultLimit);
    if (auto r = fields.Finish(); !r) return Fail(r.error());
    if (limit < 1 || limit > kMaxLimit)
      return Fail(ErrorKind::kInvalidInput, "invalid_value",
                  fmt::format("limit 应在 1 到 {} 之间", kMaxLimit), "limit");
    // Spaces and punctuation alone match nothing: as good as empty.
    auto blank = [](const std::string& s) { return ContentChars(s).empty(); };
    if (blank(probe.title) && blank(probe.content) && blank(probe.address) &&
        blank(probe.caller_phone))
      return Fail(ErrorKind::kInvalidInput, "empty_probe",
                  "标题、诉求内容、地址和来电号码至少填写一项", "content");
    probe.at = deps_.orders.GetClock().Now();
    auto found = deps_.orders.FindSimilar(*actor, probe, static_cast<int>(limit));
    if (!found) return Fail(found.error());
    return JsonResponse(200,
                        json{{"items", CandidatesJson(found->candidates, *actor, deps_.orders)},
                             {"warnings", WarningsJson(found->warnings)}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::SuggestDuplicates(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto known = OnlyKnownQuery(req, {}); !known) return Fail(known.error());
    auto id = ParseId(params.at("id"), "id");
    if (!id) return Fail(id.error());
    auto found = deps_.orders.SuggestDuplicates(*actor, *id);
    if (!found) return Fail(found.error());
    return JsonResponse(200,
                        json{{"items", CandidatesJson(found->candidates, *actor, deps_.orders)},
                             {"warnings", WarningsJson(found->warnings)}});
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
