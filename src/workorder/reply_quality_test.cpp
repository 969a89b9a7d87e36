#include "workorder/reply_quality.h"

#include <gtest/gtest.h>

namespace hotline {
namespace {

namespace rc = reply_code;

const DemandText kSmoke{"小区门口烧烤摊油烟扰民",
                        "每天晚上小区门口的烧烤摊油烟很大，窗户都不敢开，希望尽快处理。"};

ReplyDraft GoodStructured() {
  ReplyDraft d;
  d.measures = "街道城管中队当晚到小区门口现场检查，责令烧烤摊主停止露天烧烤。";
  d.progress = "摊主已于次日撤离，城管中队每晚安排队员巡查。";
  d.result = "经复查门口已无烧烤油烟，诉求已解决。";
  d.contact_method = "phone";
  d.note = "已电话告知诉求人处理结果";
  return d;
}

ReplyDraft FreeText(std::string text) {
  ReplyDraft d;
  d.free_text = std::move(text);
  return d;
}

ReplyAssessment Assess(const ReplyDraft& d, const ReplySignatureIndex& corpus = {},
                       const ReplyQualityRules& rules = {}, const DemandText& demand = kSmoke) {
  return AssessReply(demand, d, corpus, 1, rules);
}

const QualityFinding* Find(const ReplyAssessment& a, std::string_view code) {
  for (const auto& f : a.findings)
    if (f.code == code) return &f;
  return nullptr;
}

std::string Codes(const ReplyAssessment& a) {
  std::string s;
  for (const auto& f : a.findings) s += f.code + " ";
  return s;
}

TEST(ReplyQuality, SubstantiveStructuredReplyPassesWithFullScore) {
  const auto a = Assess(GoodStructured());
  EXPECT_TRUE(a.findings.empty()) << Codes(a);
  EXPECT_EQ(a.score, 100);
  EXPECT_FALSE(a.Refused());
  EXPECT_TRUE(a.signature.has_value());
}

TEST(ReplyQuality, FillerMeasuresAndResultAreRefusedNamingTheField) {
  ReplyDraft d = GoodStructured();
  d.measures = "已处理";
  d.result = "已办结。";
  const auto a = Assess(d);
  ASSERT_TRUE(a.Refused()) << Codes(a);
  const QualityFinding* m = Find(a, rc::kMeasuresMissing);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->field, "measures");
  EXPECT_EQ(m->severity, QualitySeverity::kRefuse);
  EXPECT_EQ(m->evidence["reason"], "filler");
  EXPECT_NE(m->message.find("办理举措"), std::string::npos);
  EXPECT_EQ(a.FirstRefusal()->code, rc::kMeasuresMissing);
  ASSERT_NE(Find(a, rc::kResultMissing), nullptr);
  EXPECT_EQ(Find(a, rc::kResultMissing)->field, "result");
  EXPECT_LT(a.score, 60);
}

TEST(ReplyQuality, ShortButConcretePartsPass) {
  ReplyDraft d = GoodStructured();
  d.progress = "已完成修补";  // "修补" says what was done
  EXPECT_EQ(Find(Assess(d), rc::kProgressMissing), nullptr);
}

TEST(ReplyQuality, FillerProgressIsOnlyFlaggedByDefault) {
  ReplyDraft d = GoodStructured();
  d.progress = "正在处理中";
  const auto a = Assess(d);
  const QualityFinding* p = Find(a, rc::kProgressMissing);
  ASSERT_NE(p, nullptr) << Codes(a);
  EXPECT_EQ(p->severity, QualitySeverity::kFlag);
  EXPECT_FALSE(a.Refused());
  EXPECT_EQ(a.score, 100 - p->penalty);
}

TEST(ReplyQuality, TheSameTextInEveryPartIsFlagged) {
  ReplyDraft d = GoodStructured();
  d.progress = d.measures;
  d.result = d.measures;
  const ReplyAssessment a = Assess(d);
  const QualityFinding* f = Find(a, rc::kPartsRepeated);
  ASSERT_NE(f, nullptr);
  EXPECT_GE(f->evidence["similarity"].get<double>(), 0.9);
}

TEST(ReplyQuality, GreetingsAloneHaveNoSubstance) {
  const auto a =
      Assess(FreeText("网友您好！您的留言已收悉。感谢您对我们工作的支持与监督！2019年5月6日"));
  const QualityFinding* f = Find(a, rc::kNoSubstance);
  ASSERT_NE(f, nullptr) << Codes(a);
  EXPECT_EQ(f->severity, QualitySeverity::kRefuse);
  EXPECT_EQ(f->field, "reply");
  EXPECT_TRUE(a.substance.empty()) << a.substance;
  EXPECT_FALSE(a.signature.has_value());  // nothing to compare
}

TEST(ReplyQuality, SubstanceDropsGreetingsClosingsAndQuotedTitle) {
  const std::string s = ReplySubstance(
      "网友“UU008”您好！您反映“小区门口烧烤油烟”的问题已收悉，现将有关情况回复如下："
      "城管中队到现场检查，责令摊主停止露天烧烤。感谢您对我们工作的支持！");
  EXPECT_NE(s.find("城管中队到现场检查"), std::string::npos) << s;
  EXPECT_EQ(s.find("收悉"), std::string::npos) << s;
  EXPECT_EQ(s.find("UU008"), std::string::npos) << s;
  EXPECT_EQ(s.find("感谢"), std::string::npos) << s;
}

TEST(ReplyQuality, FreeTextWithMeasuresProgressResultAndContactPasses) {
  const auto a = Assess(
      FreeText("网友您好！经核实，5月6日街道城管中队到小区门口现场检查，责令烧烤摊主停止露天烧烤，"
               "目前摊主已撤离，烧烤油烟问题已解决。工作人员已与您电话联系并告知处理结果。"));
  EXPECT_TRUE(a.findings.empty()) << Codes(a);
}

TEST(ReplyQuality, FreeTextWithoutCuesIsMissingEachPart) {
  const auto a = Assess(
      FreeText("网友您好！关于小区门口烧烤摊油烟的事情我们这边知道了，会跟有关方面说一说的。"));
  EXPECT_NE(Find(a, rc::kMeasuresMissing), nullptr) << Codes(a);
  EXPECT_NE(Find(a, rc::kProgressMissing), nullptr) << Codes(a);
  EXPECT_NE(Find(a, rc::kResultMissing), nullptr) << Codes(a);
  EXPECT_NE(Find(a, rc::kContactMissing), nullptr) << Codes(a);
}

TEST(ReplyQuality, OffersAndPromisesOfContactAreNotContact) {
  const std::string body =
      "经核实，5月6日城管中队到小区门口现场检查，责令摊主停止烧烤，烧烤油烟问题已解决。";
  EXPECT_NE(Find(Assess(FreeText(body + "如有疑问请与我们联系，联系电话：0731-0000。")),
                 rc::kContactMissing),
            nullptr);
  EXPECT_NE(Find(Assess(FreeText(body + "下一步我们将与您联系。")), rc::kContactMissing), nullptr);
  EXPECT_EQ(Find(Assess(FreeText(body + "工作人员当面向您解释了处理情况。")), rc::kContactMissing),
            nullptr);
}

TEST(ReplyQuality, FailedContactIsFlagged) {
  ReplyDraft d = GoodStructured();
  d.note = "多次拨打诉求人电话无人接听";
  const ReplyAssessment a = Assess(d);
  const QualityFinding* f = Find(a, rc::kContactFailed);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, QualitySeverity::kFlag);
}

