// The generated reports (日梳理、周统计、月报告、年分析): POST /api/v1/reports
// generates and keeps one, GET /api/v1/reports lists the history, and GET
// /api/v1/reports/{id} returns one as JSON, or with the suffix .xlsx as a
// spreadsheet (one sheet per section) and .html as a printable page. The
// export is rendered from the stored body, so its numbers are the API's.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "api/api.h"
#include "api/error_map.h"
#include "api/field_reader.h"
#include "api/handler_support.h"
#include "common/time_format.h"
#include "service/report_service.h"

namespace hotline {
namespace {

using nlohmann::json;

constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Reports cover the whole district, so platform oversight roles read them;
// unit staff use their own scoped figures (GET /api/v1/metrics).
bool MayReadReports(Role role) {
  return role == Role::kSupervisor || role == Role::kLeader || role == Role::kDeputy ||
         role == Role::kAdmin;
}
bool MayGenerateReports(Role role) {
  return role == Role::kSupervisor || role == Role::kLeader || role == Role::kAdmin;
}

Result<void> CheckReader(const Actor& actor) {
  if (!MayReadReports(actor.role))
    return Fail(ErrorKind::kForbidden, "role_not_allowed",
                "只有督办员、领导、人大代表或系统管理员可以查看报告");
  return {};
}

json SummaryJson(const StoredReport& r) {
  const auto kind = ParseReportKind(r.kind);
  return json{{"id", r.id},
              {"kind", r.kind},
              {"kind_name", kind ? ReportKindName(*kind) : std::string_view(r.kind)},
              {"from", r.period_from},
              {"to", r.period_to},
              {"generated_at", FormatRfc3339(r.generated_at)},
              {"generated_by", r.generated_by ? json(*r.generated_by) : json(nullptr)}};
}

Result<json> FullJson(const StoredReport& r) {
  json out = SummaryJson(r);
  const json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object())
    return Fail(ErrorKind::kInternal, "invalid_report_body", "报告内容损坏");
  // The scoring rules version the 考核排名 used (null in older reports).
  out["rules_version"] = body.value("rules_version", json(nullptr));
  out["sections"] = body.value("sections", json::array());
  return out;
}

Result<std::chrono::sys_days> DateField(const std::string& text, std::string_view field) {
  auto day = ParseReportDate(text);
  if (!day)
    return Fail(ErrorKind::kInvalidInput, "invalid_value",
                fmt::format("{} 应为 YYYY-MM-DD 格式的日期", field), std::string(field));
  return *day;
}

// ---- .xlsx ---------------------------------------------------------------

// Display width of UTF-8 text in Excel's character units: CJK characters
// take two columns, everything else one.
double DisplayWidth(std::string_view text) {
  double width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += len >= 3 ? 2.0 : 1.0;
    i += len;
  }
  return width;
}

std::string CellText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

std::string RateText(const json& v) {
  if (!v.is_number()) return "—";
  return fmt::format("{:.2f}%", v.get<double>() * 100.0);
}

std::string DecimalText(const json& v) {
  if (!v.is_number()) return "—";
  return fmt::format("{:.2f}", v.get<double>());
}

std::string RulesVersionText(const std::optional<std::int64_t>& version) {
  if (!version) return "—";
  if (*version == 0) return "默认考核细则（第 0 版）";
  return fmt::format("第 {} 版", *version);
}

