// `hotline eval-classifier`: trains the dispatch text classifier on one
// labelled TSV file and measures it on another (or cross-validates on the
// training file with --cv), so a change to features or hyper-parameters is
// judged by numbers. Progress goes to stdout as plain lines; the last line is
// JSON {"n", "top1", "top3", "macro_f1"} for scripts (with --cv also "folds",
// "repeats" and top-1's spread over the repeats: "top1_min", "top1_max",
// "top1_sd"). --unlabelled adds messages without a label (docs/dispatch.md);
// without it, the hotline's unlabelled message files are used when they lie
// beside the training file or under ../shared/data (--no-unlabelled: never).
// Exit codes: 0 success, 2 bad input (files, columns, labels), 1 training
// failure.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/commands.h"
#include "app/runtime.h"
#include "dispatch/classifier_eval.h"
#include "dispatch/text_classifier.h"

namespace hotline {
namespace {

constexpr int kBadInput = 2;

struct EvalCliOptions {
  std::string train_path;
  std::string test_path;
  std::vector<std::string> unlabelled_paths;
  bool no_unlabelled = false;
  int cv = 0;
  int repeats = 1;
  uint64_t split_seed = 1;
  TextClassifierOptions model;
  std::string loss = "softmax";
  bool no_words = false;
  bool no_keywords = false;
};

Result<std::vector<LabeledRow>> ReadLabeledFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kInvalidInput, "unreadable_file", "无法读取文件 " + path, "file");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad())
    return Fail(ErrorKind::kInvalidInput, "unreadable_file", "无法读取文件 " + path, "file");
  return ParseLabeledTsv(content.str(), path);
}

// The texts of the --unlabelled files, each once, without those that are
// also labelled (in `labelled`): a message to be measured on must not have
// been seen, not even unlabelled, unless it would be in production too.
Result<std::vector<std::string>> ReadUnlabelled(const EvalCliOptions& o,
                                                const std::vector<const LabeledRow*>& labelled) {
  std::set<std::string> seen;
  for (const LabeledRow* r : labelled) seen.insert(r->example.text);
  std::vector<std::string> out;
  for (const std::string& path : o.unlabelled_paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return Fail(ErrorKind::kInvalidInput, "unreadable_file", "无法读取文件 " + path, "file");
    std::ostringstream content;
    content << in.rdbuf();
    auto texts = ParseTextTsv(content.str(), path);
    if (!texts) return Fail(texts.error());
    for (std::string& t : *texts)
      if (seen.insert(t).second) out.push_back(std::move(t));
  }
  if (!out.empty()) std::cout << fmt::format("with {} unlabelled texts", out.size()) << std::endl;
  return out;
}

// The unlabelled message files of the hotline's text collection, found
// beside the training file, else in $HOTLINE_SHARED_DATA/hotline-texts or
// ../shared/data/hotline-texts; empty when none of those has them.
std::vector<std::string> DefaultUnlabelled(const std::string& train_path) {
  namespace fs = std::filesystem;
  std::vector<fs::path> dirs{fs::path(train_path).parent_path()};
  if (const char* shared = std::getenv("HOTLINE_SHARED_DATA"))
    dirs.push_back(fs::path(shared) / "hotline-texts");
  dirs.push_back(fs::path("..") / "shared" / "data" / "hotline-texts");
  for (const fs::path& dir : dirs) {
    std::vector<std::string> found;
    for (const char* name : {"messages_with_votes.tsv", "messages_with_replies.tsv"}) {
      std::error_code ec;
      const fs::path file = (dir.empty() ? fs::path(".") : dir) / name;
      if (fs::is_regular_file(file, ec)) found.push_back(file.string());
    }
    if (!found.empty()) return found;
  }
  return {};
}

double Round4(double v) { return std::round(v * 10000.0) / 10000.0; }

void PrintResult(const EvalMetrics& m, nlohmann::json extra = nlohmann::json::object()) {
  nlohmann::json j = {{"n", m.n},
                      {"top1", Round4(m.top1)},
                      {"top3", Round4(m.top3)},
                      {"macro_f1", Round4(m.macro_f1)}};
  for (auto& [key, value] : extra.items()) j[key] = value;
  std::cout << j.dump() << std::endl;
}

