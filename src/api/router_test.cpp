#include "api/router.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

HttpResponse Tagged(std::string tag) {
  HttpResponse r;
  r.body = std::move(tag);
  return r;
}

TEST(RouterTest, MatchesPathsMethodsAndParams) {
  Router router;
  router.Add("GET", "/api/v1/orders", [](auto&, auto&) { return Tagged("list"); });
  router.Add("GET", "/api/v1/orders/{id}", [](auto&, auto&) { return Tagged("get"); });
  router.Add("POST", "/api/v1/orders/{id}/actions/{action}",
             [](auto&, auto&) { return Tagged("act"); });

  auto m = router.Find("POST", "/api/v1/orders/42/actions/sign");
  ASSERT_EQ(m.outcome, Router::Outcome::kMatched);
  EXPECT_EQ((*m.handler)(HttpRequest{}, m.params).body, "act");
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(m.params.at("action"), "sign");

  auto get = router.Find("GET", "/api/v1/orders/7");
  ASSERT_EQ(get.outcome, Router::Outcome::kMatched);
  EXPECT_EQ((*get.handler)(HttpRequest{}, get.params).body, "get");

  EXPECT_EQ(router.Find("DELETE", "/api/v1/orders/7").outcome, Router::Outcome::kWrongMethod);
  EXPECT_EQ(router.Find("GET", "/api/v1/order").outcome, Router::Outcome::kNoPath);
  EXPECT_EQ(router.Find("GET", "/api/v1/orders/7/extra").outcome, Router::Outcome::kNoPath);
}

}  // namespace
}  // namespace hotline
