// `hotline eval-classifier` as an analyst runs it: train on one labelled TSV,
// measure on another, JSON metrics as the last line of stdout; bad files
// exit with code 2 and a message naming the file and the line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_run.h"

#ifndef HOTLINE_SHARED_DATA
#define HOTLINE_SHARED_DATA "../shared/data"
#endif

namespace hotline::testing {
namespace {

namespace fs = std::filesystem;

class EvalClassifierCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hotline-evalclf-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  CliRun Run(std::vector<std::string> args) {
    // From the test's own directory, so that no ../shared/data is found by
    // accident: only files the test puts beside the training file count.
    args.insert(args.begin(), "eval-classifier");
    return RunHotlineCli(args, dir_.string());
  }

  // A small training file of invented messages, two labels.
  std::string SmallTrain() {
    return Write("small_train.tsv",
                 "id\ttext\tlabel\n"
                 "a1\t噪音扰民 工地夜间施工噪音\t环境保护\n"
                 "a2\t油烟污染 饭店油烟直排\t环境保护\n"
                 "b1\t拖欠工资 公司拖欠工资\t劳动和社会保障\n"
                 "b2\t社保缴纳 单位不交社保\t劳动和社会保障\n");
  }

  fs::path dir_;
};

// Splits the real labelled file at run time: every fifth message is the test
// set. The files are rewritten with the columns in another order and an extra
// column, which the command must find by header name and ignore.
TEST_F(EvalClassifierCli, PrintsMetricsOfTheHeldOutMessagesAsTheLastJsonLine) {
  std::ifstream in(std::string(HOTLINE_SHARED_DATA) + "/hotline-texts/messages_labeled_train.tsv");
  ASSERT_TRUE(in);
  std::string line;
  std::getline(in, line);  // id text label created_at
  std::string train = "label\tnote\ttext\tid\n", test = "text\tid\tlabel\n";
  int row = 0, test_rows = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream fields(line);
    for (std::string f; std::getline(fields, f, '\t');) cols.push_back(f);
    ASSERT_GE(cols.size(), 3u);
    if (row++ % 5 == 0) {
      test += cols[1] + "\t" + cols[0] + "\t" + cols[2] + "\n";
      ++test_rows;
    } else {
      train += cols[2] + "\tx\t" + cols[1] + "\t" + cols[0] + "\n";
    }
  }
  const CliRun run = Run({"--train", Write("train.tsv", train), "--test", Write("test.tsv", test)});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_NE(run.out.find("training on 364 examples (7 labels)"), std::string::npos) << run.out;
  const auto j = nlohmann::json::parse(run.LastLine());
  EXPECT_EQ(j.at("n").get<int>(), test_rows);
  const double top1 = j.at("top1"), top3 = j.at("top3"), f1 = j.at("macro_f1");
  EXPECT_GE(top1, 0.75);  // far above the 0.21 of always answering the largest label
  EXPECT_GE(top3, top1);
  EXPECT_LE(top3, 1.0);
  EXPECT_GT(f1, 0.6);
  for (double v : {top1, top3, f1})  // rounded to four decimals
    EXPECT_NEAR(v * 10000, std::round(v * 10000), 1e-6) << v;
}

TEST_F(EvalClassifierCli, AMissingColumnIsNamed) {
  const std::string test = Write("no_label.tsv", "id\ttext\nx1\t噪音扰民\n");
  const CliRun run = Run({"--train", SmallTrain(), "--test", test});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no_label.tsv"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("缺少列 label"), std::string::npos) << run.err;
  EXPECT_EQ(run.out.find("{"), std::string::npos) << run.out;
}

