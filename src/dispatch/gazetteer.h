// The address gazetteer: names of estates (小区), roads, landmarks,
// communities and streets, each tied to the street (and community) that
// answers for it. Citizens name places, not streets; the gazetteer turns
// "白鹭新村门口" into 夫子庙街道 so that the right street is suggested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "org/unit.h"

namespace hotline {

enum class PlaceKind { kEstate, kRoad, kLandmark, kCommunity, kStreet };
std::string_view PlaceKindCode(PlaceKind kind);
std::string_view PlaceKindName(PlaceKind kind);  // 小区, 道路, ...
std::optional<PlaceKind> ParsePlaceKind(std::string_view code);

struct Place {
  std::int64_t id = 0;
  std::string name;
  PlaceKind kind = PlaceKind::kEstate;
  UnitId street_unit_id = 0;
  std::optional<UnitId> community_unit_id;
};

// Checks a place as an administrator entered it: a name of 2–40 characters
// and a street. Fails with kInvalidInput naming the field.
Result<void> ValidatePlace(const Place& place);

// A street the text points at, with the share of the evidence for it: a
// road that crosses two streets gives each half.
struct StreetEvidence {
  UnitId street_unit_id = 0;
  std::optional<UnitId> community_unit_id;  // when one community is named
  double weight = 0;                        // shares over all streets sum to 1
  std::vector<std::string> names;           // the place names that matched
};

class Gazetteer {
 public:
  Gazetteer() = default;
  explicit Gazetteer(std::vector<Place> places);

  // Places named in the text: at each position the longest name wins and
  // matches do not overlap. Every place of a name is returned.
  std::vector<const Place*> Find(std::string_view text) const;

  // The streets the text locates, strongest first. Estates and landmarks
  // count more than roads (a road crosses streets); a name shared by several
  // streets splits its weight.
  std::vector<StreetEvidence> Locate(std::string_view text) const;

  std::size_t size() const { return places_.size(); }

 private:
  std::vector<Place> places_;
  // First character → names starting with it, longest first, each with
  // every place of that name.
  struct Name {
    std::u32string chars;
    std::vector<std::size_t> places;
  };
  std::unordered_map<char32_t, std::vector<Name>> by_first_char_;
};

}  // namespace hotline
