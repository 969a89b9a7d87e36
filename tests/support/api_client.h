// A small blocking HTTP client for talking to a running `hotline serve` in
// integration tests. Each ApiClient owns one libcurl easy handle, so requests
// made through it reuse one keep-alive connection.
//
// Thread safety: an ApiClient must be used by one thread at a time; give each
// thread its own client (they are cheap).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace hotline::testing {

using nlohmann::json;

// One HTTP exchange. `status` is 0 when no response arrived at all (the
// connection failed); `transport_error` then says why.
struct ApiResponse {
  int status = 0;
  std::string body;
  json body_json;  // discarded (is_discarded()) when the body is not JSON
  std::string content_type;
  std::string transport_error;

  // The error code of an error response ("" otherwise).
  std::string ErrorCode() const;
  // The offending field of an error response ("" when absent).
  std::string ErrorField() const;
};

class ApiClient {
 public:
  explicit ApiClient(std::string base_url);  // e.g. "http://127.0.0.1:18080"
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  ApiResponse Get(std::string_view path, std::string_view token = {});
  ApiResponse Post(std::string_view path, const json& body, std::string_view token = {});
  // Sends `raw_body` as is (for malformed or oversize bodies).
  ApiResponse PostRaw(std::string_view path, std::string_view raw_body, std::string_view token = {},
                      std::string_view content_type = "application/json");
  ApiResponse Request(std::string_view method, std::string_view path, std::string_view body,
                      std::string_view token, std::string_view content_type);

  // Logs in and returns the bearer token; empty when the login failed.
  std::string Login(std::string_view username, std::string_view password);

  const std::string& base_url() const { return base_url_; }

 private:
  std::string base_url_;
  void* curl_ = nullptr;  // CURL*, kept opaque so tests need not include curl.h
};

// Percent-encodes a query parameter value (UTF-8 safe).
std::string UrlEncode(std::string_view value);

}  // namespace hotline::testing
