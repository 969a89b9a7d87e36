// SQL functions over packed JSON (storage/packed_json.h), registered on every
// connection the store opens:
//   hotline_unpack(x)  the JSON text of a packed value (plain text and NULL
//                      pass through), so SQL can still json_extract() from
//                      order documents and event payloads;
//   hotline_pack(x)    the packed form of JSON text (used by migrations).
#pragma once

#include <sqlite3.h>

namespace hotline::sqlite {

// Returns SQLite's result code (SQLITE_OK on success).
int RegisterPackedJsonFunctions(sqlite3* db);

}  // namespace hotline::sqlite
