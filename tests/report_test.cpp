// The generated reports end to end: orders made through the API show up in
// today's daily report; the report is kept in the history, exported as an
// .xlsx (opened with openpyxl, an independent reader, and checked cell by
// cell) and as a printable page; bad requests store nothing.
#include "workorder/report.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

constexpr std::string_view kStreet1 = "320104001";
constexpr std::string_view kDept1 = "320104D01";

std::string Today() { return ReportDateText(ChinaDateOf(SystemClock().Now())); }

const json& Section(const json& report, std::string_view id) {
  for (const json& s : report.at("sections"))
    if (s.at("id") == id) return s;
  throw std::runtime_error("no section " + std::string(id) + " in " + report.dump());
}

// Every sheet of an .xlsx as {"sheets": [names], "cells": {sheet: [[values]]},
// "formats": {sheet: [[number formats]]}, "frozen": {sheet: "A2"}}.
json ReadXlsx(const std::string& bytes) {
  // openpyxl goes by the file name's extension.
  char path[] = "/tmp/hotline-report-test-XXXXXX.xlsx";
  const int fd = mkstemps(path, 5);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  const std::string script = R"py(
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "cells": {}, "formats": {}, "frozen": {}}
for ws in wb.worksheets:
    out["cells"][ws.title] = [[c.value for c in row] for row in ws.iter_rows()]
    out["formats"][ws.title] = [[c.number_format for c in row] for row in ws.iter_rows()]
    out["frozen"][ws.title] = ws.freeze_panes
print(json.dumps(out, ensure_ascii=False, default=str))
)py";
  // Debian's interpreter, where python3-openpyxl is installed (a python3
  // earlier on PATH may not have it).
  const std::string command = "/usr/bin/python3 -c '" + script + "' " + path + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string text;
  char buffer[4096];
  while (pipe && fgets(buffer, sizeof buffer, pipe)) text += buffer;
  if (pipe) ::pclose(pipe);
  std::filesystem::remove(path);
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) throw std::runtime_error("openpyxl said: " + text);
  return parsed;
}

class ReportTest : public HotlineTest {
 protected:
  // Two orders today: one closed satisfied at street 1, one in handling at a department.
  void Populate() {
    const std::int64_t closed = Id(HandlingOrder(kStreet1, "路灯不亮"));
    Reply(closed, kStreet1);
    MustAct("reviewer1", closed, "review-reply", {{"approve", true}});
    MustAct("callback1", closed, "callback",
            {{"reached", true}, {"resolved", true}, {"satisfaction", "satisfied"}});
    HandlingOrder(kDept1, "占道经营");
  }

  ApiResponse Generate(const json& body, const std::string& user = "supervisor1") {
    return api().Post("/api/v1/reports", body, Token(user));
  }

  std::int64_t Total(std::string_view kind) {
    const auto r = api().Get("/api/v1/reports?kind=" + std::string(kind), Token("leader1"));
    EXPECT_EQ(r.status, 200) << Describe(r);
    return r.body_json.value("total", -1);
  }
};

