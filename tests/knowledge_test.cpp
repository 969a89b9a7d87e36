// The knowledge base (知识库) and full-text search over HTTP: editing by its
// editors only, searching by every role, two-character words found, bad
// input refused without changes, and the order list's `q` within data scopes.
#include <gtest/gtest.h>

#include <set>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

class KnowledgeTest : public HotlineTest {
 protected:
  json ArticleBody(std::string title = "油烟扰民的标准答复") const {
    return json{{"kind", "standard_answer"},
                {"title", std::move(title)},
                {"body", "餐饮单位须安装油烟净化设施和隔油池，由区生态环境局核查处理。"},
                {"tags", {"油烟", "餐饮"}}};
  }

  json MustCreateArticle(const json& body, const std::string& user = "admin") {
    const ApiResponse r = api().Post("/api/v1/knowledge", body, Token(user));
    if (r.status != 201) throw std::runtime_error("create article: " + Describe(r));
    return r.body_json;
  }

  ApiResponse Patch(std::int64_t id, const json& body, const std::string& user = "admin") {
    return api().Request("PATCH", "/api/v1/knowledge/" + std::to_string(id), body.dump(),
                         Token(user), "application/json");
  }

  ApiResponse Delete(std::int64_t id, const std::string& user = "admin",
                     std::string_view query = {}) {
    return api().Request("DELETE", "/api/v1/knowledge/" + std::to_string(id) + std::string(query),
                         "", Token(user), "application/json");
  }

  json Search(const std::string& query, const std::string& user = "agent1") {
    const ApiResponse r = api().Get(
        "/api/v1/knowledge?page_size=100" + (query.empty() ? "" : "&" + query), Token(user));
    if (r.status != 200) throw std::runtime_error("search: " + Describe(r));
    return r.body_json;
  }

  static std::set<std::int64_t> Ids(const json& page) {
    std::set<std::int64_t> ids;
    for (const json& a : page.at("items")) ids.insert(a.at("id").get<std::int64_t>());
    return ids;
  }

  std::set<std::int64_t> ListedOrders(const std::string& user, const std::string& q) {
    const ApiResponse r = api().Get("/api/v1/orders?page_size=100&q=" + UrlEncode(q), Token(user));
    if (r.status != 200) throw std::runtime_error("orders as " + user + ": " + Describe(r));
    std::set<std::int64_t> ids;
    for (const json& o : r.body_json.at("items")) ids.insert(Id(o));
    EXPECT_EQ(r.body_json.at("total").get<std::size_t>(), ids.size());
    return ids;
  }
};

TEST_F(KnowledgeTest, AnEditorWritesAndEveryRoleSearchesWithHighlights) {
  const json created = MustCreateArticle(ArticleBody());
  const std::int64_t id = Id(created);
  EXPECT_EQ(created["version"], 1);
  EXPECT_EQ(created["kind_name"], "标准答复");
  EXPECT_EQ(created["tags"], json({"油烟", "餐饮"}));
  EXPECT_TRUE(created["enabled"].get<bool>());

  for (const char* user : {"agent1", "dispatcher1", "h320104D01", "leader1"}) {
    const json page = Search("q=" + UrlEncode("油烟"), user);
    EXPECT_TRUE(Ids(page).contains(id)) << user;
  }
  const json page = Search("q=" + UrlEncode("隔油") + "&kind=standard_answer");
  ASSERT_EQ(Ids(page), (std::set<std::int64_t>{id}));
  EXPECT_NE(page["items"][0]["snippet"].get<std::string>().find("<mark>隔油</mark>"),
            std::string::npos)
      << page.dump();
  EXPECT_EQ(Search("q=" + UrlEncode("隔油") + "&kind=policy")["total"], 0);

  const ApiResponse read = api().Get("/api/v1/knowledge/" + std::to_string(id), Token("agent1"));
  ASSERT_EQ(read.status, 200) << Describe(read);
  EXPECT_EQ(read.body_json["body"], ArticleBody()["body"]);

  // Edit with the version read; a second edit with the same version is stale.
  const ApiResponse edited = Patch(id, json{{"version", 1}, {"title", "商铺噪音的标准答复"}});
  ASSERT_EQ(edited.status, 200) << Describe(edited);
  EXPECT_EQ(edited.body_json["version"], 2);
  EXPECT_EQ(edited.body_json["body"], ArticleBody()["body"]);  // untouched fields stay
  const ApiResponse stale = Patch(id, json{{"version", 1}, {"title", "过期修改"}});
  EXPECT_EQ(stale.status, 409) << Describe(stale);
  EXPECT_EQ(stale.ErrorField(), "version");
  EXPECT_TRUE(Ids(Search("q=" + UrlEncode("噪音"))).contains(id));
  EXPECT_FALSE(Ids(Search("q=" + UrlEncode("过期"))).contains(id));

  // Supervisors edit too.
  const ApiResponse by_supervisor = Patch(id, json{{"enabled", false}}, "supervisor1");
  ASSERT_EQ(by_supervisor.status, 200) << Describe(by_supervisor);
  // Disabled: hidden from agents, still there for editors.
  EXPECT_FALSE(Ids(Search("q=" + UrlEncode("噪音"))).contains(id));
  EXPECT_EQ(api().Get("/api/v1/knowledge/" + std::to_string(id), Token("agent1")).status, 404);
  EXPECT_TRUE(Ids(Search("q=" + UrlEncode("噪音"), "admin")).contains(id));

  EXPECT_EQ(Delete(id, "admin", "?version=2").status, 409);
  const ApiResponse deleted = Delete(id, "admin", "?version=3");
  EXPECT_EQ(deleted.status, 204) << Describe(deleted);
  EXPECT_EQ(api().Get("/api/v1/knowledge/" + std::to_string(id), Token("admin")).status, 404);
  EXPECT_EQ(Delete(id).status, 404);
  EXPECT_FALSE(Ids(Search("q=" + UrlEncode("噪音"), "admin")).contains(id));
}

