#include "bench_http.h"

#include <curl/curl.h>

#include <mutex>
#include <stdexcept>

namespace hotline::bench {
namespace {

std::size_t Append(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

}  // namespace

BenchClient::BenchClient(std::string base_url) : base_url_(std::move(base_url)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

BenchClient::~BenchClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResult BenchClient::Get(std::string_view path, std::string_view token) {
  return Send(false, path, {}, token);
}

HttpResult BenchClient::Post(std::string_view path, const json& body, std::string_view token) {
  return Send(true, path, body.dump(), token);
}

std::string BenchClient::Login(std::string_view username, std::string_view password) {
  HttpResult r = Post("/api/v1/auth/login", json{{"username", username}, {"password", password}});
  if (r.status != 200 || !r.body.is_object() || !r.body.contains("token")) return {};
  return r.body["token"].get<std::string>();
}

HttpResult BenchClient::Send(bool post, std::string_view path, const std::string& body,
                             std::string_view token) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // keeps the live connection
  const std::string url = base_url_ + std::string(path);
  std::string response;
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  headers = curl_slist_append(headers, "Content-Type: application/json");
  if (!token.empty())
    headers = curl_slist_append(headers, ("Authorization: Bearer " + std::string(token)).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  if (post) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  HttpResult out;
  if (curl_easy_perform(curl) == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    out.status = static_cast<int>(status);
    out.body = json::parse(response, nullptr, /*allow_exceptions=*/false);
  }
  curl_slist_free_all(headers);
  return out;
}

}  // namespace hotline::bench
