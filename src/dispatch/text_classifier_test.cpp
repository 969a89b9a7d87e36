#include "dispatch/text_classifier.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "dispatch/category_keywords.h"
#include "dispatch/classifier_eval.h"
#include "dispatch/model_envelope.h"

namespace hotline {
namespace {

// Small synthetic training set: three kinds of complaint, each with its own
// vocabulary, written for this test.
std::vector<LabeledText> Synthetic() {
  std::vector<LabeledText> out;
  const char* noise[] = {"夜间施工噪音扰民 工地晚上十点后还在施工，噪音很大",
                         "广场舞噪音 广场舞音响声音太大，影响休息",
                         "装修噪音 楼上装修电钻噪音从早到晚",
                         "酒吧噪音扰民 楼下酒吧深夜音乐声很大"};
  const char* school[] = {"学校乱收费 学校要求学生购买指定教辅资料",
                          "幼儿园入学难 孩子上幼儿园报名排不上", "教师补课 老师在校外有偿补课",
                          "学区划分 小学学区划分不合理，孩子上学远"};
  const char* wage[] = {"拖欠工资 公司拖欠三个月工资不发", "社保未缴 单位没有给员工缴纳社保",
                        "农民工工资 工地老板拖欠农民工工资", "养老保险 退休人员养老金发放延迟"};
  for (int copy = 0; copy < 3; ++copy)
    for (int i = 0; i < 4; ++i) {
      out.push_back({noise[i], "环境保护"});
      out.push_back({school[i], "教育文体"});
      out.push_back({wage[i], "劳动和社会保障"});
    }
  return out;
}

TextClassifierOptions Fast() {
  TextClassifierOptions o;
  o.epoch = 30;
  o.dim = 16;
  return o;
}

TEST(TextClassifierTest, LearnsSyntheticLabelsAndRanksAllOfThem) {
  auto model = TextClassifier::Train(Synthetic(), Fast());
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_EQ(model->Labels(), (std::vector<std::string>{"劳动和社会保障", "教育文体", "环境保护"}));
  EXPECT_EQ(model->Predict("工地噪音 半夜施工噪音太大睡不着", 1)[0].label, "环境保护");
  EXPECT_EQ(model->Predict("学校收费 学校收取资料费", 1)[0].label, "教育文体");
  EXPECT_EQ(model->Predict("讨薪 老板拖欠工资", 1)[0].label, "劳动和社会保障");
  const auto all = model->Predict("噪音", 10);
  ASSERT_EQ(all.size(), 3u);  // fewer than k: the model knows three labels
  double sum = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_GE(all[i].probability, 0.0);
    if (i > 0) EXPECT_LE(all[i].probability, all[i - 1].probability);
    sum += all[i].probability;
  }
  EXPECT_LE(sum, 1.0 + 1e-9);
  EXPECT_GT(sum, 0.99);
  EXPECT_TRUE(model->Predict("噪音", 0).empty());
  EXPECT_EQ(model->Predict("", 3).size(), 3u);  // no evidence still ranks every label
}

TEST(TextClassifierTest, TrainingIsDeterministicAndLeavesNoTemporaryFiles) {
  auto count_temp = [] {
    int n = 0;
    for (const auto& e :
         std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
      if (e.path().filename().string().starts_with("hotline-textclf-" + std::to_string(::getpid()) +
                                                   "-"))
        ++n;
    return n;
  };
  const int before = count_temp();
  auto a = TextClassifier::Train(Synthetic(), Fast());
  auto b = TextClassifier::Train(Synthetic(), Fast());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->Serialize(), b->Serialize());
  EXPECT_EQ(count_temp(), before);
}

TEST(TextClassifierTest, EachModelAloneAndTheEnsembleWork) {
  for (double weight : {0.0, 1.0, 0.5}) {
    TextClassifierOptions o = Fast();
    o.fasttext_weight = weight;
    auto model = TextClassifier::Train(Synthetic(), o);
    ASSERT_TRUE(model) << weight;
    EXPECT_EQ(model->Predict("楼上装修噪音 电钻声音太大", 1)[0].label, "环境保护") << weight;
    auto back = TextClassifier::Deserialize(model->Serialize());
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->Predict("社保 单位不缴社保", 3)[0].label, "劳动和社会保障") << weight;
  }
}

TEST(TextClassifierTest, SerializeRoundTripGivesIdenticalPredictions) {
  auto model = TextClassifier::Train(Synthetic(), Fast());
  ASSERT_TRUE(model);
  const std::string bytes = model->Serialize();
  auto back = TextClassifier::Deserialize(bytes);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->Labels(), model->Labels());
  for (const char* text : {"噪音扰民 深夜噪音", "孩子上学 学区", "工资 拖欠", "无关的内容", ""}) {
    const auto p = model->Predict(text, 3), q = back->Predict(text, 3);
    ASSERT_EQ(p.size(), q.size());
    for (size_t i = 0; i < p.size(); ++i) {
      EXPECT_EQ(p[i].label, q[i].label) << text;
      EXPECT_DOUBLE_EQ(p[i].probability, q[i].probability) << text;
    }
  }
  EXPECT_EQ(back->Serialize(), bytes);
}

