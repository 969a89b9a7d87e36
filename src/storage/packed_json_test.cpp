#include "storage/packed_json.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "dispatch/model_envelope.h"

namespace hotline {
namespace {

// An order document as the storage writes it (sorted keys, no title,
// content, address or phone: those live in their own columns).
constexpr std::string_view kDocument =
    R"({"assist_unit_ids":[7],"attachments":[],"callback_failed":false,"caller_name":"李先生",)"
    R"("category_id":42,"channel":"wechat","close_reason":null,"closed_at":null,"collab":)"
    R"({"assist_parts":[],"coordination_required":false,"disputes":[],"guidance":[],)"
    R"("provisional_unit_id":null,"return_window_ends":"2026-11-20T11:00:00+08:00","returns":[],)"
    R"("routing_fixed":false,"whistles":[]},"community_unit_id":51,"created_at":1763600000000,)"
    R"("created_by":3,"deadlines":{"application_review":null,"callback":null,"handle":{"due_at":)"
    R"("2026-11-27T17:30:00+08:00","overdue":false,"warn_at":"2026-11-26T17:30:00+08:00",)"
    R"("warned":false},"review":null,"sign":null,"sla_version":2},"demand_type":"complaint",)"
    R"("dispatch_count":1,"dissatisfied_since":null,"enterprise":true,"extension_days":0,"id":)"
    R"(981234,"idempotency_key":"k-981234","intake_flags":["repeat_caller"],"last_callback":null,)"
    R"("lead_unit_id":6,"long_pending":false,"long_pending_at":1767000000000,"merged_ids":[],)"
    R"("merged_into":null,"number":"2026112000417","pending":null,"reopen_count":0,"reply":null,)"
    R"("return_count":0,"signed_by_lead":true,"state":"handling","street_unit_id":5,)"
    R"("unreached_callbacks":0,"updated_at":1763610000000,"upstream_id":null,"urgency":"urgent",)"
    R"("version":3})";

constexpr std::string_view kPayload =
    R"({"assist_parts":[],"assist_unit_ids":[],"deadlines":{"application_review":null,)"
    R"("callback":null,"handle":null,"review":null,"sign":{"due_at":"2026-11-20T10:30:00+08:00",)"
    R"("overdue":false,"warn_at":"2026-11-20T10:06:00+08:00","warned":false},"sla_version":2},)"
    R"("lead_unit_id":6,"note":"请依职责办理，涉及施工许可","return_window_ends":)"
    R"("2026-11-20T10:30:00+08:00"})";

TEST(PackedJson, RoundTripsDocumentsAndPayloads) {
  for (std::string_view text :
       {kDocument, kPayload, std::string_view("{}"), std::string_view(R"(["a",1,null])")}) {
    auto packed = PackJson(text);
    ASSERT_TRUE(packed);
    EXPECT_EQ(packed->front(), '\x01');
    auto back = UnpackJson(*packed);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, text);
  }
}

TEST(PackedJson, TheDictionaryCarriesTheSharedShape) {
  // The point of packing: documents shrink to a fraction of their text.
  auto doc = PackJson(kDocument);
  auto payload = PackJson(kPayload);
  ASSERT_TRUE(doc && payload);
  EXPECT_LT(doc->size() * 4, kDocument.size()) << doc->size() << " of " << kDocument.size();
  EXPECT_LT(payload->size() * 3, kPayload.size()) << payload->size() << " of " << kPayload.size();
}

TEST(PackedJson, LongChineseTextsSurvive) {
  std::string text = R"({"content":")";
  for (int i = 0; i < 2000; ++i)
    text += "居民反映楼道堆物影响消防通道第" + std::to_string(i) + "次";
  text += R"("})";
  auto packed = PackJson(text);
  ASSERT_TRUE(packed);
  auto back = UnpackJson(*packed);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, text);
}

TEST(PackedJson, PlainJsonFromBeforePackingIsReadAsItIs) {
  auto object = UnpackJson(kPayload);
  ASSERT_TRUE(object);
  EXPECT_EQ(*object, kPayload);
  auto array = UnpackJson("[1,2]");
  ASSERT_TRUE(array);
  EXPECT_EQ(*array, "[1,2]");
}

TEST(PackedJson, DamagedValuesAreStorageErrors) {
  auto packed = PackJson(kDocument);
  ASSERT_TRUE(packed);
  std::string truncated = packed->substr(0, packed->size() / 2);
  std::string flipped = *packed;
  flipped[flipped.size() / 2] ^= 0x5a;
  std::string unknown_tag = *packed;
  unknown_tag[0] = '\x02';
  for (const std::string& bad :
       {std::string(), truncated, unknown_tag, std::string("\x01", 1), std::string("hello")}) {
    auto r = UnpackJson(bad);
    ASSERT_FALSE(r) << "accepted " << bad.size() << " bytes";
    EXPECT_EQ(r.error().code, "storage_error");
  }
  // A flipped byte inside the frame either fails or yields other text; it
  // never yields the original silently.
  auto r = UnpackJson(flipped);
  if (r) {
    EXPECT_NE(*r, kDocument);
  }
}

TEST(PackedJson, DictionaryOneIsFrozen) {
  // Every stored row packed with tag 1 depends on these exact bytes. If this
  // fails, the dictionary was edited: restore it and add a new tag instead.
  EXPECT_EQ(PackedJsonDictionaryV1().size(), 6992u);
  EXPECT_EQ(Fnv1a64(PackedJsonDictionaryV1()), 16407296573125361443ull);
}

TEST(PackedJson, RowsPackedByEarlierBuildsStillUnpack) {
  // PackJson(R"({"note":"同意延期","approve":true})") as written by the
  // first build with dictionary 1.
  const std::string golden(
      "\x01\x28\xb5\x2f\xfd\x20\x26\xb5\x00\x00\x48\x7b\x2c\x22\x3a\x74\x72\x75\x65\x7d"
      "\x03\x00\xf0\x64\x42\xa8\xe5\x1c\xc8\x46\x88\x2b",
      32);
  auto back = UnpackJson(golden);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, R"({"note":"同意延期","approve":true})");
}

TEST(PackedJson, ThreadsPackAndUnpackIndependently) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 500; ++i) {
        const std::string text = fmt::format(R"({{"thread":{},"i":{},"note":"第{}次"}})", t, i, i);
        auto packed = PackJson(text);
        auto back = packed ? UnpackJson(*packed) : Result<std::string>(Fail(packed.error()));
        if (!back || *back != text) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace hotline
