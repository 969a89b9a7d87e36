#include "support/api_client.h"

#include <curl/curl.h>

#include <mutex>
#include <stdexcept>

namespace hotline::testing {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t AppendBody(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

}  // namespace

std::string ApiResponse::ErrorCode() const {
  if (!body_json.is_object()) return {};
  auto it = body_json.find("error");
  if (it == body_json.end() || !it->is_object()) return {};
  return it->value("code", std::string());
}

std::string ApiResponse::ErrorField() const {
  if (!body_json.is_object()) return {};
  auto it = body_json.find("error");
  if (it == body_json.end() || !it->is_object()) return {};
  auto f = it->find("field");
  if (f == it->end() || !f->is_string()) return {};
  return f->get<std::string>();
}

ApiClient::ApiClient(std::string base_url) : base_url_(std::move(base_url)) {
  GlobalInitOnce();
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

ApiClient::~ApiClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

ApiResponse ApiClient::Get(std::string_view path, std::string_view token) {
  return Request("GET", path, {}, token, {});
}

ApiResponse ApiClient::Post(std::string_view path, const json& body, std::string_view token) {
  return Request("POST", path, body.dump(), token, "application/json");
}

ApiResponse ApiClient::PostRaw(std::string_view path, std::string_view raw_body,
                               std::string_view token, std::string_view content_type) {
  return Request("POST", path, raw_body, token, content_type);
}

ApiResponse ApiClient::Request(std::string_view method, std::string_view path,
                               std::string_view body, std::string_view token,
                               std::string_view content_type) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // keeps the connection cache, drops per-request options
  const std::string url = base_url_ + std::string(path);
  const std::string method_s(method);
  ApiResponse out;

  curl_slist* headers = nullptr;
  // Without this curl sends "Expect: 100-continue" for large bodies and waits.
  headers = curl_slist_append(headers, "Expect:");
  headers = curl_slist_append(headers, "Accept: application/json");
  if (!token.empty())
    headers = curl_slist_append(headers, ("Authorization: Bearer " + std::string(token)).c_str());
  if (!content_type.empty())
    headers = curl_slist_append(headers, ("Content-Type: " + std::string(content_type)).c_str());

  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out.body);
  if (method_s == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_s.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }

  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  // A server may answer (e.g. 413) and close before reading the whole body;
  // curl then reports a send error although a response arrived.
  out.status = static_cast<int>(status);
  if (rc != CURLE_OK) out.transport_error = curl_easy_strerror(rc);
  char* ct = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct != nullptr)
    out.content_type = ct;
  curl_slist_free_all(headers);
  out.body_json = json::parse(out.body, nullptr, /*allow_exceptions=*/false);
  return out;
}

std::string ApiClient::Login(std::string_view username, std::string_view password) {
  ApiResponse r = Post("/api/v1/auth/login", json{{"username", username}, {"password", password}});
  if (r.status != 200 || !r.body_json.is_object() || !r.body_json.contains("token")) return {};
  return r.body_json["token"].get<std::string>();
}

std::string UrlEncode(std::string_view value) {
  std::string out;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace hotline::testing