TEST_F(ReportTest, DailyReportOfTodayWithExportsAndHistory) {
  Populate();
  const auto made = Generate({{"kind", "daily"}, {"date", Today()}});
  ASSERT_EQ(made.status, 201) << Describe(made);
  const json& report = made.body_json;
  const std::int64_t id = report.at("id").get<std::int64_t>();
  EXPECT_EQ(report["kind"], "daily");
  EXPECT_EQ(report["from"], Today());
  EXPECT_EQ(report["to"], Today());

  const json& overview = Section(report, "overview").at("rows").at(0);
  EXPECT_EQ(overview["received"], 2);
  EXPECT_EQ(overview["rated"], 1);
  EXPECT_EQ(overview["satisfaction_rate"], 1.0);
  bool street_seen = false;
  for (const json& row : Section(report, "by_unit").at("rows"))
    if (row["key"] == Unit(kStreet1)) {
      street_seen = true;
      EXPECT_EQ(row["replied"], 1);
      EXPECT_EQ(row["resolution_rate"], 1.0);
    }
  EXPECT_TRUE(street_seen) << Section(report, "by_unit").dump();
  EXPECT_EQ(Section(report, "top_demands").at("rows").size(), 1u);  // both orders: one category

  // The kept report reads back the same.
  const auto read = api().Get(fmt::format("/api/v1/reports/{}", id), Token("leader1"));
  ASSERT_EQ(read.status, 200) << Describe(read);
  EXPECT_EQ(read.body_json["sections"], report["sections"]);

  // The spreadsheet: one sheet per section after the cover, Chinese headers,
  // the same numbers, rates as percentages, the header row frozen.
  const auto xlsx = api().Get(fmt::format("/api/v1/reports/{}.xlsx", id), Token("leader1"));
  ASSERT_EQ(xlsx.status, 200) << Describe(xlsx);
  EXPECT_EQ(xlsx.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const json book = ReadXlsx(xlsx.body);
  ASSERT_TRUE(book.contains("sheets")) << book.dump();
  const json& sheets = book["sheets"];
  ASSERT_EQ(sheets.size(), report["sections"].size() + 1) << sheets.dump();
  EXPECT_EQ(sheets[0], "报告说明");
  EXPECT_EQ(sheets[1], "总体情况");
  EXPECT_EQ(sheets[5], "承办单位");
  const json& cells = book["cells"]["总体情况"];
  EXPECT_EQ(cells[0][0], "范围");
  EXPECT_EQ(cells[0][1], "受理量");
  EXPECT_EQ(cells[0][16], "满意率");
  EXPECT_EQ(cells[1][0], "全区");
  EXPECT_EQ(cells[1][1], 2);
  EXPECT_EQ(cells[1][16], 1);
  EXPECT_EQ(book["formats"]["总体情况"][1][16], "0.00%");
  EXPECT_EQ(book["frozen"]["总体情况"], "A2");
  EXPECT_EQ(book["frozen"]["承办单位"], "A2");
  EXPECT_EQ(book["cells"]["报告说明"][1][1], "日梳理");

  // The printable page.
  const auto html = api().Get(fmt::format("/api/v1/reports/{}.html", id), Token("leader1"));
  ASSERT_EQ(html.status, 200) << Describe(html);
  EXPECT_EQ(html.content_type.rfind("text/html", 0), 0u) << html.content_type;
  EXPECT_NE(html.body.find("日梳理"), std::string::npos);
  EXPECT_NE(html.body.find("@media print"), std::string::npos);
  EXPECT_NE(html.body.find("<th>满意率</th>"), std::string::npos);
  EXPECT_NE(html.body.find("100.00%"), std::string::npos);

  // The history lists it, newest first, without the body.
  const auto history = api().Get("/api/v1/reports?kind=daily", Token("leader1"));
  ASSERT_EQ(history.status, 200) << Describe(history);
  bool listed = false;
  for (const json& item : history.body_json["items"])
    if (item["id"] == id) {
      listed = true;
      EXPECT_FALSE(item.contains("sections"));
      EXPECT_EQ(item["from"], Today());
    }
  EXPECT_TRUE(listed) << history.body;
}

TEST_F(ReportTest, FailedGenerationsStoreNothing) {
  const std::int64_t before = Total("custom");
  struct Bad {
    json body;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {{{"kind", "hourly"}, {"date", Today()}}, "kind"},
      {{{"kind", "daily"}, {"date", "2026-02-30"}}, "date"},
      {{{"kind", "daily"}}, "date"},
      {{{"kind", "daily"}, {"date", "2999-01-01"}}, "date"},
      {{{"kind", "custom"}, {"from", "2026-03-10"}, {"to", "2026-03-01"}}, "from"},
      {{{"kind", "custom"}, {"from", "2020-01-01"}, {"to", "2026-01-01"}}, "to"},
      {{{"kind", "custom"}, {"from", "2026-03-01"}}, "to"},
  };
  for (const Bad& b : bad) {
    const auto r = Generate(b.body);
    EXPECT_EQ(r.status, 400) << b.body.dump() << " " << Describe(r);
    EXPECT_EQ(r.ErrorField(), b.field) << b.body.dump() << " " << Describe(r);
  }
  EXPECT_EQ(Total("custom"), before);

  const std::string month_ago =
      ReportDateText(ChinaDateOf(SystemClock().Now()) - std::chrono::days(30));
  const auto ok = Generate({{"kind", "custom"}, {"from", month_ago}, {"to", Today()}});
  ASSERT_EQ(ok.status, 201) << Describe(ok);
  EXPECT_EQ(Total("custom"), before + 1);
}

TEST_F(ReportTest, OnlyOversightRolesGenerateAndRead) {
  const auto refused = Generate({{"kind", "daily"}, {"date", Today()}}, "agent1");
  EXPECT_EQ(refused.status, 403) << Describe(refused);
  const auto made = Generate({{"kind", "weekly"}, {"date", Today()}}, "admin");
  ASSERT_EQ(made.status, 201) << Describe(made);
  const std::int64_t id = made.body_json["id"].get<std::int64_t>();
  const auto hidden = api().Get(fmt::format("/api/v1/reports/{}", id), Token(HandlerOf(kStreet1)));
  EXPECT_EQ(hidden.status, 403) << Describe(hidden);
  EXPECT_EQ(api().Get(fmt::format("/api/v1/reports/{}", id), Token("deputy1")).status, 200);
  EXPECT_EQ(api().Get("/api/v1/reports/999999.xlsx", Token("leader1")).status, 404);
  EXPECT_EQ(api().Get("/api/v1/reports/abc.html", Token("leader1")).status, 404);
  EXPECT_EQ(api().Get("/api/v1/reports?kind=hourly", Token("leader1")).status, 400);
}

// 不满意原因: recorded with the callback, refused where it does not belong,
// and counted in the report's 不满意原因分析 (per reason and per unit).
class DissatisfiedReasonReportTest : public ReportTest {
 protected:
  // An order led by `unit`, replied and approved: waiting for its callback.
  std::int64_t AwaitingCallback(std::string_view unit) {
    const std::int64_t id = Id(HandlingOrder(unit, "占道经营"));
    Reply(id, unit);
    MustAct("reviewer1", id, "review-reply", {{"approve", true}});
    return id;
  }
  json Dissatisfied(std::optional<std::string> reason) {
    json body{{"reached", true}, {"resolved", false}, {"satisfaction", "dissatisfied"}};
    if (reason) body["dissatisfied_reason"] = *reason;
    return body;
  }
};

TEST_F(DissatisfiedReasonReportTest, ReasonsAreRecordedCheckedAndReported) {
  // Bad inputs first: each refused with 400 on the field, the order unchanged.
  const std::int64_t first = AwaitingCallback(kStreet1);
  const json before = MustRead(first);
  struct Bad {
    json body;
    std::string why;
  };
  const std::vector<Bad> bad = {
      {{{"reached", true},
        {"resolved", true},
        {"satisfaction", "satisfied"},
        {"dissatisfied_reason", "slow"}},
       "reason with 满意"},
      {{{"reached", true},
        {"resolved", true},
        {"satisfaction", "basically_satisfied"},
        {"dissatisfied_reason", "slow"}},
       "reason with 基本满意"},
      {{{"reached", false}, {"dissatisfied_reason", "slow"}}, "reason without reaching anyone"},
      {Dissatisfied("rude"), "unknown reason"},
      {Dissatisfied(""), "empty reason"},
  };
  for (const Bad& b : bad) {
    const auto r = Act("callback1", first, "callback", b.body);
    EXPECT_EQ(r.status, 400) << b.why << ": " << Describe(r);
    EXPECT_EQ(r.ErrorCode(), "invalid_value") << b.why;
    EXPECT_EQ(r.ErrorField(), "dissatisfied_reason") << b.why;
  }
  const json after = MustRead(first);
  EXPECT_EQ(Version(after), Version(before));
  EXPECT_EQ(StateOf(after), "pending_callback");
  EXPECT_EQ(after["events"].size(), before["events"].size());

  // Street 1: slow, slow, no reason; the department: attitude.
  const json rated = MustAct("callback1", first, "callback", Dissatisfied("slow"));
  EXPECT_EQ(rated["last_callback"]["dissatisfied_reason"], "slow");
  EXPECT_EQ(rated["events"].back()["payload"]["dissatisfied_reason"], "slow");
  MustAct("callback1", AwaitingCallback(kStreet1), "callback", Dissatisfied("slow"));
  const json unspecified =
      MustAct("callback1", AwaitingCallback(kStreet1), "callback", Dissatisfied(std::nullopt));
  EXPECT_TRUE(unspecified["last_callback"]["dissatisfied_reason"].is_null());
  EXPECT_FALSE(unspecified["events"].back()["payload"].contains("dissatisfied_reason"));
  MustAct("callback1", AwaitingCallback(kDept1), "callback", Dissatisfied("attitude"));

  const auto made = Generate({{"kind", "monthly"}, {"date", Today()}});
  ASSERT_EQ(made.status, 201) << Describe(made);
  const json& report = made.body_json;
  EXPECT_EQ(report["rules_version"], 0);  // nothing saved: the defaults judged the period
  const json& reasons = Section(report, "dissatisfied_reasons");
  EXPECT_EQ(reasons["title"], "不满意原因分析");
  std::map<std::string, json> by_code;
  for (const json& row : reasons["rows"]) by_code[row["key"].get<std::string>()] = row;
  EXPECT_EQ(by_code["slow"]["dissatisfied"], 2);
  EXPECT_EQ(by_code["slow"]["share"], 0.5);
  EXPECT_EQ(by_code["attitude"]["dissatisfied"], 1);
  EXPECT_EQ(by_code["attitude"]["share"], 0.25);
  EXPECT_EQ(by_code["unspecified"]["dissatisfied"], 1);
  EXPECT_EQ(by_code["unresolved"]["dissatisfied"], 0);
  EXPECT_EQ(by_code["total"]["dissatisfied"], 4);
  // The total is the overview's 不满意 figure.
  EXPECT_EQ(Section(report, "overview")["rows"][0]["dissatisfied"], 4);

  const json& units = Section(report, "dissatisfied_reasons_by_unit")["rows"];
  ASSERT_EQ(units.size(), 2u) << units.dump();
  EXPECT_EQ(units[0]["key"], Unit(kStreet1));
  EXPECT_EQ(units[0]["dissatisfied"], 3);
  EXPECT_EQ(units[0]["slow"], 2);
  EXPECT_EQ(units[0]["unspecified"], 1);
  EXPECT_EQ(units[1]["key"], Unit(kDept1));
  EXPECT_EQ(units[1]["attitude"], 1);

  // The spreadsheet has both tables with their Chinese headers.
  const std::int64_t id = report["id"].get<std::int64_t>();
  const auto xlsx = api().Get(fmt::format("/api/v1/reports/{}.xlsx", id), Token("leader1"));
  ASSERT_EQ(xlsx.status, 200) << Describe(xlsx);
  const json book = ReadXlsx(xlsx.body);
  ASSERT_TRUE(book.contains("cells")) << book.dump();
  const json& sheet = book["cells"]["不满意原因分析"];
  ASSERT_FALSE(sheet.is_null()) << book["sheets"].dump();
  EXPECT_EQ(sheet[0], json::array({"不满意原因", "不满意件数", "占比"}));
  EXPECT_EQ(sheet[1][0], "问题未解决");
  EXPECT_EQ(sheet[2][0], "办理不及时");
  EXPECT_EQ(sheet[2][1], 2);
  EXPECT_EQ(sheet[2][2], 0.5);
  EXPECT_EQ(book["formats"]["不满意原因分析"][2][2], "0.00%");
  const json& unit_sheet = book["cells"]["不满意原因-单位"];
  ASSERT_FALSE(unit_sheet.is_null()) << book["sheets"].dump();
  EXPECT_EQ(unit_sheet[0][0], "承办单位");
  EXPECT_EQ(unit_sheet[0][2], "问题未解决");
  EXPECT_EQ(unit_sheet[0].back(), "未说明原因");
  EXPECT_EQ(unit_sheet[1][1], 3);
  // The cover names the scoring rules the report used.
  bool cover_names_rules = false;
  for (const json& row : book["cells"]["报告说明"])
    if (row[0] == "考核细则版本") cover_names_rules = row[1] == "默认考核细则（第 0 版）";
  EXPECT_TRUE(cover_names_rules) << book["cells"]["报告说明"].dump();
}

}  // namespace
}  // namespace hotline::testing
