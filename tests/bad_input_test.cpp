// Bad requests over HTTP: each gets its specific status, code and field, and
// none of them changes anything (the order and its log are read back after
// every one of them).
#include <gtest/gtest.h>

#include <set>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

class BadInputTest : public HotlineTest {
 protected:
  void SetUp() override {
    HotlineTest::SetUp();
    if (HasFatalFailure()) return;
    // An order dispatched to department 1 (state dispatched, version 2).
    order_id_ = Id(MustCreate(OrderBody()));
    Dispatch(order_id_, kDept1);
    snapshot_ = MustRead(order_id_);
    orders_before_ = OrderCount();
  }

  std::string ActionPath(std::string_view action) const {
    return "/api/v1/orders/" + std::to_string(order_id_) + "/actions/" + std::string(action);
  }

  std::int64_t OrderCount() {
    ApiResponse r = api().Get("/api/v1/orders?page_size=1", Token("dispatcher1"));
    if (r.status != 200) throw std::runtime_error("listing orders failed: " + Describe(r));
    return r.body_json.at("total").get<std::int64_t>();
  }

  // The response is the expected error, and the order and the number of
  // orders are exactly as before.
  void ExpectRefused(const ApiResponse& r, int status, std::string_view code,
                     std::string_view field = {}) {
    EXPECT_EQ(r.status, status) << Describe(r);
    EXPECT_EQ(r.ErrorCode(), code) << Describe(r);
    if (!field.empty()) {
      EXPECT_EQ(r.ErrorField(), field) << Describe(r);
    }
    if (r.body_json.is_object() && r.body_json.contains("error")) {
      EXPECT_FALSE(r.body_json["error"].value("message", "").empty()) << "a readable message";
    }
    ExpectNothingChanged();
  }

  void ExpectNothingChanged() {
    const json now = MustRead(order_id_);
    EXPECT_EQ(Version(now), Version(snapshot_));
    EXPECT_EQ(StateOf(now), StateOf(snapshot_));
    EXPECT_EQ(now["events"], snapshot_["events"]);
    EXPECT_EQ(now["lead_unit_id"], snapshot_["lead_unit_id"]);
    EXPECT_EQ(now["pending_application"], snapshot_["pending_application"]);
    EXPECT_EQ(now["updated_at"], snapshot_["updated_at"]);
    EXPECT_EQ(OrderCount(), orders_before_);
  }

  std::int64_t order_id_ = 0;
  json snapshot_;
  std::int64_t orders_before_ = 0;
};

TEST_F(BadInputTest, MalformedJson) {
  const std::string& handler = Token(HandlerOf(kDept1));
  ExpectRefused(api().PostRaw(ActionPath("sign"), "{not json", handler), 400, "invalid_json");
  ExpectRefused(api().PostRaw(ActionPath("sign"), "{\"version\": 2,", handler), 400,
                "invalid_json");
  ExpectRefused(api().PostRaw("/api/v1/orders", "{\"title\": \"噪音", Token("agent1")), 400,
                "invalid_json");
  ExpectRefused(api().PostRaw("/api/v1/orders", "[1, 2, 3]", Token("agent1")), 400, "invalid_json");
  ExpectRefused(api().PostRaw("/api/v1/orders", "\xff\xfe{}", Token("agent1")), 400,
                "invalid_json");
  ExpectRefused(api().PostRaw("/api/v1/auth/login", "username=admin", {},
                              "application/x-www-form-urlencoded"),
                400, "invalid_json");
}

TEST_F(BadInputTest, WrongTypes) {
  ExpectRefused(
      Act("dispatcher1", order_id_, "reassign",
          {{"lead_unit_id", "第二部门"}, {"assist_unit_ids", json::array()}, {"note", ""}}),
      400, "wrong_type", "lead_unit_id");
  ExpectRefused(Act("dispatcher1", order_id_, "reassign",
                    {{"lead_unit_id", Unit(kDept2)}, {"assist_unit_ids", "all"}, {"note", ""}}),
                400, "wrong_type", "assist_unit_ids");
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "return",
                    {{"reason_code", 5}, {"basis", "不属本单位职责"}, {"note", ""}}),
                400, "wrong_type", "reason_code");
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "sign", {{"version", "2"}}), 400, "wrong_type",
                "version");
  json body = OrderBody();
  body["enterprise"] = "yes";
  ExpectRefused(Create(body), 400, "wrong_type", "enterprise");
  body = OrderBody();
  body["category_id"] = "噪音";
  ExpectRefused(Create(body), 400, "wrong_type", "category_id");
  body = OrderBody();
  body["title"] = 12345;
  ExpectRefused(Create(body), 400, "wrong_type", "title");
  ExpectRefused(api().Post("/api/v1/auth/login", {{"username", "admin"}, {"password", 123}}), 400,
                "wrong_type", "password");
}

