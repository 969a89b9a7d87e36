#include "storage/sqlite/packed_json_functions.h"

#include <string_view>

#include "storage/packed_json.h"

namespace hotline::sqlite {
namespace {

std::string_view Bytes(sqlite3_value* value) {
  const void* data = sqlite3_value_blob(value);
  const int size = sqlite3_value_bytes(value);
  return data == nullptr
             ? std::string_view()
             : std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

void ResultFromError(sqlite3_context* ctx, const Error& error) {
  sqlite3_result_error(ctx, error.message.c_str(), static_cast<int>(error.message.size()));
}

void Unpack(sqlite3_context* ctx, int, sqlite3_value** argv) {
  switch (sqlite3_value_type(argv[0])) {
    case SQLITE_NULL:
      sqlite3_result_null(ctx);
      return;
    case SQLITE_TEXT:
      sqlite3_result_value(ctx, argv[0]);
      return;
    default:
      break;
  }
  auto text = UnpackJson(Bytes(argv[0]));
  if (!text) return ResultFromError(ctx, text.error());
  sqlite3_result_text64(ctx, text->data(), text->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void Pack(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const unsigned char* text = sqlite3_value_text(argv[0]);
  const int size = sqlite3_value_bytes(argv[0]);
  auto packed = PackJson(
      std::string_view(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)));
  if (!packed) return ResultFromError(ctx, packed.error());
  sqlite3_result_blob64(ctx, packed->data(), packed->size(), SQLITE_TRANSIENT);
}

}  // namespace

int RegisterPackedJsonFunctions(sqlite3* db) {
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "hotline_unpack", 1, kFlags, nullptr, &Unpack, nullptr,
                                      nullptr, nullptr);
  if (rc != SQLITE_OK) return rc;
  return sqlite3_create_function_v2(db, "hotline_pack", 1, kFlags, nullptr, &Pack, nullptr, nullptr,
                                    nullptr);
}

}  // namespace hotline::sqlite