TEST(TextClassifierTest, UnlabelledTextsCountInTheIdfAndBlankOnesAreSkipped) {
  const std::vector<std::string> none;
  auto plain = TextClassifier::Train(Synthetic(), Fast());
  auto with_none = TextClassifier::Train(Synthetic(), Fast(), none);
  ASSERT_TRUE(plain && with_none);
  EXPECT_EQ(plain->Serialize(), with_none->Serialize());
  const std::vector<std::string> unlabelled = {
      "小区噪音 噪音扰民", "   ", "学校 食堂", "", "公司 工资 社保", "噪音 学校 工资"};
  auto a = TextClassifier::Train(Synthetic(), Fast(), unlabelled);
  auto b = TextClassifier::Train(Synthetic(), Fast(), unlabelled);
  ASSERT_TRUE(a && b) << (a ? b.error().message : a.error().message);
  EXPECT_EQ(a->Serialize(), b->Serialize());      // deterministic
  EXPECT_NE(a->Serialize(), plain->Serialize());  // other idf weights
  EXPECT_EQ(a->Predict("楼上装修噪音 电钻声音太大", 1)[0].label, "环境保护");
  TextClassifierOptions no_idf = Fast();
  no_idf.self_training.idf = false;
  auto ignored = TextClassifier::Train(Synthetic(), no_idf, unlabelled);
  ASSERT_TRUE(ignored);
  EXPECT_EQ(ignored->Serialize(), plain->Serialize());
}

TEST(TextClassifierTest, SelfTrainingLearnsWordsOnlyTheUnlabelledTextsHave) {
  // "鸣笛" (honking) is in no labelled example; the unlabelled texts pair it
  // with noise, so once they are self-labelled it points to 环境保护.
  std::vector<std::string> unlabelled;
  for (int i = 0; i < 6; ++i) unlabelled.push_back("汽车鸣笛噪音 半夜鸣笛噪音扰民，鸣笛声很大");
  TextClassifierOptions o = Fast();
  o.fasttext_weight = 0;
  o.self_training.rounds = 1;
  o.self_training.min_confidence = 0.5;
  o.self_training.weight = 1;
  auto model = TextClassifier::Train(Synthetic(), o, unlabelled);
  ASSERT_TRUE(model) << model.error().message;
  const auto p = model->Predict("鸣笛", 3);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].label, "环境保护");
  EXPECT_GT(p[0].probability, p[1].probability + 0.1);
  o.fasttext_weight = 0.3;  // the ensemble too
  auto both = TextClassifier::Train(Synthetic(), o, unlabelled);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(both->Predict("鸣笛", 1)[0].label, "环境保护");
}

void ExpectRefused(std::string_view bytes, const std::string& what) {
  auto r = TextClassifier::Deserialize(bytes);
  ASSERT_FALSE(r) << what;
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput) << what;
  EXPECT_EQ(r.error().code, "model_invalid") << what;
  EXPECT_FALSE(r.error().message.empty());
}

TEST(TextClassifierTest, CorruptTruncatedAndOtherVersionBytesAreRefused) {
  auto model = TextClassifier::Train(Synthetic(), Fast());
  ASSERT_TRUE(model);
  const std::string bytes = model->Serialize();
  ExpectRefused("", "empty");
  ExpectRefused("not a model at all", "garbage");
  for (size_t cut : {size_t{4}, size_t{27}, bytes.size() / 2, bytes.size() - 1})
    ExpectRefused(std::string_view(bytes).substr(0, cut), "truncated at " + std::to_string(cut));
  ExpectRefused(bytes + "x", "trailing byte");
  // Flipping any one byte of header or payload is caught (by the checksum
  // past the header), also deep inside fastText's part.
  for (size_t pos :
       {size_t{0}, size_t{9}, size_t{30}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
    std::string bad = bytes;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x5A);
    ExpectRefused(bad, "flipped byte " + std::to_string(pos));
  }
  // Another format version, even with a valid checksum.
  auto payload = OpenModel(bytes);
  ASSERT_TRUE(payload);
  ExpectRefused(SealModel(*payload, kTextClassifierFormatVersion + 1), "version 2");
  // A well-sealed envelope around a payload that is not a model.
  ExpectRefused(SealModel("just some bytes"), "sealed garbage");
  std::string shortened(*payload);
  shortened.resize(shortened.size() - 10);
  ExpectRefused(SealModel(shortened), "sealed truncated payload");
}

TEST(TextClassifierTest, BadTrainingInputIsRefusedNamingTheRow) {
  auto expect_refused = [](std::vector<LabeledText> examples, const std::string& mentions) {
    auto r = TextClassifier::Train(examples, Fast());
    ASSERT_FALSE(r) << mentions;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
    EXPECT_NE(r.error().message.find(mentions), std::string::npos) << r.error().message;
  };
  expect_refused({}, "没有训练样本");
  expect_refused({{"噪音", "环境保护"}, {"  ", "教育文体"}}, "第 2 条");
  expect_refused({{"噪音", "环境保护"}, {"学校", ""}}, "第 2 条");
  expect_refused({{"噪音", "环境 保护"}, {"学校", "教育文体"}}, "第 1 条");
  expect_refused({{"噪音", "环境保护"}, {"油烟", "环境保护"}}, "两个不同的类别");
}