TEST_F(KnowledgeTest, OtherRolesMayNotEdit) {
  const std::int64_t id = Id(MustCreateArticle(ArticleBody()));
  for (const char* user : {"agent1", "dispatcher1", "h320104001", "leader1"}) {
    const ApiResponse create = api().Post("/api/v1/knowledge", ArticleBody("越权"), Token(user));
    EXPECT_EQ(create.status, 403) << user << Describe(create);
    EXPECT_EQ(create.ErrorCode(), "role_not_allowed");
    EXPECT_EQ(Patch(id, json{{"title", "越权"}}, user).status, 403) << user;
    EXPECT_EQ(Delete(id, user).status, 403) << user;
  }
  EXPECT_EQ(Search("q=" + UrlEncode("越权"), "admin")["total"], 0);
  EXPECT_EQ(api().Get("/api/v1/knowledge", "").status, 401);
}

TEST_F(KnowledgeTest, BadInputIsRefusedByFieldAndChangesNothing) {
  const std::int64_t before = Search("", "admin")["total"].get<std::int64_t>();
  struct Case {
    json body;
    int status;
    std::string field;
  };
  json no_title = ArticleBody();
  no_title.erase("title");
  json blank_title = ArticleBody("   ");
  json bad_kind = ArticleBody();
  bad_kind["kind"] = "rumour";
  json bad_tags = ArticleBody();
  bad_tags["tags"] = json::array({"油烟", 3});
  json long_title = ArticleBody(std::string(201 * 3, 'x'));
  json unknown_field = ArticleBody();
  unknown_field["author"] = "me";
  json unknown_category = ArticleBody();
  unknown_category["category_id"] = 999999;
  json unknown_unit = ArticleBody();
  unknown_unit["unit_id"] = 999999;
  json wrong_type = ArticleBody();
  wrong_type["enabled"] = "yes";
  for (const Case& c : std::vector<Case>{{no_title, 400, "title"},
                                         {blank_title, 400, "title"},
                                         {bad_kind, 400, "kind"},
                                         {bad_tags, 400, "tags"},
                                         {long_title, 400, "title"},
                                         {unknown_field, 400, "author"},
                                         {unknown_category, 422, "category_id"},
                                         {unknown_unit, 422, "unit_id"},
                                         {wrong_type, 400, "enabled"}}) {
    const ApiResponse r = api().Post("/api/v1/knowledge", c.body, Token("admin"));
    EXPECT_EQ(r.status, c.status) << c.body.dump() << Describe(r);
    EXPECT_EQ(r.ErrorField(), c.field) << c.body.dump();
    EXPECT_FALSE(r.body_json["error"]["message"].get<std::string>().empty());
  }
  const ApiResponse malformed = api().PostRaw("/api/v1/knowledge", "{\"kind\":", Token("admin"));
  EXPECT_EQ(malformed.status, 400) << Describe(malformed);

  const std::int64_t id = Id(MustCreateArticle(ArticleBody()));
  EXPECT_EQ(Patch(id, json{{"body", ""}}).ErrorField(), "body");
  EXPECT_EQ(Patch(id, json{{"version", "1"}}).status, 400);
  EXPECT_EQ(Patch(999999, json{{"title", "没有这条"}}).status, 404);
  EXPECT_EQ(api().Get("/api/v1/knowledge/999999", Token("agent1")).status, 404);
  EXPECT_EQ(api().Get("/api/v1/knowledge/abc", Token("agent1")).status, 404);
  EXPECT_EQ(api().Get("/api/v1/knowledge?kind=rumour", Token("agent1")).status, 400);
  EXPECT_EQ(api().Get("/api/v1/knowledge?color=red", Token("agent1")).status, 400);
  EXPECT_EQ(api().Get("/api/v1/knowledge?page_size=0", Token("agent1")).status, 400);
  const ApiResponse read = api().Get("/api/v1/knowledge/" + std::to_string(id), Token("admin"));
  EXPECT_EQ(read.body_json["version"], 1) << "refused edits changed the article";
  EXPECT_EQ(Search("", "admin")["total"].get<std::int64_t>(), before + 1);
}

