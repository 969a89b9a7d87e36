#include "dispatch/text_classifier.h"

#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "dispatch/category_keywords.h"
#include "dispatch/model_envelope.h"

namespace hotline {
namespace {

// The first kMaxTextBytes of a text (cut at a character boundary): what a
// demand is about is said at its start, and the few very long messages
// (thousands of characters) would otherwise dominate the slowest predictions.
constexpr std::size_t kMaxTextBytes = 3000;

std::string_view Truncated(std::string_view text) {
  if (text.size() <= kMaxTextBytes) return text;
  std::size_t cut = kMaxTextBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

constexpr std::string_view kLabelPrefix = "__label__";

// A file in the temporary directory that is removed when this goes out of
// scope, whatever happens in between (fastText reads and writes only files).
class TempFile {
 public:
  TempFile() {
    std::string pattern = (std::filesystem::temp_directory_path() /
                           ("hotline-textclf-" + std::to_string(::getpid()) + "-XXXXXX"))
                              .string();
    const int fd = ::mkstemp(pattern.data());
    if (fd >= 0) {
      ::close(fd);
      path_ = pattern;
    }
  }
  ~TempFile() {
    if (!path_.empty()) {
      std::error_code ignored;
      std::filesystem::remove(path_, ignored);
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool IsFastTextSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\0';
}

std::unexpected<Error> BadExample(size_t row, std::string what) {
  return Fail(ErrorKind::kInvalidInput, "training_data_invalid",
              "第 " + std::to_string(row + 1) + " 条训练样本" + what, "examples");
}

std::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorKind::kInvalidInput, "model_invalid", std::move(message), "model");
}

void WriteFeatureOptions(ByteWriter& w, const TextClassifierOptions& o) {
  w.U32(o.features.words ? 1 : 0);
  w.U32(static_cast<uint32_t>(o.features.min_word_chars));
  w.U32(static_cast<uint32_t>(o.features.min_char_ngram));
  w.U32(static_cast<uint32_t>(o.features.max_char_ngram));
  w.U32(static_cast<uint32_t>(o.features.title_weight));
  w.U32(static_cast<uint32_t>(o.keyword_weight));
  w.U32(o.features.title_char_ngrams ? 1 : 0);
  w.F64(o.fasttext_weight);
}

bool ReadFeatureOptions(ByteReader& r, TextClassifierOptions& o) {
  auto words = r.U32(), min_word = r.U32(), min_n = r.U32(), max_n = r.U32(), title = r.U32(),
       keywords = r.U32(), title_chars = r.U32();
  auto weight = r.F64();
  if (!words || !min_word || !min_n || !max_n || !title || !keywords || !title_chars || !weight)
    return false;
  if (*min_word > 16 || *max_n > 8 || *min_n > 8 || *title > 16 || *keywords > 16 ||
      !(*weight >= 0) || !(*weight <= 1))
    return false;
  o.features.words = *words != 0;
  o.features.min_word_chars = static_cast<int>(*min_word);
  o.features.min_char_ngram = static_cast<int>(*min_n);
  o.features.max_char_ngram = static_cast<int>(*max_n);
  o.features.title_weight = static_cast<int>(*title);
  o.keyword_weight = static_cast<int>(*keywords);
  o.features.title_char_ngrams = *title_chars != 0;
  o.fasttext_weight = *weight;
  return true;
}

}  // namespace

struct TextClassifier::Impl {
  TextClassifierOptions options;
  std::vector<std::string> labels;               // sorted
  std::unique_ptr<fasttext::FastText> fasttext;  // null when fasttext_weight == 0
  std::string fasttext_bytes;                    // fastText's own saved model
  std::vector<int> fasttext_label_index;         // fastText label id -> index in labels
  // fastText's word ids by token. Its own lookup probes a table kept 70 %
  // full with a hash that spreads UTF-8 Chinese poorly; measured, that was
  // half of a prediction's time.
  std::unordered_map<std::string, int32_t> fasttext_word_ids;
  int32_t fasttext_eos_id = -1;
  std::optional<TfidfLogistic> linear;  // empty when fasttext_weight == 1

  std::vector<std::string> Tokens(std::string_view text) const {
    text = Truncated(text);
    std::vector<std::string> tokens = TextFeatures(text, options.features);
    if (options.keyword_weight > 0)
      for (std::string& level1 : CategoryKeywords::Builtin().Evidence(text))
        for (int i = 0; i < options.keyword_weight; ++i) tokens.push_back("k:" + level1);
    return tokens;
  }

