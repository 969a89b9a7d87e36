#include "demo/seed_knowledge.h"

#include <fmt/format.h>

#include <string_view>
#include <vector>

namespace hotline::demo {
namespace {

struct ArticleSeed {
  ArticleKind kind;
  std::string_view title;
  std::string_view body;
  std::string_view category_path;  // "" for none
  std::string_view unit_code;      // "" for none
  std::vector<std::string_view> tags;
};

const std::vector<ArticleSeed>& Seeds() {
  static const std::vector<ArticleSeed> seeds = {
      {ArticleKind::kStandardAnswer,
       "夜间施工噪音扰民的答复口径",
       "您好，您反映的夜间施工噪音问题已记录。建筑施工在夜间（22时至次日6时）原则上不得进行产生"
       "噪音的作业，因工艺要求确需连续施工的，须取得夜间施工许可并公示。我们将把您的诉求转交区"
       "城管局核查；如现场无许可施工，将依法责令停止并处理。处理结果会在规定时限内回复您。",
       "环境保护/环境污染/噪音污染",
       "320104D05",
       {"噪音", "夜间施工", "扰民"}},
      {ArticleKind::kStandardAnswer,
       "社会生活噪音（广场舞、商铺音响）的答复口径",
       "您好，广场舞、商铺促销音响等社会生活噪音，由所在街道会同公安秦淮分局、区城管局处理。"
       "我们会请街道工作人员到现场劝导，协调活动时间和音量；经劝导仍不改正的，由公安机关依法处理。"
       "请您告知具体位置和时段，便于现场核查。",
       "环境保护/环境污染/噪音污染",
       "",
       {"噪音", "广场舞", "音响"}},
      {ArticleKind::kStandardAnswer,
       "餐饮油烟扰民的答复口径",
       "您好，餐饮单位应安装油烟净化设施并保持正常使用，油烟不得直排。您反映的油烟问题将转交"
       "区生态环境局会同所在街道核查：未安装或未正常使用净化设施的，责令限期改正；居民楼内新开"
       "产生油烟的餐饮项目属于违规，将依法查处。",
       "环境保护/环境污染/大气污染",
       "320104D06",
       {"油烟", "餐饮", "大气污染"}},
      {ArticleKind::kStandardAnswer,
       "小区停车难、乱停车的答复口径",
       "您好，小区内部的停车管理由业主大会和物业服务企业按管理规约实施；道路上的违法停车由公安"
       "交警部门处理，人行道停车由区城管局管理。我们将根据位置转交相应单位：小区内的请物业协调，"
       "并由街道、社区督促；公共道路上的将转交执法部门。",
       "城乡建设/城市建设和市政管理/小区管理",
       "",
       {"停车", "物业", "车位"}},
      {ArticleKind::kStandardAnswer,
       "路灯不亮的答复口径",
       "您好，城市道路路灯由区城建集团负责维护，小区内部路灯由物业负责。请告知具体路名、附近门牌"
       "或灯杆编号，我们将转交维护单位，一般在2个工作日内完成检修。",
       "城乡建设/城市建设和市政管理/城市公共设施",
       "320104D20",
       {"路灯", "照明"}},
      {ArticleKind::kStandardAnswer,
       "拖欠工资（欠薪）的咨询答复",
       "您好，用人单位应当按时足额支付劳动报酬。您可以向区人社局劳动保障监察机构投诉，需要提供"
       "身份证明、劳动关系证明（合同、工牌、考勤或工资记录）和欠薪情况说明；也可以申请劳动争议"
       "仲裁。建设工程领域欠薪的，同时可向项目所在地的住建部门反映。",
       "",
       "320104D02",
       {"欠薪", "工资", "劳动保障"}},
      {ArticleKind::kStandardAnswer,
       "燃气异味的紧急处置答复",
       "您好，闻到燃气异味请立即关闭燃气阀门，打开门窗通风，不要开关电器、不要使用明火和手机，"
       "到室外安全处后拨打燃气公司抢修电话。我们同时将按紧急工单派发燃气主管部门跟进。",
       "城乡建设/城市建设和市政管理/燃气供应",
       "320104D04",
       {"燃气", "紧急", "安全"}},
      {ArticleKind::kResponsibility,
       "区生态环境局职责（受理范围）",
       "负责工业企业、餐饮油烟、建设项目环评等环境污染问题的监督管理；受理大气、水、固体废物等"
       "污染投诉。社会生活噪音由公安机关处理，建筑施工噪音由城管部门处理，不属于本局直接受理范围。",
       "",
       "320104D06",
       {"职责", "油烟", "污染"}},
      {ArticleKind::kResponsibility,
       "区城管局职责（受理范围）",
       "负责市容环境卫生、占道经营、户外广告、违法建设查处、建筑施工噪音和夜间施工的执法，"
       "以及人行道违法停车的管理。小区内部物业管理纠纷不属于本局直接受理范围，由房产部门和街道处理"
       "。",
       "",
       "320104D05",
       {"职责", "占道经营", "违法建设", "噪音"}},
      {ArticleKind::kResponsibility,
       "街道办事处在12345工单中的职责",
       "街道是辖区内诉求的属地责任单位：负责现场核查、组织协调、基层矛盾化解；对本街道难以独立"
       "解决的问题，可通过“街道吹哨、部门报到”召集区级部门联合处置。社区协助街道开展走访和回访。",
       "",
       "",
       {"职责", "街道", "吹哨报到"}},
      {ArticleKind::kPolicy,
       "物业服务相关规定要点",
       "物业服务企业应按合同约定提供服务，公示收费项目和标准；业主对服务不满意的，可通过业主大会"
       "依法决定续聘或解聘。物业不得以停水停电等方式催交物业费。房产主管部门负责物业服务活动的"
       "监督管理。",
       "城乡建设/住房保障与房地产/物业服务",
       "320104D10",
       {"物业", "物业费", "业主大会"}},
      {ArticleKind::kModelCase,
       "范例：老旧小区加装电梯协调成功",
       "某社区居民多次反映老旧小区加装电梯意见不一。街道吹哨，区住建局、区规划资源分局报到，"
       "组织居民议事会，逐户听取低层住户意见并明确补偿方案，最终签订协议开工。要点：先议事、后审批"
       "；"
       "部门现场答疑；全过程公开。",
       "",
       "",
       {"加装电梯", "吹哨报到", "范例"}},
      {ArticleKind::kModelCase,
       "范例：烧烤摊油烟噪音反复投诉的一策治理",
       "同一路段夜间烧烤摊油烟和噪音被反复投诉，单次处理后易反弹。街道牵头，区城管局、区生态环境局"
       "联合整治，引导摊点入室经营并安装净化设施，设定经营时段，之后同类诉求明显下降。",
       "环境保护/环境污染/大气污染",
       "",
       {"油烟", "噪音", "烧烤", "一策治理"}},
  };
  return seeds;
}

}  // namespace

Result<int> InsertDemoKnowledge(WriteTxn& txn, const std::map<std::string, Unit>& units_by_code,
                                const std::map<std::string, CategoryId>& leaf_by_path,
                                UserId author, Instant now) {
  int n = 0;
  for (const ArticleSeed& seed : Seeds()) {
    KnowledgeArticle a;
    a.kind = seed.kind;
    a.title = std::string(seed.title);
    a.body = std::string(seed.body);
    if (!seed.category_path.empty()) {
      auto it = leaf_by_path.find(std::string(seed.category_path));
      if (it == leaf_by_path.end())
        return Fail(ErrorKind::kInternal, "bad_knowledge_seed",
                    fmt::format("知识条目「{}」的分类 {} 不存在", seed.title, seed.category_path));
      a.category_id = it->second;
    }
    if (!seed.unit_code.empty()) {
      auto it = units_by_code.find(std::string(seed.unit_code));
      if (it == units_by_code.end())
        return Fail(ErrorKind::kInternal, "bad_knowledge_seed",
                    fmt::format("知识条目「{}」的单位 {} 不存在", seed.title, seed.unit_code));
      a.unit_id = it->second.id;
    }
    for (std::string_view tag : seed.tags) a.tags.emplace_back(tag);
    if (auto r = NormalizeArticle(a); !r) return Fail(r.error());
    a.created_by = a.updated_by = author;
    // Spread over the last days so "newest first" has an order to show.
    a.created_at = a.updated_at = now - std::chrono::hours(n * 7);
    if (auto id = txn.InsertArticle(a); !id) return Fail(id.error());
    ++n;
  }
  return n;
}

}  // namespace hotline::demo
