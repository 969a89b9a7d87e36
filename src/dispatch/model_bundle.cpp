#include "dispatch/model_bundle.h"

#include "dispatch/model_envelope.h"
#include "dispatch/text_classifier.h"

namespace hotline {
namespace {

// Before the sealed payload, so that a single classifier (or any other
// sealed blob) is not mistaken for a whole dispatch model.
constexpr std::string_view kMagic = "HLDSPMDL";

std::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorKind::kInvalidInput, "model_invalid", std::move(message), "model");
}

}  // namespace

std::string PackModelBundle(const ModelBundle& bundle, std::uint32_t version) {
  ByteWriter w;
  w.Str(bundle.category_model);
  w.Str(bundle.unit_model);
  w.U64(static_cast<std::uint64_t>(bundle.trained_orders));
  w.U64(static_cast<std::uint64_t>(bundle.category_labels));
  w.U64(static_cast<std::uint64_t>(bundle.unit_labels));
  w.Str(bundle.details_json);
  return std::string(kMagic) + SealModel(w.bytes(), version);
}

Result<ModelBundle> UnpackModelBundle(std::string_view bytes) {
  if (!bytes.starts_with(kMagic)) return Invalid("文件不是派单模型");
  auto payload = OpenModel(bytes.substr(kMagic.size()), kModelBundleFormatVersion);
  if (!payload) return Invalid("派单模型无法读取：" + payload.error().message);
  ByteReader r(*payload);
  auto category = r.Str();
  auto unit = r.Str();
  auto orders = r.U64();
  auto category_labels = r.U64();
  auto unit_labels = r.U64();
  auto details = r.Str();
  if (!category || !unit || !orders || !category_labels || !unit_labels || !details || !r.AtEnd())
    return Invalid("派单模型内容不完整");
  // Both classifiers must open here, not later in a running server.
  if (auto c = TextClassifier::Deserialize(*category); !c)
    return Invalid("分类模型无法读取：" + c.error().message);
  if (auto u = TextClassifier::Deserialize(*unit); !u)
    return Invalid("承办单位模型无法读取：" + u.error().message);
  return ModelBundle{std::string(*category),
                     std::string(*unit),
                     static_cast<std::int64_t>(*orders),
                     static_cast<std::int64_t>(*category_labels),
                     static_cast<std::int64_t>(*unit_labels),
                     std::string(*details)};
}

}  // namespace hotline
