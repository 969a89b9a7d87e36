// A dispatch model as a file: both classifiers (categories and lead units)
// with what they were trained on, so that a model trained on one machine can
// be moved to another (`hotline train --export/--import`). Unpacking checks
// the file's kind, format version and checksum and opens both classifiers,
// so a corrupt or foreign file is refused before anything stores it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"

namespace hotline {

inline constexpr std::uint32_t kModelBundleFormatVersion = 1;

struct ModelBundle {
  std::string category_model;  // TextClassifier::Serialize()
  std::string unit_model;
  std::int64_t trained_orders = 0;
  std::int64_t category_labels = 0;
  std::int64_t unit_labels = 0;
  std::string details_json;
};

std::string PackModelBundle(const ModelBundle& bundle,
                            std::uint32_t version = kModelBundleFormatVersion);
// The bundle, or kInvalidInput "model_invalid" with the reason.
Result<ModelBundle> UnpackModelBundle(std::string_view bytes);

}  // namespace hotline
