#include "workorder/reply_quality.h"

#include <fmt/format.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>

#include "text/key_terms.h"
#include "workorder/reply_cues.h"

namespace hotline {
namespace {

using nlohmann::json;
namespace rc = reply_code;

// Points a finding takes off the 100 a reply starts with. Emptiness weighs
// most: a reply without substance answers nothing.
int PenaltyOf(std::string_view code) {
  if (code == rc::kNoSubstance) return 60;
  if (code == rc::kMeasuresMissing || code == rc::kResultMissing) return 25;
  if (code == rc::kBoilerplate) return 30;
  if (code == rc::kContactMissing) return 20;
  if (code == rc::kKeyTermsMissing) return 15;
  if (code == rc::kProgressMissing || code == rc::kPartsRepeated) return 10;
  if (code == rc::kContactFailed) return 5;
  return 0;
}

std::string_view PartName(std::string_view field) {
  if (field == "measures") return "办理举措";
  if (field == "progress") return "办理进展";
  return "办理结果";
}

std::size_t DistinctCount(std::u32string s) {
  std::sort(s.begin(), s.end());
  return static_cast<std::size_t>(std::unique(s.begin(), s.end()) - s.begin());
}

double Round2(double x) { return std::round(x * 100) / 100; }

bool IsOpenQuote(char32_t c) { return c == U'“' || c == U'「' || c == U'『'; }
bool IsCloseQuote(char32_t c) { return c == U'”' || c == U'」' || c == U'』'; }

class Judge {
 public:
  Judge(const ReplyQualityRules& rules, ReplyAssessment& out) : rules_(rules), out_(out) {}

  bool On(std::string_view code) const { return !rules_.off.contains(code); }

  void Add(std::string_view code, std::string field, std::string message, json evidence) {
    QualityFinding f;
    f.code = std::string(code);
    f.severity = rules_.refuse.contains(code) ? QualitySeverity::kRefuse : QualitySeverity::kFlag;
    f.field = std::move(field);
    f.message = std::move(message);
    f.evidence = std::move(evidence);
    f.penalty = PenaltyOf(code);
    out_.findings.push_back(std::move(f));
  }

