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
#include "dispatch/tfidf_logistic.h"
#include "text/text_features.h"

namespace hotline {

struct LabeledText {
  std::string text;   // UTF-8, title and body
  std::string label;  // any non-empty string without whitespace
};

struct LabelScore {
  std::string label;
  double probability = 0;  // in [0, 1]; a prediction's scores sum to at most 1
};

// Use of unlabelled texts of the same kind (other citizens' messages). They
// count in the logistic regression's inverse document frequencies (idf), so
// a word's rarity is judged on thousands of messages instead of a few hundred
// labelled ones. Optionally also self-training: the model trained on the
// labelled examples labels the unlabelled texts; those it is sure of join the
// training set with their predicted label, and the model is trained again
// (off by default: it did not help on the real messages, docs/dispatch.md).
struct SelfTrainingOptions {
  int rounds = 0;               // label-and-retrain passes; 0 none
  double min_confidence = 0.9;  // least top-1 probability for a text to join
  double weight = 0.5;          // its weight in the logistic regression (labelled: 1)
  bool fasttext = true;         // fastText trains on the joined texts too
  bool idf = true;              // all unlabelled texts count in the inverse document frequencies
};

// How a classifier is built: the features, fastText's hyper-parameters and
// the share fastText has in the ensemble with a TF-IDF logistic regression.
// The defaults are the variant chosen by cross-validation (docs/dispatch.md).
struct TextClassifierOptions {
  TextFeatureOptions features{.words = true,
                              .min_word_chars = 1,
                              .min_char_ngram = 1,
                              .max_char_ngram = 2,
                              .title_weight = 3,
                              .title_char_ngrams = true};
  // Copies of a "k:<level-1>" token per category-tree keyword found; 0 none.
  int keyword_weight = 10;

  // fastText (supervised; our tokens are the features, no subwords).
  int epoch = 30;
  double lr = 0.5;
  int dim = 20;
  int word_ngrams = 1;
  bool one_vs_all = false;  // loss ova instead of softmax
  int min_count = 1;
  int bucket = 200'000;  // hash buckets for word n-grams (only when word_ngrams > 1)
  int seed = 7;
  // Large training sets need fewer passes: epochs are scaled down so that
  // about this many examples are seen in all (never below 5 epochs).
  long long example_budget = 1'000'000;

  // fastText's weight in the averaged probabilities: 1 is fastText alone,
  // 0 the logistic regression alone (the other model is then not trained).
  double fasttext_weight = 0.3;
  TfidfLogisticOptions linear{.min_df = 2, .balanced = true};
  // Only when Train is given unlabelled texts.
  SelfTrainingOptions self_training;
};

class TextClassifier {
 public:
  // Trains on the examples. Fails (kInvalidInput, naming the offending row
  // in the message) on no examples, an empty text or label, or fewer than
  // two distinct labels.
  static Result<TextClassifier> Train(std::span<const LabeledText> examples);
  static Result<TextClassifier> Train(std::span<const LabeledText> examples,
                                      const TextClassifierOptions& options);
  // Also learns from unlabelled texts of the same kind (options.self_training).
  // Empty texts among them are skipped.
  static Result<TextClassifier> Train(std::span<const LabeledText> examples,
                                      const TextClassifierOptions& options,
                                      std::span<const std::string> unlabelled);

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
