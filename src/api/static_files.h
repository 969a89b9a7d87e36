// The built web application (web/, built by Vite into build/web) served by
// `hotline serve`. Every file under the root is read into memory once at
// start, so a request can only ever reach a file that was there at start:
// no path is joined onto the file system, and `..` means nothing.
//
// Hashed bundles under /assets/ are cached by browsers for a year; every
// other file, index.html above all, is revalidated on each load, so a new
// build reaches users at once. Paths that are not files and look like pages
// of the application (no dot in the last segment) get index.html, so that
// the browser's router can show them after a reload. The API's own paths are
// never answered here.
//
// Immutable after Load; Serve is safe to call from any thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_types.h"
#include "common/error.h"

namespace hotline {

class StaticFiles {
 public:
  // Reads every regular file under `root` (which must hold index.html).
  static Result<StaticFiles> Load(const std::filesystem::path& root);

  // The answer to GET `path`, or nullopt when the path is the API's (or no
  // file and not a page of the application).
  std::optional<HttpResponse> Serve(std::string_view path) const;

  std::size_t FileCount() const { return files_.size(); }
  std::size_t TotalBytes() const;

  // The MIME type for a file name, by its extension.
  static std::string_view ContentTypeOf(std::string_view name);
  // Whether `path` belongs to the server itself (/api/, /open311/, probes).
  static bool IsServerPath(std::string_view path);

 private:
  struct File {
    std::string content_type;
    std::string cache_control;
    std::string body;
  };
  HttpResponse Respond(const File& file) const;

  std::map<std::string, File, std::less<>> files_;  // by URL path, "/index.html"
};

}  // namespace hotline