std::vector<LabeledText> Examples(const std::vector<LabeledRow>& rows) {
  std::vector<LabeledText> out;
  out.reserve(rows.size());
  for (const LabeledRow& r : rows) out.push_back(r.example);
  return out;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int TrainAndTest(const EvalCliOptions& o, const std::vector<LabeledRow>& train) {
  auto test = ReadLabeledFile(o.test_path);
  if (!test) {
    ReportError(test.error());
    return kBadInput;
  }
  std::set<std::string> known;
  for (const LabeledRow& r : train) known.insert(r.example.label);
  for (const LabeledRow& r : *test)
    if (!known.contains(r.example.label)) {
      ReportError(Error{ErrorKind::kInvalidInput, "unknown_label",
                        fmt::format("文件 {} 第 {} 行：类别“{}”不在训练数据的类别中", o.test_path,
                                    r.line, r.example.label),
                        "label"});
      return kBadInput;
    }
  std::cout << fmt::format("training on {} examples ({} labels) from {}", train.size(),
                           known.size(), o.train_path)
            << std::endl;
  std::vector<const LabeledRow*> labelled;
  for (const LabeledRow& r : train) labelled.push_back(&r);
  for (const LabeledRow& r : *test) labelled.push_back(&r);
  auto unlabelled = ReadUnlabelled(o, labelled);
  if (!unlabelled) {
    ReportError(unlabelled.error());
    return kBadInput;
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<LabeledText> examples = Examples(train);
  auto model = TextClassifier::Train(examples, o.model, *unlabelled);
  if (!model) return ReportError(model.error());
  std::cout << fmt::format("trained in {:.2f} s; predicting {} examples from {}", Seconds(start),
                           test->size(), o.test_path)
            << std::endl;
  EvalTally tally;
  const auto predict_start = std::chrono::steady_clock::now();
  for (const LabeledRow& r : *test) tally.Add(r.example.label, model->Predict(r.example.text, 3));
  std::cout << fmt::format("predicted in {:.3f} ms per message",
                           Seconds(predict_start) * 1000.0 / test->size())
            << std::endl;
  PrintResult(tally.Metrics());
  return 0;
}

// Repeated stratified k-fold cross-validation on the training file alone.
int CrossValidate(const EvalCliOptions& o, const std::vector<LabeledRow>& rows) {
  std::vector<std::string> labels;
  std::vector<const LabeledRow*> labelled;
  for (const LabeledRow& r : rows) {
    labels.push_back(r.example.label);
    labelled.push_back(&r);
  }
  auto unlabelled = ReadUnlabelled(o, labelled);
  if (!unlabelled) {
    ReportError(unlabelled.error());
    return kBadInput;
  }
  EvalTally all;
  std::vector<double> top1s;
  for (int rep = 0; rep < o.repeats; ++rep) {
    const std::vector<int> fold = StratifiedFolds(labels, o.cv, o.split_seed + rep);
    EvalTally tally;
    for (int f = 0; f < o.cv; ++f) {
      std::vector<LabeledText> train;
      std::vector<const LabeledRow*> test;
      for (size_t i = 0; i < rows.size(); ++i)
        fold[i] == f ? test.push_back(&rows[i]) : train.push_back(rows[i].example);
      auto model = TextClassifier::Train(train, o.model, *unlabelled);
      if (!model) return ReportError(model.error());
      for (const LabeledRow* r : test) {
        const auto predictions = model->Predict(r->example.text, 3);
        tally.Add(r->example.label, predictions);
        all.Add(r->example.label, predictions);
      }
    }
    const EvalMetrics m = tally.Metrics();
    top1s.push_back(m.top1);
    std::cout << fmt::format("repeat {}: {}-fold top1 {:.4f} top3 {:.4f} macro_f1 {:.4f}", rep + 1,
                             o.cv, m.top1, m.top3, m.macro_f1)
              << std::endl;
  }
  // The spread of top-1 over the repeats (population standard deviation).
  double mean = 0, var = 0;
  for (double v : top1s) mean += v / top1s.size();
  for (double v : top1s) var += (v - mean) * (v - mean) / top1s.size();
  PrintResult(all.Metrics(), {{"folds", o.cv},
                              {"repeats", o.repeats},
                              {"top1_min", Round4(*std::min_element(top1s.begin(), top1s.end()))},
                              {"top1_max", Round4(*std::max_element(top1s.begin(), top1s.end()))},
                              {"top1_sd", Round4(std::sqrt(var))}});
  return 0;
}

int Run(const EvalCliOptions& opts) {
  EvalCliOptions o = opts;
  o.model.one_vs_all = o.loss == "ova";
  o.model.features.words = !o.no_words;
  if (o.no_keywords) o.model.keyword_weight = 0;
  if (o.cv == 0 && o.test_path.empty()) {
    ReportError(Error{ErrorKind::kInvalidInput, "missing_option", "需要 --test 或 --cv", "test"});
    return kBadInput;
  }
  if (o.unlabelled_paths.empty() && !o.no_unlabelled) {
    o.unlabelled_paths = DefaultUnlabelled(o.train_path);
    for (const std::string& path : o.unlabelled_paths)
      std::cout << "unlabelled messages: " << path << std::endl;
  }
  auto train = ReadLabeledFile(o.train_path);
  if (!train) {
    ReportError(train.error());
    return kBadInput;
  }
  return o.cv > 0 ? CrossValidate(o, *train) : TrainAndTest(o, *train);
}

}  // namespace

void AddEvalClassifierCommand(CLI::App& app) {
  auto o = std::make_shared<EvalCliOptions>();
  CLI::App* sub = app.add_subcommand(
      "eval-classifier",
      "Train the dispatch text classifier on a labelled TSV and measure it on another "
      "(or cross-validate with --cv)");
  sub->add_option("--train", o->train_path, "labelled TSV (columns id, text, label)")->required();
  sub->add_option("--test", o->test_path, "labelled TSV to measure on");
  sub->add_option("--unlabelled", o->unlabelled_paths,
                  "TSV of unlabelled messages (column text) for self-training; repeatable")
      ->take_all();
  sub->add_flag("--no-unlabelled", o->no_unlabelled,
                "use no unlabelled messages, not even those found beside the training file");
  sub->add_option("--cv", o->cv, "k-fold cross-validation on --train instead of --test")
      ->check(CLI::Range(2, 50));
  sub->add_option("--repeats", o->repeats, "repetitions of the cross-validation")
      ->check(CLI::Range(1, 100));
  sub->add_option("--split-seed", o->split_seed, "seed of the first cross-validation split");
  // Tuning knobs (defaults: the chosen variant, docs/dispatch.md).
  TextClassifierOptions& m = o->model;
  sub->add_option("--char-min", m.features.min_char_ngram, "shortest character n-gram")
      ->check(CLI::Range(1, 8));
  sub->add_option("--char-max", m.features.max_char_ngram, "longest character n-gram (0 none)")
      ->check(CLI::Range(0, 8));
  sub->add_option("--min-word-chars", m.features.min_word_chars, "shortest word feature")
      ->check(CLI::Range(1, 16));
  sub->add_option("--title-weight", m.features.title_weight, "extra copies of title words")
      ->check(CLI::Range(0, 16));
  sub->add_flag("--no-words", o->no_words, "no ICU word features");
  sub->add_flag("--title-chars", m.features.title_char_ngrams, "title character n-grams again");
  sub->add_option("--keyword-weight", m.keyword_weight, "copies of each keyword token")
      ->check(CLI::Range(0, 16));
  sub->add_flag("--no-keywords", o->no_keywords, "no category-tree keyword features");
  sub->add_option("--epoch", m.epoch, "fastText epochs")->check(CLI::Range(1, 1000));
  sub->add_option("--lr", m.lr, "fastText learning rate")->check(CLI::Range(0.001, 10.0));
  sub->add_option("--dim", m.dim, "fastText dimensions")->check(CLI::Range(2, 1000));
  sub->add_option("--word-ngrams", m.word_ngrams, "fastText word n-grams")->check(CLI::Range(1, 5));
  sub->add_option("--loss", o->loss, "fastText loss")->check(CLI::IsMember({"softmax", "ova"}));
  sub->add_option("--min-count", m.min_count, "fastText minimal token count")
      ->check(CLI::Range(1, 1000));
  sub->add_option("--bucket", m.bucket, "fastText hash buckets (word n-grams)")
      ->check(CLI::Range(1, 10'000'000));
  sub->add_option("--seed", m.seed, "fastText seed");
  sub->add_option("--fasttext-weight", m.fasttext_weight,
                  "fastText's share in the ensemble (1 fastText alone, 0 logistic alone)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--lr-epochs", m.linear.epochs, "logistic regression epochs")
      ->check(CLI::Range(1, 1000));
  sub->add_option("--lr-rate", m.linear.learning_rate, "logistic regression learning rate")
      ->check(CLI::Range(0.0001, 100.0));
  sub->add_option("--lr-l2", m.linear.l2, "logistic regression L2 penalty")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--lr-min-df", m.linear.min_df, "logistic regression minimal document count")
      ->check(CLI::Range(1, 1000));
  sub->add_option("--lr-average", m.linear.average_epochs,
                  "average the logistic weights over this many last epochs (0 none)")
      ->check(CLI::Range(0, 1000));
  SelfTrainingOptions& st = m.self_training;
  sub->add_option("--self-rounds", st.rounds, "self-training rounds on the unlabelled texts")
      ->check(CLI::Range(0, 10));
  sub->add_option("--self-threshold", st.min_confidence,
                  "least top-1 probability of an unlabelled text to join the training set")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--self-weight", st.weight, "logistic weight of a self-labelled text")
      ->check(CLI::Range(0.0, 10.0));
  sub->add_flag("!--self-no-fasttext", st.fasttext,
                "fastText does not train on self-labelled texts");
  sub->add_flag("!--no-unlabelled-idf", st.idf, "unlabelled texts do not count in the IDF");
  sub->add_flag("--balanced,!--no-balanced", m.linear.balanced,
                "weight logistic examples by inverse label frequency (default on)");
  sub->callback([o] { CommandExitCode() = Run(*o); });
}

}  // namespace hotline
