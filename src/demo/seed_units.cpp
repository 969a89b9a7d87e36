#include "demo/seed_units.h"

namespace hotline::demo {
namespace {

constexpr UnitKind kP = UnitKind::kPlatform;
constexpr UnitKind kD = UnitKind::kDepartment;
constexpr UnitKind kS = UnitKind::kStreet;
constexpr UnitKind kC = UnitKind::kCommunity;
constexpr std::string_view kPl = kPlatformCode;

// Street codes and names restate the 2023 statistical division codes of
// 秦淮区 (320104); community names are the demo's own.
constexpr UnitSeed kUnits[] = {
    {kPl, "秦淮区12345政务服务便民热线平台", kP, ""},
    // District departments and public service companies.
    {"320104D01", "区市场监管局", kD, kPl},
    {"320104D02", "区人社局", kD, kPl},
    {"320104D03", "区商务局", kD, kPl},
    {"320104D04", "区住建局", kD, kPl},
    {"320104D05", "区城管局", kD, kPl},
    {"320104D06", "区生态环境局", kD, kPl},
    {"320104D07", "区教育局", kD, kPl},
    {"320104D08", "区卫健委", kD, kPl},
    {"320104D09", "区交通运输局", kD, kPl},
    {"320104D10", "区房产局", kD, kPl},
    {"320104D11", "公安秦淮分局", kD, kPl},
    {"320104D12", "区民政局", kD, kPl},
    {"320104D13", "区文旅局", kD, kPl},
    {"320104D14", "区水务局", kD, kPl},
    {"320104D15", "区应急管理局", kD, kPl},
    {"320104D16", "区司法局", kD, kPl},
    {"320104D17", "区医保局", kD, kPl},
    {"320104D18", "区退役军人事务局", kD, kPl},
    {"320104D19", "区数据局", kD, kPl},
    {"320104D20", "区城建集团", kD, kPl},
    {"320104D21", "区发改委", kD, kPl},
    {"320104D22", "区财政局", kD, kPl},
    {"320104D23", "区税务局", kD, kPl},
    {"320104D24", "区行政审批局", kD, kPl},
    {"320104D25", "区纪委监委", kD, kPl},
    {"320104D26", "秦淮供电服务中心", kD, kPl},
    {"320104D27", "秦淮供水服务中心", kD, kPl},
    {"320104D28", "区规划资源分局", kD, kPl},
    // Streets.
    {"320104001", "秦虹街道", kS, kPl},
    {"320104002", "夫子庙街道", kS, kPl},
    {"320104003", "红花街道", kS, kPl},
    {"320104004", "双塘街道", kS, kPl},
    {"320104005", "中华门街道", kS, kPl},
    {"320104006", "五老村街道", kS, kPl},
    {"320104007", "洪武路街道", kS, kPl},
    {"320104008", "大光路街道", kS, kPl},
    {"320104009", "瑞金路街道", kS, kPl},
    {"320104010", "月牙湖街道", kS, kPl},
    {"320104011", "光华路街道", kS, kPl},
    {"320104012", "朝天宫街道", kS, kPl},
    // Communities.
    {"320104001001", "秦虹南路社区", kC, "320104001"},
    {"320104001002", "石杨路社区", kC, "320104001"},
    {"320104001003", "大明路社区", kC, "320104001"},
    {"320104002001", "贡院社区", kC, "320104002"},
    {"320104002002", "钞库街社区", kC, "320104002"},
    {"320104002003", "白鹭洲社区", kC, "320104002"},
    {"320104002004", "乌衣巷社区", kC, "320104002"},
    {"320104003001", "宏光社区", kC, "320104003"},
    {"320104003002", "红花地社区", kC, "320104003"},
    {"320104003003", "应天社区", kC, "320104003"},
    {"320104004001", "集庆门社区", kC, "320104004"},
    {"320104004002", "船板巷社区", kC, "320104004"},
    {"320104004003", "鸣羊里社区", kC, "320104004"},
    {"320104005001", "长干里社区", kC, "320104005"},
    {"320104005002", "雨花门社区", kC, "320104005"},
    {"320104005003", "西街社区", kC, "320104005"},
    {"320104006001", "户部街社区", kC, "320104006"},
    {"320104006002", "三元巷社区", kC, "320104006"},
    {"320104007001", "常府街社区", kC, "320104007"},
    {"320104007002", "文昌巷社区", kC, "320104007"},
    {"320104007003", "洪武北路社区", kC, "320104007"},
    {"320104008001", "御道街社区", kC, "320104008"},
    {"320104008002", "马道街社区", kC, "320104008"},
    {"320104008003", "大光路社区", kC, "320104008"},
    {"320104009001", "瑞金北村社区", kC, "320104009"},
    {"320104009002", "明故宫社区", kC, "320104009"},
    {"320104009003", "解放路社区", kC, "320104009"},
    {"320104010001", "苜蓿园社区", kC, "320104010"},
    {"320104010002", "月苑社区", kC, "320104010"},
    {"320104010003", "石门坎社区", kC, "320104010"},
    {"320104010004", "标营社区", kC, "320104010"},
    {"320104011001", "海福巷社区", kC, "320104011"},
    {"320104011002", "光华东街社区", kC, "320104011"},
    {"320104011003", "大校场社区", kC, "320104011"},
    {"320104012001", "冶山社区", kC, "320104012"},
    {"320104012002", "堂子街社区", kC, "320104012"},
    {"320104012003", "王府园社区", kC, "320104012"},
};

using Names = const std::string_view[];

// Real roads of each street's area; the estates are invented.
constexpr Names kRoads001 = {"秦虹南路", "石杨路", "大明路", "卡子门大街"};
constexpr Names kEstates001 = {"秦虹小区", "石杨新寓", "大明苑", "虹苑花园"};
constexpr Names kRoads002 = {"贡院街", "长乐路", "平江府路", "瞻园路"};
constexpr Names kEstates002 = {"白鹭新村", "钞库街小区", "瞻园里", "长乐花园"};
constexpr Names kRoads003 = {"宏光路", "应天大街", "卡子门大街", "宏运大道"};
constexpr Names kEstates003 = {"宏光新寓", "红花苑", "应天雅居", "卡子门小区"};
constexpr Names kRoads004 = {"集庆路", "鸣羊街", "船板巷", "仙鹤街"};
constexpr Names kEstates004 = {"集庆门小区", "鸣羊里小区", "双塘园", "仙鹤苑"};
constexpr Names kRoads005 = {"雨花路", "长干街", "应天大街", "西街"};
constexpr Names kEstates005 = {"长干里小区", "雨花新村", "中华门新寓", "西街小区"};
constexpr Names kRoads006 = {"中山南路", "户部街", "三元巷", "常府街"};
constexpr Names kEstates006 = {"五老村小区", "户部新寓", "三元花园", "南捕厅小区"};
constexpr Names kRoads007 = {"洪武路", "太平南路", "文昌巷", "常府街"};
constexpr Names kEstates007 = {"洪武新寓", "文昌小区", "太平花园", "常府雅苑"};
constexpr Names kRoads008 = {"大光路", "御道街", "马道街", "光华路"};
constexpr Names kEstates008 = {"大光路小区", "御道街新村", "马道街小区", "光明苑"};
constexpr Names kRoads009 = {"瑞金路", "中山东路", "解放路", "明故宫路"};
constexpr Names kEstates009 = {"瑞金北村", "瑞金新村", "解放路小区", "明故宫小区"};
constexpr Names kRoads010 = {"苜蓿园大街", "月牙湖路", "石门坎", "龙蟠中路"};
constexpr Names kEstates010 = {"月牙湖花园", "苜蓿园小区", "月苑新村", "标营小区"};
constexpr Names kRoads011 = {"光华路", "海福巷", "石杨路", "大校场路"};
constexpr Names kEstates011 = {"海福巷小区", "光华园", "大校场新寓", "银城花园"};
constexpr Names kRoads012 = {"莫愁路", "建邺路", "堂子街", "王府大街"};
constexpr Names kEstates012 = {"冶山小区", "堂子街新寓", "王府园小区", "朝天宫雅苑"};

constexpr StreetPlaces kPlaces[] = {
    {"320104001", kRoads001, kEstates001}, {"320104002", kRoads002, kEstates002},
    {"320104003", kRoads003, kEstates003}, {"320104004", kRoads004, kEstates004},
    {"320104005", kRoads005, kEstates005}, {"320104006", kRoads006, kEstates006},
    {"320104007", kRoads007, kEstates007}, {"320104008", kRoads008, kEstates008},
    {"320104009", kRoads009, kEstates009}, {"320104010", kRoads010, kEstates010},
    {"320104011", kRoads011, kEstates011}, {"320104012", kRoads012, kEstates012},
};

}  // namespace

std::span<const UnitSeed> DemoUnits() { return kUnits; }

std::span<const StreetPlaces> DemoStreetPlaces() { return kPlaces; }

}  // namespace hotline::demo