TEST(ReplyQuality, StructuredReplyWithoutContactMethodIsRefused) {
  ReplyDraft d = GoodStructured();
  d.contact_method.clear();
  const auto a = Assess(d);
  ASSERT_NE(Find(a, rc::kContactMissing), nullptr);
  EXPECT_EQ(Find(a, rc::kContactMissing)->field, "contact.method");
  EXPECT_TRUE(a.Refused());
}

TEST(ReplyQuality, ReplyCopiedFromAnotherOrderWithMinorEditsIsBoilerplate) {
  const std::string original =
      "您好！经核实，城管中队于5月6日到现场检查，发现该商户占道经营并存在油烟直排问题，已责令其"
      "限期整改，目前商户已安装油烟净化设施并退回店内经营，问题已解决。感谢您的支持！";
  const std::string copied =
      "网友你好！经核实，城管中队于5月9日到现场检查，发现该商户占道经营并存在油烟直排问题，已责令"
      "其限期整改，目前商户已安装油烟净化设施并退回店内经营，问题已解决。谢谢！";
  ReplySignatureIndex corpus;
  corpus.Add(42, SubstanceSignature(ReplySubstance(original)));
  const auto a = Assess(FreeText(copied), corpus);
  const QualityFinding* f = Find(a, rc::kBoilerplate);
  ASSERT_NE(f, nullptr) << Codes(a);
  EXPECT_EQ(f->evidence["order_id"], 42);
  EXPECT_GE(f->evidence["similarity"].get<double>(), 0.8);
  EXPECT_NE(f->message.find("42"), std::string::npos);

  // The order's own earlier reply is not a copy of another order's.
  EXPECT_EQ(Find(AssessReply(kSmoke, FreeText(copied), corpus, 42, {}), rc::kBoilerplate), nullptr);
}

