// Warning letters (预警函) through the real server: a supervisor warns a
// unit, another unit cannot answer for it, the warned unit replies, the reply
// is returned once and then accepted. Bad requests change nothing.
#include <fmt/format.h>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

constexpr std::string_view kWarned = "320104002";
constexpr std::string_view kOther = "320104003";
constexpr std::string_view kPlatform = "320104000";

class WarningTest : public HotlineTest {
 protected:
  ApiResponse Issue(const json& body, const std::string& user = "supervisor1") {
    return api().Post("/api/v1/warnings", body, Token(user));
  }
  ApiResponse ReplyTo(std::int64_t id, const json& body, const std::string& user) {
    return api().Post(fmt::format("/api/v1/warnings/{}/reply", id), body, Token(user));
  }
  ApiResponse Review(std::int64_t id, const json& body, const std::string& user = "supervisor1") {
    return api().Post(fmt::format("/api/v1/warnings/{}/review", id), body, Token(user));
  }
  json Get(std::int64_t id, const std::string& user = "supervisor1") {
    return api().Get(fmt::format("/api/v1/warnings/{}", id), Token(user)).body_json;
  }
  json LetterBody() {
    return json{{"unit_id", Unit(kWarned)},
                {"kind", "overdue"},
                {"subject", "本月超期工单偏多"},
                {"text", "你单位本月超期工单较多，请分析原因并书面回复整改措施。"}};
  }
  std::int64_t Total(const std::string& user = "supervisor1") {
    return api().Get("/api/v1/warnings", Token(user)).body_json["total"].get<std::int64_t>();
  }
};

TEST_F(WarningTest, IssueReplyReturnReplyAccept) {
  const json order = HandlingOrder(kWarned);
  json body = LetterBody();
  body["order_ids"] = {Id(order)};
  const ApiResponse issued = Issue(body);
  ASSERT_EQ(issued.status, 201) << Describe(issued);
  const json& w = issued.body_json;
  const std::int64_t id = w["id"];
  EXPECT_EQ(w["number"].get<std::string>().substr(0, 2), "YJ");
  EXPECT_EQ(w["number"].get<std::string>().size(), 15u);
  EXPECT_EQ(w["state"], "issued");
  EXPECT_EQ(w["kind"], "overdue");
  EXPECT_EQ(w["unit_id"], Unit(kWarned));
  EXPECT_EQ(w["order_ids"], json::array({Id(order)}));
  EXPECT_EQ(w["rounds"], 0);
  EXPECT_FALSE(w["reply_due_at"].get<std::string>().empty());
  EXPECT_EQ(w["reply_overdue"], false);

  // The warned unit was notified.
  const json notes =
      api().Get("/api/v1/notifications", Token(HandlerOf(kWarned))).body_json["items"];
  bool notified = false;
  for (const json& n : notes)
    if (n["kind"] == "warning" &&
        n["title"].get<std::string>().find(w["number"].get<std::string>()) != std::string::npos)
      notified = true;
  EXPECT_TRUE(notified) << notes.dump();

  // Another unit can neither answer nor see it, and nothing changes.
  const ApiResponse wrong = ReplyTo(id, {{"text", "与我无关"}}, HandlerOf(kOther));
  EXPECT_EQ(wrong.status, 403) << Describe(wrong);
  EXPECT_EQ(Get(id)["state"], "issued");
  EXPECT_EQ(Get(id)["reply"], "");
  EXPECT_EQ(api().Get(fmt::format("/api/v1/warnings/{}", id), Token(HandlerOf(kOther))).status,
            404);
  EXPECT_EQ(ReplyTo(id, {{"text", "x"}}, "supervisor1").status, 403);
  EXPECT_EQ(ReplyTo(id, json::object(), HandlerOf(kWarned)).status, 400);
  EXPECT_EQ(Review(id, {{"accept", true}}).status, 409);

  const ApiResponse replied =
      ReplyTo(id, {{"text", "已排查超期原因，增派人手"}}, HandlerOf(kWarned));
  ASSERT_EQ(replied.status, 200) << Describe(replied);
  EXPECT_EQ(replied.body_json["state"], "replied");
  EXPECT_EQ(ReplyTo(id, {{"text", "再次回复"}}, HandlerOf(kWarned)).status, 409);

  // Only a supervisor reviews; returning needs a note.
  EXPECT_EQ(Review(id, {{"accept", false}, {"note", "x"}}, HandlerOf(kWarned)).status, 403);
  EXPECT_EQ(Review(id, {{"accept", false}}).status, 400);
  const ApiResponse returned = Review(id, {{"accept", false}, {"note", "未写明整改时限"}});
  ASSERT_EQ(returned.status, 200) << Describe(returned);
  EXPECT_EQ(returned.body_json["state"], "issued");
  EXPECT_EQ(returned.body_json["rounds"], 1);
  EXPECT_EQ(returned.body_json["review_note"], "未写明整改时限");

  // The unit admin answers the second round, and the reply is accepted.
  const std::string unit_admin = fmt::format("ua{}", kWarned);
  const ApiResponse second = ReplyTo(id, {{"text", "本周五前清理全部超期工单"}}, unit_admin);
  ASSERT_EQ(second.status, 200) << Describe(second);
  const ApiResponse accepted = Review(id, {{"accept", true}, {"note", "同意"}});
  ASSERT_EQ(accepted.status, 200) << Describe(accepted);
  EXPECT_EQ(accepted.body_json["state"], "closed");
  EXPECT_EQ(accepted.body_json["rounds"], 1);
  EXPECT_FALSE(accepted.body_json["closed_at"].is_null());
  EXPECT_EQ(accepted.body_json["reply"], "本周五前清理全部超期工单");
  EXPECT_EQ(ReplyTo(id, {{"text", "x"}}, HandlerOf(kWarned)).status, 409);

  // Listing: filters, per-unit counts, scope.
  ASSERT_EQ(Issue(LetterBody()).status, 201);
  json other = LetterBody();
  other["unit_id"] = Unit(kOther);
  other["kind"] = "hot_spot";
  ASSERT_EQ(Issue(other).status, 201);
  const json all = api().Get("/api/v1/warnings", Token("supervisor1")).body_json;
  EXPECT_EQ(all["total"], 3);
  ASSERT_EQ(all["by_unit"].size(), 2u);
  EXPECT_EQ(all["by_unit"][0]["unit_id"], Unit(kWarned));
  EXPECT_EQ(all["by_unit"][0]["count"], 2);
  EXPECT_EQ(all["by_unit"][0]["open"], 1);
  const json closed = api().Get("/api/v1/warnings?state=closed", Token("supervisor1")).body_json;
  ASSERT_EQ(closed["total"], 1);
  EXPECT_EQ(closed["items"][0]["id"], id);
  EXPECT_EQ(api().Get("/api/v1/warnings?kind=hot_spot", Token("supervisor1")).body_json["total"],
            1);
  EXPECT_EQ(api()
                .Get(fmt::format("/api/v1/warnings?unit_id={}", Unit(kOther)), Token("supervisor1"))
                .body_json["total"],
            1);
  EXPECT_EQ(Total(HandlerOf(kWarned)), 2);
  EXPECT_EQ(Total(HandlerOf(kOther)), 1);
  EXPECT_EQ(api().Get("/api/v1/warnings?state=returned", Token("supervisor1")).status, 400);
  EXPECT_EQ(api().Get("/api/v1/warnings?color=red", Token("supervisor1")).status, 400);
}

