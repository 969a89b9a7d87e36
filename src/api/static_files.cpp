#include "api/static_files.h"

#include <fmt/format.h>

#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace hotline {
namespace {

constexpr std::string_view kIndex = "/index.html";
constexpr std::string_view kHashedPrefix = "/assets/";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Result<std::string> ReadWhole(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(ErrorKind::kInternal, "io_error", fmt::format("无法读取 {}", file.string()));
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

}  // namespace

std::string_view StaticFiles::ContentTypeOf(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  for (const auto& [ext, type] : kTypes)
    if (EndsWith(name, ext)) return type;
  return "application/octet-stream";
}

bool StaticFiles::IsServerPath(std::string_view path) {
  for (std::string_view prefix : {"/api/", "/open311/"})
    if (path.starts_with(prefix)) return true;
  for (std::string_view exact : {"/api", "/open311", "/healthz", "/readyz", "/metrics"})
    if (path == exact) return true;
  return false;
}

Result<StaticFiles> StaticFiles::Load(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(root / "index.html", ec))
    return Fail(ErrorKind::kNotFound, "no_web_build",
                fmt::format("{} 下没有 index.html（网页端尚未构建）", root.string()));
  StaticFiles files;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string url = "/" + it->path().lexically_relative(root).generic_string();
    auto body = ReadWhole(it->path());
    if (!body) return Fail(body.error());
    File file;
    file.content_type = std::string(ContentTypeOf(url));
    file.cache_control =
        url.starts_with(kHashedPrefix) ? "public, max-age=31536000, immutable" : "no-cache";
    file.body = std::move(*body);
    files.files_.emplace(url, std::move(file));
  }
  if (ec)
    return Fail(ErrorKind::kInternal, "io_error",
                fmt::format("读取 {} 失败：{}", root.string(), ec.message()));
  return files;
}

std::size_t StaticFiles::TotalBytes() const {
  std::size_t total = 0;
  for (const auto& [url, file] : files_) total += file.body.size();
  return total;
}

HttpResponse StaticFiles::Respond(const File& file) const {
  HttpResponse r;
  r.content_type = file.content_type;
  r.body = file.body;
  r.headers.emplace_back("Cache-Control", file.cache_control);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

std::optional<HttpResponse> StaticFiles::Serve(std::string_view path) const {
  if (IsServerPath(path)) return std::nullopt;
  if (path == "/" || path.empty()) path = kIndex;
  if (auto it = files_.find(path); it != files_.end()) return Respond(it->second);
  // A page of the application (the browser's router owns it) has no dot in
  // its last segment; a missing file with an extension stays missing.
  const std::string_view last = path.substr(path.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos || path.starts_with(kHashedPrefix))
    return std::nullopt;
  return Respond(files_.find(kIndex)->second);
}

}  // namespace hotline
