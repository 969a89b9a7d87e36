// `hotline hotspots --tsv FILE`: hot spots in a message export. Fed real
// messages (read at run time from the shared data) with a few rewordings of
// one of them added, it reports that group with its likes; bad input exits 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/cli_run.h"

namespace hotline::testing {
namespace {

const std::filesystem::path kVotes =
    std::filesystem::path(HOTLINE_SHARED_DATA) / "hotline-texts" / "messages_with_votes.tsv";

CliRun RunHotspots(std::vector<std::string> args) {
  args.insert(args.begin(), "hotspots");
  return RunHotlineCli(args);
}

// The JSON summary the command prints last.
nlohmann::json Summary(const CliRun& run) {
  return nlohmann::json::parse(run.LastLine(), nullptr, false);
}

class HotspotsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(kVotes);
    ASSERT_TRUE(in) << kVotes;
    std::string line;
    std::getline(in, line);
    while (texts_.size() < 30 && std::getline(in, line)) {
      const auto a = line.find('\t');
      const auto b = line.find('\t', a + 1);
      std::string text = line.substr(a + 1, b - a - 1);
      if (text.size() >= 240) texts_.push_back(std::move(text));
    }
    ASSERT_EQ(texts_.size(), 30u);
    file_ = std::filesystem::temp_directory_path() /
            ("hotline-hotspots-" + std::to_string(::getpid()) + ".tsv");
  }
  void TearDown() override { std::filesystem::remove(file_); }

  // The 30 real messages on 30 days of 2019-03 (likes 1 each), with four
  // rewordings of the first one on the given days of March (likes 10 each).
  void Write(const std::vector<int>& duplicate_days,
             const std::string& header = "id\ttext\tcreated_at\tlikes\tdislikes") {
    std::ofstream out(file_);
    out << header << "\n";
    const auto day = [](std::size_t d) {
      return (d < 10 ? "2019-03-0" : "2019-03-") + std::to_string(d);
    };
    for (std::size_t i = 0; i < texts_.size(); ++i)
      out << 1000 + i << "\t" << texts_[i] << "\t" << day(i % 28 + 1) << " 10:00:00\t1\t0\n";
    const std::string& base = texts_[0];
    // Moves a byte offset forward to the start of a UTF-8 character.
    const auto boundary = [&](std::size_t at) {
      while (at < base.size() && (static_cast<unsigned char>(base[at]) & 0xC0) == 0x80) ++at;
      return at;
    };
    for (std::size_t k = 0; k < duplicate_days.size(); ++k) {
      // Each rewording keeps a different 85 % of the original.
      const std::size_t from = boundary(base.size() * (k + 1) / 20);
      const std::size_t to = boundary(from + base.size() * 85 / 100);
      const std::string text = "再次反映：" + base.substr(from, to - from);
      out << 9000 + k << "\t" << text << "\t" << day(duplicate_days[k]) << " 09:00:00\t10\t0\n";
    }
  }

  std::vector<std::string> texts_;
  std::filesystem::path file_;
};

TEST_F(HotspotsCli, FindsTheRewordingsRankedByLikes) {
  Write({3, 4, 5, 6});
  const CliRun run = RunHotspots({"--tsv", file_.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto summary = Summary(run);
  ASSERT_TRUE(summary.is_object()) << run.out;
  EXPECT_EQ(summary["messages"], 34);
  EXPECT_GE(summary["clusters"].get<int>(), 1);
  // The rewordings (40 likes) and the original (1) lead the ranking.
  EXPECT_EQ(summary["top"]["likes"], 41);
  EXPECT_EQ(summary["top"]["size"], 5);
  EXPECT_EQ(summary["top"]["last_day"], "2019-03-06");
  EXPECT_NE(run.out.find("9000,9001,9002,9003"), std::string::npos) << run.out;
}

TEST_F(HotspotsCli, ANarrowWindowKeepsDaysApartMessagesApart) {
  Write({9, 12, 16, 20});
  const CliRun wide = RunHotspots({"--tsv", file_.string(), "--window-days", "7"});
  ASSERT_EQ(wide.exit_code, 0) << wide.err;
  // The original (03-01) is more than a week before the first rewording.
  EXPECT_EQ(Summary(wide)["top"]["likes"], 40);
  EXPECT_EQ(Summary(wide)["top"]["size"], 4);
  const CliRun narrow = RunHotspots({"--tsv", file_.string(), "--window-days", "2"});
  ASSERT_EQ(narrow.exit_code, 0) << narrow.err;
  EXPECT_EQ(Summary(narrow)["clusters"], 0);
}

TEST_F(HotspotsCli, BadInputExitsWithTwo) {
  Write({3, 4, 5}, "id\tbody\tcreated_at\tlikes");
  const CliRun missing = RunHotspots({"--tsv", file_.string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("text"), std::string::npos) << missing.err;
  EXPECT_EQ(RunHotspots({"--tsv", "/nonexistent/file.tsv"}).exit_code, 2);
  EXPECT_EQ(RunHotspots({"--tsv", file_.string(), "--window-days", "0"}).exit_code, 2);
  EXPECT_EQ(RunHotspots({}).exit_code, 2);
}

TEST(HotspotsCliReal, RunsOverTheWholeVotesFile) {
  const CliRun run = RunHotspots({"--tsv", kVotes.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto summary = Summary(run);
  EXPECT_EQ(summary["messages"], 4326);
  EXPECT_EQ(summary["skipped"], 0);
  EXPECT_GT(summary["clusters"].get<int>(), 0);
  EXPECT_GE(summary["top"]["likes"].get<int>(), 0);
}

}  // namespace
}  // namespace hotline::testing
