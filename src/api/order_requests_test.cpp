#include "api/order_requests.h"

#include <gtest/gtest.h>

#include "api/field_reader.h"

namespace hotline {
namespace {

using nlohmann::json;

json GoodIntake() {
  return json{
      {"channel", "phone"},         {"caller_name", "张三"},      {"caller_phone", "13812345678"},
      {"enterprise", false},        {"demand_type", "complaint"}, {"category_id", 5},
      {"address", "秦淮区某路1号"}, {"street_unit_id", 2},        {"title", "噪音"},
      {"content", "夜间施工噪音"},  {"urgency", "normal"},        {"idempotency_key", "k-1"}};
}

TEST(OrderRequestsTest, ParsesAGoodIntake) {
  auto c = ParseIntake(GoodIntake());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->channel, Channel::kPhone);
  EXPECT_EQ(c->category_id, 5);
  EXPECT_EQ(c->street_unit_id, 2);
  EXPECT_EQ(c->idempotency_key, "k-1");
}

TEST(OrderRequestsTest, ReportsTheOffendingField) {
  struct Case {
    const char* key;
    json value;  // null removes the key
    const char* code;
  };
  const Case cases[] = {
      {"category_id", "five", "wrong_type"},
      {"category_id", nullptr, "missing_field"},
      {"channel", "fax", "invalid_value"},
      {"enterprise", "yes", "wrong_type"},
      {"title", 3, "wrong_type"},
      {"surprise", 1, "unknown_field"},
      {"attachments", json::array({1}), "wrong_type"},
  };
  for (const Case& c : cases) {
    json body = GoodIntake();
    if (c.value.is_null())
      body.erase(c.key);
    else
      body[c.key] = c.value;
    auto parsed = ParseIntake(body);
    ASSERT_FALSE(parsed) << c.key;
    EXPECT_EQ(parsed.error().code, c.code) << c.key;
    EXPECT_EQ(parsed.error().field, c.key) << c.key;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalidInput);
  }
}

TEST(OrderRequestsTest, ParsesActionsWithVersion) {
  auto r = ParseActionRequest(
      Action::kDispatch, json{{"lead_unit_id", 3}, {"assist_unit_ids", {4, 5}}, {"version", 2}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->version, 2);
  const auto& route = std::get<RouteCommand>(r->command);
  EXPECT_EQ(route.assist_unit_ids, (std::vector<std::int64_t>{4, 5}));

  auto reply = ParseActionRequest(
      Action::kReply,
      json{{"measures", "a"},
           {"progress", "b"},
           {"result", "c"},
           {"contact", {{"method", "phone"}, {"at", "2026-11-26T10:00:00+08:00"}}}});
  ASSERT_TRUE(reply) << reply.error().message;

  auto bad_time = ParseActionRequest(Action::kReply,
                                     json{{"measures", "a"},
                                          {"progress", "b"},
                                          {"result", "c"},
                                          {"contact", {{"method", "phone"}, {"at", "yesterday"}}}});
  ASSERT_FALSE(bad_time);
  EXPECT_EQ(bad_time.error().field, "contact.at");

  auto nested_unknown = ParseActionRequest(
      Action::kReply,
      json{{"measures", "a"},
           {"progress", "b"},
           {"result", "c"},
           {"contact", {{"method", "phone"}, {"at", "2026-11-26T10:00:00+08:00"}, {"x", 1}}}});
  ASSERT_FALSE(nested_unknown);
  EXPECT_EQ(nested_unknown.error().field, "contact.x");

  auto extra = ParseActionRequest(Action::kSign, json{{"note", "x"}});
  ASSERT_FALSE(extra);
  EXPECT_EQ(extra.error().code, "unknown_field");
}

TEST(OrderRequestsTest, BodyMustBeAnObject) {
  EXPECT_EQ(ParseJsonObject("{").error().code, "invalid_json");
  EXPECT_EQ(ParseJsonObject("[1]").error().code, "invalid_json");
  EXPECT_TRUE(ParseJsonObject("{}"));
}

}  // namespace
}  // namespace hotline
