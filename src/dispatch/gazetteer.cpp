#include "dispatch/gazetteer.h"

#include <algorithm>
#include <map>

#include "text/shingles.h"

namespace hotline {
namespace {

struct KindInfo {
  PlaceKind kind;
  std::string_view code;
  std::string_view name;
  double weight;  // how strongly one mention points at one street
};
constexpr KindInfo kKinds[] = {
    {PlaceKind::kEstate, "estate", "小区", 1.0},
    {PlaceKind::kRoad, "road", "道路", 0.6},
    {PlaceKind::kLandmark, "landmark", "地标", 1.0},
    {PlaceKind::kCommunity, "community", "社区", 1.0},
    {PlaceKind::kStreet, "street", "街道", 1.0},
};

const KindInfo& Info(PlaceKind kind) {
  for (const KindInfo& k : kKinds)
    if (k.kind == kind) return k;
  return kKinds[0];
}

}  // namespace

std::string_view PlaceKindCode(PlaceKind kind) { return Info(kind).code; }
std::string_view PlaceKindName(PlaceKind kind) { return Info(kind).name; }

std::optional<PlaceKind> ParsePlaceKind(std::string_view code) {
  for (const KindInfo& k : kKinds)
    if (k.code == code) return k.kind;
  return std::nullopt;
}

Result<void> ValidatePlace(const Place& place) {
  const std::size_t length = DecodeUtf8(place.name).size();
  if (length < 2 || length > 40)
    return Fail(ErrorKind::kInvalidInput, "invalid_value", "地名须为 2 至 40 个字", "name");
  if (place.street_unit_id <= 0)
    return Fail(ErrorKind::kInvalidInput, "missing_field", "请指定地名所属街道", "street_unit_id");
  return {};
}

Gazetteer::Gazetteer(std::vector<Place> places) : places_(std::move(places)) {
  std::map<std::u32string, std::vector<std::size_t>> names;
  for (std::size_t i = 0; i < places_.size(); ++i) {
    std::u32string chars = DecodeUtf8(places_[i].name);
    if (!chars.empty()) names[std::move(chars)].push_back(i);
  }
  for (auto& [chars, indexes] : names) by_first_char_[chars[0]].push_back(Name{chars, indexes});
  for (auto& [first, list] : by_first_char_)
    std::sort(list.begin(), list.end(),
              [](const Name& a, const Name& b) { return a.chars.size() > b.chars.size(); });
}

std::vector<const Place*> Gazetteer::Find(std::string_view text) const {
  std::vector<const Place*> out;
  const std::u32string chars = DecodeUtf8(text);
  const std::u32string_view view(chars);
  std::size_t i = 0;
  while (i < chars.size()) {
    const auto bucket = by_first_char_.find(chars[i]);
    const Name* hit = nullptr;
    if (bucket != by_first_char_.end())
      for (const Name& name : bucket->second)
        if (view.substr(i, name.chars.size()) == name.chars) {
          hit = &name;  // longest first, so the first hit is the longest
          break;
        }
    if (!hit) {
      ++i;
      continue;
    }
    for (std::size_t p : hit->places) out.push_back(&places_[p]);
    i += hit->chars.size();
  }
  return out;
}

std::vector<StreetEvidence> Gazetteer::Locate(std::string_view text) const {
  std::map<UnitId, StreetEvidence> streets;
  double total = 0;
  // Group the matches by name so that a name shared by several streets
  // splits one mention's weight among them.
  std::map<std::string, std::vector<const Place*>> by_name;
  for (const Place* p : Find(text)) by_name[p->name].push_back(p);
  for (const auto& [name, places] : by_name) {
    std::map<UnitId, const Place*> distinct;
    for (const Place* p : places) distinct.emplace(p->street_unit_id, p);
    for (const auto& [street, place] : distinct) {
      const double w = Info(place->kind).weight / static_cast<double>(distinct.size());
      StreetEvidence& e = streets[street];
      e.street_unit_id = street;
      e.weight += w;
      total += w;
      e.names.push_back(name);
      if (place->community_unit_id && distinct.size() == 1) {
        if (!e.community_unit_id) e.community_unit_id = place->community_unit_id;
      }
    }
  }
  std::vector<StreetEvidence> out;
  for (auto& [street, e] : streets) {
    e.weight /= total;
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const StreetEvidence& a, const StreetEvidence& b) {
    return a.weight > b.weight;
  });
  return out;
}

}  // namespace hotline
