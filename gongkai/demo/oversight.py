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


def _due(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日前"


def _task_table(units: dict[str, Unit], today) -> bytes:
    """A task-breakdown table like the counties' 基层政务公开标准化规范化工作任务分解 (seed 004's attachment)."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["大祥区基层政务公开标准化规范化工作任务分解"])
    sheet.append(["序号", "工作任务", "具体事项", "责任单位", "指导单位", "完成时限"])
    office, education, civil = units["zwgk"].name, units["jiaoyu"].name, units["minzheng"].name
    sheet.append([1, "全面梳理政务公开事项", "梳理细化权力运行和政务服务每个环节产生的政府信息，逐项认定公开属性",
                  f"{education}、{civil}", office, _due(today - timedelta(days=10))])
    sheet.append([2, "编制政务公开事项标准目录", "编制义务教育、社会救助领域政务公开事项标准目录", education, office,
                  _due(today + timedelta(days=3))])
    sheet.append([3, "规范基层政务公开平台", "全面优化政府网站栏目设置", civil, office,
                  f"{(today + timedelta(days=60)).year}年{(today + timedelta(days=60)).month}月底前"])
    sheet.append([4, "加强政府信息管理", "建立健全政府信息生命周期管理机制", education, office, "长期坚持"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def build_tasks(county, office, officer, log=print) -> int:
    """The task ledger: a breakdown table imported through the importer, one task overdue, one with progress."""
    from gongkai.exchange.task_table import read_task_table
    from gongkai.oversight import task_services
    from gongkai.oversight.models import Task

    if Task.objects.filter(jurisdiction=county).exists():
        return 0
    units = {u.handle.split("@")[0]: u for u in Unit.objects.filter(
        handle__in=["zwgk@dxjczw", "jiaoyu@dxjczw", "minzheng@dxjczw"])}
    if len(units) < 3:
        return 0
    today = clock.today()
    read = read_task_table(_task_table(units, today), "大祥区工作任务分解表.xlsx", county)
    if not read.ok:
        log("工作台账演示数据：" + "；".join(str(p) for p in read.problems))
        return 0
    tasks = task_services.task_import(actor=office, jurisdiction=county, drafts=read.drafts,
                                      source="大祥区工作任务分解表.xlsx")
    soon = next(t for t in tasks if t.number == "2")
    task_services.progress_report(actor=officer, task=soon, unit=units["jiaoyu"], today=today,
                                  text="已完成义务教育领域目录初稿，正在征求学校意见。")
    log(f"工作台账：导入工作任务 {len(tasks)} 项（1 项已逾期，1 项已报送进展）。")
    return len(tasks)


def build(log=print) -> int:
    county = Jurisdiction.objects.filter(code=COUNTY_CODE).first()
    users = {u.username: u for u in User.objects.filter(
        username__in=["dx.office", "jiaoyu.officer", "jiaoyu.reviewer"])}
    education = Unit.objects.filter(handle=EDUCATION_HANDLE).first()
    if county is None or education is None or len(users) < 3:
        log("监测检查演示数据：请先运行 gongkai demo 建立大祥区、单位和演示账号。")
        return 0
    office, officer, reviewer = users["dx.office"], users["jiaoyu.officer"], users["jiaoyu.reviewer"]
    try:
        tasks = build_tasks(county, office, officer, log)
    except GongkaiError as exc:
        log(f"工作台账演示数据：{exc}")
        tasks = 0
    if Inspection.objects.filter(jurisdiction=county).exists():
        return tasks
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
        return tasks
    log(f"监测检查：{inspection}发现问题 {inspection.totals.get('found', 0)} 个，已起草通报。")
    return created + tasks
