// Server-sent events: a unit's browser receives the scheduler's alarms live.
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

struct StreamState {
  std::string received;
  std::string until;  // stop reading once this text has arrived
};

size_t OnChunk(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<StreamState*>(user);
  state->received.append(data, size * count);
  // Returning less than given makes libcurl end the transfer.
  return state->received.find(state->until) == std::string::npos ? size * count : 0;
}

// Reads `url` as an event stream until `until` arrives or `seconds` pass.
std::string ReadStream(const std::string& url, const std::string& token, std::string until,
                       long seconds, long* status) {
  StreamState state{{}, std::move(until)};
  CURL* curl = curl_easy_init();
  const std::string auth = "Authorization: Bearer " + token;
  curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnChunk);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &state);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM in a threaded test
  curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return state.received;
}

class EventsTest : public HotlineTest {};

TEST_F(EventsTest, AlarmsArriveOnTheUnitsEventStream) {
  UseFastAlarms();

  const std::string handler = HandlerOf("320104002");
  const std::string url = server().BaseUrl() + "/api/v1/events";
  // Tokens first: the fixture's client and token cache are not for concurrent use.
  const std::string token = Token(handler);
  const std::string other_token = Token(HandlerOf("320104003"));
  long status = 0, other_status = 0;
  auto stream = std::async(std::launch::async, [&] {
    return ReadStream(url, token, "event: notification", 20, &status);
  });
  auto other = std::async(std::launch::async, [&] {
    return ReadStream(url, other_token, "event: notification", 4, &other_status);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let both subscribe
  const std::int64_t id = HandlingOrder("320104002")["id"];

  const std::string received = stream.get();
  EXPECT_EQ(status, 200);
  ASSERT_NE(received.find("event: notification"), std::string::npos) << received;
  const auto data = received.find("data: ", received.find("event: notification"));
  ASSERT_NE(data, std::string::npos);
  const json event = json::parse(received.substr(data + 6, received.find('\n', data) - data - 6));
  EXPECT_EQ(event["order_id"], id);
  EXPECT_EQ(event["kind"], "due_soon");
  // Another street's stream stays quiet (it ends by its own time limit).
  const std::string quiet = other.get();
  EXPECT_EQ(other_status, 200);
  EXPECT_EQ(quiet.find("event: notification"), std::string::npos) << quiet;
  EXPECT_NE(quiet.find(": connected"), std::string::npos);
  // Without a token there is no stream.
  EXPECT_EQ(api().Get("/api/v1/events").status, 401);
}

}  // namespace
}  // namespace hotline::testing

namespace hotline::testing {
namespace {

class ScreenPopTest : public HotlineTest {
 protected:
  ApiResponse ReportCall(const std::string& user, const json& body) {
    return api().Post("/api/v1/cti/calls", body, Token(user));
  }
};

// 来电弹屏: a call reported for agent1 reaches agent1's event stream with the
// caller's earlier orders, and nobody else's.
TEST_F(ScreenPopTest, TheAgentsBrowserGetsTheCallersHistory) {
  json body = OrderBody("小区门口道路破损");
  body["caller_phone"] = "13855556666";
  const json earlier = MustCreate(body);
  const std::string token = Token("agent1");
  const std::string url = server().BaseUrl() + "/api/v1/events";
  auto stream = std::async(std::launch::async, [&] {
    long status = 0;
    return ReadStream(url, token, "event: call", 10, &status);
  });

  const json call{
      {"call_id", "CALL-20261126-0001"}, {"caller_number", "13855556666"}, {"agent", "agent1"}};
  ApiResponse r;
  for (int i = 0; i < 50; ++i) {  // until the stream has subscribed
    r = ReportCall("admin", call);
    ASSERT_EQ(r.status, 202) << Describe(r);
    if (r.body_json["delivered"] == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(r.body_json["delivered"], 1);
  EXPECT_EQ(r.body_json["history"], 1);
  const std::string received = stream.get();
  EXPECT_NE(received.find("event: call"), std::string::npos) << received;
  EXPECT_NE(received.find("CALL-20261126-0001"), std::string::npos) << received;
  EXPECT_NE(received.find(earlier["number"].get<std::string>()), std::string::npos) << received;

  // Nobody listens for agent2: the call is acknowledged, delivered to no one.
  json other = call;
  other["agent"] = "agent2";
  const auto quiet = ReportCall("admin", other);
  EXPECT_EQ(quiet.status, 202);
  EXPECT_EQ(quiet.body_json["delivered"], 0);
}

TEST_F(ScreenPopTest, RefusesCallsItCannotPlace) {
  const json good{{"call_id", "C1"}, {"caller_number", "13800001111"}, {"agent", "agent1"}};
  struct Case {
    std::string user;
    json body;
    int status;
    std::string code, field;
  };
  json bad_number = good, unknown = good, not_agent = good, missing = good, for_other = good;
  bad_number["caller_number"] = "call me";
  unknown["agent"] = "nobody";
  not_agent["agent"] = "dispatcher1";
  missing.erase("call_id");
  for_other["agent"] = "agent2";
  const std::vector<Case> cases = {
      {"admin", bad_number, 400, "invalid_phone", "caller_number"},
      {"admin", unknown, 404, "not_found", "agent"},
      {"admin", not_agent, 422, "not_an_agent", "agent"},
      {"admin", missing, 400, "missing_field", "call_id"},
      {"agent1", for_other, 403, "role_not_allowed", "agent"},
      {HandlerOf(kStreet1), good, 403, "role_not_allowed", ""},
  };
  for (const Case& c : cases) {
    const auto r = ReportCall(c.user, c.body);
    EXPECT_EQ(r.status, c.status) << c.body.dump() << " " << Describe(r);
    EXPECT_EQ(r.ErrorCode(), c.code) << c.body.dump();
    EXPECT_EQ(r.ErrorField(), c.field) << c.body.dump();
  }
  EXPECT_EQ(ReportCall("agent1", good).status, 202);  // an agent reports its own call
}

}  // namespace
}  // namespace hotline::testing
