#include "storage/order_doc.h"

#include <gtest/gtest.h>

#include "workorder/collaboration.h"

namespace hotline {
namespace {

using json = nlohmann::json;

Instant At(std::int64_t ms) { return FromMillis(ms); }

// Collaboration records of every kind, optional instants both set and unset.
Collaboration FullCollaboration() {
  Collaboration c;
  c.assist_parts = {
      AssistPart{9, At(1764121000000), At(1764380200000), At(1764200000000), "已配合检查", false},
      AssistPart{10, At(1764121000000), At(1764380200000), std::nullopt, "", true}};
  c.return_window_ends = At(1764130000000);
  c.returns = {ReturnRecord{6, At(1764122000000), "not_our_duty", "approved", At(1764123000000)}};
  c.disputes = {DisputeRecord{8, 6, "依据权责清单第 12 项，应由住建局办理", At(1764140000000),
                              "open", std::nullopt}};
  c.coordination_required = true;
  c.routing_fixed = true;
  c.provisional_unit_id = 8;

  Whistle w;
  w.id = 1;
  w.street_unit_id = 5;
  w.raised_by_unit_id = 51;
  w.question = "违建拆除涉及多个部门";
  w.reason = "街道无执法权";
  w.raised_at = At(1764150000000);
  w.state = "closed";
  Summons reported;
  reported.unit_id = 6;
  reported.due_at = At(1764160000000);
  reported.reported_at = At(1764161000000);
  reported.late = true;
  reported.report_note = "带执法队员两名";
  reported.work = "现场勘查并下达整改通知";
  reported.score = 4;
  reported.score_comment = "响应及时";
  reported.preparation_score = 5;
  reported.preparation_comment = "材料齐全";
  Summons missing;
  missing.unit_id = 7;
  missing.due_at = At(1764160000000);
  missing.overdue = true;
  w.summons = {reported, missing};
  w.meetings = {JointMeeting{At(1764170000000),
                             "街道会议室",
                             {"街道王主任", "城管李队长"},
                             true,
                             false,
                             "限期七日内拆除"}};
  w.resolved = true;
  w.outcome = "违建已拆除";
  w.closed_at = At(1764180000000);
  c.whistles = {w};

  GuidanceRequest g;
  g.id = 1;
  g.requested_by_unit_id = 5;
  g.unit_id = 6;
  g.question = "此类加装电梯纠纷如何认定";
  g.requested_at = At(1764190000000);
  g.due_at = At(1764195000000);
  g.answered_at = At(1764196000000);
  g.answer = "按业主表决结果办理";
  g.late = true;
  c.guidance = {g};
  return c;
}

// An order with every field set away from its default, so a field the
// conversion forgets shows up as a difference.
WorkOrder FullOrder() {
  WorkOrder o;
  o.id = 42;
  o.number = "2026112600042";
  o.state = State::kPendingCallback;
  o.version = 9;
  o.channel = Channel::kOpen311;
  o.caller_name = "张三";
  o.caller_phone = "13800138000";
  o.enterprise = true;
  o.demand_type = DemandType::kComplaint;
  o.category_id = 17;
  o.address = "幸福路 1 号";
  o.street_unit_id = 5;
  o.community_unit_id = 51;
  o.title = "夜间施工噪音";
  o.content = "工地每晚 23 点后仍在施工。";
  o.urgency = Urgency::kUrgent;
  o.attachments = {{"photo.jpg", "image/jpeg", 12345, "https://files.example/1"},
                   {"audio.mp3", "audio/mpeg", 99, "https://files.example/2"}};
  o.idempotency_key = "key-1";
  o.upstream_id = "up-7";
  o.created_by = 3;
  o.created_at = At(1764120600123);
  o.updated_at = At(1764207000456);
  o.lead_unit_id = 8;
  o.assist_unit_ids = {9, 10};
  o.signed_by_lead = true;
  o.pending = PendingApplication{Action::kExtend, 8, At(1764130000000), json{{"days", 5}}};
  o.reply = json{{"measures", "责令停工"}, {"result", "已整改"}};
  o.extension_days = 5;
  o.return_count = 1;
  o.reopen_count = 2;
  o.dispatch_count = 3;
  o.unreached_callbacks = 1;
  o.last_callback =
      CallbackRecord{true, false, Satisfaction::kDissatisfied, "仍有噪音", At(1764200000000)};
  o.callback_failed = true;
  o.close_reason = "callback";
  o.closed_at = At(1764207000456);
  o.merged_into = 77;
  o.merged_ids = {11, 12};
  o.collab = FullCollaboration();
  o.deadlines.sign = StepDeadline{At(1764201000000), At(1764200000000), true, false};
  o.deadlines.handle = StepDeadline{At(1764209000123), At(1764208000000), true, true};
  o.deadlines.application_review = StepDeadline{At(1764203000000), At(1764202000000), false, false};
  o.deadlines.sla_version = 3;
  o.long_pending_at = At(1766000000000);
  o.long_pending = true;
  o.dissatisfied_since = At(1764205000000);
  return o;
}

void ExpectSameOrder(const WorkOrder& a, const WorkOrder& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.number, b.number);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.channel, b.channel);
  EXPECT_EQ(a.caller_name, b.caller_name);
  EXPECT_EQ(a.caller_phone, b.caller_phone);
  EXPECT_EQ(a.enterprise, b.enterprise);
  EXPECT_EQ(a.demand_type, b.demand_type);
  EXPECT_EQ(a.category_id, b.category_id);
  EXPECT_EQ(a.address, b.address);
  EXPECT_EQ(a.street_unit_id, b.street_unit_id);
  EXPECT_EQ(a.community_unit_id, b.community_unit_id);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.content, b.content);
  EXPECT_EQ(a.urgency, b.urgency);
  ASSERT_EQ(a.attachments.size(), b.attachments.size());
  for (std::size_t i = 0; i < a.attachments.size(); ++i) {
    EXPECT_EQ(a.attachments[i].name, b.attachments[i].name);
    EXPECT_EQ(a.attachments[i].content_type, b.attachments[i].content_type);
    EXPECT_EQ(a.attachments[i].size, b.attachments[i].size);
    EXPECT_EQ(a.attachments[i].url, b.attachments[i].url);
  }
  EXPECT_EQ(a.idempotency_key, b.idempotency_key);
  EXPECT_EQ(a.upstream_id, b.upstream_id);
  EXPECT_EQ(a.created_by, b.created_by);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.lead_unit_id, b.lead_unit_id);
  EXPECT_EQ(a.assist_unit_ids, b.assist_unit_ids);
  EXPECT_EQ(a.signed_by_lead, b.signed_by_lead);
  ASSERT_EQ(a.pending.has_value(), b.pending.has_value());
  if (a.pending) {
    EXPECT_EQ(a.pending->kind, b.pending->kind);
    EXPECT_EQ(a.pending->unit_id, b.pending->unit_id);
    EXPECT_EQ(a.pending->at, b.pending->at);
    EXPECT_EQ(a.pending->details, b.pending->details);
  }
  EXPECT_EQ(a.collab.assist_parts, b.collab.assist_parts);
  EXPECT_EQ(a.collab.returns, b.collab.returns);
  EXPECT_EQ(a.collab.disputes, b.collab.disputes);
  EXPECT_EQ(a.collab.whistles, b.collab.whistles);
  EXPECT_EQ(a.collab.guidance, b.collab.guidance);
  EXPECT_EQ(a.collab, b.collab);
  EXPECT_EQ(a.reply, b.reply);
  EXPECT_EQ(a.extension_days, b.extension_days);
  EXPECT_EQ(a.return_count, b.return_count);
  EXPECT_EQ(a.reopen_count, b.reopen_count);
  EXPECT_EQ(a.dispatch_count, b.dispatch_count);
  EXPECT_EQ(a.unreached_callbacks, b.unreached_callbacks);
  ASSERT_EQ(a.last_callback.has_value(), b.last_callback.has_value());
  if (a.last_callback) {
    EXPECT_EQ(a.last_callback->reached, b.last_callback->reached);
    EXPECT_EQ(a.last_callback->resolved, b.last_callback->resolved);
    EXPECT_EQ(a.last_callback->satisfaction, b.last_callback->satisfaction);
    EXPECT_EQ(a.last_callback->note, b.last_callback->note);
    EXPECT_EQ(a.last_callback->at, b.last_callback->at);
  }
  EXPECT_EQ(a.callback_failed, b.callback_failed);
  EXPECT_EQ(a.close_reason, b.close_reason);
  EXPECT_EQ(a.closed_at, b.closed_at);
  EXPECT_EQ(a.merged_into, b.merged_into);
  EXPECT_EQ(a.merged_ids, b.merged_ids);
  EXPECT_EQ(a.deadlines, b.deadlines);
  EXPECT_EQ(a, b);  // and anything the field-by-field checks above miss
}

