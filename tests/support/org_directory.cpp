#include "support/org_directory.h"

#include <stdexcept>

namespace hotline::testing {

bool OrgDirectory::Load(ApiClient& api, std::string_view token, std::string* error) {
  ApiResponse units = api.Get("/api/v1/units", token);
  if (units.status != 200 || !units.body_json.is_array()) {
    if (error) *error = "GET /api/v1/units: " + std::to_string(units.status) + " " + units.body;
    return false;
  }
  units_.clear();
  for (const json& u : units.body_json) {
    UnitInfo info;
    info.id = u.at("id").get<std::int64_t>();
    info.code = u.value("code", std::string());
    info.name = u.value("name", std::string());
    info.kind = u.value("kind", std::string());
    if (u.contains("parent_id") && !u["parent_id"].is_null())
      info.parent_id = u["parent_id"].get<std::int64_t>();
    units_.push_back(std::move(info));
  }
  ApiResponse cats = api.Get("/api/v1/categories", token);
  if (cats.status != 200 || !cats.body_json.is_array()) {
    if (error) *error = "GET /api/v1/categories: " + std::to_string(cats.status) + " " + cats.body;
    return false;
  }
  leaf_categories_.clear();
  top_category_ = cats.body_json.empty() ? 0 : cats.body_json[0].at("id").get<std::int64_t>();
  CollectCategories(cats.body_json);
  if (leaf_categories_.empty()) {
    if (error) *error = "the demo category tree has no leaf";
    return false;
  }
  return true;
}

void OrgDirectory::CollectCategories(const json& nodes) {
  for (const json& c : nodes) {
    const bool has_children =
        c.contains("children") && c["children"].is_array() && !c["children"].empty();
    if (!has_children && c.value("level", 0) == 3)
      leaf_categories_.push_back(c.at("id").get<std::int64_t>());
    if (has_children) CollectCategories(c["children"]);
  }
}

const UnitInfo* OrgDirectory::FindByCode(std::string_view code) const {
  for (const auto& u : units_)
    if (u.code == code) return &u;
  return nullptr;
}

const UnitInfo* OrgDirectory::FindById(std::int64_t id) const {
  for (const auto& u : units_)
    if (u.id == id) return &u;
  return nullptr;
}

std::int64_t OrgDirectory::UnitId(std::string_view code) const {
  const UnitInfo* u = FindByCode(code);
  if (u == nullptr) throw std::runtime_error("demo unit " + std::string(code) + " not found");
  return u->id;
}

std::vector<UnitInfo> OrgDirectory::OfKind(std::string_view kind) const {
  std::vector<UnitInfo> out;
  for (const auto& u : units_)
    if (u.kind == kind) out.push_back(u);
  return out;
}

std::vector<UnitInfo> OrgDirectory::ChildrenOf(std::int64_t id) const {
  std::vector<UnitInfo> out;
  for (const auto& u : units_)
    if (u.parent_id == id) out.push_back(u);
  return out;
}

const UnitInfo& OrgDirectory::FirstCommunityOf(std::string_view street_code) const {
  const std::int64_t street = UnitId(street_code);
  for (const auto& u : units_)
    if (u.parent_id == street && u.kind == "community") return u;
  throw std::runtime_error("street " + std::string(street_code) + " has no community");
}

std::int64_t OrgDirectory::LeafCategory(std::size_t index) const {
  if (leaf_categories_.empty()) throw std::runtime_error("no leaf category");
  return leaf_categories_[index % leaf_categories_.size()];
}

}  // namespace hotline::testing
