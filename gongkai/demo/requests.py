"""Demo 依申请公开 requests in 大祥区 (after `gongkai demo` built the county, its units and accounts).

Invented applicants only (张某某, 某某科技有限公司; generated checksum-valid ID numbers, 138-0000 phones). Dates
are counted back from today in working days, so the open requests always have days left. Running it again
adds nothing: each demo request is recognised by its description."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.calendars.selectors import workday_calendar
from gongkai.core import clock
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.organizations.models import Jurisdiction, Unit

COUNTY_CODE = "430503000000"
OFFICE_HANDLE = "zwgk@dxjczw"
EDUCATION_HANDLE = "jiaoyu@dxjczw"
CIVIL_HANDLE = "minzheng@dxjczw"


def fake_id(serial: int) -> str:
    body = f"43050319850101{serial:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def person(serial: int, name: str, description: str, **extra) -> dict:
    return {
        "applicant_type": "natural_person", "applicant_name": name, "id_type": "resident_id",
        "id_number": fake_id(serial), "contact_phone": f"1380000{serial:04d}",
        "contact_email": f"applicant{serial}@example.invalid", "contact_address": f"邵阳市大祥区演示路{serial}号",
        "postal_code": "422000", "description": description, "delivery_form": "paper", "obtaining_method": "post",
        **extra,
    }


def build(log=print) -> int:  # noqa: C901 — a straight script of demo steps, each skipped when already there
    """Create the demo requests that are missing; returns how many were created."""
    county = Jurisdiction.objects.filter(code=COUNTY_CODE).first()
    units = {u.handle: u for u in Unit.objects.filter(handle__in=[OFFICE_HANDLE, EDUCATION_HANDLE, CIVIL_HANDLE])}
    users = {u.username: u for u in User.objects.filter(username__in=["dx.office", "jiaoyu.officer"])}
    if county is None or len(units) < 3 or len(users) < 2:
        log("依申请公开演示数据：请先运行 gongkai demo 建立大祥区、单位和演示账号。")
        return 0
    office, officer = users["dx.office"], users["jiaoyu.officer"]
    education, civil = units[EDUCATION_HANDLE], units[CIVIL_HANDLE]
    calendar = workday_calendar()
    today = clock.today()

    def ago(n: int) -> date:
        """The working day n working days before today."""
        day = today
        while n > 0:
            day -= timedelta(days=1)
            if calendar.is_workday(day):
                n -= 1
        return day

    def at(day: date, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, 0)))

    created = 0

    def exists(description: str) -> bool:
        return DisclosureRequest.objects.filter(jurisdiction=county, description=description).exists()

    def register(intake_channel: str, data: dict, day: date, **kwargs) -> DisclosureRequest:
        nonlocal created
        created += 1
        return services.request_register(actor=office, jurisdiction=county, intake_channel=intake_channel, data=data,
                                         submitted_at=at(day), **kwargs)

    # 1. Online, waiting for confirmation.
    d = "2025年大祥区城乡居民最低生活保障资金发放情况"
    if not exists(d):
        services.request_submit_online(jurisdiction=county, data=person(1, "张某某", d), submitted_at=at(ago(1), 20))
        created += 1

    # 2. In person, just assigned to 区教育局.
    d = "大祥区2026年秋季义务教育学区划分方案"
    if not exists(d):
        r = register("in_person", person(2, "李某某", d), ago(3))
        services.request_assign(actor=office, request=r, unit=education, on=ago(3))

    # 3. Online, confirmed, with a third-party consultation still open (第三十二条).
    d = "某某养老服务中心2025年度运营补贴拨付明细"
    if not exists(d):
        created += 1
        r = services.request_submit_online(jurisdiction=county, data=person(3, "王某某", d), submitted_at=at(ago(13)))
        services.request_confirm(actor=office, request=r, confirmed_at=at(ago(12)), method="电话确认")
        services.request_assign(actor=office, request=r, unit=civil, on=ago(12))
        services.request_consultation_sent(actor=office, request=r, on=ago(6), party_kind="third_party",
                                           party_name="某某养老服务中心（演示）", note="涉及第三方经营信息")

    # 4. Signed letter from a company, extended by the office before the original due date (第三十三条第二款).
    d = "罗市镇中心学校校舍维修工程招标及合同文件"
    if not exists(d):
        data = {**person(4, "赵某某", d), "applicant_type": "commercial", "organisation_name": "某某科技有限公司（演示）",
                "credit_code": "91430503MA00000001", "contact_name": "赵某某"}
        r = register("registered_post", data, ago(24), arrived_at=at(ago(22)))
        services.request_assign(actor=office, request=r, unit=education, on=ago(22))
        services.request_extension(actor=office, request=r, decided_on=ago(5), notice_on=ago(5),
                                   reason="涉及多年度工程档案，需调取归档材料核对")

    # 5. Replied: partial disclosure with a redacted attachment and a letter, delivered (第三十七条).
    d = "2025年大祥区城乡低保资金发放情况"
    if not exists(d):
        r = register("in_person", person(5, "刘某某", d), ago(30))
        services.request_assign(actor=office, request=r, unit=civil, on=ago(30))
        services.request_reply(
            actor=office, request=r, type="partial", on=ago(16),
            reasons="发放名册中的身份证号码、银行账号属于个人隐私，公开会对第三方合法权益造成损害（第十五条），已作遮盖处理。",
            attachments=[("2025年城乡低保资金发放名册（已遮盖）.txt",
                          "演示附件：发放名册，身份证号码和银行账号已遮盖。\n".encode(), True)],
        )
        services.request_deliver(actor=office, request=r, method="post", delivered_on=ago(14), recipient="刘某某",
                                 proof="EMS 演示单号 0000000000000")

    # 6. Not held, replied and archived (第三十六条第（四）项).
    d = "大祥区2010年城区道路命名的会议纪要"
    if not exists(d):
        r = register("in_person", person(6, "陈某某", d), ago(40))
        services.request_assign(actor=office, request=r, unit=education, on=ago(40))
        services.request_reply(actor=officer, request=r, type="not_held", on=ago(30),
                               reasons="经检索本机关档案，未制作或获取该会议纪要。")
        services.request_deliver(actor=officer, request=r, method="in_person", delivered_on=ago(29),
                                 recipient="陈某某")
        services.request_archive(actor=officer, request=r, on=ago(28))

    # 7. 补正 not made in time: deemed abandoned (第三十条; 三(六)1).
    d = "关于那个文件"
    if not exists(d):
        r = register("in_person", person(7, "周某某", d), ago(35))
        services.request_correction(actor=office, request=r, on=ago(33),
                                    items="请写明所需信息的名称、文号或者便于查询的其他特征性描述", period_workdays=10)
        services.request_correction_period_ended(actor=office, request=r, on=ago(20))

    log(f"依申请公开演示数据：新建申请 {created} 件。" if created else "依申请公开演示数据：已齐全。")
    return created
