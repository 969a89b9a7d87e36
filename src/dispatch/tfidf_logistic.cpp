#include "dispatch/tfidf_logistic.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace hotline {
namespace {

void Softmax(std::vector<double>& v) {
  const double top = *std::max_element(v.begin(), v.end());
  double sum = 0;
  for (double& x : v) sum += (x = std::exp(x - top));
  for (double& x : v) x /= sum;
}

}  // namespace

std::vector<std::pair<int, float>> TfidfLogistic::Vectorize(
    const std::vector<std::string>& tokens) const {
  std::unordered_map<int, int> counts;
  for (const std::string& t : tokens)
    if (auto it = index_.find(t); it != index_.end()) ++counts[it->second];
  std::vector<std::pair<int, float>> x;
  x.reserve(counts.size());
  double norm = 0;
  for (auto [feature, count] : counts) {
    const float v = static_cast<float>((1.0 + std::log(count)) * idf_[feature]);
    x.emplace_back(feature, v);
    norm += double(v) * v;
  }
  std::sort(x.begin(), x.end());  // a fixed order keeps float sums reproducible
  if (norm > 0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (auto& [f, v] : x) v *= inv;
  }
  return x;
}

void TfidfLogistic::Scores(const std::vector<std::pair<int, float>>& x,
                           std::vector<double>& out) const {
  out.assign(bias_.begin(), bias_.end());
  for (auto [f, v] : x) {
    const float* w = &weights_[static_cast<size_t>(f) * num_labels_];
    for (int c = 0; c < num_labels_; ++c) out[c] += double(w[c]) * v;
  }
}

TfidfLogistic TfidfLogistic::Train(const std::vector<std::vector<std::string>>& docs,
                                   const std::vector<int>& labels, int num_labels,
                                   const TfidfLogisticOptions& options,
                                   const std::vector<double>& weights,
                                   const std::vector<std::vector<std::string>>& extra_docs) {
  TfidfLogistic m;
  m.num_labels_ = num_labels;
  // Document frequencies, then the vocabulary in first-seen order.
  std::unordered_map<std::string, int> df;
  std::vector<std::string> order;
  for (const auto& doc : docs) {
    std::vector<std::string> distinct(doc);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (std::string& t : distinct)
      if (df[t]++ == 0) order.push_back(t);
  }
  // Frequencies among the extra documents, for the training vocabulary only.
  std::unordered_map<std::string, int> extra_df;
  for (const auto& doc : extra_docs) {
    std::vector<std::string> distinct(doc);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (std::string& t : distinct)
      if (auto it = df.find(t); it != df.end()) ++extra_df[t];
  }
  const double n = static_cast<double>(docs.size());
  const double all = n + static_cast<double>(extra_docs.size());
  for (const std::string& t : order) {
    const int d = df[t];
    if (d < options.min_df) continue;
    const auto extra = extra_df.find(t);
    const double d_all = d + (extra == extra_df.end() ? 0 : extra->second);
    m.index_.emplace(t, static_cast<int>(m.idf_.size()));
    m.idf_.push_back(static_cast<float>(std::log((1.0 + all) / (1.0 + d_all)) + 1.0));
  }
  m.weights_.assign(m.idf_.size() * num_labels, 0.0f);
  m.bias_.assign(num_labels, 0.0f);

  std::vector<std::vector<std::pair<int, float>>> xs;
  xs.reserve(docs.size());
  for (const auto& doc : docs) xs.push_back(m.Vectorize(doc));
  auto example_weight = [&](size_t i) { return weights.empty() ? 1.0 : weights[i]; };
  std::vector<double> label_weight(num_labels, 1.0);
  if (options.balanced) {
    std::vector<double> count(num_labels, 0);
    double total = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
      count[labels[i]] += example_weight(i);
      total += example_weight(i);
    }
    for (int c = 0; c < num_labels; ++c)
      label_weight[c] = count[c] > 0 ? total / (num_labels * count[c]) : 1.0;
  }

  std::vector<size_t> perm(docs.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::mt19937_64 rng(options.seed);
  std::vector<double> p;
  double step = 0;
  const int average = std::clamp(options.average_epochs, 0, options.epochs);
  std::vector<double> sum_weights(average > 0 ? m.weights_.size() : 0, 0.0);
  std::vector<double> sum_bias(num_labels, 0.0);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    // Fisher-Yates with our own draws: std::shuffle's sequence is not portable.
    for (size_t i = perm.size(); i > 1; --i) std::swap(perm[i - 1], perm[rng() % i]);
    for (size_t i : perm) {
      const double lr = options.learning_rate / (1.0 + options.learning_rate * options.l2 * step);
      ++step;
      m.Scores(xs[i], p);
      Softmax(p);
      const double weight = label_weight[labels[i]] * example_weight(i);
      for (int c = 0; c < num_labels; ++c) {
        const double g = weight * (p[c] - (c == labels[i] ? 1.0 : 0.0));
        m.bias_[c] -= static_cast<float>(lr * g);
        for (auto [f, v] : xs[i]) {
          float& w = m.weights_[static_cast<size_t>(f) * num_labels + c];
          w -= static_cast<float>(lr * (g * v + options.l2 * w));
        }
      }
    }
    if (epoch >= options.epochs - average) {
      for (size_t j = 0; j < m.weights_.size(); ++j) sum_weights[j] += m.weights_[j];
      for (int c = 0; c < num_labels; ++c) sum_bias[c] += m.bias_[c];
    }
  }
  if (average > 0) {
    for (size_t j = 0; j < m.weights_.size(); ++j)
      m.weights_[j] = static_cast<float>(sum_weights[j] / average);
    for (int c = 0; c < num_labels; ++c) m.bias_[c] = static_cast<float>(sum_bias[c] / average);
  }
  return m;
}

std::vector<double> TfidfLogistic::Probabilities(const std::vector<std::string>& tokens) const {
  std::vector<double> p;
  Scores(Vectorize(tokens), p);
  Softmax(p);
  return p;
}

void TfidfLogistic::Write(ByteWriter& out) const {
  out.U32(static_cast<uint32_t>(num_labels_));
  out.U64(idf_.size());
  // Tokens in index order, so reading rebuilds the same indices.
  std::vector<const std::string*> tokens(idf_.size());
  for (const auto& [t, i] : index_) tokens[i] = &t;
  for (size_t i = 0; i < idf_.size(); ++i) {
    out.Str(*tokens[i]);
    out.F32(idf_[i]);
  }
  for (float w : weights_) out.F32(w);
  for (float b : bias_) out.F32(b);
}

std::optional<TfidfLogistic> TfidfLogistic::Read(ByteReader& in, int num_labels) {
  TfidfLogistic m;
  const auto labels = in.U32();
  const auto size = in.U64();
  if (!labels || !size || static_cast<int>(*labels) != num_labels || *size > (1u << 28))
    return std::nullopt;
  m.num_labels_ = num_labels;
  m.idf_.reserve(*size);
  for (uint64_t i = 0; i < *size; ++i) {
    const auto token = in.Str();
    const auto idf = in.F32();
    if (!token || !idf) return std::nullopt;
    if (!m.index_.emplace(std::string(*token), static_cast<int>(i)).second) return std::nullopt;
    m.idf_.push_back(*idf);
  }
  m.weights_.resize(*size * num_labels);
  for (float& w : m.weights_) {
    const auto v = in.F32();
    if (!v) return std::nullopt;
    w = *v;
  }
  m.bias_.resize(num_labels);
  for (float& b : m.bias_) {
    const auto v = in.F32();
    if (!v) return std::nullopt;
    b = *v;
  }
  return m;
}

}  // namespace hotline
