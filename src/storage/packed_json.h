// The compact stored form of JSON texts that are written once per order and
// action and read back whole: the order document and the event payloads.
//
// A packed value is one tag byte followed by a Zstandard frame compressed
// against a fixed dictionary of typical documents and payloads. The keys and
// the shapes repeat in every row, so the dictionary carries most of a row:
// a 1.7 KB order document packs into about 250 bytes, a 340-byte payload
// into about 70. Unpacking also accepts plain JSON text (it starts with '{'
// or '['), so rows written before packing stay readable.
//
// Tag 0x01 names dictionary 1 (packed_json_dictionary.cpp). Its bytes are
// frozen: stored rows can only be read with the dictionary they were packed
// with. A better dictionary gets a new tag and both stay readable.
//
// Thread-safe: compression contexts are per thread.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace hotline {

// The stored form of `json_text` (a JSON object or array). Fails only when
// memory runs out.
Result<std::string> PackJson(std::string_view json_text);

// The JSON text back. Fails with kInternal "storage_error" for an unknown
// tag or a damaged frame.
Result<std::string> UnpackJson(std::string_view stored);

// Dictionary 1's bytes (exposed for tests).
std::string_view PackedJsonDictionaryV1();

}  // namespace hotline
