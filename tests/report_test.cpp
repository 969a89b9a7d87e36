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

}  // namespace
}  // namespace hotline::testing
