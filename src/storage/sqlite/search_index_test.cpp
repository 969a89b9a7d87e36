// Full-text search as the SQLite store runs it: real messages, a real
// database file, and the comparison with SQLite's own trigram tokenizer.
#include "storage/sqlite/search_index.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/test_database.h"
#include "text/shingles.h"
#include "workorder/lifecycle.h"

namespace hotline {
namespace {

using nlohmann::json;

const Instant kAt = Instant(std::chrono::milliseconds(1764120600000));

// Texts of real citizen messages (title + body), read at run time.
std::vector<std::string> RealMessages() {
  std::ifstream in(std::string(HOTLINE_SHARED_DATA) + "/hotline-texts/messages_with_votes.tsv");
  std::vector<std::string> texts;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto a = line.find('\t');
    const auto b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    texts.push_back(line.substr(a + 1, b - a - 1));
  }
  return texts;
}

// The first `n` code points of `text`.
std::string Prefix(const std::string& text, std::size_t n) {
  std::u32string chars = DecodeUtf8(text);
  if (chars.size() > n) chars.resize(n);
  return EncodeUtf8(chars);
}

Result<OrderId> InsertOrder(WriteTxn& txn, const std::string& title, const std::string& content,
                            const std::string& address) {
  auto number = txn.NextOrderNumber("20261126");
  if (!number) return Fail(number.error());
  Event intake;
  intake.seq = 1;
  intake.at = kAt;
  intake.payload =
      json{{"number", *number},  {"channel", "phone"},  {"demand_type", "help"},
           {"category_id", 1},   {"title", title},      {"content", content},
           {"address", address}, {"urgency", "normal"}, {"attachments", json::array()}};
  WorkOrder order;
  Apply(order, intake);
  return txn.InsertOrder(order, intake, "hash");
}

class SearchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = database_.Open();
    ASSERT_TRUE(store.has_value()) << store.error().message;
    store_ = std::move(*store);
    ASSERT_TRUE(SeedSmallDistrict(*store_).has_value());
  }

  OrderId Insert(const std::string& title, const std::string& content,
                 const std::string& address = "秦淮区") {
    OrderId id = 0;
    auto r = store_->Write([&](WriteTxn& txn) -> Result<void> {
      auto inserted = InsertOrder(txn, title, content, address);
      if (!inserted) return Fail(inserted.error());
      id = *inserted;
      return {};
    });
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return id;
  }

  std::set<OrderId> Search(const std::string& text) {
    OrderFilter f;
    f.text = text;
    f.limit = 100000;
    auto page = store_->ListOrders(f);
    EXPECT_TRUE(page.has_value()) << page.error().message;
    std::set<OrderId> ids;
    if (!page) return ids;
    for (const WorkOrder& o : page->items) ids.insert(o.id);
    EXPECT_EQ(page->total, static_cast<std::int64_t>(ids.size()));
    return ids;
  }

  std::vector<ArticleId> SearchArticles(const std::string& text) {
    ArticleQuery q;
    q.text = text;
    auto page = store_->SearchArticles(q);
    EXPECT_TRUE(page.has_value()) << page.error().message;
    std::vector<ArticleId> ids;
    if (page)
      for (const KnowledgeArticle& a : page->items) ids.push_back(a.id);
    return ids;
  }

  ArticleId AddArticle(const std::string& title, const std::string& body,
                       std::vector<std::string> tags = {}) {
    KnowledgeArticle a;
    a.title = title;
    a.body = body;
    a.tags = std::move(tags);
    a.created_at = a.updated_at = kAt;
    ArticleId id = 0;
    auto r = store_->Write([&](WriteTxn& txn) -> Result<void> {
      auto inserted = txn.InsertArticle(a);
      if (!inserted) return Fail(inserted.error());
      id = *inserted;
      return {};
    });
    EXPECT_TRUE(r.has_value()) << r.error().message;
    return id;
  }

  TestDatabase database_;
  std::unique_ptr<Store> store_;
};

