"""Demo records of 罗市镇和平村 under its village topics (after `gongkai demo` built the village's 2021版 catalog
from 罗市镇's reference catalog, which carries the 村务公开 and 乡村振兴 items with their source):

- 村级财务: the third quarter of 2021's 财务收支情况, with its 收支明细 as entries (日期、摘要、收入、支出),
  formed on the quarter's last day and due on 2021-10-20 (每季度首月20日前, 《村民委员会组织法》第三十条);
- 惠农政策: the quarter's 农业补贴 received and paid out (政府部门对农(渔)业补贴);
- 养老: the quarter's care visits to the village's elderly (老年人关爱服务).

The village committee has no accounts (as most villages): its records are entered from the command line, as
a town officer would on its behalf. Amounts and events are invented; no person is named. Running it again adds
nothing: each record is recognised by its unit and title."""

from __future__ import annotations

from datetime import date

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.catalog.models import CatalogItem, CatalogVersion
from gongkai.catalog.selectors import published_version
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.publishing import services
from gongkai.publishing.models import Record

VILLAGE_CODE = "430503101201"  # 罗市镇和平村
VILLAGE_HANDLE = "lsz.hpc@dxjczw"
QUARTER_END = date(2021, 9, 30)

FINANCE_TITLE = "和平村2021年第三季度村级财务收支情况"
# (日期, 摘要, 收入, 支出) — invented, consistent: income 96,400.00, spending 63,170.00.
FINANCE_ROWS = [
    ("2021-07-02", "收到镇财政所拨付村级组织运转经费", "45000.00", ""),
    ("2021-07-15", "支付村部水电费（7月）", "", "1320.00"),
    ("2021-07-28", "收到集体山林承包费", "12000.00", ""),
    ("2021-08-10", "支付村道路灯维修费", "", "8650.00"),
    ("2021-08-20", "收到上级拨付人居环境整治奖补资金", "30000.00", ""),
    ("2021-08-31", "支付垃圾清运费（7—8月）", "", "6400.00"),
    ("2021-09-08", "支付村小组道路硬化工程进度款", "", "42000.00"),
    ("2021-09-22", "收到集体鱼塘租金", "9400.00", ""),
    ("2021-09-30", "支付村务公开栏更新制作费", "", "4800.00"),
]
FINANCE_BODY = (
    "<p>根据《中华人民共和国村民委员会组织法》第三十条，现将和平村2021年第三季度（7月1日至9月30日）村级财务收支情况"
    "公布如下（见收支明细）。</p>"
    "<p>本季度收入合计96,400.00元，支出合计63,170.00元。支出均经村务监督委员会审核。"
    "村民对公开内容有异议的，可向村务监督委员会或罗市镇农村经营管理站反映。</p>")

SUBSIDY_TITLE = "和平村2021年第三季度农业补贴发放情况"
SUBSIDY_BODY = (
    "<p>本季度和平村共收到耕地地力保护补贴资金186,520.00元，已按承包耕地面积通过“一卡通”全部发放到户，"
    "补贴标准为每亩106.40元。分户明细在村务公开栏张贴，并可在村委会查阅。</p>")

CARE_TITLE = "和平村2021年第三季度老年人关爱服务开展情况"
CARE_BODY = (
    "<p>本季度村“邻里守望”志愿服务队走访80周岁以上老人和独居老人共46户次，为12户更换了室内照明和防滑设施，"
    "联系镇卫生院上门开展健康体检2次。</p><p>下季度将重点做好冬季取暖安全检查。</p>")


def _item(version: CatalogVersion, name: str) -> CatalogItem | None:
    return version.items.filter(name=name, applicable=True).order_by("order", "id").first()


def _publish(record: Record) -> None:
    services.record_submit(actor=COMMAND_LINE, record=record)
    services.record_review(actor=COMMAND_LINE, record=record)
    for finding in services.open_findings(record):
        services.finding_override(actor=COMMAND_LINE, finding=finding, reason="演示数据：村务公开内容，经审查可以公开")
    services.record_approve(actor=COMMAND_LINE, record=record)
    services.record_publish(actor=COMMAND_LINE, record=record)


def build(log=print) -> int:
    """Create the village's demo records that are missing; returns how many were created."""
    village = Jurisdiction.objects.filter(code=VILLAGE_CODE).first()
    unit = Unit.objects.filter(handle=VILLAGE_HANDLE).first()
    version = published_version(village) if village else None
    if village is None or unit is None or version is None:
        log("村务公开演示数据：请先运行 gongkai demo 建立和平村及其已发布的目录。")
        return 0
    created = 0
    plan = [
        ("财务收支情况", FINANCE_TITLE, FINANCE_BODY, "村级财务 收支明细", "和平村2021年第三季度村级财务收入、支出及收支明细。"),
        ("政府部门对农(渔)业补贴", SUBSIDY_TITLE, SUBSIDY_BODY, "惠农 补贴", "耕地地力保护补贴的到位和发放情况。"),
        ("农村最低生活保障、特困人员供养、残疾人保障、困境儿童保障,以及农村留守儿童、妇女和老年人关爱服务,优抚对象优待抚恤等情况",
         CARE_TITLE, CARE_BODY, "养老 老年人关爱", "本季度老年人走访、适老化改造和健康服务情况。"),
    ]
    for name, title, body, keywords, summary in plan:
        item = _item(version, name)
        if item is None:
            log(f"村务公开演示数据：和平村目录中没有“{name}”事项，跳过。")
            continue
        if Record.objects.filter(unit=unit, title=title).exists():
            continue
        record = services.record_create(
            actor=COMMAND_LINE, unit=unit, items=[item], title=title, formed_on=QUARTER_END,
            disclosure_attribute="proactive", body=body, keywords=keywords, summary=summary)
        if title == FINANCE_TITLE:
            names = [field["name"] for field in item.schema or []]
            for row in FINANCE_ROWS:
                values = {k: v for k, v in zip(names, row, strict=False) if v}
                services.entry_create(actor=COMMAND_LINE, item=item, record=record, values=values)
        _publish(record)
        created += 1
    log(f"村务公开演示数据：新建 {created} 条。")
    return created
