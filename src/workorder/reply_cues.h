// Cue phrases of Chinese official replies: what marks handling measures
// (经核实, 已安排, 现场, 责令整改 ...), progress (目前, 已于, dates), a result
// (已解决, 已恢复, 经查属实 ...), contact with the citizen (电话联系, 当面,
// 已告知 ...), and the greetings and closings every reply shares. Chosen by
// reading the real replies (docs/reply-quality.md). All functions take
// ContentChars-style text or raw UTF-8 as named.
#pragma once

#include <string>
#include <string_view>

namespace hotline::reply_cues {

// On ContentChars(text) (punctuation and spaces removed).
bool HasMeasures(std::u32string_view chars);
bool HasProgress(std::u32string_view chars);  // progress words or a date (5月3日, 2019年)
bool HasResult(std::u32string_view chars);
// Contact that took place (电话联系, 与您沟通, 当面, 已告知); offers of
// contact (如有疑问请联系, 联系电话) and announced contact (将与您联系) do
// not count.
bool HasRecordedContact(std::u32string_view chars);
// The unit says it could not reach the citizen (联系不上, 无人接听).
bool HasFailedContact(std::u32string_view chars);

// A clause (text between punctuation) that is a greeting, thanks, an
// acknowledgement of receipt or a closing formula.
bool IsTemplateClause(std::u32string_view chars);

// ContentChars of a structured part with filler phrases (已处理, 已办结,
// 处理完毕, 同上, 无 ...) taken out: what is left says something.
std::u32string WithoutFiller(std::string_view part);

}  // namespace hotline::reply_cues
