#include "dispatch/model_envelope.h"

#include <bit>
#include <cstring>

namespace hotline {
namespace {

constexpr std::string_view kMagic = "HLTXTCLS";
constexpr size_t kHeaderSize = 8 + 4 + 8 + 8;

template <typename T>
void PutLe(std::string& out, T v) {
  for (size_t i = 0; i < sizeof(T); ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

template <typename T>
T GetLe(std::string_view in) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i)
    v |= static_cast<T>(static_cast<unsigned char>(in[i])) << (8 * i);
  return v;
}

std::unexpected<Error> Invalid(std::string message) {
  return Fail(ErrorKind::kInvalidInput, "model_invalid", std::move(message), "model");
}

}  // namespace

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  return h;
}

std::string SealModel(std::string_view payload, uint32_t version) {
  std::string out(kMagic);
  PutLe<uint32_t>(out, version);
  PutLe<uint64_t>(out, payload.size());
  PutLe<uint64_t>(out, Fnv1a64(payload));
  out.append(payload);
  return out;
}

Result<std::string_view> OpenModel(std::string_view bytes, uint32_t version) {
  if (bytes.size() < kHeaderSize || bytes.substr(0, kMagic.size()) != kMagic)
    return Invalid("模型数据不是文本分类模型");
  const uint32_t got_version = GetLe<uint32_t>(bytes.substr(8));
  if (got_version != version)
    return Invalid("模型格式版本 " + std::to_string(got_version) + " 不受支持（需要版本 " +
                   std::to_string(version) + "）");
  const uint64_t length = GetLe<uint64_t>(bytes.substr(12));
  if (length != bytes.size() - kHeaderSize)
    return Invalid("模型数据长度不符（数据被截断或有多余字节）");
  const std::string_view payload = bytes.substr(kHeaderSize);
  if (GetLe<uint64_t>(bytes.substr(20)) != Fnv1a64(payload))
    return Invalid("模型数据校验和不符（数据已损坏）");
  return payload;
}

void ByteWriter::U32(uint32_t v) { PutLe(out_, v); }
void ByteWriter::U64(uint64_t v) { PutLe(out_, v); }
void ByteWriter::F32(float v) { PutLe(out_, std::bit_cast<uint32_t>(v)); }
void ByteWriter::F64(double v) { PutLe(out_, std::bit_cast<uint64_t>(v)); }
void ByteWriter::Str(std::string_view s) {
  U64(s.size());
  out_.append(s);
}

std::optional<std::string_view> ByteReader::Take(size_t n) {
  if (n > in_.size()) return std::nullopt;
  std::string_view out = in_.substr(0, n);
  in_.remove_prefix(n);
  return out;
}
std::optional<uint32_t> ByteReader::U32() {
  auto b = Take(4);
  if (!b) return std::nullopt;
  return GetLe<uint32_t>(*b);
}
std::optional<uint64_t> ByteReader::U64() {
  auto b = Take(8);
  if (!b) return std::nullopt;
  return GetLe<uint64_t>(*b);
}
std::optional<float> ByteReader::F32() {
  auto v = U32();
  if (!v) return std::nullopt;
  return std::bit_cast<float>(*v);
}
std::optional<double> ByteReader::F64() {
  auto v = U64();
  if (!v) return std::nullopt;
  return std::bit_cast<double>(*v);
}
std::optional<std::string_view> ByteReader::Str() {
  auto n = U64();
  if (!n) return std::nullopt;
  return Take(*n);
}

}  // namespace hotline
