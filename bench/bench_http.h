// A minimal keep-alive HTTP/JSON client for the benchmark drivers.
//
// Thread safety: one client per thread; each owns a libcurl easy handle and
// therefore one reusable connection.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace hotline::bench {

using nlohmann::json;

struct HttpResult {
  int status = 0;  // 0: no answer (connection failed)
  json body;       // discarded when not JSON
};

class BenchClient {
 public:
  explicit BenchClient(std::string base_url);
  ~BenchClient();
  BenchClient(const BenchClient&) = delete;
  BenchClient& operator=(const BenchClient&) = delete;

  HttpResult Get(std::string_view path, std::string_view token = {});
  HttpResult Post(std::string_view path, const json& body, std::string_view token = {});
  // The bearer token, or "" when the login failed.
  std::string Login(std::string_view username, std::string_view password);

 private:
  HttpResult Send(bool post, std::string_view path, const std::string& body,
                  std::string_view token);

  std::string base_url_;
  void* curl_ = nullptr;  // CURL*
};

}  // namespace hotline::bench
