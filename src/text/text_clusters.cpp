#include "text/text_clusters.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "text/shingles.h"

namespace hotline {
namespace {

class UnionFind {
 public:
  explicit UnionFind(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0); }
  std::size_t Find(std::size_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Unite(std::size_t a, std::size_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

uint64_t BandKey(const MinHashSignature& sig, int band, int rows) {
  uint64_t h = 1469598103934665603ULL ^ static_cast<uint64_t>(band);
  for (int r = 0; r < rows; ++r) {
    h ^= sig[static_cast<std::size_t>(band * rows + r)];
    h *= 1099511628211ULL;
  }
  return h;
}

// The distinct content-character bigrams of a text.
std::set<std::u32string> Bigrams(const std::string& text) {
  const std::u32string chars = ContentChars(text);
  std::set<std::u32string> out;
  for (std::size_t i = 0; i + 1 < chars.size(); ++i) out.insert(chars.substr(i, 2));
  return out;
}

// Words (Han bigrams) frequent in the cluster and rare elsewhere: documents containing
// it in the cluster times log(N / documents containing it overall).
std::vector<std::string> TopBigrams(const std::vector<std::size_t>& members,
                                    const std::vector<std::set<std::u32string>>& bigrams,
                                    const std::map<std::u32string, int>& df, int limit) {
  std::map<std::u32string, int> in_cluster;
  for (std::size_t m : members)
    for (const auto& b : bigrams[m]) ++in_cluster[b];
  const double n = static_cast<double>(bigrams.size());
  // How often a label word must occur outside the cluster: a few times in
  // a large collection; in a small one any Han bigram may do.
  const int outside = std::min(8, static_cast<int>(bigrams.size() / 500));
  std::vector<std::pair<double, std::u32string>> scored;
  for (const auto& [b, c] : in_cluster) {
    // A bigram of two Han characters that also occurs outside the cluster
    // is a word people use; one seen only in the cluster is mostly the
    // seam between two words of one copied text, unreadable as a label.
    const bool han = b[0] >= 0x4E00 && b[0] <= 0x9FFF && b[1] >= 0x4E00 && b[1] <= 0x9FFF;
    if (c < 2 || 2 * c < static_cast<int>(members.size()) || !han || df.at(b) < c + outside)
      continue;
    const double idf = std::log(n / static_cast<double>(df.at(b)));
    // log(df) favours words over chance pairs of characters.
    scored.emplace_back(-(c * idf * std::log(1.0 + static_cast<double>(df.at(b)))), b);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && static_cast<int>(out.size()) < limit; ++i)
    out.push_back(EncodeUtf8(scored[i].second));
  return out;
}

}  // namespace

std::vector<TextCluster> FindTextClusters(const std::vector<ClusterText>& texts,
                                          const TextClusterOptions& options) {
  const std::size_t n = texts.size();
  std::vector<std::vector<uint64_t>> shingles(n);
  std::vector<MinHashSignature> sigs(n);
  for (std::size_t i = 0; i < n; ++i) {
    shingles[i] = ShingleHashes(texts[i].text, options.shingle_size);
    sigs[i] = MinHash(shingles[i]);
  }
  const int bands = std::clamp(options.bands, 1, kMinHashSize);
  const int rows = kMinHashSize / bands;
  UnionFind groups(n);
  for (int band = 0; band < bands; ++band) {
    std::unordered_map<uint64_t, std::vector<std::size_t>> buckets;
    for (std::size_t i = 0; i < n; ++i)
      if (!shingles[i].empty()) buckets[BandKey(sigs[i], band, rows)].push_back(i);
    for (const auto& [key, members] : buckets) {
      // A pair already in one group needs no check: many copies of one text
      // (a campaign, a bulk import) collapse into one group in the first
      // band and cost one pass per later band instead of every pair again.
      const std::size_t first_root = groups.Find(members.front());
      if (std::all_of(members.begin(), members.end(),
                      [&](std::size_t m) { return groups.Find(m) == first_root; }))
        continue;
      for (std::size_t a = 0; a < members.size(); ++a)
        for (std::size_t b = a + 1; b < members.size(); ++b) {
          const std::size_t i = members[a], j = members[b];
          if (groups.Find(i) == groups.Find(j)) continue;
          if (std::llabs(texts[i].day - texts[j].day) > options.window_days) continue;
          if (Jaccard(shingles[i], shingles[j]) >= options.min_jaccard) groups.Unite(i, j);
        }
    }
  }
  std::map<std::size_t, std::vector<std::size_t>> by_root;
  for (std::size_t i = 0; i < n; ++i) by_root[groups.Find(i)].push_back(i);

  std::vector<std::set<std::u32string>> bigrams;
  std::map<std::u32string, int> df;
  std::vector<TextCluster> out;
  for (auto& [root, members] : by_root) {
    if (static_cast<int>(members.size()) < std::max(2, options.min_size)) continue;
    if (bigrams.empty()) {  // only needed once some cluster is reported
      bigrams.reserve(n);
      for (const ClusterText& t : texts) bigrams.push_back(Bigrams(t.text));
      for (const auto& set : bigrams)
        for (const auto& b : set) ++df[b];
    }
    std::stable_sort(members.begin(), members.end(),
                     [&](std::size_t a, std::size_t b) { return texts[a].day < texts[b].day; });
    TextCluster c;
    c.first_day = texts[members.front()].day;
    c.last_day = texts[members.back()].day;
    // Mean similarity against at most ~200 others keeps a large cluster cheap.
    const std::size_t stride = std::max<std::size_t>(1, members.size() / 200);
    double best = -1;
    for (std::size_t m : members) {
      c.ids.push_back(texts[m].id);
      c.weight += texts[m].weight;
      double similarity = 0;
      for (std::size_t k = 0; k < members.size(); k += stride)
        if (members[k] != m) similarity += MinHashSimilarity(sigs[m], sigs[members[k]]);
      if (similarity > best) {
        best = similarity;
        c.representative_id = texts[m].id;
      }
    }
    c.top_bigrams = TopBigrams(members, bigrams, df, options.top_bigrams);
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const TextCluster& a, const TextCluster& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    if (a.ids.size() != b.ids.size()) return a.ids.size() > b.ids.size();
    return a.first_day < b.first_day;
  });
  return out;
}

}  // namespace hotline
