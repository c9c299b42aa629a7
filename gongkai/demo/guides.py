"""Demo 办事服务 of 大祥区 (430503000000): 办事指南 under the published catalog's items that have a service —
义务教育 enrolment (教育局), the 低保 application (社会救助), a 户口 move (户籍管理) — and the county's 政务公开专区
in its service centre with the 五统一 checklist partly met. Invented places and phones only; running it again
adds nothing (a guide of the same name in the county, a zone of the same name, are left alone)."""

from __future__ import annotations

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.catalog.models import CatalogItem, CatalogVersion, VersionStatus
from gongkai.guides import services
from gongkai.guides.models import ServiceGuide, ServiceZone
from gongkai.organizations.models import Jurisdiction

COUNTY_CODE = "430503000000"
CENTRE = "大祥区政务服务中心（演示地址：大祥区演示大道1号）"

# (domain slug, item names to try in order, the guide)
GUIDES = [
    ("yiwu-jiaoyu", ["招生政策", "招生范围", "义务教育学校名录"], {
        "name": "义务教育阶段新生入学报名（小学一年级、初中一年级）",
        "basis": "《中华人民共和国义务教育法》第十二条；《湖南省实施〈中华人民共和国义务教育法〉办法》",
        "conditions": "适龄儿童少年（当年8月31日前年满6周岁入小学），户籍或居住证在本学区内。",
        "materials": "1. 户口簿\n2. 房屋产权证明或居住证\n3. 儿童预防接种证（小学）\n4. 小学毕业证明（初中）",
        "procedure": "网上报名 → 学校审核材料 → 公示录取名单 → 发放入学通知书",
        "time_limit": "每年7月报名，8月中旬前公布结果", "fees": "不收费",
        "place": "各学区公办学校招生办公室；" + CENTRE + "教育窗口", "phone": "0739-5100001（演示号码）",
        "office_hours": "工作日 8:30-12:00，14:30-17:30", "online_mode": "partial",
        "online_url": "https://zwfw.example.invalid/daxiang/jiaoyu/ruxue",
    }),
    ("shehui-jiuzhu", ["办事指南", "低保对象名单及相关信息", "审批信息"], {
        "name": "最低生活保障申请",
        "basis": "《社会救助暂行办法》第九条至第十五条；《湖南省最低生活保障工作规程》",
        "conditions": "共同生活的家庭成员人均收入低于当地城乡低保标准，且家庭财产状况符合规定。",
        "materials": "1. 最低生活保障申请书\n2. 家庭成员居民身份证、户口簿\n3. 家庭收入和财产状况声明及授权核对书",
        "procedure": "申请 → 乡镇人民政府（街道办事处）受理 → 入户调查 → 民主评议 → 审核公示 → 区民政局审批",
        "time_limit": "自受理之日起30个工作日", "fees": "不收费",
        "place": "户籍所在地乡镇人民政府（街道办事处）社会救助窗口", "phone": "0739-5100002（演示号码）",
        "office_hours": "工作日 8:30-12:00，14:30-17:30", "online_mode": "partial",
        "online_url": "https://zwfw.example.invalid/daxiang/minzheng/dibao",
    }),
    ("huji-guanli", [], {
        "name": "户口迁移（投靠亲属迁入）",
        "basis": "《中华人民共和国户口登记条例》第十条；湖南省户籍管理有关规定",
        "conditions": "符合投靠配偶、子女或父母落户条件的人员。",
        "materials": "1. 居民户口簿、居民身份证\n2. 亲属关系证明\n3. 合法稳定住所证明",
        "procedure": "提交申请 → 派出所受理审核 → 签发准予迁入证明 → 办理落户",
        "time_limit": "材料齐全的，5个工作日内办结", "fees": "不收费",
        "place": CENTRE + "公安户政窗口", "phone": "0739-5100003（演示号码）",
        "office_hours": "工作日 8:30-17:30（周六上午值班）", "online_mode": "full",
        "online_url": "https://zwfw.example.invalid/daxiang/gongan/hukou",
    }),
]

ZONE = {
    "name": "大祥区政务服务中心政务公开专区", "place": "区政务服务中心一楼大厅东侧",
    "address": "湖南省邵阳市大祥区演示大道1号", "hours": "工作日 8:30-12:00，14:30-17:30",
    "equipment": "政府信息查询电脑2台、触摸查询机1台、公开资料架、依申请公开受理台、休息座椅",
    "person_in_charge": "刘某某", "phone": "0739-5100000（演示号码）",
    "checks": {
        "统一标识": {"done": True, "note": "按省统一样式设置专区标牌"},
        "统一设备": {"done": True, "note": "查询电脑和触摸查询机已配置"},
        "统一资料": {"done": True, "note": "公开事项目录、办事一本通纸质版放置于资料架"},
        "统一功能": {"done": True, "note": "提供政府信息查询、信息公开申请、办事咨询答复"},
        "统一管理": {"done": False, "note": "管理制度待印发"},
    },
}


def _item(version: CatalogVersion, slug: str, names: list[str]) -> CatalogItem | None:
    items = version.items.filter(domain__slug=slug, applicable=True, responsible_unit__isnull=False)
    for name in names:
        found = items.filter(name=name).order_by("order", "id").first()
        if found is not None:
            return found
    return items.order_by("order", "id").first()


def build(log=print) -> int:
    """Add the demo guides and zone that are missing; returns how many were added."""
    county = Jurisdiction.objects.filter(code=COUNTY_CODE).first()
    version = (CatalogVersion.objects.filter(catalog__jurisdiction=county, status=VersionStatus.PUBLISHED)
               .order_by("-published_at", "-id").first() if county else None)
    if county is None or version is None:
        log("办事服务演示数据：大祥区还没有已发布的公开事项目录，跳过。")
        return 0
    added = 0
    for slug, names, values in GUIDES:
        if ServiceGuide.objects.filter(jurisdiction=county, name=values["name"]).exists():
            continue
        item = _item(version, slug, names)
        if item is None:
            log(f"办事服务演示数据：目录中没有{slug}领域的事项，跳过“{values['name']}”。")
            continue
        services.service_guide_create(actor=COMMAND_LINE, item=item, **values)
        added += 1
    if not ServiceZone.objects.filter(jurisdiction=county, name=ZONE["name"]).exists():
        services.service_zone_create(actor=COMMAND_LINE, jurisdiction=county, **ZONE)
        added += 1
    return added
