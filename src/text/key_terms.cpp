#include "text/key_terms.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <map>
#include <set>

#include "text/shingles.h"
#include "text/text_features.h"

namespace hotline {
namespace {

// Words every demand or reply may use: forms of address, the hotline's own
// vocabulary, function words. Chosen by reading the real messages; a word
// here can never be a key term.
const std::set<std::string, std::less<>>& CommonWords() {
  static const std::set<std::string, std::less<>> kWords = {
      "问题", "反映",   "请求", "要求",   "希望", "关于",   "我们",   "你们",   "他们", "领导",
      "您好", "你好",   "尊敬", "书记",   "市长", "县长",   "局长",   "主任",   "政府", "相关",
      "部门", "有关",   "情况", "现在",   "已经", "没有",   "什么",   "为什么", "这个", "那个",
      "一个", "咨询",   "投诉", "举报",   "建议", "解决",   "处理",   "谢谢",   "感谢", "能否",
      "是否", "可以",   "严重", "一直",   "这样", "如何",   "怎么",   "还是",   "因为", "所以",
      "但是", "时候",   "目前", "导致",   "影响", "网友",   "留言",   "回复",   "答复", "工作",
      "进行", "发展",   "群众", "老百姓", "百姓", "市民",   "居民",   "业主",   "本人", "自己",
      "大家", "很多",   "非常", "以来",   "以后", "之后",   "以前",   "今年",   "去年", "每天",
      "多次", "至今",   "一下", "一些",   "这些", "那些",   "其中",   "以及",   "或者", "而且",
      "并且", "如果",   "虽然", "不是",   "就是", "只是",   "还有",   "不能",   "不会", "应该",
      "需要", "知道",   "告诉", "帮助",   "帮忙", "麻烦",   "重视",   "关注",   "尽快", "及时",
      "落实", "规定",   "政策", "国家",   "社会", "单位",   "地方",   "公司",   "人员", "工作人员",
      "时间", "事情",   "方面", "过程",   "结果", "原因",   "办法",   "措施",   "意见", "申请",
      "办理", "合理",   "正常", "存在",   "发生", "出现",   "造成",   "使用",   "提供", "给予",
      "得到", "进一步", "有限", "请问",   "一样", "怎样",   "哪里",   "为何",   "到底", "究竟",
      "依法", "予以",   "该村", "我村",   "本村", "村民",   "小区",   "街道",   "社区", "区域",
      "地区", "全省",   "全市", "省委",   "市委", "县委",   "某某",   "近日",   "最近", "现将",
      "收悉", "如下",   "特此", "此复",   "支持", "信任",   "提出",   "活动",   "发现", "感觉",
      "最高", "一起",   "认为", "表示",   "进入", "开始",   "结束",   "继续",   "经过", "按照",
      "根据", "通过",   "实际", "具体",   "有效", "必须",   "只能",   "可能",   "特别", "真的",
      "实在", "当地",   "附近", "周边",   "多年", "每年",   "每月",   "一天",   "晚上", "早上",
      "白天", "小时",   "年来", "希望能", "看到", "听说",   "觉得",   "想要",   "准备", "打算",
      "上午", "下午",   "中午", "经常",   "每次", "超过",   "以上",   "以下",   "马上", "连续",
      "我的", "我们的", "一家", "太多",   "行为", "尤其是", "几十年", "错误",   "几年", "几个",
      "一次", "两次",   "三次", "多少",   "所有", "任何",   "其他",   "别的",   "这种", "那种",
      "还要", "还会",   "甚至", "居然",   "竟然", "根本",   "完全",   "一点",   "不到", "不了",
      "起来", "出来",   "下来", "很大", "很多", "很小", "不好", "很好", "很久", "好久", "一年",
      "两年", "三年",
  };
  return kWords;
}

bool IsHan(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(c), &status) == USCRIPT_HAN;
}

bool AllHan(std::u32string_view chars) {
  return !chars.empty() && std::all_of(chars.begin(), chars.end(), IsHan);
}

}  // namespace

bool IsCommonWord(std::string_view word) { return CommonWords().contains(word); }

std::vector<std::string> KeyTerms(std::string_view title, std::string_view content, int limit,
                                  int title_weight) {
  struct Weight {
    int weight = 0;
    int first = 0;
  };
  std::map<std::string, Weight, std::less<>> weights;
  int position = 0;
  auto add = [&](const std::u32string& chars, int w) {
    const std::string word = EncodeUtf8(chars);
    if (chars.size() < 2 || !AllHan(chars) || IsCommonWord(word)) return;
    auto [entry, fresh] = weights.try_emplace(word);
    if (fresh) entry->second.first = position++;
    entry->second.weight += w;
  };
  auto count = [&](std::string_view text, int w) {
    // The dictionary lacks many compounds ("油烟" comes out as 油|烟): a run
    // of two to four single Han characters is taken as one word.
    std::u32string run;
    int run_words = 0;
    auto flush = [&] {
      if (run_words >= 2 && run_words <= 4) add(run, w);
      run.clear();
      run_words = 0;
    };
    for (const std::string& word : SegmentWords(text)) {
      const std::u32string chars = ContentChars(word);
      if (chars.size() == 1 && AllHan(chars)) {
        run += chars;
        ++run_words;
        continue;
      }
      flush();
      add(chars, w);
    }
    flush();
  };
  count(title, title_weight);
  count(content, 1);
  // A word the citizen used once in passing says little; the title's words
  // and the words they repeat say what the demand is about.
  std::erase_if(weights, [&](const auto& entry) {
    return entry.second.weight < 2 && entry.second.weight < title_weight;
  });
  std::vector<std::pair<std::string, Weight>> ranked(weights.begin(), weights.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.second.weight != b.second.weight) return a.second.weight > b.second.weight;
    return a.second.first < b.second.first;
  });
  std::vector<std::string> out;
  for (auto& [word, w] : ranked) {
    if (static_cast<int>(out.size()) >= limit) break;
    out.push_back(word);
  }
  return out;
}

bool TermAddressed(std::u32string_view reply_chars, std::string_view term) {
  const std::u32string chars = ContentChars(term);
  if (chars.empty()) return true;
  if (reply_chars.find(chars) != std::u32string_view::npos) return true;
  if (chars.size() < 4) return false;
  const std::u32string_view view(chars);
  return reply_chars.find(view.substr(0, 2)) != std::u32string_view::npos ||
         reply_chars.find(view.substr(view.size() - 2)) != std::u32string_view::npos;
}

}  // namespace hotline
