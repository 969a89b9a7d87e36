// 并单 suggestions and intake warnings over a real server (docs/duplicates.md):
// a similar order is offered while the agent types (real citizen messages,
// read at run time), 重复来电 and 群体诉求 are warned about and recorded on
// the saved order, data scope holds, the index survives a restart, and bad
// input is refused with the field named.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

#ifndef HOTLINE_SHARED_DATA
#define HOTLINE_SHARED_DATA "../shared/data"
#endif

// Real messages of 120..600 bytes, in file order.
std::vector<std::string> RealMessages(std::size_t n) {
  std::ifstream in(std::string(HOTLINE_SHARED_DATA) + "/hotline-texts/messages_with_votes.tsv");
  std::vector<std::string> out;
  std::string line;
  std::getline(in, line);
  while (out.size() < n && std::getline(in, line)) {
    const auto tab1 = line.find('\t');
    const auto tab2 = line.find('\t', tab1 + 1);
    if (tab1 == std::string::npos || tab2 == std::string::npos) continue;
    std::string text = line.substr(tab1 + 1, tab2 - tab1 - 1);
    if (text.size() >= 120 && text.size() <= 600) out.push_back(std::move(text));
  }
  return out;
}

// The first `n` characters of UTF-8 text: what the agent has typed so far.
std::string Typed(std::string_view s, std::size_t n) {
  std::size_t chars = 0, i = 0;
  for (; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == n) break;
  return std::string(s.substr(0, i));
}

class DuplicatesTest : public HotlineTest {
 protected:
  void SetUp() override {
    HotlineTest::SetUp();
    messages_ = RealMessages(40);
    ASSERT_EQ(messages_.size(), 40u) << "real messages not found under " << HOTLINE_SHARED_DATA;
  }

  json Body(const std::string& text, const std::string& phone, const std::string& address) {
    json b = OrderBody(Typed(text, 30));
    b["content"] = text;
    b["caller_phone"] = phone;
    b["address"] = address;
    return b;
  }
  ApiResponse Similar(const json& probe, const std::string& user = "agent1") {
    return api().Post("/api/v1/intake/similar", probe, Token(user));
  }
  static const json* Item(const ApiResponse& r, std::int64_t id) {
    for (const json& item : r.body_json["items"])
      if (item["id"] == id) return &item;
    return nullptr;
  }
  static bool HasReason(const json& item, std::string_view prefix) {
    for (const json& reason : item["reasons"])
      if (reason.get<std::string>().starts_with(prefix)) return true;
    return false;
  }
  static bool HasFlag(const json& order, std::string_view flag) {
    const json& flags = order["flags"];
    return std::find(flags.begin(), flags.end(), json(std::string(flag))) != flags.end();
  }
  static const json* Warning(const ApiResponse& r, std::string_view code) {
    for (const json& w : r.body_json["warnings"])
      if (w["code"] == code) return &w;
    return nullptr;
  }

  std::vector<std::string> messages_;
};

TEST_F(DuplicatesTest, SimilarOrderIsOfferedWhileTheAgentTypes) {
  const std::int64_t a = Id(MustCreate(Body(messages_[0], "13900000001", "秦淮区测试路1号")));
  const std::int64_t other = Id(MustCreate(Body(messages_[1], "13900000002", "秦淮区测试路2号")));

  // Most of the same message, typed by another caller at another place.
  const std::string typed = Typed(messages_[0], 100);
  ApiResponse r = Similar({{"content", typed}, {"caller_phone", "13900000009"}});
  ASSERT_EQ(r.status, 200) << Describe(r);
  const json* hit = Item(r, a);
  ASSERT_NE(hit, nullptr) << r.body;
  EXPECT_TRUE(HasReason(*hit, "相似文本")) << hit->dump();
  EXPECT_GE((*hit)["text_similarity"].get<double>(), 0.5);
  EXPECT_FALSE((*hit)["same_address"].get<bool>());
  EXPECT_EQ(Item(r, other), nullptr) << "an unrelated message is not offered: " << r.body;
  EXPECT_EQ(r.body_json["items"][0]["id"], a) << "the near copy ranks first";

  // An unrelated text offers neither.
  r = Similar({{"content", messages_[5]}});
  ASSERT_EQ(r.status, 200) << Describe(r);
  EXPECT_EQ(Item(r, a), nullptr) << r.body;

  // The address alone (spaced differently) finds the order at that place.
  r = Similar({{"address", "秦淮区 测试路 1 号"}});
  ASSERT_EQ(r.status, 200) << Describe(r);
  hit = Item(r, a);
  ASSERT_NE(hit, nullptr) << r.body;
  EXPECT_TRUE(HasReason(*hit, "同一地址"));
  EXPECT_EQ(Item(r, other), nullptr);

  // The order itself can be left out (re-checking a saved order).
  r = Similar({{"content", typed}, {"exclude_order_id", a}});
  EXPECT_EQ(Item(r, a), nullptr) << r.body;

  // The saved order's duplicates come from the same engine, with the old `why`.
  const std::int64_t b = Id(MustCreate(Body(typed, "13900000003", "秦淮区测试路1号")));
  r = api().Get("/api/v1/orders/" + std::to_string(b) + "/duplicates", Token("dispatcher1"));
  ASSERT_EQ(r.status, 200) << Describe(r);
  hit = Item(r, a);
  ASSERT_NE(hit, nullptr) << r.body;
  EXPECT_TRUE(HasReason(*hit, "相似文本"));
  EXPECT_TRUE(HasReason(*hit, "同一地址"));
  EXPECT_TRUE(HasReason(*hit, "同一类别"));
  EXPECT_FALSE((*hit)["why"].get<std::string>().empty());
  EXPECT_EQ(Item(r, b), nullptr) << "not itself";

  // Merged orders are not offered again; their master is.
  MustAct("dispatcher1", b, "merge", {{"into_id", a}});
  r = Similar({{"content", typed}});
  EXPECT_NE(Item(r, a), nullptr);
  EXPECT_EQ(Item(r, b), nullptr) << r.body;
}

