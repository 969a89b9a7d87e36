// Real citizen messages (read at run time from ../shared/data, never copied
// into the repository) go through intake and come back byte for byte: the
// Chinese text survives JSON, HTTP, storage and search.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

#ifndef HOTLINE_SHARED_DATA
#define HOTLINE_SHARED_DATA "../shared/data"
#endif

constexpr std::size_t kMessages = 50;

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// The first `n` characters (not bytes) of UTF-8 text.
std::string Utf8Prefix(std::string_view s, std::size_t n) {
  std::size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == n) break;
      ++chars;
    }
  }
  return std::string(s.substr(0, i));
}

std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// The first two consecutive CJK ideographs (U+4E00..U+9FFF) of `s`, or "".
std::string FirstChineseWord(std::string_view s) {
  auto is_cjk = [&](std::size_t i) {
    if (i + 3 > s.size()) return false;
    const auto lead = static_cast<unsigned char>(s[i]);
    return lead >= 0xE4 && lead <= 0xE9;
  };
  for (std::size_t i = 0; i + 6 <= s.size();) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (len == 3 && is_cjk(i) && is_cjk(i + 3)) return std::string(s.substr(i, 6));
    i += len;
  }
  return {};
}

// The `text` column of the first messages that fit an order's limits.
std::vector<std::string> ReadMessages(const std::string& path, std::size_t count) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  std::getline(in, line);  // header
  while (out.size() < count && std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream row(line);
    std::string col;
    while (std::getline(row, col, '\t')) cols.push_back(col);
    if (cols.size() < 2) continue;
    std::string text = Trim(cols[1]);
    if (text.empty() || Utf8Length(text) > 10000) continue;
    out.push_back(std::move(text));
  }
  return out;
}

class RealTextTest : public HotlineTest {};

TEST_F(RealTextTest, RealMessagesRoundTripExactly) {
  const std::string path =
      std::string(HOTLINE_SHARED_DATA) + "/hotline-texts/messages_with_replies.tsv";
  if (!std::ifstream(path)) GTEST_SKIP() << path << " is not available";
  const std::vector<std::string> messages = ReadMessages(path, kMessages);
  ASSERT_EQ(messages.size(), kMessages);

  std::vector<std::pair<std::int64_t, std::size_t>> created;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    json body = OrderBody();
    body["channel"] = "web";
    body["caller_phone"] = "";
    body["title"] = Trim(Utf8Prefix(messages[i], 30));
    body["content"] = messages[i];
    body["category_id"] = org().LeafCategory(i);
    const json answer = MustCreate(body);
    EXPECT_EQ(answer.value("title", ""), body["title"].get<std::string>()) << "message " << i;
    EXPECT_EQ(answer.value("content", ""), messages[i]) << "message " << i;
    created.emplace_back(Id(answer), i);
  }
  // Read back from storage, as another role.
  for (const auto& [id, i] : created) {
    const json stored = MustRead(id, "dispatcher1");
    EXPECT_EQ(stored.value("content", ""), messages[i]) << "message " << i;
    EXPECT_EQ(stored.value("title", ""), Trim(Utf8Prefix(messages[i], 30))) << "message " << i;
    ASSERT_FALSE(stored["events"].empty());
    EXPECT_EQ(stored["events"][0]["payload"].value("content", ""), messages[i]);
  }
  // Search finds a message by a two-character word of its title.
  const auto& [id0, i0] = created.front();
  const std::string word = FirstChineseWord(Utf8Prefix(messages[i0], 30));
  ASSERT_FALSE(word.empty());
  const ApiResponse found =
      api().Get("/api/v1/orders?page_size=100&q=" + UrlEncode(word), Token("dispatcher1"));
  ASSERT_EQ(found.status, 200) << Describe(found);
  bool seen = false;
  for (const json& o : found.body_json["items"]) seen = seen || Id(o) == id0;
  EXPECT_TRUE(seen) << "searching for 「" << word << "」 did not find order " << id0;
}

}  // namespace
}  // namespace hotline::testing
