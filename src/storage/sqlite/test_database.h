// For tests: a real SQLite database in a temporary directory of its own,
// named after the running test and removed when the TestDatabase goes away
// (declare it before the Store it opens, so the store closes first).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "storage/sqlite/sqlite_store.h"

namespace hotline {

class TestDatabase {
 public:
  TestDatabase() = default;
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  ~TestDatabase() {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // Creates the directory (empty) and opens a fresh, migrated database in it.
  Result<std::unique_ptr<Store>> Open() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("hotline_" + std::string(test->test_suite_name()) + "_" + test->name() + "_" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    SqliteOptions options;
    options.path = (dir_ / "t.db").string();
    return OpenSqliteStore(options);
  }
  // The database file Open() created.
  std::string path() const { return (dir_ / "t.db").string(); }

 private:
  std::filesystem::path dir_;
};

// A small district for tests: the platform, two streets and one three-level
// category chain ending in a leaf orders can be filed under.
struct SmallDistrict {
  UnitId platform = 0;
  UnitId street = 0;        // 夫子庙街道
  UnitId other_street = 0;  // 红花街道
  CategoryId leaf = 0;      // 城乡建设 / 市政 / 道路破损
};

inline Result<SmallDistrict> SeedSmallDistrict(Store& store) {
  SmallDistrict d;
  auto written = store.Write([&](WriteTxn& t) -> Result<void> {
    auto platform = t.InsertUnit({0, "P", "平台", UnitKind::kPlatform, std::nullopt});
    if (!platform) return Fail(platform.error());
    auto street = t.InsertUnit({0, "S1", "夫子庙街道", UnitKind::kStreet, *platform});
    if (!street) return Fail(street.error());
    auto other = t.InsertUnit({0, "S2", "红花街道", UnitKind::kStreet, *platform});
    if (!other) return Fail(other.error());
    auto l1 = t.InsertCategory({0, "01", "城乡建设", 1, std::nullopt, std::nullopt});
    if (!l1) return Fail(l1.error());
    auto l2 = t.InsertCategory({0, "01.01", "市政", 2, *l1, std::nullopt});
    if (!l2) return Fail(l2.error());
    auto l3 = t.InsertCategory({0, "01.01.001", "道路破损", 3, *l2, std::nullopt});
    if (!l3) return Fail(l3.error());
    d = SmallDistrict{*platform, *street, *other, *l3};
    return {};
  });
  if (!written) return Fail(written.error());
  return d;
}

}  // namespace hotline
