"""Demo records of 大祥区 (after `gongkai demo` built the county, its units, accounts and the published
2021 catalog): records under several items, through the real workflow (drafted by jiaoyu.officer,
reviewed, approved and published by jiaoyu.reviewer; the 区民政局 record from the command line, the demo
having no 民政 accounts).

- 义务教育学校名录 with entries for six invented schools (name, address, level, type, office phone);
- a policy document (招生政策) with its question-and-answer interpretation published together (三同步);
- 本期无此类信息 for 民办学校日常监管信息, first half of 2021;
- a 依申请公开 record listed by title, and a 不予公开 internal record (never public);
- a 低保 beneficiary list whose xlsx attachment is masked by `publishing.masking.mask_file` (the privacy
  engineer's module); the original stays private.

Invented people only (张某某 …), ID numbers checksum-valid but generated, phones 0739-52000xx. Running it
again adds nothing: each demo record is recognised by its unit and title."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from gongkai.accounts.models import User
from gongkai.accounts.policies import COMMAND_LINE
from gongkai.catalog.models import CatalogItem
from gongkai.catalog.selectors import published_version
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.publishing import services
from gongkai.publishing.masking import mask_file
from gongkai.publishing.models import FindingStatus, Record

COUNTY_CODE = "430503000000"
EDUCATION_HANDLE = "jiaoyu@dxjczw"
CIVIL_HANDLE = "minzheng@dxjczw"

SCHOOLS = [
    ("大祥区演示路第一完全小学", "大祥区演示路1号", "小学", "公办", "0739-5200011"),
    ("大祥区城南演示小学", "大祥区城南路88号", "小学", "公办", "0739-5200012"),
    ("大祥区演示实验中学", "大祥区学院路16号", "初中", "公办", "0739-5200013"),
    ("大祥区罗市镇中心学校", "大祥区罗市镇演示街2号", "九年一贯制", "公办", "0739-5200014"),
    ("大祥区板桥乡中心小学", "大祥区板桥乡演示村1组", "小学", "公办", "0739-5200015"),
    ("大祥区育才演示学校", "大祥区敏州路9号", "九年一贯制", "民办", "0739-5200016"),
]

POLICY_TITLE = "大祥区教育局关于做好2021年义务教育招生入学工作的通知"
POLICY_BODY = """
<p>各中小学校：</p>
<p>为做好我区2021年义务教育招生入学工作，根据《中华人民共和国义务教育法》和省、市有关规定，现就有关事项通知如下。</p>
<h3>一、招生原则</h3>
<p>坚持免试就近入学，公办、民办学校同步招生。</p>
<h3>二、时间安排</h3>
<ul><li>7月1日至7月10日：网上报名；</li><li>7月20日前：公布录取结果。</li></ul>
<h3>三、监督</h3>
<p>招生咨询与监督电话：0739-5200010（区教育局办公室，工作日8:00—12:00、14:30—17:30）。</p>
"""
QA_BODY = """
<p><strong>问：哪些儿童可以报名一年级？</strong></p>
<p>答：2021年8月31日前年满6周岁、具有本区户籍或符合随迁子女入学条件的适龄儿童。</p>
<p><strong>问：需要准备哪些材料？</strong></p>
<p>答：户口簿、房产证明或居住证等，详见各校招生简章。</p>
"""

LIST_TITLE = "大祥区2021年第二季度城乡居民最低生活保障对象名单"
BENEFICIARIES = [
    ("张某某", "城南街道演示社区", 3, "1080.00"),
    ("李某某", "罗市镇演示村", 2, "720.00"),
    ("王某某", "板桥乡演示村", 1, "360.00"),
    ("赵某某", "中心路街道演示社区", 4, "1440.00"),
    ("刘某某", "蔡锷乡演示村", 2, "720.00"),
]


def fake_id(serial: int) -> str:
    """An ID number with a valid check digit, born 1960-01-01 + serial (obviously generated)."""
    body = f"43050319600101{serial:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def beneficiary_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "低保对象名单"
    sheet.append(["序号", "户主姓名", "身份证号码", "所在村（社区）", "保障人数", "月保障金额（元）", "联系电话"])
    for number, (name, place, people, amount) in enumerate(BENEFICIARIES, start=1):
        sheet.append([number, name, fake_id(100 + number), place, people, amount, f"1380000{number:04d}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _item(version, name: str, topic: str | None = None, *, with_schema: bool = False) -> CatalogItem | None:
    qs = version.items.filter(name=name, applicable=True)
    if topic:
        qs = qs.filter(topic=topic)
    items = list(qs.order_by("order", "id"))
    if with_schema:
        items = [i for i in items if i.schema] or items
    return items[0] if items else None


def _through_review(record: Record, officer, reviewer, *, fix_reason: str = "") -> services.PublishResult:
    services.record_submit(actor=officer, record=record)
    services.record_review(actor=reviewer, record=record)
    for finding in services.open_findings(record):
        services.finding_override(actor=reviewer, finding=finding, reason=fix_reason or "演示数据：经审查可以公开")
    services.record_approve(actor=reviewer, record=record)
    return services.record_publish(actor=reviewer, record=record)


def build(log=print) -> int:  # noqa: C901 — a straight script of demo steps, each skipped when already there
    """Create the demo records that are missing; returns how many were created."""
    county = Jurisdiction.objects.filter(code=COUNTY_CODE).first()
    units = {u.handle: u for u in Unit.objects.filter(handle__in=[EDUCATION_HANDLE, CIVIL_HANDLE])}
    users = {u.username: u for u in User.objects.filter(username__in=["jiaoyu.officer", "jiaoyu.reviewer"])}
    version = published_version(county) if county else None
    if county is None or len(units) < 2 or len(users) < 2 or version is None:
        log("政府信息演示数据：请先运行 gongkai demo 建立大祥区、单位、演示账号和已发布的目录。")
        return 0
    officer, reviewer = users["jiaoyu.officer"], users["jiaoyu.reviewer"]
    education, civil = units[EDUCATION_HANDLE], units[CIVIL_HANDLE]
    created = 0

    def exists(unit: Unit, title: str) -> bool:
        return Record.objects.filter(unit=unit, title=title).exists()

    def missing(what: str) -> None:
        log(f"政府信息演示数据：目录中没有“{what}”事项，跳过。")

    # 1. 义务教育学校名录 with entries.
    schools = _item(version, "义务教育学校名录", with_schema=True)
    title = "大祥区2021年义务教育学校名录"
    if schools is None:
        missing("义务教育学校名录")
    elif not exists(education, title):
        record = services.record_create(
            actor=officer, unit=education, items=[schools], title=title, formed_on=date(2021, 8, 20),
            disclosure_attribute="proactive", summary="全区义务教育阶段学校名称、地址、办学层次、办学类型和办公电话。",
            keywords="义务教育 学校 名录", body="<p>现将大祥区2021年义务教育学校名录公布如下（见明细）。</p>")
        names = [f["name"] for f in schools.schema or []]
        if not names:
            log("政府信息演示数据：“义务教育学校名录”没有要素字段，未填写学校明细。")
        for row in SCHOOLS if names else []:
            values = dict(zip(names, row, strict=False))
            services.entry_create(actor=officer, item=schools, record=record, values=values)
        _through_review(record, officer, reviewer, fix_reason="学校办公电话属于依法公开的单位联系方式")
        created += 1

    # 2. Policy document with its interpretation (三同步).
    admissions = _item(version, "招生政策") or _item(version, "规范性文件")
    interpretations_item = _item(version, "相关政策解读")
    if admissions is None:
        missing("招生政策")
    elif not exists(education, POLICY_TITLE):
        items = [admissions] + ([interpretations_item] if interpretations_item else [])
        record = services.record_create(
            actor=officer, unit=education, items=items, title=POLICY_TITLE, document_number="大教发〔2021〕8号",
            formed_on=date(2021, 6, 15), disclosure_attribute="proactive", body=POLICY_BODY,
            summary="2021年义务教育招生入学的原则、时间安排和监督方式。", keywords="招生 入学 义务教育",
            is_policy_document=True, report_category="normative_document")
        services.interpretation_create(actor=officer, record=record, kind="qa",
                                       title="《关于做好2021年义务教育招生入学工作的通知》问答解读", body=QA_BODY)
        _through_review(record, officer, reviewer, fix_reason="招生咨询电话为单位办公电话，应当公开")
        created += 1

    # 3. 本期无此类信息.
    supervision = _item(version, "日常监管信息") or _item(version, "教师职称评审")
    if supervision is None:
        missing("日常监管信息")
    elif not Record.objects.filter(unit=education, items=supervision, is_nothing_to_publish=True,
                                   period_start=date(2021, 1, 1)).exists():
        services.record_mark_nothing_to_publish(
            actor=officer, unit=education, item=supervision, period_start=date(2021, 1, 1),
            period_end=date(2021, 6, 30), note="本期未对民办学校作出行政处罚。")
        created += 1

    # 4. 依申请公开 (title listed) and 不予公开 (never public).
    statistics = _item(version, "教育统计数据") or admissions
    on_request = "大祥区2020年教育经费执行情况统计表（分校明细）"
    if statistics is not None and not exists(education, on_request):
        record = services.record_create(
            actor=officer, unit=education, items=[statistics], title=on_request, formed_on=date(2021, 3, 31),
            disclosure_attribute="on_request", show_title_publicly=True,
            summary="各校经费明细，依申请提供。")
        _through_review(record, officer, reviewer)
        created += 1
    internal = "区教育局2021年机关内部考勤管理办法（内部事务）"
    if statistics is not None and not exists(education, internal):
        record = services.record_create(
            actor=officer, unit=education, items=[statistics], title=internal, formed_on=date(2021, 2, 1),
            disclosure_attribute="withheld", withholding_ground="internal_affairs",
            next_review_on=date(2022, 2, 1), summary="机关内部人事管理事务。")
        _through_review(record, officer, reviewer)
        created += 1

    # 5. 低保 beneficiary list with a masked attachment.
    dibao = _item(version, "低保对象名单及相关信息") or _item(version, "审批信息", None)
    if dibao is None:
        dibao = version.items.filter(topic="最低生活保障", applicable=True).first()
    if dibao is None:
        missing("最低生活保障 / 审批信息")
    elif not exists(civil, LIST_TITLE):
        actor = COMMAND_LINE
        record = services.record_create(
            actor=actor, unit=civil, items=[dibao], title=LIST_TITLE, formed_on=date(2021, 7, 5),
            disclosure_attribute="proactive", keywords="低保 名单",
            summary="2021年第二季度新增及在保城乡低保对象名单（个人信息已按规定遮盖）。",
            body="<p>根据《最低生活保障审核确认办法》，现将2021年第二季度城乡低保对象名单公布如下（见附件）。"
                 "如有异议，请向区民政局反映。</p>")
        original = beneficiary_workbook()
        attachment = services.attachment_add(actor=actor, record=record, name="2021年第二季度低保对象名单.xlsx",
                                             data=original)
        masked = mask_file(original, name=attachment.name)
        labels = {"id_number": "身份证号码", "mobile": "手机号码", "landline": "固定电话", "bank_card": "银行卡号",
                  "address": "详细住址"}
        kinds = "、".join(dict.fromkeys(labels.get(h.kind, h.kind) for h in masked.hits))
        services.attachment_replace_public_copy(actor=actor, attachment=attachment, data=masked.data,
                                                note=f"按隐私审查遮盖 {len(masked.hits)} 处：{kinds}")
        services.record_submit(actor=actor, record=record)
        services.record_review(actor=actor, record=record)
        for finding in services.open_findings(record):
            if finding.attachment_id:
                services.finding_override(actor=actor, finding=finding,
                                          reason="公开文件中已遮盖，剩余内容为村（社区）名称和保障金额，依法公示")
        services.record_approve(actor=actor, record=record)
        services.record_publish(actor=actor, record=record)
        still_open = record.privacy_findings.filter(status=FindingStatus.OPEN).count()
        if still_open:  # pragma: no cover
            log(f"政府信息演示数据：低保名单仍有 {still_open} 处未处理的审查发现。")
        created += 1

    log(f"政府信息演示数据：新建 {created} 条。")
    return created
