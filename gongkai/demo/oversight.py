"""Demo oversight for 大祥区 (after the records, requests and reports and their timeline): the office inspected the
county a week ago and again today; 区教育局 ran a self-check, reported one blank column fixed and published a
record in it, so today's inspection confirmed the fix; a higher-level deduction is recorded; a 通报 is drafted
from today's inspection. Findings across several units and rules come from the demo data itself (blank columns,
the two records the timeline made late). Running it again adds nothing."""

from __future__ import annotations

from datetime import timedelta

from gongkai.accounts.models import User
from gongkai.catalog.models import VersionStatus
from gongkai.core import clock
from gongkai.core.errors import GongkaiError
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.oversight import services as oversight
from gongkai.oversight.models import Finding, FindingState, Inspection
from gongkai.publishing import services as publishing

COUNTY_CODE = "430503000000"
EDUCATION_HANDLE = "jiaoyu@dxjczw"
FIX_TITLE = "大祥区教育局关于2026年秋季学期教育收费政策的说明"


def _publish_fix(item, officer, reviewer, formed_on):
    record = publishing.record_create(
        actor=officer, unit=item.responsible_unit, items=[item], title=FIX_TITLE, formed_on=formed_on,
        disclosure_attribute="proactive", summary="收费项目、标准和依据。", keywords="教育 收费",
        body="<p>按照有关规定，现将本学期义务教育阶段学校收费政策说明如下：义务教育阶段公办学校免收学费、杂费。</p>")
    publishing.record_submit(actor=officer, record=record)
    publishing.record_review(actor=reviewer, record=record)
    for finding in publishing.open_findings(record):
        publishing.finding_override(actor=reviewer, finding=finding, reason="演示数据：经审查可以公开")
    publishing.record_approve(actor=reviewer, record=record)
    publishing.record_publish(actor=reviewer, record=record)
    return record


def build(log=print) -> int:
    county = Jurisdiction.objects.filter(code=COUNTY_CODE).first()
    users = {u.username: u for u in User.objects.filter(
        username__in=["dx.office", "jiaoyu.officer", "jiaoyu.reviewer"])}
    education = Unit.objects.filter(handle=EDUCATION_HANDLE).first()
    if county is None or education is None or len(users) < 3:
        log("监测检查演示数据：请先运行 gongkai demo 建立大祥区、单位和演示账号。")
        return 0
    if Inspection.objects.filter(jurisdiction=county).exists():
        return 0
    office, officer, reviewer = users["dx.office"], users["jiaoyu.officer"], users["jiaoyu.reviewer"]
    today = clock.today()
    week_ago = today - timedelta(days=7)
    try:
        oversight.inspection_run(actor=office, jurisdiction=county, today=week_ago)
        oversight.inspection_run(actor=officer, unit=education, today=week_ago + timedelta(days=1))
        blank = (Finding.objects.filter(rule="blank_item", unit=education, state=FindingState.OPEN)
                 .order_by("label").first())
        created = 2
        if blank is not None:
            from gongkai.catalog.models import CatalogItem

            item = CatalogItem.objects.filter(key=blank.target, version__status=VersionStatus.PUBLISHED).first()
            if item is not None and item.responsible_unit_id == education.pk:
                _publish_fix(item, officer, reviewer, formed_on=week_ago + timedelta(days=2))
                oversight.finding_report_fixed(actor=officer, finding=blank,
                                               answer=f"已在该事项下发布《{FIX_TITLE}》。")
        inspection = oversight.inspection_run(actor=office, jurisdiction=county, today=today)
        period = f"{today.year:04d}-{today.month:02d}"
        oversight.deduction_record(actor=office, unit=education, scheme="county", indicator="carriers.press",
                                   period=period, points=1, source="higher_level",
                                   document="邵政务公开办〔2026〕12号",
                                   reason="市级检查：重大教育政策未召开新闻发布会")
        oversight.notice_draft(actor=office, inspection=inspection, deadline=today + timedelta(days=20),
                               number=f"大政务公开办〔{today.year}〕5号")
        created += 3
    except GongkaiError as exc:
        log(f"监测检查演示数据：{exc}")
        return 0
    log(f"监测检查：{inspection}发现问题 {inspection.totals.get('found', 0)} 个，已起草通报。")
    return created