// Whether the folded `text` contains the folded `word` (the search's promise).
bool Contains(const std::string& text, const std::string& word) {
  return ContentChars(text).find(ContentChars(word)) != std::u32string::npos;
}

TEST_F(SearchIndexTest, TwoCharacterWordsOfRealMessagesAreFoundWhereTrigramsFindNothing) {
  const std::vector<std::string> words = {"噪音", "油烟", "停车"};
  // Every message with one of the words, and as many without.
  std::vector<std::string> chosen;
  int others = 0;
  for (const std::string& text : RealMessages()) {
    bool has = false;
    for (const std::string& w : words) has = has || Contains(text, w);
    if (has || others++ < 200) chosen.push_back(text);
  }
  ASSERT_GT(chosen.size(), 250u) << "shared data missing?";
  std::map<OrderId, std::pair<std::string, std::string>> stored;
  for (const std::string& text : chosen) {
    const std::string title = Prefix(text, 20);
    stored[Insert(title, text)] = {title, text};
  }

  auto raw = sqlite::Connection::Open(database_.path(), {});
  ASSERT_TRUE(raw.has_value());
  sqlite::Connection& db = **raw;
  ASSERT_TRUE(db.Exec("CREATE VIRTUAL TABLE tri USING fts5(title, content, tokenize = 'trigram')"));
  for (const auto& [id, texts] : stored) {
    auto insert = db.Prepare("INSERT INTO tri(rowid, title, content) VALUES (?, ?, ?)");
    ASSERT_TRUE(insert.has_value());
    ASSERT_TRUE(insert->BindAll(id, texts.first, texts.second).Run());
  }
  auto trigram_count = [&](const std::string& query) {
    auto stmt = db.Prepare("SELECT COUNT(*) FROM tri WHERE tri MATCH ?");
    EXPECT_TRUE(stmt.has_value());
    EXPECT_TRUE(stmt->BindAll("\"" + query + "\"").Step().value_or(false));
    return stmt->Int(0);
  };

  for (const std::string& word : words) {
    std::set<OrderId> expected;
    for (const auto& [id, texts] : stored)
      if (Contains(texts.first, word) || Contains(texts.second, word)) expected.insert(id);
    ASSERT_FALSE(expected.empty()) << word;
    EXPECT_EQ(Search(word), expected) << word;
    EXPECT_EQ(trigram_count(word), 0) << word << ": the trigram tokenizer found it after all";
  }
  // Three characters and more: both find the same messages (the trigram
  // table proves the bigram phrase matches exactly the substring).
  for (const char* phrase : {"噪音扰", "停车位", "油烟扰民"}) {
    std::set<OrderId> expected;
    for (const auto& [id, texts] : stored)
      if (Contains(texts.first, phrase) || Contains(texts.second, phrase)) expected.insert(id);
    EXPECT_EQ(Search(phrase), expected) << phrase;
    EXPECT_LE(trigram_count(phrase), static_cast<std::int64_t>(expected.size())) << phrase;
  }
}

TEST_F(SearchIndexTest, OneCharacterAddressAndAsciiQueries) {
  const OrderId a = Insert("路灯不亮", "晚上没有灯", "中华门东5栋");
  const OrderId b = Insert("WiFi信号差", "公共Wi-Fi连不上", "夫子庙");
  EXPECT_EQ(Search("灯"), (std::set<OrderId>{a}));
  EXPECT_EQ(Search("亮"), (std::set<OrderId>{a}));  // the last character of a text
  EXPECT_EQ(Search("中华门"), (std::set<OrderId>{a}));
  EXPECT_EQ(Search("5栋"), (std::set<OrderId>{a}));
  EXPECT_EQ(Search("wifi"), (std::set<OrderId>{b}));
  EXPECT_EQ(Search("WI"), (std::set<OrderId>{b}));           // a word being typed
  EXPECT_EQ(Search("信号 夫子庙"), (std::set<OrderId>{b}));  // words in different fields
  EXPECT_EQ(Search("信号 中华门"), (std::set<OrderId>{}));
  EXPECT_EQ(Search("灯亮"), (std::set<OrderId>{}));  // both characters, not next to each other
}