TEST(OrderDocTest, FullOrderRoundTripsThroughText) {
  const WorkOrder original = FullOrder();
  // Through text, as a backend stores it.
  const json reparsed = json::parse(DumpJson(OrderToDoc(original)));
  auto back = OrderFromDoc(reparsed);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  ExpectSameOrder(original, *back);
  EXPECT_EQ(OrderToDoc(*back), OrderToDoc(original));
}

TEST(OrderDocTest, DefaultOrderRoundTrips) {
  const WorkOrder original;
  auto back = OrderFromDoc(OrderToDoc(original));
  ASSERT_TRUE(back.has_value()) << back.error().message;
  ExpectSameOrder(original, *back);
}

TEST(OrderDocTest, InstantsAreMillisecondsSinceEpoch) {
  const json doc = OrderToDoc(FullOrder());
  EXPECT_EQ(doc["created_at"], 1764120600123);
  EXPECT_EQ(doc["closed_at"], 1764207000456);
  EXPECT_EQ(doc["state"], "pending_callback");
  EXPECT_TRUE(OrderToDoc(WorkOrder{})["closed_at"].is_null());
}

TEST(OrderDocTest, MissingFieldsTakeDefaults) {
  auto back = OrderFromDoc(json{{"id", 3}, {"number", "2026112600003"}, {"state", "handling"}});
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->state, State::kHandling);
  EXPECT_FALSE(back->lead_unit_id.has_value());
  EXPECT_TRUE(back->attachments.empty());
}

