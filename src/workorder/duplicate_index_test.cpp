// The duplicate index on real citizen messages (read at run time from
// ../shared/data): a lightly edited copy of a message finds the original
// through the LSH bands, unrelated messages do not, and the window, the
// caller and address chains and replacement behave.
#include "workorder/duplicate_index.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#ifndef HOTLINE_SHARED_DATA
#define HOTLINE_SHARED_DATA "../shared/data"
#endif

namespace hotline {
namespace {

struct Message {
  std::int64_t id;
  std::string text;
};

// Messages of at least `min_chars` content characters, in file order.
std::vector<Message> ReadMessages(std::size_t min_chars) {
  std::ifstream in(std::string(HOTLINE_SHARED_DATA) + "/hotline-texts/messages_with_votes.tsv");
  std::vector<Message> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto tab1 = line.find('\t');
    const auto tab2 = line.find('\t', tab1 + 1);
    if (tab1 == std::string::npos || tab2 == std::string::npos) continue;
    std::string text = line.substr(tab1 + 1, tab2 - tab1 - 1);
    if (ContentChars(text).size() < min_chars) continue;
    out.push_back({std::stoll(line.substr(0, tab1)), std::move(text)});
  }
  return out;
}

// What an agent's retyping does to a message: a few characters dropped here
// and there and a phrase of its own added.
std::string LightlyEdited(const std::string& text) {
  std::u32string chars = DecodeUtf8(text);
  std::u32string edited;
  for (std::size_t i = 0; i < chars.size(); ++i)
    if (i % 25 != 7) edited.push_back(chars[i]);
  return EncodeUtf8(edited) + "，请相关部门尽快处理";
}

DuplicateEntry EntryFor(std::int64_t id, const std::string& text, std::int64_t created_ms = 1000) {
  DuplicateEntry e;
  e.order_id = id;
  e.created_ms = created_ms;
  if (auto sig = TextSignature("", text)) {
    e.signature = *sig;
    e.has_text = true;
  }
  return e;
}

bool Contains(const std::vector<DuplicateIndex::TextMatch>& matches, std::int64_t id) {
  for (const auto& m : matches)
    if (m.entry->order_id == id) return true;
  return false;
}

class DuplicateIndexRealText : public ::testing::Test {
 protected:
  void SetUp() override {
    messages_ = ReadMessages(40);
    ASSERT_GT(messages_.size(), 2000u) << "real messages not found under " << HOTLINE_SHARED_DATA;
    // The first 1,500 are indexed; the rest are held out as unrelated probes.
    for (std::size_t i = 0; i < kIndexed; ++i)
      index_.Upsert(EntryFor(messages_[i].id, messages_[i].text));
  }
  static constexpr std::size_t kIndexed = 1500;
  std::vector<Message> messages_;
  DuplicateIndex index_;
};

TEST_F(DuplicateIndexRealText, EditedCopyFindsItsOriginal) {
  int probes = 0, found = 0;
  for (std::size_t i = 0; i < kIndexed; i += 5) {
    const std::string copy = LightlyEdited(messages_[i].text);
    const double jaccard = Jaccard(ShingleHashes(copy), ShingleHashes(messages_[i].text));
    ASSERT_GT(jaccard, 0.6) << "the edit is meant to be light: message " << messages_[i].id;
    auto sig = TextSignature("", copy);
    ASSERT_TRUE(sig);
    auto matches = index_.ByText(*sig, 0);
    ++probes;
    if (Contains(matches, messages_[i].id)) ++found;
    for (const auto& m : matches)
      if (m.entry->order_id == messages_[i].id) EXPECT_NEAR(m.similarity, jaccard, 0.25);
  }
  // At Jaccard > 0.6 the banding misses a pair with probability < 1.2%.
  EXPECT_GE(found, probes * 97 / 100) << found << " of " << probes;
}

TEST_F(DuplicateIndexRealText, UnrelatedMessagesAreNotCandidates) {
  std::size_t candidates = 0, probes = 0, false_similar = 0;
  for (std::size_t i = kIndexed; i < messages_.size(); ++i) {
    auto sig = TextSignature("", messages_[i].text);
    ASSERT_TRUE(sig);
    const auto probe_shingles = ShingleHashes(messages_[i].text);
    for (const auto& m : index_.ByText(*sig, 0)) {
      ++candidates;
      // A candidate that looks similar must really be similar (the data
      // has a few near-identical messages; those are fine).
      if (m.similarity >= 0.5) {
        std::string original;
        for (std::size_t k = 0; k < kIndexed; ++k)
          if (messages_[k].id == m.entry->order_id) original = messages_[k].text;
        if (Jaccard(probe_shingles, ShingleHashes(original)) < 0.3) ++false_similar;
      }
    }
    ++probes;
  }
  EXPECT_EQ(false_similar, 0u);
  // Without scanning: on average well under 1% of the index is touched.
  EXPECT_LT(static_cast<double>(candidates) / probes, kIndexed * 0.01)
      << candidates << " candidates for " << probes << " probes";
}

TEST(DuplicateIndex, WindowReplacementAndPruning) {
  const auto messages = ReadMessages(40);
  ASSERT_GT(messages.size(), 10u);
  DuplicateIndex index;
  index.Upsert(EntryFor(1, messages[0].text, 1000));
  index.Upsert(EntryFor(2, messages[1].text, 5000));
  auto sig0 = *TextSignature("", messages[0].text);
  auto sig1 = *TextSignature("", messages[1].text);
  EXPECT_TRUE(Contains(index.ByText(sig0, 0), 1));
  EXPECT_FALSE(Contains(index.ByText(sig0, 2000), 1)) << "older than the window";
  // Order 1's text is replaced by message 2's: it is found by the new text only.
  index.Upsert(EntryFor(1, messages[2].text, 1000));
  EXPECT_FALSE(Contains(index.ByText(sig0, 0), 1));
  EXPECT_TRUE(Contains(index.ByText(*TextSignature("", messages[2].text), 0), 1));
  EXPECT_EQ(index.size(), 2u);
  index.DropBefore(2000);
  EXPECT_EQ(index.size(), 1u);
  EXPECT_TRUE(Contains(index.ByText(sig1, 0), 2));
  EXPECT_FALSE(Contains(index.ByText(*TextSignature("", messages[2].text), 0), 1));
}

TEST(DuplicateIndex, CallerAndAddressChainsIgnoreSpacingAndWidth) {
  DuplicateIndex index;
  for (int i = 1; i <= 3000; ++i) {  // enough to grow the buckets several times
    DuplicateEntry e;
    e.order_id = i;
    e.created_ms = i;
    e.caller_key = CallerKey(i % 3 == 0 ? "13800000000" : "139" + std::to_string(i));
    e.address_key = AddressKey(i % 2 == 0 ? "秦淮区 中山南路 1 号"
                                          : "秦淮区中山北路" + std::to_string(i) + "号");
    index.Upsert(e);
  }
  EXPECT_EQ(index.ByCaller(CallerKey("１３８００００００００"), 0).size(), 1000u);
  EXPECT_EQ(index.ByCaller(CallerKey("13800000000"), 2001).size(), 334u);
  EXPECT_EQ(index.ByAddress(AddressKey("秦淮区中山南路1号"), 0).size(), 1500u);
  EXPECT_TRUE(index.ByCaller(CallerKey(""), 0).empty());
  EXPECT_EQ(CallerKey(" "), 0u);
}

TEST(DuplicateIndex, AFloodOfOneTextOrCallerIsReadOnlyToTheNewest) {
  DuplicateIndex index;
  for (int i = 1; i <= 2000; ++i) {  // a campaign: one text, one number
    DuplicateEntry e = EntryFor(i, "小区门口烧烤摊每天晚上油烟很大，严重影响居民休息", i);
    e.caller_key = CallerKey("13800000000");
    index.Upsert(e);
  }
  const auto sig = *TextSignature("", "小区门口烧烤摊每天晚上油烟很大，严重影响居民休息");
  const auto text = index.ByText(sig, 0, 50);
  ASSERT_EQ(text.size(), 50u);  // every band finds the same 50 newest
  for (const auto& m : text) EXPECT_GT(m.entry->order_id, 1950);
  EXPECT_EQ(index.ByText(sig, 0).size(), 256u);  // the default bound
  const auto calls = index.ByCaller(CallerKey("13800000000"), 0, 10);
  ASSERT_EQ(calls.size(), 10u);
  EXPECT_EQ(calls.front()->order_id, 2000);
}

TEST(DuplicateIndex, ReservingBeforeOrBetweenUpsertsFindsTheSameOrders) {
  const auto messages = ReadMessages(40);
  ASSERT_GT(messages.size(), 30u);
  DuplicateIndex plain, reserved;
  reserved.Reserve(20);
  for (int i = 0; i < 30; ++i) {
    if (i == 10) reserved.Reserve(5000);  // rehashes the ten already linked
    plain.Upsert(EntryFor(i + 1, messages[i].text, 1000 + i));
    reserved.Upsert(EntryFor(i + 1, messages[i].text, 1000 + i));
  }
  EXPECT_EQ(reserved.size(), 30u);
  for (int i = 0; i < 30; ++i) {
    auto sig = *TextSignature("", messages[i].text);
    EXPECT_TRUE(Contains(reserved.ByText(sig, 0), i + 1)) << i;
    EXPECT_EQ(reserved.ByText(sig, 0).size(), plain.ByText(sig, 0).size()) << i;
  }
}

TEST(DuplicateIndex, SignatureHexRoundTrips) {
  auto sig = TextSignature("小区门口烧烤油烟", "每天晚上烧烤摊油烟很大");
  ASSERT_TRUE(sig);
  auto back = SignatureFromHex(SignatureToHex(*sig));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, *sig);
  EXPECT_FALSE(SignatureFromHex("12"));
  EXPECT_FALSE(SignatureFromHex(std::string(kMinHashSize * 4, 'z')));
  EXPECT_FALSE(TextSignature("", "，。！ "));
  EXPECT_DOUBLE_EQ(SignatureSimilarity(*sig, *sig), 1.0);
}

}  // namespace
}  // namespace hotline