TEST_F(EvalClassifierCli, AnEmptyTextIsReportedWithItsFileAndLine) {
  const std::string train = Write("empty_text.tsv",
                                  "id\ttext\tlabel\n"
                                  "a1\t噪音扰民\t环境保护\n"
                                  "a2\t \t环境保护\n");
  const CliRun run = Run({"--train", train, "--test", SmallTrain()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("empty_text.tsv 第 3 行"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("text 为空"), std::string::npos) << run.err;
}

TEST_F(EvalClassifierCli, ATestLabelTheTrainingNeverSawIsRefused) {
  const std::string test = Write("unknown.tsv",
                                 "id\ttext\tlabel\n"
                                 "t1\t噪音扰民\t环境保护\n"
                                 "t2\t学校乱收费\t教育文体\n");
  const CliRun run = Run({"--train", SmallTrain(), "--test", test});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown.tsv 第 3 行"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("教育文体"), std::string::npos) << run.err;
}

TEST_F(EvalClassifierCli, AnUnreadableFileIsNamed) {
  const std::string missing = (dir_ / "does_not_exist.tsv").string();
  CliRun run = Run({"--train", missing, "--test", SmallTrain()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("无法读取文件 " + missing), std::string::npos) << run.err;
  run = Run({"--train", SmallTrain(), "--test", dir_.string()});  // a directory
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find(dir_.string()), std::string::npos) << run.err;
}

TEST_F(EvalClassifierCli, CrossValidatesTheTrainingFileAlone) {
  std::string rows = "id\ttext\tlabel\n";
  const char* env[] = {"噪音扰民 工地夜间施工噪音", "油烟污染 饭店油烟直排",
                       "污水排放 工厂偷排污水"};
  const char* job[] = {"拖欠工资 公司拖欠工资", "社保缴纳 单位不交社保",
                       "劳动合同 公司不签劳动合同"};
  for (int i = 0; i < 3; ++i) {
    rows += "e" + std::to_string(i) + "\t" + env[i] + "\t环境保护\n";
    rows += "j" + std::to_string(i) + "\t" + job[i] + "\t劳动和社会保障\n";
  }
  const CliRun run = Run({"--train", Write("cv.tsv", rows), "--cv", "3", "--repeats", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = nlohmann::json::parse(run.LastLine());
  EXPECT_EQ(j.at("n").get<int>(), 12);  // every message predicted once per repeat
  EXPECT_EQ(j.at("folds").get<int>(), 3);
  EXPECT_NE(run.out.find("repeat 2: 3-fold"), std::string::npos) << run.out;
  EXPECT_GE(j.at("top1_max").get<double>(), j.at("top1_min").get<double>());
  EXPECT_GE(j.at("top1_sd").get<double>(), 0.0);
}

// Unlabelled messages (column text, other columns ignored) join training
// once each, without those that are labelled in the train or test file.
TEST_F(EvalClassifierCli, UsesUnlabelledMessagesExceptLabelledOnes) {
  const std::string unlabelled = Write("unlabelled.tsv",
                                       "id\ttext\tlikes\n"
                                       "u1\t广场舞噪音 音响太吵\t3\n"
                                       "u2\t广场舞噪音 音响太吵\t1\n"
                                       "u3\t噪音扰民 工地夜间施工噪音\t0\n"
                                       "u4\t加班费 公司不给加班费\t2\n"
                                       "u5\t \t0\n");
  const std::string more = Write("more.tsv", "text\n工伤认定 单位不给认定工伤\n");
  CliRun run = Run({"--train", SmallTrain(), "--test", SmallTrain(), "--unlabelled", unlabelled,
                    more, "--self-rounds", "1", "--self-threshold", "0.4"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_NE(run.out.find("with 3 unlabelled texts"), std::string::npos) << run.out;
  EXPECT_EQ(nlohmann::json::parse(run.LastLine()).at("n").get<int>(), 4);
  const std::string bad = Write("no_text.tsv", "id\tbody\nu1\t噪音\n");
  run = Run({"--train", SmallTrain(), "--cv", "2", "--unlabelled", bad});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no_text.tsv"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("缺少列 text"), std::string::npos) << run.err;
}

// The hotline's unlabelled message files beside the training file are used
// without being named, and not with --no-unlabelled.
TEST_F(EvalClassifierCli, FindsTheUnlabelledMessagesBesideTheTrainingFile) {
  const std::string train = SmallTrain();
  CliRun run = Run({"--train", train, "--test", train});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(run.out.find("unlabelled"), std::string::npos) << run.out;
  Write("messages_with_votes.tsv",
        "id\ttext\tcreated_at\n"
        "v1\t广场舞噪音 音响太吵\t2019-08-19\n"
        "v2\t加班费 公司不给加班费\t2019-08-20\n");
  run = Run({"--train", train, "--test", train});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_NE(run.out.find("messages_with_votes.tsv"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("with 2 unlabelled texts"), std::string::npos) << run.out;
  run = Run({"--train", train, "--test", train, "--no-unlabelled"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_EQ(run.out.find("unlabelled"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace hotline::testing
