#include "api/static_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

namespace hotline {
namespace {

std::string Header(const HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "web.XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    Write("index.html", "<!doctype html><title>12345</title>");
    Write("assets/index-3f2a.js", "console.log(1)");
    Write("assets/index-9c1d.css", "body{}");
    Write("favicon.svg", "<svg/>");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Write(const std::string& rel, const std::string& body) {
    std::filesystem::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << body;
  }
  std::filesystem::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCachePolicy) {
  auto files = StaticFiles::Load(root_);
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(files->FileCount(), 4u);

  auto js = files->Serve("/assets/index-3f2a.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(Header(*js, "Cache-Control"), "public, max-age=31536000, immutable");

  auto css = files->Serve("/assets/index-9c1d.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");

  auto index = files->Serve("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Header(*index, "Cache-Control"), "no-cache");
  EXPECT_EQ(files->Serve("/favicon.svg")->content_type, "image/svg+xml");
}

TEST_F(StaticFilesTest, PagesOfTheApplicationGetIndexMissingFilesDoNot) {
  auto files = StaticFiles::Load(root_);
  ASSERT_TRUE(files);
  auto page = files->Serve("/workbench/orders/42");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find("<title>12345</title>"), std::string::npos);
  EXPECT_FALSE(files->Serve("/missing.js"));
  EXPECT_FALSE(files->Serve("/assets/gone"));  // an old bundle is not a page
  // Only loaded files exist: a climbing path is at most a page of the application.
  auto climbing = files->Serve("/../../etc/passwd");
  ASSERT_TRUE(climbing);
  EXPECT_EQ(climbing->body, page->body);
  EXPECT_FALSE(files->Serve("/assets/../../secret.txt"));
}

TEST_F(StaticFilesTest, NeverAnswersTheServersOwnPaths) {
  auto files = StaticFiles::Load(root_);
  ASSERT_TRUE(files);
  for (const char* path : {"/api/v1/orders", "/api/v1/nothing-here", "/open311/v2/services.json",
                           "/healthz", "/readyz", "/metrics", "/api"})
    EXPECT_FALSE(files->Serve(path)) << path;
  EXPECT_TRUE(files->Serve("/metrics-wall"));  // a page, not the Prometheus endpoint
}

TEST_F(StaticFilesTest, RefusesARootWithoutIndex) {
  std::filesystem::remove(root_ / "index.html");
  auto files = StaticFiles::Load(root_);
  ASSERT_FALSE(files);
  EXPECT_EQ(files.error().code, "no_web_build");
}

}  // namespace
}  // namespace hotline