// Deletes the file on scope exit (the temp file libxlsxwriter writes).
struct TempFile {
  std::string path;
  ~TempFile() {
    if (!path.empty()) std::remove(path.c_str());
  }
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorKind::kInternal, "export_failed", "导出文件读取失败");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Result<std::string> RenderXlsx(const StoredReport& stored, const Report& report) {
  const std::string dir = std::filesystem::temp_directory_path().string();
  std::string pattern = dir + "/hotline-report-XXXXXX";
  const int fd = mkstemp(pattern.data());
  if (fd < 0) return Fail(ErrorKind::kInternal, "export_failed", "无法创建导出临时文件");
  close(fd);
  TempFile file{pattern};

  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = const_cast<char*>(dir.c_str());
  lxw_workbook* book = workbook_new_opt(file.path.c_str(), &options);
  if (book == nullptr) return Fail(ErrorKind::kInternal, "export_failed", "无法创建导出文件");

  lxw_format* header = workbook_add_format(book);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  format_set_border(header, LXW_BORDER_THIN);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_CENTER);
  format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format* percent = workbook_add_format(book);
  format_set_num_format(percent, "0.00%");
  lxw_format* integer = workbook_add_format(book);
  format_set_num_format(integer, "0");
  lxw_format* decimal = workbook_add_format(book);
  format_set_num_format(decimal, "0.00");

  // A first sheet says what the report is.
  lxw_worksheet* cover = workbook_add_worksheet(book, "报告说明");
  const std::string kind_name(ReportKindName(report.kind));
  const std::vector<std::pair<std::string, std::string>> facts = {
      {"报告类型", kind_name},
      {"统计期", fmt::format("{} 至 {}", stored.period_from, stored.period_to)},
      {"生成时间", FormatRfc3339(stored.generated_at)},
      {"报告编号", std::to_string(stored.id)},
      {"考核细则版本", RulesVersionText(report.rules_version)}};
  worksheet_write_string(cover, 0, 0, "项目", header);
  worksheet_write_string(cover, 0, 1, "内容", header);
  lxw_row_t row = 1;
  for (const auto& [k, v] : facts) {
    worksheet_write_string(cover, row, 0, k.c_str(), nullptr);
    worksheet_write_string(cover, row++, 1, v.c_str(), nullptr);
  }
  for (const ReportSection& s : report.sections) {
    worksheet_write_string(cover, row, 0, s.title.c_str(), nullptr);
    worksheet_write_string(cover, row++, 1, s.note.c_str(), nullptr);
  }
  worksheet_set_column(cover, 0, 0, 18, nullptr);
  worksheet_set_column(cover, 1, 1, 70, nullptr);
  worksheet_freeze_panes(cover, 1, 0);

  for (const ReportSection& s : report.sections) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, s.title.c_str());
    if (sheet == nullptr)
      return Fail(ErrorKind::kInternal, "export_failed", fmt::format("无法创建工作表 {}", s.title));
    std::vector<double> widths;
    for (std::size_t c = 0; c < s.columns.size(); ++c) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), s.columns[c].title.c_str(),
                             header);
      widths.push_back(DisplayWidth(s.columns[c].title));
    }
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      const auto out_row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < s.columns.size(); ++c) {
        const ReportColumn& col = s.columns[c];
        const auto out_col = static_cast<lxw_col_t>(c);
        const json v = s.rows[r].value(col.key, json(nullptr));
        double shown = 0;
        if (col.type == ColumnType::kRate && v.is_number()) {
          worksheet_write_number(sheet, out_row, out_col, v.get<double>(), percent);
          shown = 8;
        } else if (col.type == ColumnType::kInt && v.is_number()) {
          worksheet_write_number(sheet, out_row, out_col, v.get<double>(), integer);
          shown = static_cast<double>(v.dump().size());
        } else if (col.type == ColumnType::kDecimal && v.is_number()) {
          worksheet_write_number(sheet, out_row, out_col, v.get<double>(), decimal);
          shown = static_cast<double>(fmt::format("{:.2f}", v.get<double>()).size());
        } else if (v.is_null()) {
          worksheet_write_blank(sheet, out_row, out_col, nullptr);
        } else {
          const std::string text = CellText(v);
          worksheet_write_string(sheet, out_row, out_col, text.c_str(), nullptr);
          shown = DisplayWidth(text);
        }
        widths[c] = std::max(widths[c], shown);
      }
    }
    for (std::size_t c = 0; c < widths.size(); ++c)
      worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           std::clamp(widths[c] + 2.0, 8.0, 60.0), nullptr);
    worksheet_freeze_panes(sheet, 1, 0);
  }
  if (const lxw_error err = workbook_close(book); err != LXW_NO_ERROR)
    return Fail(ErrorKind::kInternal, "export_failed",
                fmt::format("导出失败：{}", lxw_strerror(err)));
  return ReadFile(file.path);
}

