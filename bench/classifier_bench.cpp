// The dispatch text classifier (issue 7): prediction latency over the real
// labelled messages, and training time at scale on 100,000 orders built at
// run time by recombining the real messages (the title of one message with
// the body of another of the same label), so no text is stored here.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <map>
#include <random>

#include "dispatch/classifier_eval.h"
#include "dispatch/text_classifier.h"
#include "drivers.h"
#include "labeled_messages.h"
#include "text/text_features.h"

namespace hotline::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

std::vector<LabeledText> Recombined(const std::vector<LabeledRow>& rows, int count) {
  std::map<std::string, std::vector<const LabeledText*>> by_label;
  for (const LabeledRow& r : rows) by_label[r.example.label].push_back(&r.example);
  std::mt19937_64 rng(2026);
  std::vector<LabeledText> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    const LabeledText& a = rows[rng() % rows.size()].example;
    const auto& same = by_label[a.label];
    const LabeledText& b = *same[rng() % same.size()];
    const std::string_view title = TitleOf(a.text);
    const std::string_view body =
        std::string_view(b.text).substr(std::min(b.text.size(), TitleOf(b.text).size() + 1));
    out.push_back({std::string(title) + " " + std::string(body), a.label});
  }
  return out;
}

}  // namespace

int RunClassifier(int argc, char** argv) {
  CLI::App app{"dispatch text classifier: prediction latency and training time"};
  std::string data = "../shared/data";
  int orders = 100'000;
  int rounds = 20;
  app.add_option("--data", data, "the shared data directory (hotline-texts/ inside)");
  app.add_option("--orders", orders, "texts for the training-time run (0 skips it)")
      ->check(CLI::Range(0, 10'000'000));
  app.add_option("--rounds", rounds, "passes over the messages for latency")
      ->check(CLI::Range(1, 1000));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  auto rows = ReadLabeledMessages(data);
  if (!rows) return 1;
  std::vector<LabeledText> examples;
  for (const LabeledRow& r : *rows) examples.push_back(r.example);

  auto start = Clock::now();
  auto model = TextClassifier::Train(examples);
  if (!model) {
    fmt::print(stderr, "classifier: training failed: {}\n", model.error().message);
    return 1;
  }
  const double train_small_s = Since(start);
  const std::string bytes = model->Serialize();
  start = Clock::now();
  auto loaded = TextClassifier::Deserialize(bytes);
  const double load_ms = Since(start) * 1000;
  if (!loaded) return 1;
  for (const LabeledText& e : examples) loaded->Predict(e.text, 3);  // warm-up (ICU, caches)
  std::vector<double> micros;
  micros.reserve(examples.size() * rounds);
  for (int r = 0; r < rounds; ++r)
    for (const LabeledText& e : examples) {
      const auto t = Clock::now();
      const auto p = loaded->Predict(e.text, 3);
      micros.push_back(Since(t) * 1e6);
      if (p.empty()) return 1;
    }
  fmt::print("classifier_train_455_s={:.2f} classifier_model_mb={:.1f} classifier_load_ms={:.1f}\n",
             train_small_s, bytes.size() / 1e6, load_ms);
  fmt::print("classifier_predict_p50_us={:.0f} classifier_predict_p99_us={:.0f} (n={})\n",
             Percentile(micros, 0.5), Percentile(micros, 0.99), micros.size());
  if (orders > 0) {
    const std::vector<LabeledText> big = Recombined(*rows, orders);
    start = Clock::now();
    auto trained = TextClassifier::Train(big);
    if (!trained) {
      fmt::print(stderr, "classifier: training on {} failed: {}\n", orders,
                 trained.error().message);
      return 1;
    }
    fmt::print("classifier_train_orders={} classifier_train_s={:.1f}\n", orders, Since(start));
  }
  return 0;
}

}  // namespace hotline::bench