TEST(ReplyQuality, SharedGreetingsAloneDoNotMakeAReplyCopied) {
  const std::string greeting = "网友您好！您的留言已收悉，现将有关情况回复如下：";
  const std::string closing = "感谢您对我们工作的理解与支持！如有疑问，请拨打联系电话0731-0000。";
  ReplySignatureIndex corpus;
  corpus.Add(
      7, SubstanceSignature(ReplySubstance(
             greeting + "经查，该路段路灯因线路老化损坏，供电所已于3日更换电缆，路灯恢复照明。" +
             closing)));
  const auto a =
      Assess(FreeText(greeting +
                      "经核实，城管中队到小区门口现场检查，责令烧烤摊停止经营，油烟问题已解决。" +
                      closing),
             corpus);
  EXPECT_EQ(Find(a, rc::kBoilerplate), nullptr) << Codes(a);
}

TEST(ReplyQuality, ReplyNotNamingTheDemandsKeyTermsIsFlagged) {
  const DemandText elevator{"小区电梯频繁故障困人",
                            "我们楼的电梯这个月坏了三次，维保公司迟迟不来维修，老人上下楼困难。"};
  const auto a =
      Assess(FreeText("经核实，5月6日供电所安排人员到现场检查，路灯线路老化，已更换电缆，"
                      "照明已恢复。已电话告知网友。"),
             {}, {}, elevator);
  const QualityFinding* f = Find(a, rc::kKeyTermsMissing);
  ASSERT_NE(f, nullptr) << Codes(a);
  EXPECT_EQ(f->severity, QualitySeverity::kFlag);
  bool names_elevator = false;
  for (const auto& m : f->evidence["missing"]) names_elevator |= m == "电梯";
  EXPECT_TRUE(names_elevator) << f->evidence.dump();
  EXPECT_NE(f->message.find("电梯"), std::string::npos);

  // Answering the demand clears it.
  const auto ok =
      Assess(FreeText("经核实，5月6日区市场监管局到小区现场检查电梯，责令维保公司更换故障部件，"
                      "电梯已恢复运行。已电话告知网友。"),
             {}, {}, elevator);
  EXPECT_EQ(Find(ok, rc::kKeyTermsMissing), nullptr) << Codes(ok);
}

TEST(ReplyQuality, ConfigurationDecidesRefuseFlagOrOff) {
  ReplyDraft d = GoodStructured();
  d.progress = "正在处理";
  ReplyQualityRules rules;
  rules.refuse.insert(std::string(rc::kProgressMissing));
  const auto refused = Assess(d, {}, rules);
  ASSERT_TRUE(refused.Refused());
  EXPECT_EQ(refused.FirstRefusal()->field, "progress");

  rules.off.insert(std::string(rc::kProgressMissing));
  EXPECT_TRUE(Assess(d, {}, rules).findings.empty());

  rules = {};
  rules.min_part_chars = 30;  // a stricter centre
  EXPECT_NE(Find(Assess(GoodStructured(), {}, rules), rc::kResultMissing), nullptr);

  rules = {};
  rules.enabled = false;
  EXPECT_TRUE(Assess(FreeText("收到"), {}, rules).findings.empty());
}

TEST(ReplyQuality, ScoreNeverGoesBelowZero) {
  const auto a = Assess(FreeText("收到"));
  EXPECT_GE(a.score, 0);
  EXPECT_LE(a.score, 40);
}

TEST(ReplyQuality, ValidationNamesTheBadKey) {
  ReplyQualityRules rules;
  EXPECT_TRUE(ValidateReplyQualityRules(rules));
  rules.refuse.insert("no_such_rule");
  auto r = ValidateReplyQualityRules(rules);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "refuse");
  rules = {};
  rules.boilerplate_similarity = 1.5;
  r = ValidateReplyQualityRules(rules);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "boilerplate_similarity");
}

TEST(ReplyQuality, AssessmentJsonCarriesCodesSeverityAndEvidence) {
  ReplyDraft d = GoodStructured();
  d.progress = "正在处理";
  const auto j = AssessmentJson(Assess(d));
  EXPECT_EQ(j["score"], 90);
  ASSERT_EQ(j["findings"].size(), 1u);
  EXPECT_EQ(j["findings"][0]["code"], "progress_missing");
  EXPECT_EQ(j["findings"][0]["severity"], "flag");
  EXPECT_EQ(j["findings"][0]["field"], "progress");
  EXPECT_TRUE(j["findings"][0]["evidence"].contains("reason"));
}

}  // namespace
}  // namespace hotline
