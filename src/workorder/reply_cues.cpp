#include "workorder/reply_cues.h"

#include <algorithm>
#include <initializer_list>

#include "text/shingles.h"

namespace hotline::reply_cues {
namespace {

using Cues = std::initializer_list<std::u32string_view>;

bool Contains(std::u32string_view text, std::u32string_view cue) {
  return text.find(cue) != std::u32string_view::npos;
}

bool AnyOf(std::u32string_view text, Cues cues) {
  return std::any_of(cues.begin(), cues.end(),
                     [&](std::u32string_view c) { return Contains(text, c); });
}

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

// "5月3日", "2019年", "3日上午": a date says when something happened.
bool HasDate(std::u32string_view chars) {
  for (std::size_t i = 1; i < chars.size(); ++i) {
    if (!IsDigit(chars[i - 1])) continue;
    const char32_t c = chars[i];
    if (c == U'月' || c == U'日' || c == U'号') return true;
    if (c == U'年' && i >= 4 && IsDigit(chars[i - 4])) return true;
  }
  return false;
}

// Handling actions a unit takes (and policy explanations, the "measure" of
// a consultation).
constexpr Cues kMeasures = {U"核实", U"核查", U"调查", U"查看", U"查实", U"经查", U"据查", U"现场",
                            U"实地", U"安排", U"组织", U"责令", U"责成", U"督促", U"整改", U"协调",
                            U"约谈", U"执法", U"查处", U"处罚", U"清理", U"维修", U"修复", U"抢修",
                            U"检查", U"排查", U"走访", U"会同", U"联合", U"立案", U"下达", U"制定",
                            U"部署", U"召开", U"派出", U"派员", U"转交", U"交办", U"督办", U"疏导",
                            U"拆除", U"取缔", U"整治", U"巡查", U"处置", U"调解", U"根据", U"依据",
                            U"按照", U"规定", U"政策", U"办法", U"条例", U"文件"};

constexpr Cues kProgress = {U"目前", U"正在",     U"已于", U"截至", U"截止", U"下一步", U"进展",
                            U"近期", U"预计",     U"计划", U"将于", U"尚未", U"已经",   U"已完成",
                            U"阶段", U"正在推进", U"争取", U"后续", U"逐步", U"启动"};

constexpr Cues kResult = {
    U"已解决", U"已恢复", U"已完成", U"已整改", U"已清理", U"已拆除", U"已修复", U"已落实",
    U"已办理", U"已退还", U"已发放", U"已到位", U"已停止", U"已处理", U"已撤除", U"已关闭",
    U"已纳入", U"已列入", U"已安装", U"已更换", U"已补缴", U"已缴纳", U"已开通", U"已通过", U"属实",
    U"不属实", U"不存在", U"符合", U"不符合", U"不予", U"予以", U"可以", U"不能", U"无法", U"结果",
    U"办结", U"完毕", U"达标", U"畅通", U"恢复正常", U"综上", U"承诺", U"同意", U"通过", U"合法",
    U"违规", U"违法", U"有权",
    // Findings of an investigation are its result (核查结论).
    U"经查", U"经核实", U"经调查", U"查明", U"据查", U"核实后", U"已于", U"完成", U"到位", U"满足",
    U"谅解", U"道歉", U"暂未", U"安装了", U"解决了", U"答复您"};

// Contact that happened. Checked together with what precedes it, so that
// offers ("如有疑问请与我们联系") and promises ("将与您联系") are not counted.
constexpr Cues kContact = {U"电话联系",   U"取得联系", U"取得了联系", U"与您联系", U"与你联系",
                           U"与网友联系", U"与其联系", U"联系了",     U"已联系",   U"沟通",
                           U"当面",       U"面对面",   U"上门",       U"致电",     U"告知",
                           U"见面",       U"约见",     U"回访",       U"电话回复", U"电话反馈",
                           U"向您解释",   U"向其解释", U"面谈",       U"表示满意", U"表示理解",
                           U"表示认可",   U"表示同意", U"来访",       U"接待"};
// What, just before a contact cue, makes it an offer or a promise.
constexpr Cues kNotYet = {U"请", U"可", U"如", U"欢迎", U"将", U"加强", U"及时", U"随时", U"直接"};

// Specific phrases only: text runs together once punctuation is dropped,
// so a bare "关机" also matches "相关机构" and "无法联系" a citizen's own
// trouble reaching a school.
constexpr Cues kFailedContact = {U"联系不上您",     U"联系不上网友",   U"联系不到您",
                                 U"无法联系上您",   U"无法联系到您",   U"无法联系上网友",
                                 U"未能联系上您",   U"未能联系到您",   U"未能联系上网友",
                                 U"无法与您取得联系", U"未能与您取得联系", U"联系未果",
                                 U"无人接听",       U"未接听",         U"手机关机",
                                 U"电话关机",       U"处于关机",       U"空号",
                                 U"拒接"};

// Always template, whatever the clause's length.
constexpr Cues kStrongTemplate = {U"收悉",     U"回复如下", U"答复如下", U"说明如下", U"感谢",
                                  U"此复",     U"特此",     U"祝您",     U"如有疑问", U"如有异议",
                                  U"联系电话", U"咨询电话", U"办公电话", U"监督电话"};
// Template in a short clause ("网友您好", "理解与监督"), content in a long one.
constexpr Cues kWeakTemplate = {
    U"您好", U"你好", U"网友", U"理解", U"监督", U"支持",   U"高度重视", U"电话", U"尊敬", U"欢迎",
    U"关心", U"谢谢", U"问政", U"留言", U"来信", U"现回复", U"现答复",   U"办复", U"回复", U"答复"};
constexpr std::size_t kShortClause = 16;

// Filler a unit types into a structured part instead of saying something.
constexpr Cues kFiller = {
    U"已处理完毕", U"已办理完毕", U"处理完毕",   U"办理完毕",   U"已处理",     U"已办理", U"已办结",
    U"办结",       U"已解决",     U"已完成",     U"正在处理",   U"正在办理",   U"处理中", U"办理中",
    U"已落实",     U"按规定处理", U"按规定办理", U"按要求处理", U"按要求办理", U"同上",   U"见上",
    U"详见附件",   U"见附件",     U"已阅",       U"已收到",     U"收到",       U"已知悉", U"暂无",
    U"好的",       U"已回复",     U"已答复",     U"已反馈"};

}  // namespace

bool HasMeasures(std::u32string_view chars) { return AnyOf(chars, kMeasures); }

bool HasProgress(std::u32string_view chars) { return AnyOf(chars, kProgress) || HasDate(chars); }

bool HasResult(std::u32string_view chars) { return AnyOf(chars, kResult); }

bool HasRecordedContact(std::u32string_view chars) {
  for (std::u32string_view cue : kContact) {
    for (std::size_t at = chars.find(cue); at != std::u32string_view::npos;
         at = chars.find(cue, at + 1)) {
      const std::size_t from = at >= 4 ? at - 4 : 0;
      const std::u32string_view before = chars.substr(from, at - from);
      if (!AnyOf(before, kNotYet)) return true;
    }
  }
  return false;
}

bool HasFailedContact(std::u32string_view chars) { return AnyOf(chars, kFailedContact); }

bool IsTemplateClause(std::u32string_view chars) {
  if (chars.size() <= 2) return true;  // numbering: 一, 二, 1, (3)
  const bool date_or_number = std::all_of(chars.begin(), chars.end(), [](char32_t c) {
    return IsDigit(c) || c == U'年' || c == U'月' || c == U'日';
  });
  if (date_or_number) return true;  // the date under a reply, a phone number
  if (AnyOf(chars, kStrongTemplate)) return true;
  return chars.size() <= kShortClause && AnyOf(chars, kWeakTemplate);
}

std::u32string WithoutFiller(std::string_view part) {
  std::u32string chars = ContentChars(part);
  // Longest phrases first (kFiller is ordered so), each removed everywhere.
  for (std::u32string_view cue : kFiller) {
    for (std::size_t at = chars.find(cue); at != std::u32string::npos; at = chars.find(cue, at))
      chars.erase(at, cue.size());
  }
  return chars;
}

}  // namespace hotline::reply_cues
