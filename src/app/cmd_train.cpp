// `hotline train --db FILE`: trains a new version of the dispatch models from
// the database's closed orders and stores it; a server running on the same
// database puts it in force within seconds, without a restart.
//   --export OUT   writes the newest stored model to a file instead
//   --import IN    stores a model file as a new version instead; a corrupt
//                  or foreign file is refused (exit 2) and nothing changes
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "app/commands.h"
#include "app/runtime.h"

namespace hotline {
namespace {

struct TrainOptions {
  std::string db;
  std::string export_path;
  std::string import_path;
};

// Bad input (a file that is not a model) exits 2, other failures 1.
int ReportInputError(const Error& error) {
  const int code = ReportError(error);
  return error.kind == ErrorKind::kInvalidInput ? 2 : code;
}

int RunTrain(const TrainOptions& o) {
  std::string import_bytes;
  if (!o.import_path.empty()) {
    std::ifstream in(o.import_path, std::ios::binary);
    if (!in) {
      std::cerr << fmt::format("无法读取模型文件 {}\n", o.import_path);
      return 2;
    }
    import_bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  Config config;
  config.database.path = o.db;
  auto rt = OpenRuntime(config);
  if (!rt) return ReportError(rt.error());
  DispatchAdvisor& advisor = *(*rt)->dispatch;

  if (!o.import_path.empty()) {
    auto version = advisor.ImportModel(import_bytes);
    if (!version) return ReportInputError(version.error());
    std::cout << fmt::format("model v{} imported from {}\n", *version, o.import_path);
    return 0;
  }
  if (!o.export_path.empty()) {
    auto bytes = advisor.ExportModel();
    if (!bytes) return ReportError(bytes.error());
    std::ofstream out(o.export_path, std::ios::binary | std::ios::trunc);
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    if (!out.flush()) {
      std::cerr << fmt::format("无法写入 {}\n", o.export_path);
      return 1;
    }
    std::cout << fmt::format("model v{} written to {} ({} bytes)\n", advisor.ModelVersion(),
                             o.export_path, bytes->size());
    return 0;
  }
  auto report = advisor.Train();
  if (!report) return ReportError(report.error());
  std::cout << fmt::format(
      "model v{}: {} orders, {} categories, {} units; held-out top-1 category {:.3f}, unit "
      "{:.3f}; {:.1f} s\n",
      report->version, report->orders, report->category_labels, report->unit_labels,
      report->category_top1, report->unit_top1, report->seconds);
  return 0;
}

}  // namespace

void AddTrainCommand(CLI::App& app) {
  auto opts = std::make_shared<TrainOptions>();
  CLI::App* cmd = app.add_subcommand(
      "train", "Train a new version of the dispatch suggestion models from closed orders");
  cmd->add_option("--db", opts->db, "SQLite database file")->required();
  auto* out = cmd->add_option("--export", opts->export_path,
                              "write the newest stored model to this file instead of training");
  cmd->add_option("--import", opts->import_path,
                  "store this model file as a new version instead of training")
      ->excludes(out);
  cmd->callback([opts] { CommandExitCode() = RunTrain(*opts); });
}

}  // namespace hotline
