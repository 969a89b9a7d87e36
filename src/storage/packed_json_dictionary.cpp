// Dictionary 1 of the packed JSON storage (packed_json.h): typical event
// payloads, then a typical order document, in the exact form the storage
// writes them (sorted keys, no spaces). Zstandard matches rows against these
// bytes, so the shapes and the phrases that recur in every order cost almost
// nothing to store. Later bytes are cheaper to refer to, so the most common
// text (the order document) comes last.
//
// FROZEN. Every row packed with tag 0x01 needs exactly these bytes to be read
// back. Never edit this text; a better dictionary is a new one with a new tag.
#include <string_view>

#include "storage/packed_json.h"

namespace hotline {
namespace {

constexpr std::string_view kDictionaryV1 =
    R"({"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":null,"sla_version":1},"merged_into":0,"note":"重复诉求，并入主单办理"})"
    R"({"approve":false,"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":null,"sla_version":1},"note":"答复内容不完整，请补充办理结果后重新答复"})"
    R"({"attachments":[],"note":"已电话联系诉求人，现场查看后答复","progress":"正在协调相关部门处理"})"
    R"({"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":null,"sla_version":1},"note":"直接答复：已向来电人解释相关政策","reason":"direct_answer"})"
    R"({"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":null,"sla_version":1},"note":"多次联系未接通","reached":false,"resolved":false,"satisfaction":null})"
    R"({"approve":true,"coordination_required":false,"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":null,"sla_version":1},"note":"退单理由成立","returned_by_unit_id":12})"
    R"({"basis":"诉求地点不在本单位辖区","deadlines":{"application_review":{"due_at":"2026-03-12T09:00:00+08:00","overdue":false,"warn_at":"2026-03-11T16:30:00+08:00","warned":false},"callback":null,"handle":null,"review":null,"sign":{"due_at":"2026-03-11T10:30:00+08:00","overdue":false,"warn_at":"2026-03-11T10:06:00+08:00","warned":false},"sla_version":1},"duty_item":"","note":"","proposed_unit_id":26,"reason_code":"outside_jurisdiction"})"
    R"({"days":5,"deadlines":{"application_review":{"due_at":"2026-03-13T15:00:00+08:00","overdue":false,"warn_at":"2026-03-13T14:00:00+08:00","warned":false},"callback":null,"handle":{"due_at":"2026-03-19T12:00:00+08:00","overdue":false,"warn_at":"2026-03-18T12:00:00+08:00","warned":false},"review":null,"sign":null,"sla_version":1},"reason":"需协调多个部门现场勘查，申请延期办理"})"
    R"({"approve":true,"days":5,"deadlines":{"application_review":null,"callback":null,"handle":{"due_at":"2026-03-26T12:00:00+08:00","overdue":false,"warn_at":"2026-03-25T12:00:00+08:00","warned":false},"review":null,"sign":null,"sla_version":1},"note":"同意延期"})"
    R"({"assist_parts":[],"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":{"due_at":"2026-03-12T13:30:00+08:00","overdue":false,"warn_at":"2026-03-12T11:45:00+08:00","warned":false},"sla_version":1},"lead_unit_id":26,"note":"回访不满意，重新办理","return_window_ends":"2026-03-12T13:30:00+08:00"})"
    R"({"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":{"due_at":"2026-03-11T10:30:00+08:00","overdue":true,"warn_at":"2026-03-11T10:06:00+08:00","warned":true},"sla_version":1},"due_at":"2026-03-11T10:30:00+08:00","lead_unit_id":32,"step":"sign"})"
    R"({"deadlines":{"application_review":null,"callback":null,"handle":{"due_at":"2026-03-18T17:30:00+08:00","overdue":false,"warn_at":"2026-03-17T17:30:00+08:00","warned":true},"review":null,"sign":null,"sla_version":1},"due_at":"2026-03-18T17:30:00+08:00","lead_unit_id":32,"step":"handle"})"
    R"({"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":null,"sla_version":1},"note":"","reached":true,"resolved":false,"satisfaction":"dissatisfied"})"
    R"({"approve":true,"deadlines":{"application_review":null,"callback":{"due_at":"2026-03-13T17:30:00+08:00","overdue":false,"warn_at":"2026-03-13T14:30:00+08:00","warned":false},"handle":null,"review":null,"sign":null,"sla_version":1},"note":"答复规范，同意回访"})"
    R"({"assist_parts_missing":[],"assist_parts_received":[],"contact":{"at":"2026-03-11T17:20:00+08:00","method":"phone"},"deadlines":{"application_review":null,"callback":null,"handle":null,"review":{"due_at":"2026-03-12T17:30:00+08:00","overdue":false,"warn_at":"2026-03-12T16:00:00+08:00","warned":false},"sign":null,"sla_version":1},"measures":"已调取相关材料逐项核查，明确专人负责跟进","note":"","progress":"当日已与诉求人沟通办理方案","result":"问题已整改完毕，现场已恢复正常"})"
    R"({"deadlines":{"application_review":null,"callback":null,"handle":{"due_at":"2026-03-18T13:30:00+08:00","overdue":false,"warn_at":"2026-03-17T13:30:00+08:00","warned":false},"review":null,"sign":null,"sla_version":1}})"
    R"({"assist_parts":[],"assist_unit_ids":[],"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":{"due_at":"2026-03-11T10:30:00+08:00","overdue":false,"warn_at":"2026-03-11T10:06:00+08:00","warned":false},"sla_version":1},"lead_unit_id":32,"note":"请依职责办理","return_window_ends":"2026-03-11T10:30:00+08:00"})"
    R"({"address":"南京市秦淮区中山南路100号","attachments":[],"caller_name":"王女士","caller_phone":"13800000000","category_id":108,"channel":"phone","community_unit_id":null,"content":"来电人反映小区附近存在问题，已持续一段时间，希望有关部门尽快处理。","demand_type":"complaint","enterprise":false,"idempotency_key":null,"long_pending_at":"2026-04-22T17:30:00+08:00","number":"2026031100001","street_unit_id":31,"title":"小区噪声扰民问题","upstream_id":null,"urgency":"normal"})"
    R"({"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":null,"sla_version":1},"note":"","reached":true,"resolved":true,"satisfaction":"satisfied"})"
    R"({"assist_unit_ids":[],"attachments":[],"callback_failed":false,"caller_name":"张先生","category_id":185,"channel":"phone","close_reason":"callback","closed_at":1741900752000,"collab":{"assist_parts":[],"coordination_required":false,"disputes":[],"guidance":[],"provisional_unit_id":null,"return_window_ends":"2026-03-12T13:30:00+08:00","returns":[{"at":"2026-03-11T09:00:00+08:00","outcome":"approved","reason_code":"outside_jurisdiction","reviewed_at":"2026-03-11T12:00:00+08:00","unit_id":32}],"routing_fixed":false,"whistles":[]},"community_unit_id":null,"created_at":1741651478000,"created_by":2,"deadlines":{"application_review":null,"callback":null,"handle":null,"review":null,"sign":null,"sla_version":1},"demand_type":"help","dispatch_count":1,"dissatisfied_since":null,"enterprise":false,"extension_days":0,"id":12007,"idempotency_key":null,"intake_flags":[],"last_callback":{"at":1741900752000,"note":"","reached":true,"resolved":true,"satisfaction":"satisfied"},"lead_unit_id":26,"long_pending":false,"long_pending_at":1745314200000,"merged_ids":[],"merged_into":null,"number":"2026031100069","pending":null,"reopen_count":0,"reply":{"assist_parts_missing":[],"assist_parts_received":[],"contact":{"at":"2026-03-13T14:00:00+08:00","method":"visit"},"measures":"已安排工作人员到现场核实情况，明确专人负责跟进","note":"","progress":"当日已与诉求人沟通办理方案","result":"已向诉求人解释相关政策"},"return_count":0,"signed_by_lead":true,"state":"closed","street_unit_id":31,"unreached_callbacks":0,"updated_at":1741900752000,"upstream_id":null,"urgency":"normal","version":7})";

}  // namespace

std::string_view PackedJsonDictionaryV1() { return kDictionaryV1; }

}  // namespace hotline