TEST_F(BadInputTest, MissingRequiredFields) {
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "return", {{"reason_code", "not_our_duty"}}), 400,
                "missing_field", "basis");
  ExpectRefused(Act("dispatcher1", order_id_, "reassign",
                    {{"assist_unit_ids", json::array()}, {"note", "改派"}}),
                400, "missing_field", "lead_unit_id");
  for (const char* field : {"title", "content", "category_id", "channel", "demand_type"}) {
    json body = OrderBody();
    body.erase(field);
    ExpectRefused(Create(body), 400, "missing_field", field);
  }
  json body = OrderBody();
  body["title"] = "   ";
  ExpectRefused(Create(body), 400, "missing_field", "title");
}

TEST_F(BadInputTest, UnknownFields) {
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "sign", {{"signature", "张三"}}), 400,
                "unknown_field", "signature");
  json body = OrderBody();
  body["priority"] = "high";
  ExpectRefused(Create(body), 400, "unknown_field", "priority");
}

TEST_F(BadInputTest, InvalidValues) {
  json body = OrderBody();
  body["channel"] = "fax";
  ExpectRefused(Create(body), 400, "invalid_value", "channel");
  body = OrderBody();
  body["urgency"] = "very";
  ExpectRefused(Create(body), 400, "invalid_value", "urgency");
  body = OrderBody();
  body["title"] = std::string(201 * 3, 'x');  // over the 200-character limit
  ExpectRefused(Create(body), 400, "too_long", "title");
  // A return needs one of the coded reasons.
  const ApiResponse r = Act(HandlerOf(kDept1), order_id_, "return",
                            {{"reason_code", "too_busy"}, {"basis", "人手不足"}, {"note", ""}});
  EXPECT_EQ(r.status, 400) << Describe(r);
  EXPECT_EQ(r.ErrorField(), "reason_code") << Describe(r);
  ExpectNothingChanged();
}

TEST_F(BadInputTest, UnknownIdsAndActions) {
  ExpectRefused(api().Get("/api/v1/orders/987654321", Token("dispatcher1")), 404, "not_found");
  ExpectRefused(
      api().Post("/api/v1/orders/987654321/actions/sign", json::object(), Token(HandlerOf(kDept1))),
      404, "not_found");
  ExpectRefused(api().Get("/api/v1/orders/not-a-number", Token("dispatcher1")), 404, "not_found");
  ExpectRefused(api().Post(ActionPath("teleport"), json::object(), Token("dispatcher1")), 404,
                "unknown_action");
  ExpectRefused(
      Act("dispatcher1", order_id_, "reassign",
          {{"lead_unit_id", 987654321}, {"assist_unit_ids", json::array()}, {"note", ""}}),
      422, "unknown_unit", "lead_unit_id");
  json body = OrderBody();
  body["category_id"] = 987654321;
  ExpectRefused(Create(body), 422, "unknown_category", "category_id");
  body = OrderBody();
  body["category_id"] = org().TopCategory();
  ExpectRefused(Create(body), 422, "category_not_leaf", "category_id");
  body = OrderBody();
  body["street_unit_id"] = Unit(kDept1);  // a department is not a street
  const ApiResponse r = Create(body);
  EXPECT_EQ(r.status, 422) << Describe(r);
  EXPECT_EQ(r.ErrorField(), "street_unit_id") << Describe(r);
  ExpectNothingChanged();
}

TEST_F(BadInputTest, OversizeBodyIsRefusedAndTheServerSurvives) {
  json body = OrderBody();
  body["content"] = std::string(1100 * 1024, 'a');  // over the 1 MiB limit
  ExpectRefused(api().PostRaw("/api/v1/orders", body.dump(), Token("agent1")), 413,
                "body_too_large");
  const std::string big = "{\"note\": \"" + std::string(2 * 1024 * 1024, 'b') + "\"}";
  auto fresh = NewClient();
  ExpectRefused(fresh->PostRaw(ActionPath("sign"), big, Token(HandlerOf(kDept1))), 413,
                "body_too_large");
  EXPECT_EQ(api().Get("/healthz").status, 200);
}

TEST_F(BadInputTest, IllegalTransitions) {
  ExpectRefused(Act("reviewer1", order_id_, "review-reply", {{"approve", true}, {"note", ""}}), 409,
                "illegal_transition");
  ExpectRefused(Act("agent1", order_id_, "direct-answer", {{"answer", "已答复"}}), 409,
                "illegal_transition");
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "reply", ReplyBody()), 409, "illegal_transition");
  ExpectRefused(
      Act("callback1", order_id_, "callback",
          {{"reached", true}, {"resolved", true}, {"satisfaction", "satisfied"}, {"note", ""}}),
      409, "illegal_transition");
}

TEST_F(BadInputTest, WrongRole) {
  ExpectRefused(
      Act("agent1", order_id_, "reassign",
          {{"lead_unit_id", Unit(kDept2)}, {"assist_unit_ids", json::array()}, {"note", ""}}),
      403, "role_not_allowed");
  ExpectRefused(Act("dispatcher1", order_id_, "sign"), 403, "role_not_allowed");
  ExpectRefused(Create(OrderBody(), "reviewer1"), 403, "role_not_allowed");
  ExpectRefused(Create(OrderBody(), HandlerOf(kDept1)), 403, "role_not_allowed");
}