  // Loads fastText from fasttext_bytes and maps its labels onto ours.
  Result<void> LoadFastText() {
    // fastText's file starts with its magic and version; loadModel(istream)
    // expects them already consumed (loadModel(file) checks them itself).
    constexpr int32_t kFastTextMagic = 793712314, kFastTextVersion = 12;
    int32_t header[2] = {0, 0};
    if (fasttext_bytes.size() < sizeof header) return Invalid("fastText 模型数据不完整");
    std::memcpy(header, fasttext_bytes.data(), sizeof header);
    if (header[0] != kFastTextMagic || header[1] != kFastTextVersion)
      return Invalid("fastText 模型格式不受支持");
    auto model = std::make_unique<fasttext::FastText>();
    try {
      std::istringstream in(fasttext_bytes.substr(sizeof header));
      model->loadModel(in);
    } catch (const std::exception& e) {
      return Invalid(std::string("fastText 模型无法加载：") + e.what());
    }
    const auto dict = model->getDictionary();
    if (dict->nlabels() != static_cast<int32_t>(labels.size()))
      return Invalid("fastText 模型的类别与模型记录的类别不一致");
    fasttext_label_index.assign(labels.size(), -1);
    for (int32_t i = 0; i < dict->nlabels(); ++i) {
      const std::string name = dict->getLabel(i).substr(kLabelPrefix.size());
      const auto it = std::lower_bound(labels.begin(), labels.end(), name);
      if (it == labels.end() || *it != name)
        return Invalid("fastText 模型的类别与模型记录的类别不一致");
      fasttext_label_index[i] = static_cast<int>(it - labels.begin());
    }
    fasttext_word_ids.clear();
    fasttext_word_ids.reserve(static_cast<size_t>(dict->nwords()));
    for (int32_t i = 0; i < dict->nwords(); ++i) fasttext_word_ids.emplace(dict->getWord(i), i);
    fasttext_eos_id = dict->getId(fasttext::Dictionary::EOS);
    fasttext = std::move(model);
    return {};
  }

  // fastText's probability per label (uniform when no token is known).
  std::vector<double> FastTextProbabilities(const std::vector<std::string>& tokens) const {
    const size_t n = labels.size();
    std::vector<double> p(n, 0.0);
    std::vector<int32_t> words;
    if (options.word_ngrams <= 1) {
      // What fastText's getLine yields without word n-grams or subwords: the
      // ids of the known tokens, then the end of line.
      words.reserve(tokens.size() + 1);
      for (const std::string& t : tokens)
        if (auto it = fasttext_word_ids.find(t); it != fasttext_word_ids.end())
          words.push_back(it->second);
      if (fasttext_eos_id >= 0) words.push_back(fasttext_eos_id);
    } else {
      std::string line;
      for (const std::string& t : tokens) (line += t) += ' ';
      line += '\n';
      std::istringstream in(line);
      std::vector<int32_t> ignored;
      fasttext->getDictionary()->getLine(in, words, ignored);
    }
    fasttext::Predictions predictions;
    if (!words.empty()) fasttext->predict(static_cast<int32_t>(n), words, predictions, -1e30f);
    double sum = 0;
    for (const auto& [log_p, id] : predictions) {
      const double v = std::exp(log_p);
      p[fasttext_label_index[id]] = v;
      sum += v;
    }
    if (sum <= 0) return std::vector<double>(n, 1.0 / n);
    for (double& v : p) v /= sum;  // ova scores do not sum to 1 by themselves
    return p;
  }

  // The averaged probability per label of the trained models.
  std::vector<double> Probabilities(const std::vector<std::string>& tokens) const {
    const size_t n = labels.size();
    std::vector<double> p(n, 0.0);
    const double w = options.fasttext_weight;
    if (fasttext) {
      const std::vector<double> ft = FastTextProbabilities(tokens);
      for (size_t i = 0; i < n; ++i) p[i] += w * ft[i];
    }
    if (linear) {
      const std::vector<double> lin = linear->Probabilities(tokens);
      for (size_t i = 0; i < n; ++i) p[i] += (1 - w) * lin[i];
    }
    return p;
  }