TEST_F(SearchIndexTest, OrderTextChangesAreReindexedInTheSameTransaction) {
  const OrderId id = Insert("楼道堆放杂物", "消防通道被堵");
  auto r = store_->Write([&](WriteTxn& txn) -> Result<void> {
    auto loaded = txn.LoadOrder(id);
    if (!loaded) return Fail(loaded.error());
    WorkOrder order = loaded->value();
    Event e;
    e.seq = order.version + 1;
    e.action = Action::kDispatch;
    e.at = kAt + std::chrono::hours(1);
    e.state_after = order.state;
    order.version = e.seq;
    order.title = "楼道电动车充电";
    return txn.AppendEvent(order, e);
  });
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(Search("杂物"), (std::set<OrderId>{}));
  EXPECT_EQ(Search("充电"), (std::set<OrderId>{id}));
  EXPECT_EQ(Search("消防"), (std::set<OrderId>{id}));  // the unchanged content stays found
}

TEST_F(SearchIndexTest, TheOrderNumberIsMatchedByItsBeginning) {
  const OrderId id = Insert("占道经营", "流动摊贩");
  auto order = store_->GetOrder(id);
  ASSERT_TRUE(order.has_value() && order->has_value());
  const std::string number = (*order)->number;
  EXPECT_EQ(Search(number), (std::set<OrderId>{id}));
  EXPECT_EQ(Search(number.substr(0, 8)), (std::set<OrderId>{id}));
  EXPECT_EQ(Search(number.substr(4)), (std::set<OrderId>{}));  // not from the middle
}

TEST_F(SearchIndexTest, ARebuildAtStartIndexesOrdersWrittenBeforeTheIndexExisted) {
  const OrderId id = Insert("噪音扰民", "广场舞音响");
  store_.reset();
  {
    auto raw = sqlite::Connection::Open(database_.path(), {});
    ASSERT_TRUE(raw.has_value());
    // As an older database looks after migration 13: an empty index.
    ASSERT_TRUE(
        (*raw)->Exec("INSERT INTO orders_fts(orders_fts) VALUES ('delete-all');"
                     "UPDATE search_index SET version = 0"));
  }
  auto reopened = OpenSqliteStore({.path = database_.path()});
  ASSERT_TRUE(reopened.has_value()) << reopened.error().message;
  store_ = std::move(*reopened);
  EXPECT_EQ(Search("噪音"), (std::set<OrderId>{id}));
  EXPECT_EQ(Search("音响"), (std::set<OrderId>{id}));
}

TEST_F(SearchIndexTest, ArticlesRankTitleMatchesFirstAndMoreMatchesHigher) {
  const ArticleId body_once =
      AddArticle("燃气安全常识", "发现异味先开窗，油烟机不要开启", {"安全"});
  const ArticleId title =
      AddArticle("餐饮油烟扰民的答复口径", "由区生态环境局会同街道处理", {"答复"});
  const ArticleId body_often =
      AddArticle("餐饮单位管理",
                 "油烟净化设施须正常运行；油烟排放超标的，责令改正；油烟管道定期清洗", {"管理"});
  const ArticleId tag = AddArticle("餐饮业管理规定", "按规定办理", {"油烟", "餐饮"});
  AddArticle("停车收费标准", "按物价部门核定的标准执行", {"收费"});
  const std::vector<ArticleId> ranked = SearchArticles("油烟");
  ASSERT_EQ(ranked.size(), 4u);
  // bm25 with the title weighed 4, tags 2, the body 1.
  EXPECT_EQ(ranked.front(), title);
  EXPECT_EQ(ranked.back(), body_once);
  auto pos = [&](ArticleId id) { return std::find(ranked.begin(), ranked.end(), id); };
  EXPECT_LT(pos(tag), pos(body_once));
  EXPECT_LT(pos(body_often), pos(body_once));
}