TEST_F(WarningTest, BadWarningRequestsAreRefused) {
  json unknown_unit = LetterBody();
  unknown_unit["unit_id"] = 999999;
  EXPECT_EQ(Issue(unknown_unit).status, 422);
  json platform = LetterBody();
  platform["unit_id"] = Unit(kPlatform);
  EXPECT_EQ(Issue(platform).status, 422);
  json no_text = LetterBody();
  no_text.erase("text");
  EXPECT_EQ(Issue(no_text).status, 400);
  json extra = LetterBody();
  extra["color"] = "red";
  EXPECT_EQ(Issue(extra).status, 400);
  json bad_kind = LetterBody();
  bad_kind["kind"] = "angry";
  EXPECT_EQ(Issue(bad_kind).status, 400);
  json unknown_order = LetterBody();
  unknown_order["order_ids"] = {999999};
  EXPECT_EQ(Issue(unknown_order).status, 422);
  json past_due = LetterBody();
  past_due["reply_due_at"] = "2001-01-01T00:00:00+08:00";
  EXPECT_EQ(Issue(past_due).status, 400);
  EXPECT_EQ(Issue(LetterBody(), "agent1").status, 403);
  EXPECT_EQ(Issue(LetterBody(), HandlerOf(kWarned)).status, 403);
  EXPECT_EQ(Total(), 0);

  // An explicit deadline is kept; the admin may issue too.
  json due = LetterBody();
  due["reply_due_at"] = "2099-01-05T17:00:00+08:00";
  const ApiResponse ok = Issue(due, "admin");
  ASSERT_EQ(ok.status, 201) << Describe(ok);
  EXPECT_EQ(ok.body_json["reply_due_at"], "2099-01-05T17:00:00+08:00");
  EXPECT_EQ(api().Get("/api/v1/warnings/999999", Token("supervisor1")).status, 404);
  EXPECT_EQ(ReplyTo(999999, {{"text", "x"}}, HandlerOf(kWarned)).status, 404);
  EXPECT_EQ(Total(), 1);
}

}  // namespace
}  // namespace hotline::testing
