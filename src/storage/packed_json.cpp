#include "storage/packed_json.h"

#include <fmt/format.h>
#include <zstd.h>

#include <memory>

namespace hotline {
namespace {

constexpr char kTagDictionaryV1 = 0x01;
// Level 3 is Zstandard's default: on rows of a few hundred bytes it packs
// within a few percent of level 19 at a fraction of the time.
constexpr int kLevel = 3;
// A stored document larger than this is damaged, not real (the longest
// citizen texts are a few KB).
constexpr unsigned long long kMaxUnpackedBytes = 64ull << 20;

Error Damaged(std::string_view why) {
  return Error{ErrorKind::kInternal, "storage_error",
               fmt::format("数据库错误：压缩存储的文档无法读取（{}）", why), ""};
}

// The dictionaries are built once and shared read-only by every thread.
const ZSTD_CDict* CompressionDictionary() {
  static const std::unique_ptr<ZSTD_CDict, decltype(&ZSTD_freeCDict)> dict(
      ZSTD_createCDict(PackedJsonDictionaryV1().data(), PackedJsonDictionaryV1().size(), kLevel),
      &ZSTD_freeCDict);
  return dict.get();
}

const ZSTD_DDict* DecompressionDictionary() {
  static const std::unique_ptr<ZSTD_DDict, decltype(&ZSTD_freeDDict)> dict(
      ZSTD_createDDict(PackedJsonDictionaryV1().data(), PackedJsonDictionaryV1().size()),
      &ZSTD_freeDDict);
  return dict.get();
}

ZSTD_CCtx* ThreadCompressor() {
  thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> ctx = [] {
    std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> c(ZSTD_createCCtx(), &ZSTD_freeCCtx);
    // No checksum: SQLite already guards its pages, and 4 bytes a row add up.
    ZSTD_CCtx_setParameter(c.get(), ZSTD_c_checksumFlag, 0);
    ZSTD_CCtx_setParameter(c.get(), ZSTD_c_dictIDFlag, 0);
    return c;
  }();
  return ctx.get();
}

ZSTD_DCtx* ThreadDecompressor() {
  thread_local const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(),
                                                                              &ZSTD_freeDCtx);
  return ctx.get();
}

}  // namespace

Result<std::string> PackJson(std::string_view json_text) {
  ZSTD_CCtx* ctx = ThreadCompressor();
  std::string out(1 + ZSTD_compressBound(json_text.size()), '\0');
  out[0] = kTagDictionaryV1;
  ZSTD_CCtx_refCDict(ctx, CompressionDictionary());
  const size_t n =
      ZSTD_compress2(ctx, out.data() + 1, out.size() - 1, json_text.data(), json_text.size());
  // Into a buffer of compressBound bytes this fails only when memory runs out.
  if (ZSTD_isError(n))
    return Fail(ErrorKind::kInternal, "storage_error",
                fmt::format("数据库错误：文档压缩失败（{}）", ZSTD_getErrorName(n)));
  out.resize(1 + n);
  return out;
}

Result<std::string> UnpackJson(std::string_view stored) {
  if (stored.empty()) return Fail(Damaged("空值"));
  if (stored.front() == '{' || stored.front() == '[') return std::string(stored);
  if (stored.front() != kTagDictionaryV1)
    return Fail(Damaged(fmt::format("未知格式 {:#04x}", static_cast<unsigned char>(stored[0]))));
  const std::string_view frame = stored.substr(1);
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
    return Fail(Damaged("帧头损坏"));
  if (size > kMaxUnpackedBytes) return Fail(Damaged("长度异常"));
  std::string out(size, '\0');
  const size_t n =
      ZSTD_decompress_usingDDict(ThreadDecompressor(), out.data(), out.size(), frame.data(),
                                 frame.size(), DecompressionDictionary());
  if (ZSTD_isError(n)) return Fail(Damaged(ZSTD_getErrorName(n)));
  if (n != size) return Fail(Damaged("长度不符"));
  return out;
}

}  // namespace hotline