// ---- printable HTML ------------------------------------------------------

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr std::string_view kPrintCss = R"css(
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 24px; color: #111; }
h1 { font-size: 22px; text-align: center; margin-bottom: 4px; }
.meta { text-align: center; color: #555; margin-bottom: 24px; }
h2 { font-size: 16px; border-left: 4px solid #1f5fa8; padding-left: 8px; margin-top: 28px; }
p.note { color: #555; font-size: 12px; margin: 4px 0 8px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border: 1px solid #999; padding: 3px 6px; }
th { background: #ddebf7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.empty { color: #777; font-size: 12px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; }
  section { break-inside: avoid-page; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
)css";

std::string RenderHtml(const StoredReport& stored, const Report& report) {
  const std::string title = fmt::format("{}（{} 至 {}）", ReportKindName(report.kind),
                                        stored.period_from, stored.period_to);
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", Escape(title),
                     kPrintCss);
  out += fmt::format("<h1>12345 热线{}</h1>\n", Escape(title));
  out += fmt::format("<div class=\"meta\">报告编号 {} · 生成时间 {} · 考核细则 {}</div>\n",
                     stored.id, Escape(FormatRfc3339(stored.generated_at)),
                     Escape(RulesVersionText(report.rules_version)));
  for (const ReportSection& s : report.sections) {
    out += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", Escape(s.id), Escape(s.title));
    if (!s.note.empty()) out += fmt::format("<p class=\"note\">{}</p>\n", Escape(s.note));
    if (s.rows.empty()) {
      out += "<p class=\"empty\">本期无数据</p>\n</section>\n";
      continue;
    }
    out += "<table>\n<thead><tr>";
    for (const ReportColumn& c : s.columns) out += fmt::format("<th>{}</th>", Escape(c.title));
    out += "</tr></thead>\n<tbody>\n";
    for (const json& row : s.rows) {
      out += "<tr>";
      for (const ReportColumn& c : s.columns) {
        const json v = row.value(c.key, json(nullptr));
        if (c.type == ColumnType::kRate)
          out += fmt::format("<td class=\"num\">{}</td>", RateText(v));
        else if (c.type == ColumnType::kDecimal)
          out += fmt::format("<td class=\"num\">{}</td>", DecimalText(v));
        else if (c.type == ColumnType::kInt)
          out += fmt::format("<td class=\"num\">{}</td>", Escape(CellText(v)));
        else
          out += fmt::format("<td>{}</td>", Escape(CellText(v)));
      }
      out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n</section>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

// "12", "12.xlsx" or "12.html": the id and the format asked for.
struct ReportPath {
  std::string id_text;
  std::string format;  // "json", "xlsx" or "html"
};

ReportPath SplitReportPath(std::string_view segment) {
  for (std::string_view format : {"xlsx", "html", "json"}) {
    const std::string suffix = fmt::format(".{}", format);
    if (segment.size() > suffix.size() && segment.ends_with(suffix))
      return {std::string(segment.substr(0, segment.size() - suffix.size())), std::string(format)};
  }
  return {std::string(segment), "json"};
}

}  // namespace

ReportService Api::Reports() const {
  ReportOptions options;
  options.repeat_threshold = deps_.orders.Rules().repeat_threshold;
  return ReportService(deps_.store, deps_.directory, deps_.orders.GetClock(), options);
}

HttpResponse Api::CreateReport(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (!MayGenerateReports(actor->role))
      return Fail(ErrorKind::kForbidden, "role_not_allowed",
                  "只有督办员、领导或系统管理员可以生成报告");
    auto body = ParseJsonObject(req.body);
    if (!body) return Fail(body.error());
    FieldReader reader(*body);
    const std::string kind_text = reader.String("kind", true);
    const auto date = reader.OptionalString("date");
    const auto from = reader.OptionalString("from");
    const auto to = reader.OptionalString("to");
    if (auto r = reader.Finish(); !r) return Fail(r.error());
    const auto kind = ParseReportKind(kind_text);
    if (!kind)
      return Fail(ErrorKind::kInvalidInput, "invalid_value",
                  "kind 应为 daily、weekly、monthly、annual 或 custom", "kind");
    ReportService reports = Reports();
    Result<StoredReport> made = Fail(ErrorKind::kInternal, "internal", "内部错误");
    if (*kind == ReportKind::kCustom) {
      if (date)
        return Fail(ErrorKind::kInvalidInput, "unknown_field", "自定义报告请用 from 和 to", "date");
      for (const auto& [value, name] : {std::pair{&from, "from"}, std::pair{&to, "to"}})
        if (!*value)
          return Fail(ErrorKind::kInvalidInput, "missing_field",
                      fmt::format("自定义报告请提供 {}（YYYY-MM-DD）", name), name);
      auto from_day = DateField(*from, "from");
      if (!from_day) return Fail(from_day.error());
      auto to_day = DateField(*to, "to");
      if (!to_day) return Fail(to_day.error());
      made = reports.GenerateCustom(*from_day, *to_day, actor->user_id);
    } else {
      if (from || to)
        return Fail(ErrorKind::kInvalidInput, "unknown_field", "from 和 to 只用于自定义报告",
                    from ? "from" : "to");
      if (!date)
        return Fail(ErrorKind::kInvalidInput, "missing_field", "请提供报告日期 date（YYYY-MM-DD）",
                    "date");
      auto day = DateField(*date, "date");
      if (!day) return Fail(day.error());
      made = reports.Generate(*kind, *day, actor->user_id);
    }
    if (!made) return Fail(made.error());
    spdlog::info("audit report_generated user={} id={} kind={} from={} to={}", actor->username,
                 made->id, made->kind, made->period_from, made->period_to);
    auto out = FullJson(*made);
    if (!out) return Fail(out.error());
    HttpResponse r = JsonResponse(201, *out);
    r.headers.emplace_back("Location", fmt::format("/api/v1/reports/{}", made->id));
    return r;
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::ListReports(const HttpRequest& req, const PathParams&) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto r = CheckReader(*actor); !r) return Fail(r.error());
    if (auto r = OnlyKnownQuery(req, {"kind", "page", "page_size"}); !r) return Fail(r.error());
    std::string kind;
    if (req.HasQuery("kind")) {
      kind = std::string(req.Query("kind"));
      if (!ParseReportKind(kind))
        return Fail(ErrorKind::kInvalidInput, "invalid_value",
                    "kind 应为 daily、weekly、monthly、annual 或 custom", "kind");
    }
    auto paging = ParsePaging(req, 20);
    if (!paging) return Fail(paging.error());
    auto page = deps_.store.ListReports(kind, paging->limit(), paging->offset());
    if (!page) return Fail(page.error());
    json items = json::array();
    for (const StoredReport& r : page->items) items.push_back(SummaryJson(r));
    return JsonResponse(200, json{{"items", std::move(items)},
                                  {"total", page->total},
                                  {"page", paging->page},
                                  {"page_size", paging->page_size}});
  }();
  return Respond(std::move(result), actor->username);
}

HttpResponse Api::GetReport(const HttpRequest& req, const PathParams& params) const {
  auto actor = Authenticate(req);
  if (!actor) return ErrorResponse(actor.error());
  auto result = [&]() -> Result<HttpResponse> {
    if (auto r = CheckReader(*actor); !r) return Fail(r.error());
    const ReportPath path = SplitReportPath(params.at("id"));
    auto id = ParseId(path.id_text, "id");
    if (!id) return Fail(id.error());
    auto stored = deps_.store.GetReport(*id);
    if (!stored) return Fail(stored.error());
    if (!*stored)
      return Fail(ErrorKind::kNotFound, "not_found", fmt::format("报告 {} 不存在", *id));
    if (path.format == "json") {
      auto out = FullJson(**stored);
      if (!out) return Fail(out.error());
      return JsonResponse(200, *out);
    }
    const json body = json::parse((*stored)->body, nullptr, /*allow_exceptions=*/false);
    auto report = ReportFromJson(body);
    if (!report) return Fail(report.error());
    HttpResponse r;
    r.status = 200;
    // ASCII file names: every browser and client takes them as they are.
    const std::string name = fmt::format("report-{}-{}-{}", (*stored)->kind, (*stored)->period_from,
                                         (*stored)->period_to);
    if (path.format == "xlsx") {
      auto bytes = RenderXlsx(**stored, *report);
      if (!bytes) return Fail(bytes.error());
      r.content_type = std::string(kXlsxType);
      r.body = std::move(*bytes);
      r.headers.emplace_back("Content-Disposition",
                             fmt::format("attachment; filename=\"{}.xlsx\"", name));
    } else {
      r.content_type = "text/html; charset=utf-8";
      r.body = RenderHtml(**stored, *report);
    }
    return r;
  }();
  return Respond(std::move(result), actor->username);
}

}  // namespace hotline