TEST(OrderDocTest, CollaborationIsStoredUnderCollab) {
  const json doc = OrderToDoc(FullOrder());
  ASSERT_TRUE(doc.contains("collab"));
  EXPECT_EQ(doc["collab"], CollaborationToJson(FullCollaboration()));
  EXPECT_FALSE(doc.contains("assist_replies"));
  EXPECT_TRUE(OrderToDoc(WorkOrder{})["collab"].is_object());
}

TEST(OrderDocTest, DocumentsFromBeforeCollaborationStillLoad) {
  // No "collab", and the assist replies of the old format.
  const json old_doc{{"id", 5},
                     {"state", "handling"},
                     {"lead_unit_id", 8},
                     {"assist_unit_ids", {9}},
                     {"assist_replies", json::array({{{"unit_id", 9}, {"content", "已配合"}}})}};
  auto back = OrderFromDoc(old_doc);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->assist_unit_ids, std::vector<UnitId>{9});
  EXPECT_EQ(back->collab, Collaboration{});
  json null_collab = old_doc;
  null_collab["collab"] = nullptr;
  auto from_null = OrderFromDoc(null_collab);
  ASSERT_TRUE(from_null.has_value());
  EXPECT_EQ(from_null->collab, Collaboration{});
}

TEST(OrderDocTest, BadDocumentsAreStorageErrors) {
  for (const json& doc :
       {json::array(), json{{"state", "nonsense"}}, json{{"version", "x"}},
        json{{"last_callback", {{"satisfaction", "great"}}}}, json{{"collab", "not an object"}},
        json{{"collab", {{"whistles", {{{"id", "first"}}}}}}}}) {
    auto back = OrderFromDoc(doc);
    ASSERT_FALSE(back.has_value()) << doc.dump();
    EXPECT_EQ(back.error().kind, ErrorKind::kInternal);
    EXPECT_EQ(back.error().code, "storage_error");
  }
}

TEST(OrderDocTest, EventRowRoundTrip) {
  Event e;
  e.seq = 4;
  e.action = Action::kReviewExtension;
  e.actor_id = 12;
  e.actor_name = "reviewer1";
  e.actor_role = Role::kReviewer;
  e.unit_id = 1;
  e.at = At(1764120600999);
  e.payload = json{{"approve", true}, {"days", 3}, {"note", "同意"}};
  e.state_after = State::kHandling;
  const EventRow row = EventToRow(e);
  EXPECT_EQ(row.action, "review-extension");
  EXPECT_EQ(row.actor_role, "reviewer");
  EXPECT_EQ(row.state_after, "handling");
  EXPECT_EQ(row.at_ms, 1764120600999);
  auto back = EventFromRow(row);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->seq, e.seq);
  EXPECT_EQ(back->action, e.action);
  EXPECT_EQ(back->actor_id, e.actor_id);
  EXPECT_EQ(back->actor_name, e.actor_name);
  EXPECT_EQ(back->actor_role, e.actor_role);
  EXPECT_EQ(back->unit_id, e.unit_id);
  EXPECT_EQ(back->at, e.at);
  EXPECT_EQ(back->payload, e.payload);
  EXPECT_EQ(back->state_after, e.state_after);
}

TEST(OrderDocTest, BadEventRowsAreStorageErrors) {
  EventRow row = EventToRow(Event{});
  row.payload = "{not json";
  EXPECT_FALSE(EventFromRow(row).has_value());
  row = EventToRow(Event{});
  row.action = "teleport";
  EXPECT_FALSE(EventFromRow(row).has_value());
}

TEST(OrderDocTest, InvalidUtf8IsReplacedNotThrown) {
  WorkOrder o;
  o.title = std::string("bad \xff byte");
  EXPECT_NO_THROW({
    const std::string text = DumpJson(OrderToDoc(o));
    EXPECT_NE(text.find("bad"), std::string::npos);
  });
}

}  // namespace
}  // namespace hotline
