#include "storage/sqlite/reply_quality_queries.h"

#include <fmt/format.h>

#include <algorithm>

#include "storage/order_doc.h"

namespace hotline::sqlite {
namespace {

// Hex text: portable, and the Stmt binds text rather than blobs.
std::string EncodeSignature(const MinHashSignature& s) {
  std::string out;
  out.reserve(s.size() * 8);
  for (uint32_t v : s) out += fmt::format("{:08x}", v);
  return out;
}

bool DecodeSignature(const std::string& text, MinHashSignature& out) {
  if (text.size() != out.size() * 8) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    uint32_t v = 0;
    for (std::size_t k = 0; k < 8; ++k) {
      const char c = text[i * 8 + k];
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return false;
      v = (v << 4) | static_cast<uint32_t>(d);
    }
    out[i] = v;
  }
  return true;
}

}  // namespace

Result<void> InsertReplySignatureIn(Connection& db, OrderId order_id, std::int64_t seq, Instant at,
                                    const MinHashSignature& signature) {
  auto stmt = db.Prepare(
      "INSERT OR REPLACE INTO reply_signatures(order_id, seq, at, signature) VALUES (?,?,?,?)");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(static_cast<std::int64_t>(order_id), seq, ToMillis(at), EncodeSignature(signature));
  return stmt->Run();
}

Result<std::vector<StoredReplySignature>> QueryReplySignatures(Connection& db,
                                                               std::int64_t after_row,
                                                               Instant since, int limit) {
  auto stmt = db.Prepare(
      "SELECT row, order_id, at, signature FROM reply_signatures"
      " WHERE row > ? AND at >= ? ORDER BY row DESC LIMIT ?");
  if (!stmt) return Fail(stmt.error());
  stmt->BindAll(after_row, ToMillis(since), limit);
  std::vector<StoredReplySignature> out;
  for (;;) {
    auto row = stmt->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    StoredReplySignature s;
    s.row = stmt->Int(0);
    s.order_id = static_cast<OrderId>(stmt->Int(1));
    s.at = FromMillis(stmt->Int(2));
    if (!DecodeSignature(stmt->Text(3), s.signature)) continue;  // not ours to judge: skip
    out.push_back(s);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace hotline::sqlite