TEST_F(BadInputTest, WrongUnit) {
  const std::string other = HandlerOf(kDept2);
  ExpectRefused(Read(other, order_id_), 404, "not_found");
  const ApiResponse r = Act(other, order_id_, "sign");
  EXPECT_TRUE(r.status == 403 || r.status == 404) << Describe(r);
  const std::set<std::string> codes = {"unit_not_allowed", "not_found"};
  EXPECT_TRUE(codes.contains(r.ErrorCode())) << Describe(r);
  ExpectNothingChanged();
}

TEST_F(BadInputTest, StaleVersionConflicts) {
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "sign", {{"version", 1}}), 409,
                "version_conflict");
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "sign", {{"version", 99}}), 409,
                "version_conflict");
  // With the current version the same action goes through.
  const json o = MustAct(HandlerOf(kDept1), order_id_, "sign", {{"version", Version(snapshot_)}});
  EXPECT_EQ(StateOf(o), "handling");
  EXPECT_EQ(Version(o), Version(snapshot_) + 1);
}

TEST_F(BadInputTest, Unauthenticated) {
  ExpectRefused(api().Get("/api/v1/orders/" + std::to_string(order_id_)), 401, "unauthenticated");
  ExpectRefused(api().Post(ActionPath("sign"), json::object(), "not-a-real-token"), 401,
                "unauthenticated");
  ExpectRefused(api().Post("/api/v1/orders", OrderBody()), 401, "unauthenticated");
  const ApiResponse login =
      api().Post("/api/v1/auth/login", {{"username", "admin"}, {"password", "wrong-password"}});
  EXPECT_EQ(login.status, 401) << Describe(login);
  EXPECT_EQ(login.ErrorCode(), "invalid_credentials");
  const ApiResponse nobody =
      api().Post("/api/v1/auth/login", {{"username", "nobody"}, {"password", kDemoPassword}});
  EXPECT_EQ(nobody.status, 401) << Describe(nobody);
  EXPECT_EQ(nobody.ErrorCode(), "invalid_credentials");
}

TEST_F(BadInputTest, BusinessRulesOnHandling) {
  // Take the order into handling first; the refusals below must not move it.
  snapshot_ = Sign(order_id_, kDept1);
  snapshot_ = MustRead(order_id_);
  json reply = ReplyBody();
  reply["contact"]["at"] = "2099-01-01T09:00:00+08:00";
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "reply", reply), 422, "contact_in_future",
                "contact.at");
  reply["contact"]["at"] = "2001-01-01T09:00:00+08:00";
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "reply", reply), 422, "contact_before_intake",
                "contact.at");
  reply = ReplyBody();
  reply["contact"]["method"] = "telepathy";
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "reply", reply), 400, "invalid_value",
                "contact.method");
  reply = ReplyBody();
  reply.erase("result");
  ExpectRefused(Act(HandlerOf(kDept1), order_id_, "reply", reply), 400, "missing_field", "result");
  const ApiResponse days =
      Act(HandlerOf(kDept1), order_id_, "extend", {{"days", 31}, {"reason", "x"}});
  EXPECT_EQ(days.status, 400) << Describe(days);
  EXPECT_EQ(days.ErrorField(), "days");
  ExpectNothingChanged();
}

TEST_F(BadInputTest, IdempotencyKeyReusedWithAnotherBody) {
  json body = OrderBody("重复提交测试");
  body["idempotency_key"] = "bad-input-key-1";
  const ApiResponse first = Create(body);
  ASSERT_EQ(first.status, 201) << Describe(first);
  orders_before_ = OrderCount();
  const ApiResponse again = Create(body);
  EXPECT_EQ(again.status, 200) << Describe(again);
  EXPECT_EQ(again.body_json["id"], first.body_json["id"]);
  body["title"] = "换了标题";
  ExpectRefused(Create(body), 422, "idempotency_key_reused");
}

TEST_F(BadInputTest, ServerStillHealthyAfterGarbage) {
  const std::string& token = Token("dispatcher1");
  for (const char* raw :
       {"", "null", "true", "\"text\"", "{}", "{\"version\":null}", "{\"version\":-1}",
        "{\"version\":1e309}", "{\"a\":{\"b\":{\"c\":[[[[]]]]}}}"}) {
    const ApiResponse r = api().PostRaw(ActionPath("reassign"), raw, token);
    EXPECT_GE(r.status, 400) << raw << " -> " << Describe(r);
    EXPECT_LT(r.status, 500) << raw << " -> " << Describe(r);
  }
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  const ApiResponse r = api().PostRaw("/api/v1/orders", deep, Token("agent1"));
  EXPECT_EQ(r.status, 400) << Describe(r);
  EXPECT_EQ(api().Get("/healthz").status, 200);
  ExpectNothingChanged();
}

}  // namespace
}  // namespace hotline::testing