TEST(TextClassifierTest, PredictIsSafeFromManyThreads) {
  auto model = TextClassifier::Train(Synthetic(), Fast());
  ASSERT_TRUE(model);
  const std::vector<std::string> texts = {"噪音扰民 工地噪音", "学校 补课", "工资 社保",
                                          "装修 电钻", "幼儿园 报名"};
  std::vector<std::string> expected;
  for (const auto& t : texts) expected.push_back(model->Predict(t, 1)[0].label);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        if (model->Predict(texts[i % texts.size()], 1)[0].label != expected[i % texts.size()])
          ++mismatches;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(CategoryKeywordsTest, CategoryNamesAreEvidenceForTheirLevelOne) {
  const CategoryKeywords& k = CategoryKeywords::Builtin();
  EXPECT_GT(k.size(), 300u);
  const auto found = k.Evidence("附近工厂的噪音污染和大气污染很严重");
  ASSERT_GE(found.size(), 2u);  // each distinct name counts
  for (const auto& level1 : found) EXPECT_EQ(level1, "环境保护");
  const auto housing = k.Evidence("小区管理混乱");
  ASSERT_FALSE(housing.empty());
  EXPECT_EQ(housing[0], "城乡建设");
  EXPECT_TRUE(k.Evidence("今天天气不错").empty());
  const auto small = CategoryKeywords::FromTaxonomy("甲\t乙类\t共同管理\n丙\t丁类\t共同管理\n");
  EXPECT_EQ(small.Evidence("共同管理乙类"), (std::vector<std::string>{"甲"}));  // shared: dropped
}

// Measured 0.824 (75 of 91) with the default options; a few points of slack
// for harmless changes, none for a regression.
constexpr double kHeldOutTop1Floor = 0.80;
constexpr double kHeldOutUnlabelledTop1Floor = 0.80;

// The accuracy guard on real messages: train on a fixed 80 % of the labelled
// file, measure top-1 on the other 20 %; optionally with the unlabelled
// messages of the same source (those also labelled left out).
EvalMetrics HeldOutMetrics(bool with_unlabelled) {
  const std::string dir = std::string(HOTLINE_SHARED_DATA) + "/hotline-texts/";
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  };
  const std::string labelled_path = dir + "messages_labeled_train.tsv";
  auto rows = ParseLabeledTsv(read(labelled_path), labelled_path);
  EXPECT_TRUE(rows) << rows.error().message;
  if (!rows) return {};
  EXPECT_EQ(rows->size(), 455u);
  std::vector<std::string> labels;
  std::set<std::string> labelled_texts;
  for (const auto& r : *rows) {
    labels.push_back(r.example.label);
    labelled_texts.insert(r.example.text);
  }
  std::vector<std::string> unlabelled;
  if (with_unlabelled)
    for (const char* name : {"messages_with_votes.tsv", "messages_with_replies.tsv"}) {
      auto texts = ParseTextTsv(read(dir + name), name);
      EXPECT_TRUE(texts) << texts.error().message;
      if (texts)
        for (std::string& t : *texts)
          if (labelled_texts.insert(t).second) unlabelled.push_back(std::move(t));
    }
  const std::vector<int> fold = StratifiedFolds(labels, 5, 2026);
  std::vector<LabeledText> train;
  for (size_t i = 0; i < rows->size(); ++i)
    if (fold[i] != 0) train.push_back((*rows)[i].example);
  auto model = TextClassifier::Train(train, TextClassifierOptions{}, unlabelled);
  EXPECT_TRUE(model) << model.error().message;
  if (!model) return {};
  EvalTally tally;
  for (size_t i = 0; i < rows->size(); ++i)
    if (fold[i] == 0)
      tally.Add((*rows)[i].example.label, model->Predict((*rows)[i].example.text, 3));
  return tally.Metrics();
}

TEST(TextClassifierRealDataTest, HeldOutTop1StaysAboveTheFloor) {
  const EvalMetrics m = HeldOutMetrics(false);
  EXPECT_EQ(m.n, 91u);
  RecordProperty("top1", std::to_string(m.top1));
  EXPECT_GE(m.top1, kHeldOutTop1Floor) << "top3 " << m.top3 << " macro_f1 " << m.macro_f1;
}

TEST(TextClassifierRealDataTest, HeldOutTop1WithUnlabelledMessagesStaysAboveTheFloor) {
  const EvalMetrics m = HeldOutMetrics(true);
  EXPECT_EQ(m.n, 91u);
  RecordProperty("top1", std::to_string(m.top1));
  EXPECT_GE(m.top1, kHeldOutUnlabelledTop1Floor) << "top3 " << m.top3 << " macro_f1 " << m.macro_f1;
  EXPECT_GE(m.top3, 0.95);
}

}  // namespace
}  // namespace hotline
