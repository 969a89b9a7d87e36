// Measuring a text classifier: labelled TSV files, top-k accuracy and macro
// F1, and stratified k-fold splits for cross-validation. Used by
// `hotline eval-classifier` and by the tests that guard accuracy.
// No I/O: callers read the files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "dispatch/text_classifier.h"

namespace hotline {

struct LabeledRow {
  int line = 0;  // 1-based line in the file (the header is line 1)
  std::string id;
  LabeledText example;
};

// A UTF-8 TSV with a header line naming at least the columns `id`, `text`
// and `label` (found by name, in any order; other columns ignored). Fails
// (kInvalidInput, naming `file_name` and the line) on a missing column, a
// line with too few fields, an empty text or an empty label.
Result<std::vector<LabeledRow>> ParseLabeledTsv(std::string_view content,
                                                std::string_view file_name);

// The `text` column of a UTF-8 TSV with a header line (unlabelled messages;
// other columns ignored), blank texts skipped. Fails (kInvalidInput, naming
// `file_name` and the line) on a missing column or a line with too few
// fields.
Result<std::vector<std::string>> ParseTextTsv(std::string_view content, std::string_view file_name);

struct EvalMetrics {
  size_t n = 0;
  double top1 = 0;      // share whose label is the first prediction
  double top3 = 0;      // share whose label is among the first three
  double macro_f1 = 0;  // of the first prediction, averaged over labels
};

// Accumulates predictions against the true labels.
class EvalTally {
 public:
  void Add(const std::string& truth, const std::vector<LabelScore>& predictions);
  EvalMetrics Metrics() const;

 private:
  struct Pair {
    std::string truth, predicted;
  };
  std::vector<Pair> pairs_;
  size_t top1_ = 0, top3_ = 0;
};

// The fold (0..k-1) of each example: every label's examples are shuffled
// with `seed` and dealt round-robin, so each fold holds about 1/k of every
// label. Deterministic for a seed.
std::vector<int> StratifiedFolds(const std::vector<std::string>& labels, int k, uint64_t seed);

}  // namespace hotline
