#include "dispatch/model_bundle.h"

#include <gtest/gtest.h>

#include "dispatch/text_classifier.h"

namespace hotline {
namespace {

// Two tiny classifiers, written for this test: enough to be real models.
ModelBundle TinyBundle() {
  std::vector<LabeledText> examples;
  for (int copy = 0; copy < 3; ++copy) {
    examples.push_back({"夜间施工噪音扰民 工地晚上施工噪音很大", "c1"});
    examples.push_back({"拖欠工资 公司拖欠三个月工资", "c2"});
  }
  TextClassifierOptions fast;
  fast.epoch = 5;
  fast.dim = 8;
  auto model = TextClassifier::Train(examples, fast);
  EXPECT_TRUE(model) << model.error().message;
  const std::string bytes = model->Serialize();
  return ModelBundle{bytes, bytes, 6, 2, 2, R"({"held_out_unit_top1":0.5})"};
}

TEST(ModelBundleTest, RoundTripsBothModelsAndTheirFigures) {
  const ModelBundle bundle = TinyBundle();
  auto back = UnpackModelBundle(PackModelBundle(bundle));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->category_model, bundle.category_model);
  EXPECT_EQ(back->unit_model, bundle.unit_model);
  EXPECT_EQ(back->trained_orders, 6);
  EXPECT_EQ(back->unit_labels, 2);
  EXPECT_EQ(back->details_json, bundle.details_json);
}

TEST(ModelBundleTest, RefusesForeignCorruptTruncatedAndOtherVersionFiles) {
  const ModelBundle bundle = TinyBundle();
  const std::string good = PackModelBundle(bundle);
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x5A;
  const std::string cases[] = {
      "",
      "not a model at all",
      bundle.category_model,  // one classifier is not a dispatch model
      good.substr(0, good.size() - 10),
      flipped,
      PackModelBundle(bundle, kModelBundleFormatVersion + 1),
  };
  for (const std::string& bytes : cases) {
    auto r = UnpackModelBundle(bytes);
    ASSERT_FALSE(r) << bytes.size();
    EXPECT_EQ(r.error().code, "model_invalid");
    EXPECT_FALSE(r.error().message.empty());
  }
}

TEST(ModelBundleTest, RefusesAWellSealedBundleWhoseClassifierIsBroken) {
  ModelBundle bundle = TinyBundle();
  bundle.unit_model = "HLTXTCLS garbage";
  auto r = UnpackModelBundle(PackModelBundle(bundle));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("承办单位模型"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace hotline