TEST_F(DuplicatesTest, RepeatCallerIsWarnedAndRecorded) {
  const std::string phone = "13911112222";
  ApiResponse r = Similar({{"caller_phone", phone}});
  ASSERT_EQ(r.status, 200) << Describe(r);
  EXPECT_EQ(Warning(r, "repeat_caller"), nullptr);

  const std::int64_t first = Id(MustCreate(Body(messages_[2], phone, "秦淮区甲路1号")));
  const std::int64_t second = Id(MustCreate(Body(messages_[3], phone, "秦淮区乙路2号")));
  EXPECT_FALSE(HasFlag(MustRead(second), "repeat_caller")) << "one earlier order is not a repeat";

  r = Similar({{"caller_phone", phone}, {"content", messages_[4]}});
  ASSERT_EQ(r.status, 200) << Describe(r);
  const json* w = Warning(r, "repeat_caller");
  ASSERT_NE(w, nullptr) << r.body;
  EXPECT_EQ((*w)["count"], 2);
  EXPECT_EQ((*w)["order_ids"], json({first, second}));
  EXPECT_NE((*w)["message"].get<std::string>().find("重复来电"), std::string::npos);
  const json* hit = Item(r, first);
  ASSERT_NE(hit, nullptr);
  EXPECT_TRUE(HasReason(*hit, "同一来电号码"));

  // Saved, the third order carries the flag in its detail and in lists.
  const std::int64_t third = Id(MustCreate(Body(messages_[4], phone, "秦淮区丙路3号")));
  EXPECT_TRUE(HasFlag(MustRead(third), "repeat_caller"));
  r = api().Get("/api/v1/orders?caller_phone=" + phone, Token("agent1"));
  ASSERT_EQ(r.status, 200) << Describe(r);
  for (const json& item : r.body_json["items"]) {
    const auto& flags = item["flags"];
    const bool flagged =
        std::find(flags.begin(), flags.end(), json("repeat_caller")) != flags.end();
    EXPECT_EQ(flagged, item["id"] == third) << item.dump();
  }
}

TEST_F(DuplicatesTest, GroupDemandIsWarnedAndRecorded) {
  // Three neighbours report the same problem at one address.
  const std::string place = "秦淮区群体路8号";
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 2; ++i) {
    const json created =
        MustCreate(Body(Typed(messages_[6], 90 + 5 * i), "1370000000" + std::to_string(i), place));
    EXPECT_FALSE(HasFlag(created, "group_demand")) << i;
    ids.push_back(Id(created));
  }
  ApiResponse r = Similar(
      {{"content", Typed(messages_[6], 95)}, {"address", place}, {"caller_phone", "13700000002"}});
  ASSERT_EQ(r.status, 200) << Describe(r);
  const json* w = Warning(r, "group_demand");
  ASSERT_NE(w, nullptr) << r.body;
  EXPECT_EQ((*w)["count"], 3);
  EXPECT_EQ((*w)["order_ids"], json(ids));
  // The same text elsewhere is no group demand; a caller already counted adds nobody.
  r = Similar({{"content", Typed(messages_[6], 95)},
               {"address", "秦淮区别处路1号"},
               {"caller_phone", "13700000002"}});
  EXPECT_EQ(Warning(r, "group_demand"), nullptr) << r.body;
  r = Similar(
      {{"content", Typed(messages_[6], 95)}, {"address", place}, {"caller_phone", "13700000001"}});
  EXPECT_EQ(Warning(r, "group_demand"), nullptr) << r.body;

  const json third = MustCreate(Body(Typed(messages_[6], 95), "13700000002", place));
  EXPECT_TRUE(HasFlag(third, "group_demand")) << third["flags"].dump();
  EXPECT_TRUE(HasFlag(MustRead(Id(third), "agent1"), "group_demand"));
}

