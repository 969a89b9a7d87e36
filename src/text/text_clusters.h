// Clusters of similar texts close in time: many citizens writing about the
// same thing within days is a hot spot even when no single category or
// street stands out. Documented in docs/hotspots.md §3. Pure; deterministic
// for a given input order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hotline {

struct ClusterText {
  std::int64_t id = 0;
  std::string text;
  std::int64_t day = 0;     // days since 1970-01-01, China time
  std::int64_t weight = 0;  // public attention (likes); summed per cluster
};

struct TextClusterOptions {
  int window_days = 7;  // two texts are compared only if at most this many days apart
  int shingle_size = 2;
  // Exact Jaccard of the shingle sets two texts need to be linked.
  double min_jaccard = 0.3;
  // LSH: the 64 MinHash slots in `bands` bands of 64 / bands rows; texts that
  // agree in all rows of some band become candidate pairs.
  int bands = 32;
  int min_size = 3;  // smaller groups are not reported
  int top_bigrams = 5;
};

struct TextCluster {
  std::vector<std::int64_t> ids;  // ascending by day, then input order
  std::int64_t first_day = 0;
  std::int64_t last_day = 0;
  std::int64_t weight = 0;               // sum of the members' weights
  std::int64_t representative_id = 0;    // the member most similar to the others
  std::vector<std::string> top_bigrams;  // most distinctive character bigrams
};

// Links every pair of texts at most window_days apart whose shingle sets
// reach min_jaccard (candidates found by MinHash LSH, then checked exactly)
// and returns the connected groups of at least min_size, heaviest first
// (weight, then size, then earliest).
std::vector<TextCluster> FindTextClusters(const std::vector<ClusterText>& texts,
                                          const TextClusterOptions& options);

}  // namespace hotline
