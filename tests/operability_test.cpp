// The operational endpoints a deployment's probes and scrapers rely on.
#include <gtest/gtest.h>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

class OperabilityTest : public HotlineTest {};

TEST_F(OperabilityTest, ProbesMetricsAndOpenApi) {
  EXPECT_EQ(api().Get("/healthz").status, 200);
  EXPECT_EQ(api().Get("/readyz").status, 200);

  MustCreate(OrderBody());
  const ApiResponse metrics = api().Get("/metrics");
  ASSERT_EQ(metrics.status, 200) << Describe(metrics);
  EXPECT_NE(metrics.content_type.find("text/plain"), std::string::npos) << metrics.content_type;
  EXPECT_NE(metrics.body.find("# TYPE"), std::string::npos) << "Prometheus text format";

  const ApiResponse doc = api().Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200) << Describe(doc);
  ASSERT_TRUE(doc.body_json.is_object());
  EXPECT_TRUE(doc.body_json.contains("openapi"));
  ASSERT_TRUE(doc.body_json.contains("paths"));
  EXPECT_TRUE(doc.body_json["paths"].contains("/api/v1/orders"));

  const ApiResponse missing = api().Get("/api/v1/no-such-resource", Token("admin"));
  EXPECT_EQ(missing.status, 404) << Describe(missing);
}

}  // namespace
}  // namespace hotline::testing
