// Reply quality (答复/办结脚本质检): judges a unit's reply against the
// demand it answers. An empty script ("已处理", "留言已收悉"), a reply that
// records no contact with the citizen, one copied from other orders, or one
// that never names what the citizen asked about is refused or flagged, each
// finding with a stable code, a Chinese explanation the unit can act on and
// its evidence. Pure: the comparison corpus is handed in.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "text/shingles.h"

namespace hotline {

enum class QualitySeverity { kRefuse, kFlag };
std::string_view QualitySeverityCode(QualitySeverity s);  // "refuse" / "flag"

// Stable finding codes (docs/reply-quality.md).
namespace reply_code {
inline constexpr std::string_view kNoSubstance = "no_substance";
inline constexpr std::string_view kMeasuresMissing = "measures_missing";
inline constexpr std::string_view kProgressMissing = "progress_missing";
inline constexpr std::string_view kResultMissing = "result_missing";
inline constexpr std::string_view kPartsRepeated = "parts_repeated";
inline constexpr std::string_view kContactMissing = "contact_missing";
inline constexpr std::string_view kContactFailed = "contact_failed";
inline constexpr std::string_view kBoilerplate = "boilerplate";
inline constexpr std::string_view kKeyTermsMissing = "key_terms_missing";
}  // namespace reply_code
// Every code, in the order findings are reported.
const std::vector<std::string_view>& ReplyQualityCodes();

// Thresholds and the consequence of each rule; configuration
// ([reply_quality] in the TOML file) with these defaults.
struct ReplyQualityRules {
  bool enabled = true;
  // A structured part (举措/进展/结果) needs this many distinct content characters
  // once filler phrases (已处理, 已办结, 同上 ...) are taken out.
  int min_part_chars = 2;
  // The whole reply, greetings and closings taken out, needs this many.
  int min_substance_chars = 15;
  // Estimated Jaccard similarity of the substantive parts (character
  // 3-grams) at or above which a reply counts as copied from another order's.
  double boilerplate_similarity = 0.8;
  // Substantive parts shorter than this are not compared (no_substance
  // judges them).
  int boilerplate_min_chars = 20;
  // The corpus compared against: replies of the last `corpus_days`, at most
  // `corpus_size` of them (the newest).
  int corpus_days = 90;
  int corpus_size = 5000;
  // Key terms of the demand looked for in the reply; the rule applies only
  // when the demand has at least `key_terms_min` of them and fires when
  // fewer than `key_terms_min_coverage` of them are named.
  int key_terms = 8;
  int key_terms_min = 3;
  double key_terms_min_coverage = 0.25;
  // Codes that refuse the reply (422); other findings are flags recorded
  // with the reply. Codes in `off` are not checked at all.
  std::set<std::string, std::less<>> refuse = {
      std::string(reply_code::kNoSubstance), std::string(reply_code::kMeasuresMissing),
      std::string(reply_code::kResultMissing), std::string(reply_code::kContactMissing)};
  std::set<std::string, std::less<>> off;
};
// Checks ranges and that every listed code exists; the error's field names
// the key (relative to the section: "refuse", "boilerplate_similarity").
Result<void> ValidateReplyQualityRules(const ReplyQualityRules& rules);

// The reply as the unit wrote it. Structured replies (the reply action)
// fill the parts and contact_method; replies kept as one text (imported
// history) fill free_text.
struct ReplyDraft {
  std::string measures;
  std::string progress;
  std::string result;
  std::string free_text;
  std::string contact_method;  // empty when none was recorded
  std::string note;
  bool structured() const { return free_text.empty(); }
};

struct DemandText {
  std::string title;
  std::string content;
};

struct QualityFinding {
  std::string code;
  QualitySeverity severity = QualitySeverity::kFlag;
  std::string message;  // Chinese, says what to do
  std::string field;    // the reply field concerned ("measures", "contact", "reply" ...)
  nlohmann::json evidence = nlohmann::json::object();
  int penalty = 0;  // points taken off the score
};

// Signatures of recent replies on other orders, compared by MinHash.
class ReplySignatureIndex {
 public:
  struct Match {
    std::int64_t order_id = 0;
    double similarity = 0;
  };
  void Add(std::int64_t order_id, const MinHashSignature& signature);
  // The most similar reply of another order than `self`, if any reaches
  // `threshold`.
  std::optional<Match> Best(const MinHashSignature& signature, std::int64_t self,
                            double threshold) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::int64_t order_id;
    MinHashSignature signature;
  };
  std::vector<Entry> entries_;
};

struct ReplyAssessment {
  int score = 100;  // 0..100
  std::vector<QualityFinding> findings;
  std::string substance;  // the reply without greetings and closings
  // Signature of `substance`, for the corpus; absent when it is too short
  // to compare.
  std::optional<MinHashSignature> signature;

  bool Refused() const;
  // The first refusing finding, if any.
  const QualityFinding* FirstRefusal() const;
};

// The substantive part of a reply: its clauses without greetings, thanks,
// acknowledgements of receipt and closing formulas that every reply shares.
std::string ReplySubstance(std::string_view reply);

// The signature compared for boilerplate (character 3-grams of the substance).
MinHashSignature SubstanceSignature(std::string_view substance);

// Judges `reply` (on order `order_id`) against `demand`, comparing it with
// `corpus`.
ReplyAssessment AssessReply(const DemandText& demand, const ReplyDraft& reply,
                            const ReplySignatureIndex& corpus, std::int64_t order_id,
                            const ReplyQualityRules& rules);

// {score, findings:[{code, severity, message, field, evidence, penalty}]}
nlohmann::json AssessmentJson(const ReplyAssessment& a);

}  // namespace hotline