 private:
  const ReplyQualityRules& rules_;
  ReplyAssessment& out_;
};

void JudgeStructuredParts(const ReplyDraft& reply, const ReplyQualityRules& rules, Judge& judge) {
  const std::pair<std::string_view, const std::string*> parts[] = {
      {"measures", &reply.measures}, {"progress", &reply.progress}, {"result", &reply.result}};
  const std::string_view codes[] = {rc::kMeasuresMissing, rc::kProgressMissing, rc::kResultMissing};
  for (int i = 0; i < 3; ++i) {
    if (!judge.On(codes[i])) continue;
    const auto [field, text] = parts[i];
    const std::u32string left = reply_cues::WithoutFiller(*text);
    const auto distinct = static_cast<int>(DistinctCount(left));
    if (distinct >= rules.min_part_chars) continue;
    const bool filler = !ContentChars(*text).empty();
    judge.Add(codes[i], std::string(field),
              filler ? fmt::format("“{}”只写了“已处理”“已办结”之类的套话，请写明具体内容",
                                   PartName(field))
                     : fmt::format("“{}”为空，请写明具体内容", PartName(field)),
              json{{"reason", filler ? "filler" : "empty"},
                   {"meaningful_chars", distinct},
                   {"min_chars", rules.min_part_chars}});
  }
  if (!judge.On(rc::kPartsRepeated)) return;
  for (int i = 0; i < 3; ++i) {
    for (int j = i + 1; j < 3; ++j) {
      const auto a = ShingleHashes(*parts[i].second, 2);
      const auto b = ShingleHashes(*parts[j].second, 2);
      if (a.size() < 3 || b.size() < 3) continue;
      const double sim = Jaccard(a, b);
      if (sim < 0.9) continue;
      judge.Add(rc::kPartsRepeated, std::string(parts[j].first),
                fmt::format("“{}”与“{}”内容几乎相同，请分别写明举措、进展和结果",
                            PartName(parts[i].first), PartName(parts[j].first)),
                json{{"parts", json::array({parts[i].first, parts[j].first})},
                     {"similarity", Round2(sim)}});
      return;
    }
  }
}

void JudgeFreeTextParts(std::u32string_view chars, Judge& judge) {
  if (judge.On(rc::kMeasuresMissing) && !reply_cues::HasMeasures(chars))
    judge.Add(rc::kMeasuresMissing, "reply",
              "答复未写明采取了哪些办理措施（如核实、现场查看、责令整改、政策依据）",
              json{{"detected", false}});
  if (judge.On(rc::kProgressMissing) && !reply_cues::HasProgress(chars))
    judge.Add(rc::kProgressMissing, "reply",
              "答复未写明办理进展（做到哪一步、何时完成、下一步安排）", json{{"detected", false}});
  if (judge.On(rc::kResultMissing) && !reply_cues::HasResult(chars))
    judge.Add(rc::kResultMissing, "reply", "答复未写明办理结果（问题是否解决、核查结论或政策答复）",
              json{{"detected", false}});
}

}  // namespace

std::string_view QualitySeverityCode(QualitySeverity s) {
  return s == QualitySeverity::kRefuse ? "refuse" : "flag";
}

const std::vector<std::string_view>& ReplyQualityCodes() {
  static const std::vector<std::string_view> kCodes = {
      rc::kNoSubstance,   rc::kMeasuresMissing, rc::kProgressMissing,
      rc::kResultMissing, rc::kPartsRepeated,   rc::kContactMissing,
      rc::kContactFailed, rc::kBoilerplate,     rc::kKeyTermsMissing};
  return kCodes;
}

Result<void> ValidateReplyQualityRules(const ReplyQualityRules& r) {
  auto bad = [](std::string key, std::string message) {
    return Fail(ErrorKind::kInvalidInput, "invalid_config", std::move(message), std::move(key));
  };
  auto range = [&](int v, int lo, int hi, std::string key) -> Result<void> {
    if (v < lo || v > hi) return bad(key, fmt::format("{} 应在 {} 到 {} 之间", key, lo, hi));
    return {};
  };
  if (auto x = range(r.min_part_chars, 0, 100, "min_part_chars"); !x) return x;
  if (auto x = range(r.min_substance_chars, 0, 1000, "min_substance_chars"); !x) return x;
  if (auto x = range(r.boilerplate_min_chars, 3, 10000, "boilerplate_min_chars"); !x) return x;
  if (auto x = range(r.corpus_days, 1, 3650, "corpus_days"); !x) return x;
  if (auto x = range(r.corpus_size, 0, 1000000, "corpus_size"); !x) return x;
  if (auto x = range(r.key_terms, 1, 50, "key_terms"); !x) return x;
  if (auto x = range(r.key_terms_min, 1, 50, "key_terms_min"); !x) return x;
  if (!(r.boilerplate_similarity > 0 && r.boilerplate_similarity <= 1))
    return bad("boilerplate_similarity", "boilerplate_similarity 应在 0 到 1 之间（不含 0）");
  if (!(r.key_terms_min_coverage >= 0 && r.key_terms_min_coverage <= 1))
    return bad("key_terms_min_coverage", "key_terms_min_coverage 应在 0 到 1 之间");
  const auto& codes = ReplyQualityCodes();
  for (const auto* list : {&r.refuse, &r.off})
    for (const std::string& code : *list)
      if (std::find(codes.begin(), codes.end(), code) == codes.end())
        return bad(list == &r.refuse ? "refuse" : "off",
                   fmt::format("未知的质检规则 {}（可选：no_substance、measures_missing、"
                               "progress_missing、result_missing、parts_repeated、"
                               "contact_missing、contact_failed、boilerplate、"
                               "key_terms_missing）",
                               code));
  return {};
}

void ReplySignatureIndex::Add(std::int64_t order_id, const MinHashSignature& signature) {
  entries_.push_back(Entry{order_id, signature});
}

std::optional<ReplySignatureIndex::Match> ReplySignatureIndex::Best(
    const MinHashSignature& signature, std::int64_t self, double threshold) const {
  std::optional<Match> best;
  for (const Entry& e : entries_) {
    if (e.order_id == self) continue;
    const double sim = MinHashSimilarity(signature, e.signature);
    if (sim >= threshold && (!best || sim > best->similarity)) best = Match{e.order_id, sim};
  }
  return best;
}

bool ReplyAssessment::Refused() const { return FirstRefusal() != nullptr; }

const QualityFinding* ReplyAssessment::FirstRefusal() const {
  for (const QualityFinding& f : findings)
    if (f.severity == QualitySeverity::kRefuse) return &f;
  return nullptr;
}

std::string ReplySubstance(std::string_view reply) {
  std::string out;
  std::u32string clause;
  int quote_depth = 0;
  auto flush = [&] {
    if (clause.empty()) return;
    const std::u32string chars = ContentChars(EncodeUtf8(clause));
    if (!chars.empty() && !reply_cues::IsTemplateClause(chars)) {
      if (!out.empty()) out += "，";
      out += EncodeUtf8(clause);
    }
    clause.clear();
  };
  for (char32_t c : DecodeUtf8(reply)) {
    // Quoted text is the citizen's own words (the title restated), not the unit's.
    if (IsOpenQuote(c)) {
      ++quote_depth;
      continue;
    }
    if (IsCloseQuote(c)) {
      quote_depth = std::max(0, quote_depth - 1);
      continue;
    }
    if (quote_depth > 0) continue;
    if (u_isalnum(static_cast<UChar32>(c)) || c == U'-' || c == U'.') {
      clause.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

MinHashSignature SubstanceSignature(std::string_view substance) {
  return MinHash(ShingleHashes(substance, 3));
}

ReplyAssessment AssessReply(const DemandText& demand, const ReplyDraft& reply,
                            const ReplySignatureIndex& corpus, std::int64_t order_id,
                            const ReplyQualityRules& rules) {
  ReplyAssessment out;
  if (!rules.enabled) return out;
  Judge judge(rules, out);
  const std::string whole =
      reply.structured()
          ? fmt::format("{}。{}。{}。{}", reply.measures, reply.progress, reply.result, reply.note)
          : reply.free_text;
  const std::u32string chars = ContentChars(whole);
  out.substance = ReplySubstance(whole);
  const std::u32string substance_chars = ContentChars(out.substance);
  const auto substance_size = static_cast<int>(substance_chars.size());
  const std::string main_field = reply.structured() ? "measures" : "reply";

  const bool empty = substance_size < rules.min_substance_chars;
  if (empty && judge.On(rc::kNoSubstance))
    judge.Add(rc::kNoSubstance, main_field,
              fmt::format("答复除问候、致谢、收悉等套话外只有 {} 个字，没有实质内容；请写明核查了"
                          "什么、采取了哪些措施、结果如何",
                          substance_size),
              json{{"substance_chars", substance_size}, {"min_chars", rules.min_substance_chars}});

  if (reply.structured())
    JudgeStructuredParts(reply, rules, judge);
  else if (!empty)
    JudgeFreeTextParts(chars, judge);

  if (judge.On(rc::kContactMissing)) {
    if (reply.structured() && reply.contact_method.empty())
      judge.Add(rc::kContactMissing, "contact.method", "未记录与诉求人联系的方式和时间",
                json::object());
    else if (!reply.structured() && !reply_cues::HasRecordedContact(chars))
      judge.Add(rc::kContactMissing, "reply",
                "答复未记录与诉求人联系沟通的情况（如电话联系、当面告知、上门走访）",
                json{{"detected", false}});
  }
  if (judge.On(rc::kContactFailed) && reply_cues::HasFailedContact(chars))
    judge.Add(rc::kContactFailed, reply.structured() ? "contact" : "reply",
              "答复称未能联系上诉求人；请再次联系并记录沟通情况", json::object());

  if (substance_size >= rules.boilerplate_min_chars) {
    out.signature = SubstanceSignature(out.substance);
    if (judge.On(rc::kBoilerplate))
      if (auto match = corpus.Best(*out.signature, order_id, rules.boilerplate_similarity))
        judge.Add(rc::kBoilerplate, main_field,
                  fmt::format("答复正文与工单 {} 的答复高度相似（相似度 {:.0f}%），疑似套用模板；"
                              "请针对本诉求写明具体情况",
                              match->order_id, match->similarity * 100),
                  json{{"order_id", match->order_id}, {"similarity", Round2(match->similarity)}});
  }

  if (judge.On(rc::kKeyTermsMissing) && !empty) {
    const auto terms = KeyTerms(demand.title, demand.content, rules.key_terms);
    if (static_cast<int>(terms.size()) >= rules.key_terms_min) {
      json covered = json::array();
      json missing = json::array();
      for (const std::string& t : terms)
        (TermAddressed(substance_chars, t) ? covered : missing).push_back(t);
      const double coverage = static_cast<double>(covered.size()) / terms.size();
      if (coverage < rules.key_terms_min_coverage) {
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : "、") + m.get<std::string>();
        judge.Add(rc::kKeyTermsMissing, main_field,
                  fmt::format("答复正文未涉及诉求的关键内容：{}；请针对诉求人反映的问题作答", list),
                  json{{"terms", terms},
                       {"covered", covered},
                       {"missing", missing},
                       {"coverage", Round2(coverage)}});
      }
    }
  }

  int score = 100;
  for (const QualityFinding& f : out.findings) score -= f.penalty;
  out.score = std::max(0, score);
  return out;
}

json AssessmentJson(const ReplyAssessment& a) {
  json findings = json::array();
  for (const QualityFinding& f : a.findings)
    findings.push_back({{"code", f.code},
                        {"severity", QualitySeverityCode(f.severity)},
                        {"message", f.message},
                        {"field", f.field},
                        {"evidence", f.evidence},
                        {"penalty", f.penalty}});
  return json{{"score", a.score}, {"findings", std::move(findings)}};
}

}  // namespace hotline
