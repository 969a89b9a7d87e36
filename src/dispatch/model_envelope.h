// The envelope around a serialised model: a magic, a format version, the
// payload's length and a checksum over it. Opening checks all four before
// anything parses the payload, so corrupt, truncated or foreign bytes are
// refused with an error instead of reaching a parser (fastText's among them)
// that may throw or abort on them.
//
// Layout (little-endian): "HLTXTCLS" | u32 version | u64 payload length |
// u64 FNV-1a-64 of the payload | payload.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace hotline {

inline constexpr uint32_t kTextClassifierFormatVersion = 1;

std::string SealModel(std::string_view payload, uint32_t version = kTextClassifierFormatVersion);
// The payload, or kInvalidInput "model_invalid".
Result<std::string_view> OpenModel(std::string_view bytes,
                                   uint32_t version = kTextClassifierFormatVersion);

uint64_t Fnv1a64(std::string_view bytes);

// Appends fixed-width little-endian values and length-prefixed strings.
class ByteWriter {
 public:
  void U32(uint32_t v);
  void U64(uint64_t v);
  void F32(float v);
  void F64(double v);
  void Str(std::string_view s);
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

// Reads what ByteWriter wrote; every read fails (nullopt) past the end.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  std::optional<uint32_t> U32();
  std::optional<uint64_t> U64();
  std::optional<float> F32();
  std::optional<double> F64();
  std::optional<std::string_view> Str();
  bool AtEnd() const { return in_.empty(); }

 private:
  std::optional<std::string_view> Take(size_t n);
  std::string_view in_;
};

}  // namespace hotline
