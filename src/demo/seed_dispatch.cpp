#include "demo/seed_dispatch.h"

#include <fmt/format.h>

#include <map>
#include <string_view>

#include "demo/seed_units.h"

namespace hotline::demo {
namespace {

// Phrases citizens use for matters one department answers for, as the
// district's published responsibility lists would assign them. Written for
// the demo; a real district imports its own list.
struct DutySeed {
  std::string_view phrase;
  std::string_view unit_code;
  std::string_view note;
};

constexpr DutySeed kDuties[] = {
    {"拖欠工资", "320104D02", "劳动保障监察：欠薪投诉"},
    {"欠薪", "320104D02", "劳动保障监察：欠薪投诉"},
    {"社保", "320104D02", "社会保险经办"},
    {"劳动合同", "320104D02", "劳动关系协调"},
    {"食品安全", "320104D01", "食品经营监管"},
    {"预付卡", "320104D01", "消费维权：预付式消费"},
    {"电梯", "320104D01", "特种设备安全监管"},
    {"价格欺诈", "320104D01", "价格监督检查"},
    {"占道经营", "320104D05", "市容秩序管理"},
    {"违章搭建", "320104D05", "违法建设查处"},
    {"渣土", "320104D05", "建筑垃圾运输管理"},
    {"餐饮油烟", "320104D05", "餐饮油烟管理"},
    {"夜间施工", "320104D06", "建筑施工噪声监管"},
    {"排污", "320104D06", "污染源监管"},
    {"入学", "320104D07", "义务教育招生"},
    {"学籍", "320104D07", "学籍管理"},
    {"校外培训", "320104D07", "校外培训机构监管"},
    {"医院", "320104D08", "医疗机构监管"},
    {"疫苗", "320104D08", "预防接种管理"},
    {"公交", "320104D09", "公共交通运营管理"},
    {"出租车", "320104D09", "出租汽车管理"},
    {"物业", "320104D10", "物业服务监管"},
    {"维修资金", "320104D10", "住宅专项维修资金"},
    {"诈骗", "320104D11", "刑事案件受理"},
    {"养老", "320104D12", "养老服务"},
    {"低保", "320104D12", "社会救助"},
    {"积水", "320104D14", "排水防涝"},
    {"医保", "320104D17", "医疗保障经办"},
    {"退役军人", "320104D18", "退役军人服务保障"},
    {"停电", "320104D26", "供电抢修"},
    {"停水", "320104D27", "供水抢修"},
    {"路灯", "320104D20", "城市照明维护"},
};

}  // namespace

Result<DispatchSeedReport> SeedDemoDispatch(DispatchAdvisor& advisor, const UnitTree& units) {
  std::map<std::string, UnitId, std::less<>> by_code;
  for (const Unit& u : units.All()) by_code.emplace(u.code, u.id);
  auto unit_of = [&](std::string_view code) -> Result<UnitId> {
    auto it = by_code.find(code);
    if (it == by_code.end())
      return Fail(ErrorKind::kInternal, "demo_unit_missing",
                  fmt::format("demo unit {} is missing", code));
    return it->second;
  };

  DispatchSeedReport report;
  for (const StreetPlaces& street : DemoStreetPlaces()) {
    auto street_id = unit_of(street.street_code);
    if (!street_id) return Fail(street_id.error());
    auto add = [&](std::string_view name, PlaceKind kind) -> Result<void> {
      auto added = advisor.AddPlace(Place{0, std::string(name), kind, *street_id, std::nullopt});
      if (!added) return Fail(added.error());
      ++report.places;
      return {};
    };
    for (std::string_view road : street.roads)
      if (auto r = add(road, PlaceKind::kRoad); !r) return Fail(r.error());
    for (std::string_view estate : street.estates)
      if (auto r = add(estate, PlaceKind::kEstate); !r) return Fail(r.error());
  }
  for (const DutySeed& duty : kDuties) {
    auto unit = unit_of(duty.unit_code);
    if (!unit) return Fail(unit.error());
    auto added = advisor.AddResponsibility(
        Responsibility{0, *unit, std::string(duty.phrase), std::nullopt, std::string(duty.note)});
    if (!added) return Fail(added.error());
    ++report.responsibilities;
  }

  auto trained = advisor.Train();
  if (trained) {
    report.model_version = trained->version;
    report.model_note =
        fmt::format("{} 件已办结工单，留出检验 分类 {:.0f}% / 承办单位 {:.0f}%", trained->orders,
                    trained->category_top1 * 100, trained->unit_top1 * 100);
  } else if (trained.error().code == "not_enough_orders") {
    report.model_note = trained.error().message;  // a small demo: rules and places only
  } else {
    return Fail(trained.error());
  }
  return report;
}

}  // namespace hotline::demo
