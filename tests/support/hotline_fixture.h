// The base fixture of the integration tests: every test gets its own
// `hotline serve` on a fresh copy of the demo database, a client, cached
// logins and helpers for the common steps of an order's life.
//
// Helpers named Must* throw std::runtime_error (with the server's answer)
// when the server does not answer as a precondition requires; GoogleTest
// reports that as a failure and ends the test, so one broken step does not
// cascade into dozens of confusing assertions.
//
// Thread safety: the fixture belongs to the test's thread. Threads a test
// starts create their own ApiClient with NewClient(); tokens fetched on the
// main thread beforehand may be shared.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "support/api_client.h"
#include "support/org_directory.h"
#include "support/server_process.h"

namespace hotline::testing {

class HotlineTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  ServerProcess& server() { return *server_; }
  ApiClient& api() { return *api_; }
  const OrgDirectory& org() const { return org_; }
  std::unique_ptr<ApiClient> NewClient() const;
  // Restarts the server with `serve_args` appended (e.g. --config FILE) and
  // reconnects the client; tokens stay valid (sessions are in the database).
  void RestartServerWith(std::vector<std::string> serve_args);
  // Alarms within a second: a one-minute handling limit warned after 1 %,
  // and a scheduler passing every 100 ms (the server restarts with it, with
  // `extra_args` appended, e.g. a clock offset). Returns the config file.
  std::string UseFastAlarms(std::vector<std::string> extra_args = {});

  // A bearer token for a demo account, logged in once per test.
  const std::string& Token(const std::string& username);
  // Forgets cached tokens (after a restart they stay valid, but tests may want fresh ones).
  void ForgetTokens() { tokens_.clear(); }

  // Demo account names: the handler of a unit is "h<code>".
  static std::string HandlerOf(std::string_view unit_code);
  std::int64_t Unit(std::string_view code) const { return org_.UnitId(code); }

  // A valid intake body: a phone complaint in street 1 about noise.
  json OrderBody(std::string_view title = "夜间施工噪音扰民") const;

  ApiResponse Create(const json& body, const std::string& user = "agent1");
  json MustCreate(const json& body, const std::string& user = "agent1");
  ApiResponse Act(const std::string& user, std::int64_t id, std::string_view action,
                  const json& body = json::object());
  json MustAct(const std::string& user, std::int64_t id, std::string_view action,
               const json& body = json::object());
  ApiResponse Read(const std::string& user, std::int64_t id);
  json MustRead(std::int64_t id, const std::string& user = "dispatcher1");

  // Common steps; each returns the order after it.
  json Dispatch(std::int64_t id, std::string_view lead_code,
                const std::vector<std::string_view>& assist_codes = {});
  json Sign(std::int64_t id, std::string_view lead_code);
  json Reply(std::int64_t id, std::string_view lead_code);
  // Intake + dispatch + sign: an order in handling by `lead_code`.
  json HandlingOrder(std::string_view lead_code, std::string_view title = "夜间施工噪音扰民");

  static json ReplyBody();  // a complete structured reply, contacted just now
  static std::string NowRfc3339();

  static std::vector<std::string> EventActions(const json& order);
  static std::vector<std::string> AllowedActions(const json& order);
  static bool Allows(const json& order, std::string_view action);
  static std::int64_t Id(const json& order) { return order.at("id").get<std::int64_t>(); }
  static std::int64_t Version(const json& order) { return order.at("version").get<std::int64_t>(); }
  static std::string StateOf(const json& order) { return order.at("state").get<std::string>(); }

 private:
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ApiClient> api_;
  OrgDirectory org_;
  std::map<std::string, std::string> tokens_;
};

// Describes a response for failure messages: status, error code and body.
std::string Describe(const ApiResponse& r);

}  // namespace hotline::testing