TEST_F(SearchIndexTest, ArticleEditsAndDeletionsReachTheIndex) {
  const ArticleId id = AddArticle("门前三包", "沿街单位负责门前卫生");
  EXPECT_EQ(SearchArticles("三包"), std::vector<ArticleId>{id});
  auto edit = store_->Write([&](WriteTxn& txn) -> Result<void> {
    auto loaded = txn.LoadArticle(id);
    if (!loaded) return Fail(loaded.error());
    KnowledgeArticle a = loaded->value();
    a.title = "共享单车停放";
    a.version += 1;
    return txn.UpdateArticle(a);
  });
  ASSERT_TRUE(edit.has_value()) << edit.error().message;
  EXPECT_TRUE(SearchArticles("三包").empty());
  EXPECT_EQ(SearchArticles("单车"), std::vector<ArticleId>{id});
  EXPECT_EQ(SearchArticles("门前卫生"), std::vector<ArticleId>{id});

  // A stale version is refused and changes nothing.
  auto stale = store_->Write([&](WriteTxn& txn) -> Result<void> {
    auto loaded = txn.LoadArticle(id);
    if (!loaded) return Fail(loaded.error());
    KnowledgeArticle a = loaded->value();
    a.title = "过期的修改";
    return txn.UpdateArticle(a);  // version not bumped: stored is not version - 1
  });
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, "version_conflict");
  EXPECT_TRUE(SearchArticles("过期").empty());

  ASSERT_TRUE(store_->Write([&](WriteTxn& txn) { return txn.DeleteArticle(id); }));
  EXPECT_TRUE(SearchArticles("单车").empty());
  auto again = store_->Write([&](WriteTxn& txn) { return txn.DeleteArticle(id); });
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, ErrorKind::kNotFound);
}

TEST_F(SearchIndexTest, AFrequentWordPagesInSortOrderLikeARareOne) {
  // Most orders match: the list walks the sort order's index instead of
  // looking every match up; the pages must be the same either way.
  std::vector<OrderId> matching;
  for (int i = 0; i < 30; ++i) {
    matching.push_back(Insert(fmt::format("噪音{}", i), "夜间施工"));
    if (i % 10 == 0) Insert("路灯不亮", "晚上没有灯");
  }
  for (OrderSort sort :
       {OrderSort::kCreatedDesc, OrderSort::kCreatedAsc, OrderSort::kUpdatedDesc}) {
    for (int offset : {0, 20}) {
      OrderFilter f;
      f.text = "噪音";
      f.sort = sort;
      f.limit = 20;
      f.offset = offset;
      auto page = store_->ListOrders(f);
      ASSERT_TRUE(page.has_value()) << page.error().message;
      EXPECT_EQ(page->total, 30);
      std::vector<OrderId> got;
      for (const WorkOrder& o : page->items) got.push_back(o.id);
      // Same instant for all: the id decides, descending unless ascending by creation.
      std::vector<OrderId> expected = matching;
      if (sort != OrderSort::kCreatedAsc) std::reverse(expected.begin(), expected.end());
      expected.erase(expected.begin(), expected.begin() + offset);
      if (expected.size() > 20) expected.resize(20);
      EXPECT_EQ(got, expected) << "sort " << static_cast<int>(sort) << " offset " << offset;
    }
  }
}

TEST_F(SearchIndexTest, TheOrderListsTextFilterUsesTheFullTextIndex) {
  auto raw = sqlite::Connection::Open(database_.path(), {.read_only = true});
  ASSERT_TRUE(raw.has_value());
  auto stmt = (*raw)->Prepare(
      "EXPLAIN QUERY PLAN SELECT o.id FROM orders o WHERE o.id IN"
      " (SELECT rowid FROM orders_fts WHERE orders_fts MATCH '\"噪音\"')"
      " ORDER BY o.created_at DESC, o.id DESC");
  ASSERT_TRUE(stmt.has_value());
  std::string plan;
  while (stmt->Step().value_or(false)) plan += stmt->Text(3) + "\n";
  EXPECT_NE(plan.find("orders_fts VIRTUAL TABLE INDEX"), std::string::npos) << plan;
}

}  // namespace
}  // namespace hotline
