#include "workorder/privacy.h"

namespace hotline {

std::string MaskPhone(std::string_view phone) {
  if (phone.size() >= 7) {
    return std::string(phone.substr(0, 3)) + std::string(phone.size() - 7, '*') +
           std::string(phone.substr(phone.size() - 4));
  }
  if (phone.size() <= 2) return std::string(phone.size(), '*');
  return std::string(phone.size() - 2, '*') + std::string(phone.substr(phone.size() - 2));
}

std::string MaskName(std::string_view name) {
  if (name.empty()) return {};
  // Length in bytes of the first UTF-8 code point.
  const unsigned char lead = static_cast<unsigned char>(name[0]);
  std::size_t first = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (first > name.size()) first = name.size();
  std::size_t rest = 0;
  for (std::size_t i = first; i < name.size(); ++i)
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) ++rest;
  return std::string(name.substr(0, first)) + std::string(rest == 0 ? 1 : rest, '*');
}

CallerVisibility CallerVisibilityFor(Role role, DemandType demand_type) {
  if (SeesCallerIdentity(role)) return CallerVisibility::kFull;
  if (IsUnitRole(role) && demand_type == DemandType::kReport) return CallerVisibility::kHidden;
  return CallerVisibility::kMasked;
}

}  // namespace hotline
