// The reply rules over 2,816 real official replies (read at run time from
// the shared data, never copied here): properties that must hold on real
// text, not fixed numbers.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "workorder/reply_quality.h"

namespace hotline {
namespace {

struct Row {
  std::string id, title, content, reply;
};

std::vector<Row> LoadReplies() {
  std::ifstream in(std::string(HOTLINE_SHARED_DATA) + "/hotline-texts/messages_with_replies.tsv");
  std::vector<Row> rows;
  std::string line;
  std::getline(in, line);  // header: id text created_at reply replied_at reply_latency_days
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1)
      cells.push_back(line.substr(start, tab - start));
    cells.push_back(line.substr(start));
    if (cells.size() < 4) continue;
    const auto space = cells[1].find(' ');
    rows.push_back({cells[0], cells[1].substr(0, space),
                    space == std::string::npos ? "" : cells[1].substr(space + 1), cells[3]});
  }
  return rows;
}

class RealReplies : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rows_ = new std::vector<Row>(LoadReplies());
    corpus_ = new ReplySignatureIndex();
    for (std::size_t i = 0; i < rows_->size(); ++i) {
      const std::string s = ReplySubstance((*rows_)[i].reply);
      if (ContentChars(s).size() >= 20)
        corpus_->Add(static_cast<std::int64_t>(i), SubstanceSignature(s));
    }
  }
  static void TearDownTestSuite() {
    delete rows_;
    delete corpus_;
  }
  static ReplyAssessment AssessRow(std::size_t i, const std::string& reply) {
    ReplyDraft d;
    d.free_text = reply.empty() ? " " : reply;
    return AssessReply({(*rows_)[i].title, (*rows_)[i].content}, d, *corpus_,
                       static_cast<std::int64_t>(i), ReplyQualityRules{});
  }
  static std::vector<Row>* rows_;
  static ReplySignatureIndex* corpus_;
};
std::vector<Row>* RealReplies::rows_ = nullptr;
ReplySignatureIndex* RealReplies::corpus_ = nullptr;

bool Has(const ReplyAssessment& a, std::string_view code) {
  for (const auto& f : a.findings)
    if (f.code == code) return true;
  return false;
}

TEST_F(RealReplies, EveryReplyIsScoredAndTheRulesSeparateThem) {
  ASSERT_GT(rows_->size(), 2000u) << "shared data missing?";
  std::map<std::string, int> counts;
  std::set<int> bands;
  int clean = 0;
  for (std::size_t i = 0; i < rows_->size(); ++i) {
    const ReplyAssessment a = AssessRow(i, (*rows_)[i].reply);
    ASSERT_GE(a.score, 0);
    ASSERT_LE(a.score, 100);
    bands.insert(std::min(a.score / 10, 9));
    if (a.findings.empty()) ++clean;
    for (const auto& f : a.findings) {
      ++counts[f.code];
      EXPECT_FALSE(f.message.empty());
    }
  }
  const int n = static_cast<int>(rows_->size());
  // Some but not all replies are copies of others; some are empty scripts.
  EXPECT_GT(counts["boilerplate"], 10);
  EXPECT_LT(counts["boilerplate"], n / 4);
  EXPECT_GT(counts["no_substance"], 10);
  EXPECT_LT(counts["no_substance"], n / 4);
  EXPECT_GT(counts["key_terms_missing"], 0);
  EXPECT_LT(counts["key_terms_missing"], n / 2);
  EXPECT_GT(clean, 0);  // a good reply exists and passes
  EXPECT_GE(bands.size(), 6u) << "scores spread over the range";
}

TEST_F(RealReplies, AReplyDuplicatedWithMinorEditsIsCaught) {
  // The longest reply, with its greeting swapped and a date changed, stands
  // for a unit reusing another order's answer.
  std::size_t longest = 0;
  for (std::size_t i = 0; i < rows_->size(); ++i)
    if ((*rows_)[i].reply.size() > (*rows_)[longest].reply.size() &&
        (*rows_)[i].reply.size() < 3000)
      longest = i;
  std::string edited = "网友你好！" + (*rows_)[longest].reply;
  if (const auto at = edited.find("2019"); at != std::string::npos) edited.replace(at, 4, "2020");
  const std::size_t other = longest == 0 ? 1 : 0;  // judged as a reply on another order
  const ReplyAssessment a = AssessRow(other, edited);
  ASSERT_TRUE(Has(a, reply_code::kBoilerplate));
  for (const auto& f : a.findings)
    if (f.code == reply_code::kBoilerplate) {
      // The original (or a reply identical to it), never the order itself.
      const auto source = static_cast<std::size_t>(f.evidence["order_id"].get<std::int64_t>());
      EXPECT_NE(source, other);
      EXPECT_TRUE(source == longest || (*rows_)[source].reply == (*rows_)[longest].reply);
      EXPECT_GE(f.evidence["similarity"].get<double>(), 0.8);
    }
}

TEST_F(RealReplies, AnAcknowledgementOnlyReplyIsRefused) {
  // Real replies that say nothing beyond receipt exist and are refused.
  int refused_empty = 0;
  for (std::size_t i = 0; i < rows_->size(); ++i) {
    if (ContentChars((*rows_)[i].reply).size() > 20) continue;
    const ReplyAssessment a = AssessRow(i, (*rows_)[i].reply);
    if (Has(a, reply_code::kNoSubstance) && a.Refused()) ++refused_empty;
  }
  EXPECT_GT(refused_empty, 0);
}

}  // namespace
}  // namespace hotline
