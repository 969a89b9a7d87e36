// The real labelled messages the benchmarks measure with, read from the
// shared data directory at run time (never stored in the repository).
#pragma once

#include <fmt/format.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "dispatch/classifier_eval.h"

namespace hotline::bench {

// DATA/hotline-texts/messages_labeled_train.tsv, or nothing (with a message
// on stderr) when it cannot be read.
inline std::optional<std::vector<LabeledRow>> ReadLabeledMessages(const std::string& data) {
  const std::string path = data + "/hotline-texts/messages_labeled_train.tsv";
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  auto rows = ParseLabeledTsv(content.str(), path);
  if (!in || !rows) {
    fmt::print(stderr, "cannot read the labelled messages {}\n", path);
    return std::nullopt;
  }
  return std::move(*rows);
}

}  // namespace hotline::bench