TEST_F(KnowledgeTest, TheDemoStandardAnswersAnswerTheCommonestWords) {
  for (const char* word : {"噪音", "油烟", "停车"}) {
    const json page = Search("q=" + UrlEncode(word) + "&kind=standard_answer");
    EXPECT_GE(page["total"].get<int>(), 1) << word;
  }
  // Filed under a category: found from its leaf, newest first without q.
  const json all = Search("");
  ASSERT_GE(all["items"].size(), 10u);
  for (std::size_t i = 1; i < all["items"].size(); ++i)
    EXPECT_GE(all["items"][i - 1]["updated_at"].get<std::string>(),
              all["items"][i]["updated_at"].get<std::string>());
}

TEST_F(KnowledgeTest, TheOrderListFindsTwoCharacterWordsWithinTheDataScope) {
  auto create = [&](const char* title, const char* content) {
    json body = OrderBody(title);
    body["content"] = content;
    return Id(MustCreate(body));
  };
  const std::int64_t smoke = create("楼下饭店排烟", "饭店油烟直排，窗户不敢开。");
  const std::int64_t parking = create("小区门口乱停车", "车辆堵住消防通道。");
  const std::int64_t noise = create("广场舞扰民", "每晚音响声很大，噪音影响老人休息。");
  Dispatch(smoke, kDept1);
  Dispatch(parking, kDept2);

  EXPECT_EQ(ListedOrders("dispatcher1", "油烟"), (std::set<std::int64_t>{smoke}));
  EXPECT_EQ(ListedOrders("dispatcher1", "停车"), (std::set<std::int64_t>{parking}));
  EXPECT_EQ(ListedOrders("dispatcher1", "噪音"), (std::set<std::int64_t>{noise}));
  EXPECT_EQ(ListedOrders("dispatcher1", "油"), (std::set<std::int64_t>{smoke}));
  EXPECT_EQ(ListedOrders(HandlerOf(kDept1), "油烟"), (std::set<std::int64_t>{smoke}));
  EXPECT_EQ(ListedOrders(HandlerOf(kDept2), "油烟"), (std::set<std::int64_t>{}));
  EXPECT_EQ(ListedOrders(HandlerOf(kDept2), "停车"), (std::set<std::int64_t>{parking}));
  // Combined with another filter.
  const ApiResponse r =
      api().Get("/api/v1/orders?state=dispatched&q=" + UrlEncode("噪音"), Token("dispatcher1"));
  ASSERT_EQ(r.status, 200) << Describe(r);
  EXPECT_EQ(r.body_json["total"], 0);
  // The order number by its beginning.
  const std::string number = MustRead(smoke)["number"];
  EXPECT_TRUE(ListedOrders("dispatcher1", number.substr(0, 10)).contains(smoke));
}

}  // namespace
}  // namespace hotline::testing
