// A text classifier for citizens' demands: given the text of an order, the
// likeliest labels (a category, or the unit that should lead) with a
// probability each. Trained on the platform's own closed orders; the trained
// model is a value that can be serialised, stored with a version, and loaded
// into a running server.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace hotline {

struct LabeledText {
  std::string text;   // UTF-8, title and body
  std::string label;  // any non-empty string without whitespace
};

struct LabelScore {
  std::string label;
  double probability = 0;  // in [0, 1]; a prediction's scores sum to at most 1
};

class TextClassifier {
 public:
  // Trains on the examples. Fails (kInvalidInput, naming the offending row
  // in the message) on no examples, an empty text or label, or fewer than
  // two distinct labels.
  static Result<TextClassifier> Train(std::span<const LabeledText> examples);

  // The model as self-describing bytes (with a format version), and back.
  // Deserialize refuses bytes that are corrupt, truncated or of another
  // format version (kInvalidInput, code "model_invalid").
  std::string Serialize() const;
  static Result<TextClassifier> Deserialize(std::string_view bytes);

  // The k likeliest labels, most likely first. Safe to call from many
  // threads at once. Fewer than k when the model knows fewer labels.
  std::vector<LabelScore> Predict(std::string_view text, int k) const;

  // Every label the model was trained on.
  const std::vector<std::string>& Labels() const;

  TextClassifier(TextClassifier&&) noexcept;
  TextClassifier& operator=(TextClassifier&&) noexcept;
  ~TextClassifier();

 private:
  struct Impl;
  explicit TextClassifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hotline
