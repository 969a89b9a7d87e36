// Transport-neutral HTTP request and response. Handlers see only these, so
// RESTinio stays inside api/http_server.cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotline {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // without the query string, percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string authorization;                               // the Authorization header, if any
  std::string content_type;
  std::string body;
  std::string remote_address;

  // The first value of a query parameter, or empty.
  std::string_view Query(std::string_view key) const {
    for (const auto& [k, v] : query)
      if (k == key) return v;
    return {};
  }
  bool HasQuery(std::string_view key) const {
    for (const auto& [k, v] : query)
      if (k == key) return true;
    return false;
  }
};

// The writing end of a streaming response. Thread-safe. Write returns false once the client has
// gone or the server is stopping; the application then drops the sink.
//
// Write queues the chunk and returns at once; it never waits for the client. A client that goes
// away is noticed only when a write to it fails, so the application writes a keep-alive comment
// (`: ping\n\n`) every ~15 s; a write may still return true after the client left, and a later
// one returns false. Dropping the last reference to the sink ends the response (the terminating
// chunk is sent), so a client sees a clean end of stream.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  virtual bool Write(std::string chunk) = 0;
  virtual bool Open() const = 0;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string log_user;  // who made the request, for the access log
  // When set, the transport sends status + headers (no Content-Length; chunked transfer encoding),
  // then calls open_stream once with the sink, from a worker thread; `body`, if non-empty, is sent
  // first. The transport adds `Cache-Control: no-cache` (unless `headers` has one) and
  // `X-Accel-Buffering: no`. open_stream should return quickly (store the sink, write a first
  // event): it runs on one of the server's worker threads. Only for 2xx statuses other than 204.
  std::function<void(std::shared_ptr<StreamSink>)> open_stream;
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace hotline
