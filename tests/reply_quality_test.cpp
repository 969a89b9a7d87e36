// Reply quality (答复质检) over a real server: an empty script is refused
// with 422 reply_quality and changes nothing; flags are recorded with the
// reply and shown to the unit and the reviewer; a reply copied from another
// order is flagged naming it; the configuration decides what refuses. And
// the `reply-quality` subcommand over the real replies file.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/cli_run.h"
#include "support/hotline_fixture.h"

namespace hotline::testing {
namespace {

const json* FindingOf(const json& quality, std::string_view code) {
  for (const json& f : quality["findings"])
    if (f.value("code", "") == code) return &f;
  return nullptr;
}

class ReplyQualityTest : public HotlineTest {
 protected:
  static json Structured(std::string measures, std::string progress, std::string result) {
    return json{{"measures", std::move(measures)},
                {"progress", std::move(progress)},
                {"result", std::move(result)},
                {"contact", {{"method", "phone"}, {"at", NowRfc3339()}}},
                {"note", "已电话告知诉求人处理结果"}};
  }
};

TEST_F(ReplyQualityTest, AnEmptyScriptIsRefusedAndChangesNothing) {
  const json handling = HandlingOrder(kStreet1);
  const std::int64_t id = Id(handling);
  const auto r = Act(HandlerOf(kStreet1), id, "reply", Structured("已处理", "已处理", "已办结"));
  EXPECT_EQ(r.status, 422) << Describe(r);
  EXPECT_EQ(r.ErrorCode(), "reply_quality") << Describe(r);
  EXPECT_EQ(r.ErrorField(), "measures") << Describe(r);
  const std::string message = r.body_json["error"].value("message", "");
  EXPECT_NE(message.find("办理举措"), std::string::npos) << message;
  EXPECT_NE(message.find("办理结果"), std::string::npos) << message;

  const json stored = MustRead(id);
  EXPECT_EQ(StateOf(stored), "handling");
  EXPECT_EQ(Version(stored), Version(handling));
  EXPECT_TRUE(stored["reply"].is_null());
}

TEST_F(ReplyQualityTest, FlagsAreRecordedWithTheReplyAndShownToUnitAndReviewer) {
  const std::int64_t id = Id(HandlingOrder(kStreet1));
  const json replied =
      MustAct(HandlerOf(kStreet1), id, "reply",
              Structured("已约谈施工单位负责人，责令夜间停止高噪声作业。", "正在处理中",
                         "施工单位承诺严格遵守作业时间，诉求已解决。"));
  EXPECT_EQ(StateOf(replied), "replied");
  for (const std::string& user : std::vector<std::string>{"reviewer1", HandlerOf(kStreet1)}) {
    const json order = MustRead(id, user);
    const json& quality = order["reply"]["quality"];
    ASSERT_TRUE(quality.is_object()) << user << " " << order["reply"].dump();
    const json* progress = FindingOf(quality, "progress_missing");
    ASSERT_NE(progress, nullptr) << quality.dump();
    EXPECT_EQ((*progress)["severity"], "flag");
    EXPECT_EQ((*progress)["field"], "progress");
    EXPECT_FALSE((*progress).value("message", "").empty());
    EXPECT_LT(quality["score"].get<int>(), 100);
    // The same assessment sits in the reply event of the log.
    const json& last = order["events"].back();
    EXPECT_EQ(last["action"], "reply");
    EXPECT_EQ(last["payload"]["quality"], quality);
  }
}

TEST_F(ReplyQualityTest, AReplyCopiedFromAnotherOrderIsFlaggedNamingIt) {
  const std::string measures =
      "桃叶渡社区网格员会同物业到七号楼楼道现场查看，清理堆放的旧家具和纸箱共三车。";
  const std::string progress = "物业已在楼道张贴禁止堆放告示，并安排保洁员每周二巡查一次。";
  const std::string result = "七号楼楼道杂物已全部清理，消防通道恢复畅通。";
  const std::int64_t first = Id(HandlingOrder(kStreet1, "七号楼楼道堆放杂物"));
  const json a =
      MustAct(HandlerOf(kStreet1), first, "reply", Structured(measures, progress, result));
  EXPECT_EQ(FindingOf(a["reply"]["quality"], "boilerplate"), nullptr) << a["reply"].dump();

  const std::int64_t second = Id(HandlingOrder(kStreet1, "九号楼楼道堆放杂物"));
  const json b =
      MustAct(HandlerOf(kStreet1), second, "reply",
              Structured(measures, progress, "七号楼楼道杂物已全部清理完毕，消防通道恢复畅通。"));
  const json* copied = FindingOf(b["reply"]["quality"], "boilerplate");
  ASSERT_NE(copied, nullptr) << b["reply"].dump();
  EXPECT_EQ((*copied)["evidence"]["order_id"], first);
  EXPECT_GE((*copied)["evidence"]["similarity"].get<double>(), 0.8);
  EXPECT_EQ((*copied)["severity"], "flag");
  EXPECT_EQ(StateOf(b), "replied");  // flagged, not refused
}

TEST_F(ReplyQualityTest, TheConfigurationDecidesWhatRefuses) {
  const std::string config = server().dir() + "/quality.toml";
  std::ofstream(config) << "[reply_quality]\nrefuse = [\"progress_missing\"]\n";
  RestartServerWith({"--config", config});
  const std::int64_t id = Id(HandlingOrder(kStreet1));
  const auto r = Act(HandlerOf(kStreet1), id, "reply",
                     Structured("已约谈施工单位负责人，责令夜间停止高噪声作业。", "正在处理中",
                                "施工单位承诺严格遵守作业时间，诉求已解决。"));
  EXPECT_EQ(r.status, 422) << Describe(r);
  EXPECT_EQ(r.ErrorCode(), "reply_quality");
  EXPECT_EQ(r.ErrorField(), "progress");
  EXPECT_EQ(StateOf(MustRead(id)), "handling");
}

TEST(ReplyQualityCli, ScoresTheRealRepliesAndEndsWithAJsonSummary) {
  std::string out;
  const std::string file =
      std::string(HOTLINE_SHARED_DATA) + "/hotline-texts/messages_with_replies.tsv";
  ASSERT_EQ(RunHotlineShell("reply-quality --tsv " + file, &out), 0) << out.substr(0, 2000);
  for (const char* code : {"no_substance", "measures_missing", "contact_missing", "boilerplate",
                           "key_terms_missing", "90-100", "0-9", "mean"})
    EXPECT_NE(out.find(code), std::string::npos) << code;
  auto last_start = out.rfind('\n', out.size() - 2);
  const json summary = json::parse(out.substr(last_start + 1));
  const int replies = summary["replies"].get<int>();
  EXPECT_GT(replies, 2000);
  int banded = 0;
  for (const auto& [band, count] : summary["bands"].items()) banded += count.get<int>();
  EXPECT_EQ(banded, replies);
  EXPECT_EQ(
      summary["refused"].get<int>() + summary["flagged"].get<int>() + summary["clean"].get<int>(),
      replies);
  EXPECT_GT(summary["rules"]["boilerplate"].get<int>(), 0);
  EXPECT_LT(summary["rules"]["boilerplate"].get<int>(), replies);
}

TEST(ReplyQualityCli, RefusesAFileWithoutTheReplyColumn) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("hotline_rq_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "no_reply.tsv").string();
  std::ofstream(file) << "id\ttext\tcreated_at\n1\t路灯不亮 小区路灯坏了\t2019-01-01\n";
  std::string out;
  EXPECT_EQ(RunHotlineShell("reply-quality --tsv " + file, &out), 1) << out;
  EXPECT_NE(out.find("reply"), std::string::npos) << out;
  EXPECT_NE(out.find("缺少列"), std::string::npos) << out;

  std::string missing;
  EXPECT_NE(RunHotlineShell("reply-quality --tsv " + (dir / "absent.tsv").string(), &missing), 0);
  EXPECT_NE(missing.find("无法读取"), std::string::npos) << missing;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hotline::testing
