// The demo district's organisation: the 秦淮区 12345 platform, its 12 streets
// (official division codes), their communities and the district departments.
// Static data; thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "org/unit.h"

namespace hotline::demo {

inline constexpr std::string_view kPlatformCode = "320104000";

struct UnitSeed {
  std::string_view code;
  std::string_view name;
  UnitKind kind;
  std::string_view parent_code;  // empty for the platform
};

// Where a street's orders come from: its roads and residential estates.
struct StreetPlaces {
  std::string_view street_code;
  std::span<const std::string_view> roads;
  std::span<const std::string_view> estates;
};

// Every unit, parents before children.
std::span<const UnitSeed> DemoUnits();

// Places per street, for addresses in generated orders.
std::span<const StreetPlaces> DemoStreetPlaces();

}  // namespace hotline::demo
