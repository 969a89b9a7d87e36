// A multinomial logistic regression over TF-IDF weighted feature tokens: the
// classic strong baseline for short texts with few labelled examples, and a
// second opinion next to fastText (it sees every rare token, where fastText's
// averaged embeddings blur them). Small, deterministic, no dependencies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dispatch/model_envelope.h"

namespace hotline {

struct TfidfLogisticOptions {
  int min_df = 1;    // tokens in fewer training documents are ignored
  double l2 = 1e-4;  // L2 penalty per example
  int epochs = 30;   // SGD passes over the data
  double learning_rate = 1.0;
  bool balanced = false;  // weight examples inversely to their label's frequency
  // The model is the average of the weights at the end of each epoch of the
  // last `average_epochs` (0: the weights after the last step): steadier than
  // SGD's last iterate.
  int average_epochs = 0;
  uint64_t seed = 1;
};

class TfidfLogistic {
 public:
  // docs[i] are the feature tokens of example i, labels[i] in [0, num_labels).
  // `weights`, when not empty, scales each example's loss (1 = a normal
  // example). `extra_docs` (unlabelled texts' tokens) count towards the
  // inverse document frequencies only: the vocabulary is that of `docs`.
  static TfidfLogistic Train(const std::vector<std::vector<std::string>>& docs,
                             const std::vector<int>& labels, int num_labels,
                             const TfidfLogisticOptions& options,
                             const std::vector<double>& weights = {},
                             const std::vector<std::vector<std::string>>& extra_docs = {});

  // A probability per label (summing to 1). Thread-safe.
  std::vector<double> Probabilities(const std::vector<std::string>& tokens) const;

  void Write(ByteWriter& out) const;
  // nullopt when the bytes do not hold a model for num_labels labels.
  static std::optional<TfidfLogistic> Read(ByteReader& in, int num_labels);

  size_t vocabulary_size() const { return idf_.size(); }

 private:
  // Sparse TF-IDF vector (sublinear tf, unit length) of known tokens.
  std::vector<std::pair<int, float>> Vectorize(const std::vector<std::string>& tokens) const;
  void Scores(const std::vector<std::pair<int, float>>& x, std::vector<double>& out) const;

  int num_labels_ = 0;
  std::unordered_map<std::string, int> index_;
  std::vector<float> idf_;
  std::vector<float> weights_;  // feature-major: weights_[feature * num_labels_ + label]
  std::vector<float> bias_;
};

}  // namespace hotline
