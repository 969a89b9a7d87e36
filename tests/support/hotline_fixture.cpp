#include "support/hotline_fixture.h"

#include <chrono>
#include <fstream>
#include <stdexcept>

#include "common/clock.h"
#include "common/time_format.h"

namespace hotline::testing {

std::string Describe(const ApiResponse& r) {
  std::string out = "HTTP " + std::to_string(r.status);
  if (!r.transport_error.empty()) out += " (transport: " + r.transport_error + ")";
  std::string body = r.body.size() > 1500 ? r.body.substr(0, 1500) + "..." : r.body;
  return out + " " + body;
}

void HotlineTest::SetUp() {
  server_ = std::make_unique<ServerProcess>();
  std::string error;
  ASSERT_TRUE(server_->Start(&error)) << error;
  api_ = std::make_unique<ApiClient>(server_->BaseUrl());
  const std::string& admin = Token("admin");
  ASSERT_FALSE(admin.empty()) << "admin login failed";
  ASSERT_TRUE(org_.Load(*api_, admin, &error)) << error;
}

void HotlineTest::TearDown() {
  if (HasFailure() && server_) {
    std::cerr << "---- server log (tail) of " << server_->dir() << " ----\n"
              << server_->LogTail() << "\n---- end of server log ----\n";
  }
  api_.reset();
  server_.reset();
}

void HotlineTest::RestartServerWith(std::vector<std::string> serve_args) {
  server_->Stop();
  server_->SetExtraArgs(std::move(serve_args));
  std::string error;
  ASSERT_TRUE(server_->Restart(&error)) << error;
  api_ = std::make_unique<ApiClient>(server_->BaseUrl());  // the old connection is gone
}

std::string HotlineTest::UseFastAlarms(std::vector<std::string> extra_args) {
  json policy = api_->Get("/api/v1/sla-policy", Token("admin")).body_json;
  policy["rules"][0]["handle"] = {{"unit", "natural_minutes"}, {"amount", 1}};
  policy["due_soon_percent"] = 1;
  const auto saved =
      api_->Request("PUT", "/api/v1/sla-policy", policy.dump(), Token("admin"), "application/json");
  if (saved.status != 200) throw std::runtime_error("saving the SLA policy: " + Describe(saved));
  const std::string config = server_->dir() + "/fast.toml";
  std::ofstream(config) << "[scheduler]\ninterval_ms = 100\nlease_seconds = 2\n";
  std::vector<std::string> args{"--config", config};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  RestartServerWith(std::move(args));
  return config;
}

std::unique_ptr<ApiClient> HotlineTest::NewClient() const {
  return std::make_unique<ApiClient>(server_->BaseUrl());
}

const std::string& HotlineTest::Token(const std::string& username) {
  auto it = tokens_.find(username);
  if (it != tokens_.end()) return it->second;
  std::string token = api_->Login(username, kDemoPassword);
  if (token.empty()) throw std::runtime_error("login of demo account " + username + " failed");
  return tokens_.emplace(username, std::move(token)).first->second;
}

std::string HotlineTest::HandlerOf(std::string_view unit_code) {
  std::string name = "h";  // built with append: GCC 12 warns falsely on "h" + string
  name += unit_code;
  return name;
}

json HotlineTest::OrderBody(std::string_view title) const {
  return json{{"channel", "phone"},
              {"caller_name", "王建国"},
              {"caller_phone", "13812345678"},
              {"enterprise", false},
              {"demand_type", "complaint"},
              {"category_id", org_.LeafCategory()},
              {"address", "南京市秦淮区中华路100号"},
              {"street_unit_id", org_.UnitId(kStreet1)},
              {"title", title},
              {"content", "小区旁工地每晚十一点后仍在施工，噪音很大，影响休息，请相关部门处理。"},
              {"urgency", "normal"}};
}

ApiResponse HotlineTest::Create(const json& body, const std::string& user) {
  return api_->Post("/api/v1/orders", body, Token(user));
}

json HotlineTest::MustCreate(const json& body, const std::string& user) {
  ApiResponse r = Create(body, user);
  if (r.status != 201 || !r.body_json.is_object())
    throw std::runtime_error("intake by " + user + " failed: " + Describe(r));
  return r.body_json;
}

ApiResponse HotlineTest::Act(const std::string& user, std::int64_t id, std::string_view action,
                             const json& body) {
  return api_->Post("/api/v1/orders/" + std::to_string(id) + "/actions/" + std::string(action),
                    body, Token(user));
}

json HotlineTest::MustAct(const std::string& user, std::int64_t id, std::string_view action,
                          const json& body) {
  ApiResponse r = Act(user, id, action, body);
  if (r.status != 200 || !r.body_json.is_object())
    throw std::runtime_error(std::string(action) + " by " + user + " on order " +
                             std::to_string(id) + " failed: " + Describe(r));
  return r.body_json;
}

ApiResponse HotlineTest::Read(const std::string& user, std::int64_t id) {
  return api_->Get("/api/v1/orders/" + std::to_string(id), Token(user));
}

json HotlineTest::MustRead(std::int64_t id, const std::string& user) {
  ApiResponse r = Read(user, id);
  if (r.status != 200 || !r.body_json.is_object())
    throw std::runtime_error("reading order " + std::to_string(id) + " as " + user +
                             " failed: " + Describe(r));
  return r.body_json;
}

json HotlineTest::Dispatch(std::int64_t id, std::string_view lead_code,
                           const std::vector<std::string_view>& assist_codes) {
  json assist = json::array();
  for (auto code : assist_codes) assist.push_back(Unit(code));
  return MustAct(
      "dispatcher1", id, "dispatch",
      {{"lead_unit_id", Unit(lead_code)}, {"assist_unit_ids", assist}, {"note", "请依职责办理"}});
}

json HotlineTest::Sign(std::int64_t id, std::string_view lead_code) {
  return MustAct(HandlerOf(lead_code), id, "sign");
}

json HotlineTest::Reply(std::int64_t id, std::string_view lead_code) {
  return MustAct(HandlerOf(lead_code), id, "reply", ReplyBody());
}

json HotlineTest::HandlingOrder(std::string_view lead_code, std::string_view title) {
  const json created = MustCreate(OrderBody(title));
  Dispatch(Id(created), lead_code);
  return Sign(Id(created), lead_code);
}

json HotlineTest::ReplyBody() {
  return json{{"measures", "已约谈施工单位负责人，责令夜间停止高噪声作业。"},
              {"progress", "执法人员当晚到场检查，施工已于22时前停止。"},
              {"result", "施工单位承诺严格遵守作业时间，诉求已解决。"},
              {"contact", {{"method", "phone"}, {"at", NowRfc3339()}}},
              {"note", "已电话告知诉求人处理结果"}};
}

std::string HotlineTest::NowRfc3339() { return FormatRfc3339(SystemClock().Now()); }

std::vector<std::string> HotlineTest::EventActions(const json& order) {
  std::vector<std::string> out;
  if (!order.contains("events")) return out;
  for (const json& e : order["events"]) out.push_back(e.value("action", std::string("?")));
  return out;
}

std::vector<std::string> HotlineTest::AllowedActions(const json& order) {
  std::vector<std::string> out;
  if (!order.contains("allowed_actions")) return out;
  for (const json& a : order["allowed_actions"]) out.push_back(a.get<std::string>());
  return out;
}

bool HotlineTest::Allows(const json& order, std::string_view action) {
  for (const auto& a : AllowedActions(order))
    if (a == action) return true;
  return false;
}

}  // namespace hotline::testing