TEST_F(DuplicatesTest, DataScopeAndRolesHold) {
  const std::int64_t mine = Id(MustCreate(Body(messages_[8], "13600000001", "秦淮区范围路1号")));
  const std::int64_t theirs =
      Id(MustCreate(Body(Typed(messages_[8], 110), "13600000002", "秦淮区范围路1号")));
  Dispatch(mine, kStreet1);
  Dispatch(theirs, kStreet2);

  auto path = "/api/v1/orders/" + std::to_string(mine) + "/duplicates";
  ApiResponse r = api().Get(path, Token(HandlerOf(kStreet1)));
  ASSERT_EQ(r.status, 200) << Describe(r);
  EXPECT_EQ(Item(r, theirs), nullptr) << "another street's order stays hidden: " << r.body;
  r = api().Get(path, Token("dispatcher1"));
  ASSERT_EQ(r.status, 200) << Describe(r);
  EXPECT_NE(Item(r, theirs), nullptr) << r.body;
  // Unit staff see masked numbers in the candidates, as everywhere.
  r = api().Get("/api/v1/orders/" + std::to_string(theirs) + "/duplicates",
                Token(HandlerOf(kStreet2)));
  ASSERT_EQ(r.status, 200) << Describe(r);
  for (const json& item : r.body_json["items"])
    EXPECT_NE(item.value("caller_phone", ""), "13600000001") << item.dump();
  // Another street's order is not found at all.
  r = api().Get(path, Token(HandlerOf(kStreet2)));
  EXPECT_EQ(r.status, 404) << Describe(r);

  r = Similar({{"content", messages_[8]}}, HandlerOf(kStreet1));
  EXPECT_EQ(r.status, 403) << Describe(r);
  EXPECT_EQ(r.ErrorCode(), "role_not_allowed");
  r = api().Post("/api/v1/intake/similar", {{"content", messages_[8]}});
  EXPECT_EQ(r.status, 401) << Describe(r);
}

TEST_F(DuplicatesTest, IndexSurvivesARestart) {
  const std::int64_t a = Id(MustCreate(Body(messages_[10], "13500000001", "秦淮区重启路1号")));
  RestartServerWith({});
  ApiResponse r = Similar({{"content", Typed(messages_[10], 100)}});
  ASSERT_EQ(r.status, 200) << Describe(r);
  ASSERT_NE(Item(r, a), nullptr) << r.body;
  // Orders taken after the restart join the rebuilt index.
  const std::int64_t b = Id(MustCreate(Body(messages_[11], "13500000002", "秦淮区重启路2号")));
  r = Similar({{"content", Typed(messages_[11], 100)}});
  EXPECT_NE(Item(r, b), nullptr) << r.body;
}

TEST_F(DuplicatesTest, BadInputIsRefusedWithTheField) {
  const auto before = api().Get("/api/v1/orders?page_size=1", Token("agent1"));
  struct Case {
    json body;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {json::object(), "empty_probe", "content"},
      {{{"title", ""}, {"content", ""}, {"address", ""}}, "empty_probe", "content"},
      {{{"title", "  "}, {"content", "，。！ "}, {"caller_phone", "-"}}, "empty_probe", "content"},
      {{{"title", std::string(601, 'x')}}, "too_long", "title"},
      {{{"content", std::string(30001, 'x')}}, "too_long", "content"},
      {{{"caller_phone", std::string(41, '1')}}, "too_long", "caller_phone"},
      {{{"content", "噪音"}, {"limit", 0}}, "invalid_value", "limit"},
      {{{"content", "噪音"}, {"limit", 51}}, "invalid_value", "limit"},
      {{{"content", 5}}, "", "content"},
      {{{"content", "噪音"}, {"category_id", "x"}}, "", "category_id"},
      {{{"content", "噪音"}, {"colour", "red"}}, "unknown_field", "colour"},
  };
  for (const Case& c : cases) {
    const ApiResponse r = Similar(c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << ": " << Describe(r);
    if (!c.code.empty()) EXPECT_EQ(r.ErrorCode(), c.code) << c.body.dump();
    EXPECT_EQ(r.ErrorField(), c.field) << c.body.dump() << ": " << Describe(r);
  }
  ApiResponse r = api().PostRaw("/api/v1/intake/similar", "{not json", Token("agent1"));
  EXPECT_EQ(r.status, 400) << Describe(r);
  r = api().PostRaw("/api/v1/intake/similar", "[1,2]", Token("agent1"));
  EXPECT_EQ(r.status, 400) << Describe(r);
  const auto after = api().Get("/api/v1/orders?page_size=1", Token("agent1"));
  EXPECT_EQ(after.body_json["total"], before.body_json["total"]) << "nothing was written";
}

}  // namespace
}  // namespace hotline::testing
