#include "storage/sqlite/dispatch_store.h"

#include <gtest/gtest.h>

#include "storage/order_doc.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/test_database.h"

namespace hotline {
namespace {

SuggestionRecord Record(std::string suggestion, std::int64_t at_ms) {
  SuggestionRecord r;
  r.order_id = 1;
  r.model_version = 3;
  r.top_unit_id = 7;
  r.top_category_id = 11;
  r.suggestion_json = std::move(suggestion);
  r.at = FromMillis(at_ms);
  return r;
}

// (created_at, suggestion) of the one record, read from the file.
std::pair<std::int64_t, std::string> Stored(const std::string& path) {
  auto db = sqlite::Connection::Open(path, {.read_only = true});
  EXPECT_TRUE(db.has_value());
  auto stmt = (*db)->Prepare("SELECT created_at, suggestion, COUNT(*) FROM dispatch_suggestions");
  EXPECT_TRUE(stmt.has_value());
  auto row = stmt->Step();
  EXPECT_TRUE(row.has_value() && *row);
  EXPECT_EQ(stmt->Int(2), 1);
  return {stmt->Int(0), stmt->Text(1)};
}

TEST(SqliteDispatchStoreTest, TheSameSuggestionSeenAgainKeepsItsFirstRecord) {
  TestDatabase database;
  auto store = database.Open();  // migrates the file
  ASSERT_TRUE(store.has_value()) << store.error().message;
  auto dispatch = OpenSqliteDispatchStore(database.path());
  ASSERT_TRUE(dispatch.has_value()) << dispatch.error().message;

  ASSERT_TRUE((*dispatch)->RecordSuggestion(Record(R"({"units":[7]})", 1000)));
  ASSERT_TRUE((*dispatch)->RecordSuggestion(Record(R"({"units":[7]})", 2000)));
  EXPECT_EQ(Stored(database.path()),
            std::make_pair(std::int64_t{1000}, std::string(R"({"units":[7]})")));

  // A different suggestion from the same model (the 权责清单 changed) replaces it.
  ASSERT_TRUE((*dispatch)->RecordSuggestion(Record(R"({"units":[8,7]})", 3000)));
  EXPECT_EQ(Stored(database.path()),
            std::make_pair(std::int64_t{3000}, std::string(R"({"units":[8,7]})")));
}

}  // namespace
}  // namespace hotline