  // Trains the models on docs (tokens) with labels ys (indices into labels):
  // fastText on the first `fasttext_docs` of them, the logistic regression on
  // all, weighted by `weights` (empty: all 1), with `idf_docs` counting
  // towards its document frequencies.
  Result<void> Fit(const std::vector<std::vector<std::string>>& docs, const std::vector<int>& ys,
                   const std::vector<double>& weights, size_t fasttext_docs,
                   const std::vector<std::vector<std::string>>& idf_docs) {
    auto scaled_epochs = [&](int epochs, size_t n) {
      const long long budget = std::max<long long>(options.example_budget, 1);
      const long long count = std::max<long long>(static_cast<long long>(n), 1);
      if (count * epochs <= budget) return epochs;
      return static_cast<int>(std::max<long long>(5, budget / count));
    };
    if (options.fasttext_weight > 0) {
      TempFile corpus, saved;
      if (!corpus.ok() || !saved.ok())
        return Fail(ErrorKind::kInternal, "model_training_failed", "无法创建临时文件", "");
      {
        std::ofstream out(corpus.path(), std::ios::binary);
        for (size_t i = 0; i < fasttext_docs && i < docs.size(); ++i) {
          out << kLabelPrefix << labels[ys[i]];
          for (const std::string& t : docs[i]) out << ' ' << t;
          out << '\n';
        }
        if (!out.flush())
          return Fail(ErrorKind::kInternal, "model_training_failed", "无法写入临时训练文件", "");
      }
      fasttext::Args args;
      args.input = corpus.path();
      args.model = fasttext::model_name::sup;
      args.loss = options.one_vs_all ? fasttext::loss_name::ova : fasttext::loss_name::softmax;
      args.epoch = scaled_epochs(options.epoch, std::min(fasttext_docs, docs.size()));
      args.lr = options.lr;
      args.dim = options.dim;
      args.wordNgrams = options.word_ngrams;
      args.minCount = options.min_count;
      args.minCountLabel = 1;
      args.minn = 0;
      args.maxn = 0;
      args.bucket = options.word_ngrams > 1 ? options.bucket : 0;
      args.thread = 1;  // one thread: training is then deterministic for a seed
      args.seed = options.seed;
      args.verbose = 0;
      args.lrUpdateRate = 100;
      fasttext::FastText model;
      try {
        model.train(args);
        model.saveModel(saved.path());
      } catch (const std::exception& e) {
        return Fail(ErrorKind::kInternal, "model_training_failed",
                    std::string("fastText 训练失败：") + e.what(), "");
      }
      std::ifstream in(saved.path(), std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      fasttext_bytes = std::move(bytes).str();
      if (auto loaded = LoadFastText(); !loaded)
        return Fail(ErrorKind::kInternal, "model_training_failed", loaded.error().message, "");
    }
    if (options.fasttext_weight < 1) {
      TfidfLogisticOptions linear_options = options.linear;
      linear_options.epochs = scaled_epochs(linear_options.epochs, docs.size());
      linear = TfidfLogistic::Train(docs, ys, static_cast<int>(labels.size()), linear_options,
                                    weights, idf_docs);
    }
    return {};
  }
};

TextClassifier::TextClassifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextClassifier::TextClassifier(TextClassifier&&) noexcept = default;
TextClassifier& TextClassifier::operator=(TextClassifier&&) noexcept = default;
TextClassifier::~TextClassifier() = default;

Result<TextClassifier> TextClassifier::Train(std::span<const LabeledText> examples) {
  return Train(examples, TextClassifierOptions{});
}

Result<TextClassifier> TextClassifier::Train(std::span<const LabeledText> examples,
                                             const TextClassifierOptions& options) {
  return Train(examples, options, {});
}

Result<TextClassifier> TextClassifier::Train(std::span<const LabeledText> examples,
                                             const TextClassifierOptions& options,
                                             std::span<const std::string> unlabelled) {
  if (examples.empty())
    return Fail(ErrorKind::kInvalidInput, "training_data_invalid", "没有训练样本", "examples");
  std::set<std::string> distinct;
  for (size_t i = 0; i < examples.size(); ++i) {
    const LabeledText& e = examples[i];
    if (std::all_of(e.text.begin(), e.text.end(), [](char c) { return IsFastTextSpace(c); }))
      return BadExample(i, "的文本为空");
    if (e.label.empty()) return BadExample(i, "的类别为空");
    if (std::any_of(e.label.begin(), e.label.end(), IsFastTextSpace))
      return BadExample(i, "的类别“" + e.label + "”含有空白字符");
    distinct.insert(e.label);
  }
  if (distinct.size() < 2)
    return Fail(ErrorKind::kInvalidInput, "training_data_invalid", "训练样本至少需要两个不同的类别",
                "examples");

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->options.fasttext_weight = std::clamp(options.fasttext_weight, 0.0, 1.0);
  impl->labels.assign(distinct.begin(), distinct.end());
  std::vector<std::vector<std::string>> docs;
  std::vector<int> ys;
  docs.reserve(examples.size());
  for (const LabeledText& e : examples) {
    docs.push_back(impl->Tokens(e.text));
    ys.push_back(
        static_cast<int>(std::lower_bound(impl->labels.begin(), impl->labels.end(), e.label) -
                         impl->labels.begin()));
  }
  const SelfTrainingOptions& self = options.self_training;
  std::vector<std::vector<std::string>> extra;  // the unlabelled texts' tokens
  if (self.rounds > 0 || self.idf)
    for (const std::string& text : unlabelled)
      if (!std::all_of(text.begin(), text.end(), IsFastTextSpace))
        extra.push_back(impl->Tokens(text));
  const std::vector<std::vector<std::string>> no_docs;
  const auto& idf_docs = self.idf ? extra : no_docs;
  if (auto fitted = impl->Fit(docs, ys, {}, docs.size(), idf_docs); !fitted)
    return Fail(fitted.error());
  for (int round = 0; round < self.rounds && !extra.empty(); ++round) {
    // Label every unlabelled text with the current model; the sure ones join.
    std::vector<std::vector<std::string>> all_docs = docs;
    std::vector<int> all_ys = ys;
    std::vector<double> weights(docs.size(), 1.0);
    for (const auto& tokens : extra) {
      const std::vector<double> p = impl->Probabilities(tokens);
      const size_t best = static_cast<size_t>(std::max_element(p.begin(), p.end()) - p.begin());
      if (p[best] < self.min_confidence) continue;
      all_docs.push_back(tokens);
      all_ys.push_back(static_cast<int>(best));
      weights.push_back(self.weight);
    }
    if (all_docs.size() == docs.size()) break;
    const size_t fasttext_docs = self.fasttext ? all_docs.size() : docs.size();
    if (auto fitted = impl->Fit(all_docs, all_ys, weights, fasttext_docs, idf_docs); !fitted)
      return Fail(fitted.error());
  }
  return TextClassifier(std::move(impl));
}

std::string TextClassifier::Serialize() const {
  ByteWriter w;
  WriteFeatureOptions(w, impl_->options);
  w.U32(static_cast<uint32_t>(impl_->labels.size()));
  for (const std::string& l : impl_->labels) w.Str(l);
  w.U32(impl_->fasttext ? 1 : 0);
  if (impl_->fasttext) w.Str(impl_->fasttext_bytes);
  w.U32(impl_->linear ? 1 : 0);
  if (impl_->linear) impl_->linear->Write(w);
  return SealModel(w.bytes());
}

Result<TextClassifier> TextClassifier::Deserialize(std::string_view bytes) {
  auto payload = OpenModel(bytes);
  if (!payload) return Fail(payload.error());
  ByteReader r(*payload);
  auto impl = std::make_unique<Impl>();
  if (!ReadFeatureOptions(r, impl->options)) return Invalid("模型参数无效");
  const auto count = r.U32();
  if (!count || *count < 2 || *count > 100'000) return Invalid("模型类别数无效");
  for (uint32_t i = 0; i < *count; ++i) {
    const auto label = r.Str();
    if (!label || label->empty()) return Invalid("模型类别无效");
    impl->labels.emplace_back(*label);
  }
  if (!std::is_sorted(impl->labels.begin(), impl->labels.end()) ||
      std::adjacent_find(impl->labels.begin(), impl->labels.end()) != impl->labels.end())
    return Invalid("模型类别无效");
  const auto has_fasttext = r.U32();
  if (!has_fasttext) return Invalid("模型数据不完整");
  if (*has_fasttext) {
    const auto ft = r.Str();
    if (!ft) return Invalid("模型数据不完整");
    impl->fasttext_bytes = std::string(*ft);
    if (auto loaded = impl->LoadFastText(); !loaded) return Fail(loaded.error());
  }
  const auto has_linear = r.U32();
  if (!has_linear) return Invalid("模型数据不完整");
  if (*has_linear) {
    impl->linear = TfidfLogistic::Read(r, static_cast<int>(impl->labels.size()));
    if (!impl->linear) return Invalid("逻辑回归模型数据无效");
  }
  if (!r.AtEnd()) return Invalid("模型数据有多余字节");
  if (!impl->fasttext && !impl->linear) return Invalid("模型不含任何分类器");
  // A model holding only one part uses it alone, whatever the stored weight.
  if (!impl->fasttext) impl->options.fasttext_weight = 0;
  if (!impl->linear) impl->options.fasttext_weight = 1;
  return TextClassifier(std::move(impl));
}

std::vector<LabelScore> TextClassifier::Predict(std::string_view text, int k) const {
  const size_t n = impl_->labels.size();
  const std::vector<double> p = impl_->Probabilities(impl_->Tokens(text));
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  const size_t top = std::min(n, static_cast<size_t>(std::max(k, 0)));
  std::partial_sort(order.begin(), order.begin() + top, order.end(),
                    [&](size_t a, size_t b) { return p[a] != p[b] ? p[a] > p[b] : a < b; });
  std::vector<LabelScore> out;
  out.reserve(top);
  for (size_t i = 0; i < top; ++i)
    out.push_back({impl_->labels[order[i]], std::clamp(p[order[i]], 0.0, 1.0)});
  return out;
}

const std::vector<std::string>& TextClassifier::Labels() const { return impl_->labels; }

}  // namespace hotline
