// The demo organisation (units, categories) as the API reports it, so tests
// find ids by code instead of assuming them.
//
// Thread safety: immutable after Load; concurrent reads are safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/api_client.h"

namespace hotline::testing {

// Demo unit codes the tests rely on (Nanjing 秦淮区).
inline constexpr std::string_view kStreet1 = "320104001";
inline constexpr std::string_view kStreet2 = "320104002";
inline constexpr std::string_view kDept1 = "320104D01";
inline constexpr std::string_view kDept2 = "320104D02";
inline constexpr std::string_view kDept3 = "320104D03";

struct UnitInfo {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::string kind;  // platform, department, street, community
  std::optional<std::int64_t> parent_id;
};

class OrgDirectory {
 public:
  // Reads /api/v1/units and /api/v1/categories with `token`.
  bool Load(ApiClient& api, std::string_view token, std::string* error);

  const UnitInfo* FindByCode(std::string_view code) const;
  const UnitInfo* FindById(std::int64_t id) const;
  // The id of the unit with `code`; throws std::runtime_error when missing
  // (ends the test with a readable message).
  std::int64_t UnitId(std::string_view code) const;
  std::vector<UnitInfo> OfKind(std::string_view kind) const;
  std::vector<UnitInfo> ChildrenOf(std::int64_t id) const;
  // The first community under the street with `street_code`.
  const UnitInfo& FirstCommunityOf(std::string_view street_code) const;

  // Leaf (level 3) categories, in tree order; intake needs one of these.
  const std::vector<std::int64_t>& LeafCategories() const { return leaf_categories_; }
  std::int64_t LeafCategory(std::size_t index = 0) const;
  // A level-1 category (not acceptable for intake).
  std::int64_t TopCategory() const { return top_category_; }

  const std::vector<UnitInfo>& units() const { return units_; }

 private:
  void CollectCategories(const json& nodes);

  std::vector<UnitInfo> units_;
  std::vector<std::int64_t> leaf_categories_;
  std::int64_t top_category_ = 0;
};

}  // namespace hotline::testing
