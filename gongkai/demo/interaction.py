"""Demo interaction of 大祥区 (互动交流): messages to 区教育局 answered and published (question masked), one
answered and waiting for the office's moderation, one waiting within its limit and one past it (the demo's
inspection finds it: 留言超过答复时限未答复), and a concern with its response in time. Invented people only
(张某某 …). Running it again adds nothing: a message or concern whose subject exists is left alone."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.accounts.policies import COMMAND_LINE
from gongkai.core import clock
from gongkai.interaction import services
from gongkai.interaction.models import Concern, Message
from gongkai.organizations.models import Jurisdiction, Unit

COUNTY_CODE = "430503000000"
EDUCATION_HANDLE = "jiaoyu@dxjczw"

# (subject, body, writer, days ago it arrived, what happens: published / answered / waiting)
MESSAGES = [
    ("城西小学2026年秋季招生范围咨询",
     "您好，我家住城西片区枫林小区，孩子今年满六岁，请问是否属于城西小学的招生范围？我的电话是13807391234。",
     "张某某", 24, "published",
     "您好！枫林小区属于城西小学2026年秋季招生范围，请于8月20日前携带户口簿和房产证明到学校报名。"
     "招生范围详见区教育局发布的《2026年义务教育招生工作方案》。感谢您的关注！"),
    ("学生营养改善计划补助标准咨询",
     "请问农村义务教育学生营养改善计划今年每生每天补助多少？由谁发放？",
     "李某某", 12, "published",
     "您好！国家对农村义务教育学生营养改善计划的膳食补助标准为每生每天5元，由学校统一用于学生在校用餐，"
     "不发放现金。"),
    ("校车接送时间调整的建议",
     "罗市镇中心小学放学时间提前到16:30后，校车仍是17:10出发，孩子等候时间较长，建议调整。",
     "王某某", 3, "answered", "感谢您的建议。我局已协调学校和校车运营单位，自下周一起校车发车时间调整为16:45。"),
    ("中心路小学周边交通安全问题",
     "中心路小学门口上下学时段车辆拥堵，希望增设交通协管员。", "赵某某", 2, "waiting", ""),
    ("罗市镇中心小学操场维修进度咨询",
     "罗市镇中心小学的操场跑道去年起就破损了，请问什么时候维修？", "刘某某", 15, "waiting", ""),
]

CONCERN_TITLE = "网传“城西小学今年不再招收片区外学生”"


def _moment(days_ago: int, hour: int) -> datetime:
    day = clock.today() - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=timezone.get_current_timezone())


def build(log=print) -> int:
    """Add the demo messages and concern that are missing; returns how many were added."""
    county = Jurisdiction.objects.filter(code=COUNTY_CODE).first()
    unit = Unit.objects.filter(handle=EDUCATION_HANDLE, jurisdiction=county).first() if county else None
    if county is None or unit is None:
        log("互动交流演示数据：请先运行 gongkai demo 建立大祥区和演示单位。")
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["jiaoyu.officer", "dx.office"])}
    officer = users.get("jiaoyu.officer") or COMMAND_LINE
    office = users.get("dx.office") or COMMAND_LINE
    existing = set(Message.objects.filter(jurisdiction=county).values_list("subject", flat=True))
    added = 0
    for subject, body, writer, days_ago, fate, answer in MESSAGES:
        if subject in existing:
            continue
        message = services.message_submit(jurisdiction=county, unit=unit, subject=subject, body=body,
                                          writer_name=writer, writer_phone="13800000000", at=_moment(days_ago, 9))
        added += 1
        if fate in ("published", "answered"):
            services.message_answer(actor=officer, message=message, answer=answer,
                                    at=_moment(max(days_ago - 2, 0), 15))
        if fate == "published":
            services.message_publish(actor=office, message=message,
                                     public_subject=services.public_text(subject, writer),
                                     public_body=services.public_text(body, writer),
                                     at=_moment(max(days_ago - 3, 0), 10))
    if not Concern.objects.filter(jurisdiction=county, title=CONCERN_TITLE).exists():
        arose = _moment(6, 8)
        concern = services.concern_record(
            actor=office, jurisdiction=county, unit=unit, title=CONCERN_TITLE, arose_at=arose, level="general",
            description="微信群流传“城西小学今年不再招收片区外学生”的说法，引起部分家长关注。")
        services.concern_response_add(
            actor=office, concern=concern, kind="statement", responded_at=arose + timedelta(hours=20),
            channel="大祥区人民政府门户网站、“大祥发布”微信公众号",
            content="经核实，城西小学2026年秋季招生继续按《2026年义务教育招生工作方案》执行，符合条件的随迁子女"
                    "按政策统筹安排入学，网传说法不实。")
        added += 1
    if added:
        log(f"互动交流演示数据：{Message.objects.filter(jurisdiction=county).count()} 条留言，回应关切 1 项。")
    return added
