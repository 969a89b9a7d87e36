// Dispatch suggestions over HTTP as dispatchers, agents and administrators
// use them: the demo's gazetteer and 权责清单 at work, the lists kept by
// administrators only, bad input refused without changes, automatic
// dispatch above the configured confidence, and models trained or imported
// by another process swapped into the running server while a corrupt model
// file changes nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/cli_run.h"
#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

namespace fs = std::filesystem;

class DispatchTest : public HotlineTest {
 protected:
  json Suggest(const json& body, const std::string& user = "dispatcher1") {
    const ApiResponse r = api().Post("/api/v1/dispatch/suggest", body, Token(user));
    if (r.status != 200) throw std::runtime_error("suggest: " + Describe(r));
    return r.body_json;
  }

  static std::vector<std::string> UnitNames(const json& suggestion) {
    std::vector<std::string> names;
    for (const json& u : suggestion.at("units")) names.push_back(u.at("name").get<std::string>());
    return names;
  }

  json Responsibilities() {
    return api().Get("/api/v1/dispatch/responsibilities", Token("admin")).body_json;
  }

  // The model version the server answers with, polled until it is `want`
  // (the server looks for new models every second in these tests).
  std::int64_t WaitForModel(std::int64_t want) {
    const json body{{"title", "拖欠工资"}, {"content", "公司拖欠三个月工资"}};
    std::int64_t seen = -1;
    for (int i = 0; i < 100; ++i) {
      const json s = Suggest(body);
      seen = s.at("model_version").is_null() ? 0 : s.at("model_version").get<std::int64_t>();
      if (seen == want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return seen;
  }

  // Replaces the server's database by a demo with `orders` played orders
  // (so some are closed and a model can learn) and restarts it with a
  // one-second model refresh.
  void UseDemoWithOrders(int orders) {
    server().Stop();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(server().db_path() + suffix);
    const CliRun demo =
        RunHotlineCli({"demo", "--db", server().db_path(), "--password", std::string(kDemoPassword),
                       "--orders", std::to_string(orders)});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    const std::string config = server().dir() + "/dispatch.toml";
    std::ofstream(config) << "[dispatch]\nrefresh_seconds = 1\n";
    RestartServerWith({"--config", config});
    ForgetTokens();
  }
};

TEST_F(DispatchTest, TheGazetteerFindsTheStreetAndTheResponsibilityListTheUnit) {
  const json s = Suggest({{"title", "门口占道经营"},
                          {"content", "白鹭新村门口每天晚上有人占道经营，影响通行"},
                          {"address", "秦淮区白鹭新村"}});
  ASSERT_FALSE(s.at("place").is_null()) << s.dump();
  EXPECT_EQ(s["place"]["street_name"], "夫子庙街道");
  EXPECT_EQ(s["place"]["names"], json({"白鹭新村"}));
  const auto names = UnitNames(s);
  ASSERT_FALSE(names.empty()) << s.dump();
  EXPECT_EQ(names.front(), "区城管局") << s.dump();
  const json& top = s["units"][0];
  EXPECT_GT(top["confidence"].get<double>(), 0.0);
  EXPECT_LE(top["confidence"].get<double>(), 1.0);
  bool cites_rule = false;
  for (const json& reason : top["reasons"])
    cites_rule |= reason.get<std::string>().find("权责清单") != std::string::npos &&
                  reason.get<std::string>().find("占道经营") != std::string::npos;
  EXPECT_TRUE(cites_rule) << top.dump();
  for (std::size_t i = 1; i < s["units"].size(); ++i)
    EXPECT_LE(s["units"][i]["confidence"].get<double>(),
              s["units"][i - 1]["confidence"].get<double>());
  EXPECT_LE(s["units"].size(), 3u);
  EXPECT_LE(s["categories"].size(), 3u);
  // The demo was created without orders: no model, and the answer says so.
  EXPECT_TRUE(s["model_version"].is_null());
}

TEST_F(DispatchTest, SuggestionsForASavedOrderAndBadRequests) {
  const json order = MustCreate(OrderBody("公司拖欠工资"));
  const ApiResponse ok = api().Get("/api/v1/orders/" + std::to_string(Id(order)) + "/suggestions",
                                   Token("dispatcher1"));
  ASSERT_EQ(ok.status, 200) << Describe(ok);
  EXPECT_TRUE(ok.body_json.contains("units"));
  const ApiResponse handler =
      api().Get("/api/v1/orders/" + std::to_string(Id(order)) + "/suggestions",
                Token(HandlerOf("320104D02")));
  EXPECT_EQ(handler.status, 403) << Describe(handler);
  EXPECT_EQ(api().Get("/api/v1/orders/999999/suggestions", Token("dispatcher1")).status, 404);

  const ApiResponse empty = api().Post("/api/v1/dispatch/suggest", json::object(), Token("agent1"));
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(empty.body_json["error"]["code"], "missing_field") << Describe(empty);
  const ApiResponse unknown =
      api().Post("/api/v1/dispatch/suggest", {{"title", "噪音"}, {"colour", 1}}, Token("agent1"));
  EXPECT_EQ(unknown.status, 400) << Describe(unknown);
  const ApiResponse category = api().Post(
      "/api/v1/dispatch/suggest", {{"title", "噪音"}, {"category_id", 987654}}, Token("agent1"));
  EXPECT_EQ(category.status, 400) << Describe(category);
  EXPECT_EQ(category.body_json["error"]["field"], "category_id");
  const ApiResponse wrong_type =
      api().Post("/api/v1/dispatch/suggest", {{"title", 5}}, Token("agent1"));
  EXPECT_EQ(wrong_type.status, 400) << Describe(wrong_type);
}

TEST_F(DispatchTest, AdministratorsKeepTheListsAndBadEntriesChangeNothing) {
  const std::size_t before = Responsibilities()["items"].size();
  ASSERT_GT(before, 0u);  // the demo's 权责清单

  const json rule{{"unit_id", Unit("320104D13")}, {"phrase", "演出噪音"}, {"note", "演出市场管理"}};
  EXPECT_EQ(api().Post("/api/v1/dispatch/responsibilities", rule, Token("dispatcher1")).status,
            403);
  for (const json& bad :
       {json{{"phrase", "演出噪音"}}, json{{"unit_id", 987654}, {"phrase", "演出噪音"}},
        json{{"unit_id", Unit("320104D13")}, {"phrase", std::string(80, 'x')}},
        json{{"unit_id", Unit("320104D13")}}}) {
    const ApiResponse r = api().Post("/api/v1/dispatch/responsibilities", bad, Token("admin"));
    EXPECT_EQ(r.status, 400) << bad.dump() << " " << Describe(r);
    EXPECT_FALSE(r.body_json["error"]["message"].get<std::string>().empty());
  }
  EXPECT_EQ(Responsibilities()["items"].size(), before);

  const ApiResponse added = api().Post("/api/v1/dispatch/responsibilities", rule, Token("admin"));
  ASSERT_EQ(added.status, 201) << Describe(added);
  const json s = Suggest({{"title", "广场演出噪音"}, {"content", "晚上演出噪音太大"}});
  ASSERT_FALSE(UnitNames(s).empty());
  EXPECT_EQ(UnitNames(s).front(), "区文旅局") << s.dump();

  const std::string path =
      "/api/v1/dispatch/responsibilities/" + std::to_string(Id(added.body_json));
  EXPECT_EQ(api().Request("DELETE", path, "", Token("admin"), "application/json").status, 204);
  EXPECT_EQ(api().Request("DELETE", path, "", Token("admin"), "application/json").status, 404);
  EXPECT_EQ(Responsibilities()["items"].size(), before);

  // A community must lie in the street the place is filed under.
  const json place{{"name", "秦淮测试花园"},
                   {"kind", "estate"},
                   {"street_unit_id", Unit("320104001")},
                   {"community_unit_id", Unit("320104002001")}};
  const ApiResponse misplaced = api().Post("/api/v1/dispatch/places", place, Token("admin"));
  EXPECT_EQ(misplaced.status, 400) << Describe(misplaced);
  EXPECT_EQ(misplaced.body_json["error"]["field"], "community_unit_id");
  const ApiResponse kind = api().Post(
      "/api/v1/dispatch/places",
      {{"name", "秦淮测试花园"}, {"kind", "planet"}, {"street_unit_id", Unit("320104001")}},
      Token("admin"));
  EXPECT_EQ(kind.status, 400) << Describe(kind);
  const ApiResponse placed = api().Post(
      "/api/v1/dispatch/places",
      {{"name", "秦淮测试花园"}, {"kind", "estate"}, {"street_unit_id", Unit("320104001")}},
      Token("admin"));
  ASSERT_EQ(placed.status, 201) << Describe(placed);
  const json located = Suggest({{"title", "楼道堆物"}, {"content", "秦淮测试花园3栋楼道堆满杂物"}});
  ASSERT_FALSE(located["place"].is_null());
  EXPECT_EQ(located["place"]["street_unit_id"], Unit("320104001"));
}

TEST_F(DispatchTest, AConfidentSuggestionDispatchesANewOrderByItself) {
  const json confident{{"title", "公司拖欠工资"}, {"content", "我们公司拖欠工资三个月，要求支付"}};
  const json s = Suggest(confident);
  ASSERT_FALSE(s["units"].empty());
  const double confidence = s["units"][0]["confidence"].get<double>();
  ASSERT_GE(confidence, 0.6) << s.dump();  // the demo's rule 拖欠工资 → 区人社局
  const json vague{{"title", "咨询"}, {"content", "想问一下有关情况"}};
  const json v = Suggest(vague);
  ASSERT_TRUE(v["units"].empty() || v["units"][0]["confidence"].get<double>() < 0.6) << v.dump();

  // Off by default: the confident order waits for a dispatcher.
  json body = OrderBody("公司拖欠工资");
  body["content"] = confident["content"];
  EXPECT_EQ(StateOf(MustCreate(body)), "pending_dispatch");

  const std::string config = server().dir() + "/auto.toml";
  std::ofstream(config) << "[dispatch]\nauto_dispatch_confidence = 0.6\n";
  RestartServerWith({"--config", config});
  const json dispatched = MustCreate(body);
  EXPECT_EQ(StateOf(dispatched), "dispatched") << dispatched.dump();
  EXPECT_EQ(dispatched["lead_unit_id"], s["units"][0]["unit_id"]);
  const json read = MustRead(Id(dispatched));
  bool noted = false;
  for (const json& e : read["events"])
    if (e["action"] == "dispatch") noted = e.dump().find("自动派单") != std::string::npos;
  EXPECT_TRUE(noted) << read["events"].dump();

  json unclear = OrderBody("咨询");
  unclear["content"] = vague["content"];
  EXPECT_EQ(StateOf(MustCreate(unclear)), "pending_dispatch");
}

TEST_F(DispatchTest, ModelsTrainedOrImportedElsewhereAreSwappedInAndCorruptOnesRefused) {
  UseDemoWithOrders(200);
  const ApiResponse listed = api().Get("/api/v1/dispatch/models", Token("admin"));
  ASSERT_EQ(listed.status, 200) << Describe(listed);
  ASSERT_EQ(listed.body_json["items"].size(), 1u) << listed.body_json.dump();  // the demo's v1
  EXPECT_TRUE(listed.body_json["items"][0]["in_force"].get<bool>());
  EXPECT_GE(listed.body_json["items"][0]["trained_orders"].get<int>(), 50);
  ASSERT_EQ(WaitForModel(1), 1);

  // Trained by another process on the same database: in force without a restart.
  const std::string db = server().db_path();
  CliRun run = RunHotlineCli({"train", "--db", db});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(WaitForModel(2), 2);

  // A corrupt file and a file of another kind are refused; v2 stays in force.
  const std::string garbage = server().dir() + "/garbage.model";
  std::ofstream(garbage) << "HLDSPMDL this is not a model";
  run = RunHotlineCli({"train", "--db", db, "--import", garbage});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("model_invalid"), std::string::npos) << run.err;
  EXPECT_EQ(RunHotlineCli({"train", "--db", db, "--import", HOTLINE_BINARY}).exit_code, 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(WaitForModel(2), 2);
  EXPECT_EQ(api().Get("/api/v1/dispatch/models", Token("admin")).body_json["items"].size(), 2u);

  // A good file moves a model: exported, imported as v3, swapped in.
  const std::string exported = server().dir() + "/v2.model";
  run = RunHotlineCli({"train", "--db", db, "--export", exported});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = RunHotlineCli({"train", "--db", db, "--import", exported});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(WaitForModel(3), 3);

  // Suggestions for saved orders are recorded with the model that made them.
  const json order = MustCreate(OrderBody("公司拖欠工资"));
  ASSERT_EQ(
      api()
          .Get("/api/v1/orders/" + std::to_string(Id(order)) + "/suggestions", Token("dispatcher1"))
          .status,
      200);
  const json models = api().Get("/api/v1/dispatch/models", Token("admin")).body_json;
  ASSERT_EQ(models["items"][0]["version"], 3);
  EXPECT_GE(models["items"][0]["outcome"]["suggested"].get<int>(), 1) << models.dump();
}

}  // namespace
}  // namespace hotline::testing
