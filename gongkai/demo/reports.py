"""Demo 政府信息公开工作年度报告 for 大祥区 (after `gongkai demo` built the county, its units and accounts,
and — when they have run — the demo records and requests).

- The demo year's report of 大祥区人民政府 (compiled by the 区政务公开办, kind government: the county
  level's units together), computed from the demo records, requests and two registered 复议/诉讼 cases,
  with a narrative, and published — it balances (hard rules pass) by construction.
- A 2020 report in the 2019 trial layout, generated in code as an xlsx and put through the importer,
  so the portal shows a past year and the comparison view has two years.

Last year's report is published (dated in January by demo.timeline), this year's is a draft; the demo requests
are dated back from today. Running it again adds nothing."""

from __future__ import annotations

from gongkai.accounts.models import User
from gongkai.core import clock
from gongkai.core.errors import GongkaiError
from gongkai.demo import timeline
from gongkai.exchange import annual_report_import as importer
from gongkai.organizations.models import Unit
from gongkai.reports import services, validation
from gongkai.reports.layout import FORMAT_2019, empty_tables
from gongkai.reports.models import AnnualReport, ReviewLitigationCase

OFFICE_HANDLE = "zwgk@dxjczw"
EDUCATION_HANDLE = "jiaoyu@dxjczw"
PAST_YEAR = 2020

GENERAL = (
    "<p>{year}年，大祥区认真贯彻落实《中华人民共和国政府信息公开条例》，以基层政务公开标准化规范化为抓手，"
    "推进决策、执行、管理、服务、结果公开。</p>"
    "<p>（一）主动公开。依托区政务公开平台，按照公开事项目录发布政府信息。</p>"
    "<p>（二）依申请公开。全年新收政府信息公开申请{received}件，上年结转{carried_in}件，"
    "结转下年度继续办理{carried_out}件，均在法定期限内办理。</p>"
    "<p>（三）政府信息管理。落实公开前保密审查，动态调整公开事项目录。</p>"
    "<p>（四）平台建设。区政务公开平台统一发布全区各部门、各镇（街道）的政府信息。</p>"
    "<p>（五）监督保障。将政务公开纳入绩效考核，开展社会评议；本年度未发生责任追究。</p>"
)
PROBLEMS = ("<p>存在的主要问题：部分单位信息更新不够及时，政策解读形式较为单一。</p>"
            "<p>改进情况：建立信息发布提醒机制，丰富图解、视频等解读形式。</p>")
PAST_GENERAL = ("<p>2020年，大祥区全年新收政府信息公开申请17件，上年结转1件，结转下年度继续办理1件。"
                "（本报告由既往报告导入。）</p>")
OTHER = "<p>本年度未依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费。</p>"


def past_tables() -> dict:
    """The invented 2020 figures (2019 layout), balanced."""
    t = empty_tables(FORMAT_2019)
    t["table2"]["规章"].update(made=0, published=0, total_public=0)
    t["table2"]["规范性文件"].update(made=6, published=6, total_public=38)
    t["table2"]["行政许可"].update(prior_items=126, change=-4, decisions=2315)
    t["table2"]["其他对外管理服务事项"].update(prior_items=58, change=2, decisions=906)
    t["table2"]["行政处罚"].update(prior_items=412, change=0, decisions=187)
    t["table2"]["行政强制"].update(prior_items=21, change=0, decisions=9)
    t["table2"]["行政事业性收费"].update(prior_items=17, change=-1)
    t["table2"]["政府集中采购"].update(items=46, amount_wan=3125.6)
    t3 = t["table3"]
    t3["一"].update(natural_person=14, business=2, legal_service=1, total=17)
    t3["二"].update(natural_person=1, total=1)
    t3["三(一)"].update(natural_person=8, business=1, total=9)
    t3["三(二)"].update(natural_person=2, total=2)
    t3["三(三)4"].update(natural_person=1, total=1)
    t3["三(四)1"].update(natural_person=2, business=1, total=3)
    t3["三(五)1"].update(natural_person=1, total=1)
    t3["三(六)"].update(legal_service=1, total=1)
    t3["三(七)"].update(natural_person=14, business=2, legal_service=1, total=17)
    t3["四"].update(natural_person=1, total=1)
    t["table4"]["review"].update(upheld=1, total=1)
    assert not validation.hard(validation.validate(t))
    return t


def _cases(unit: Unit, year: int) -> int:
    wanted = [("review", "upheld", "大祥复〔{year}〕1号", "对不予公开答复申请复议"),
              ("litigation_direct", "pending", "（{year}）湘0503行初1号", "对部分公开答复提起诉讼")]
    made = 0
    for kind, result, number, note in wanted:
        case_number = number.format(year=year)
        if not ReviewLitigationCase.objects.filter(unit=unit, case_number=case_number).exists():
            services.case_create(actor=_office(), unit=unit, year=year, kind=kind, result=result,
                                 case_number=case_number, note=note)
            made += 1
    return made


def _office() -> User:
    return User.objects.get(username="dx.office")


def build(log=print) -> int:
    """Create what is missing; returns how many objects were created."""
    units = {u.handle: u for u in Unit.objects.filter(handle__in=[OFFICE_HANDLE, EDUCATION_HANDLE])}
    if len(units) < 2 or not User.objects.filter(username="dx.office").exists():
        log("年度报告演示数据：请先运行 gongkai demo 建立大祥区、单位和演示账号。")
        return 0
    office, government = _office(), units[OFFICE_HANDLE]
    plan = timeline.report_plan(clock.today())
    created = _cases(units[EDUCATION_HANDLE], plan.published_year) + _cases(units[EDUCATION_HANDLE], plan.draft_year)

    if not AnnualReport.objects.filter(unit=government, year=PAST_YEAR).exists():
        data = importer.tables_to_xlsx(past_tables(), f"大祥区人民政府{PAST_YEAR}年政府信息公开工作年度报告")
        report, _result = importer.run(
            actor=office, unit=government, data=data, filename=f"大祥区{PAST_YEAR}年政府信息公开工作年度报告.xlsx",
            narrative={"一": PAST_GENERAL, "五": PROBLEMS, "六": OTHER})
        created += 1
        log(f"年度报告：导入{report.title}（2019年试行版格式）。")

    # Last year's report was published in January (before the 31 January deadline); this year's is a draft
    # until the year is over (demo.timeline dates the publication).
    for year, publish in ((plan.published_year, True), (plan.draft_year, False)):
        report = AnnualReport.objects.filter(unit=government, year=year).first()
        if report is None:
            report = services.report_create(actor=office, unit=government, year=year, kind="government")
            created += 1
        elif report.is_published or not publish:
            continue  # published, or a draft the office may be editing: a second run leaves it alone
        t3 = report.tables["table3"]
        services.report_update_narrative(
            actor=office, report=report, section_general=GENERAL.format(
                year=year, received=t3["一"]["total"], carried_in=t3["二"]["total"], carried_out=t3["四"]["total"]),
            section_problems=PROBLEMS, section_other=OTHER)
        if not publish:
            log(f"年度报告：{report.title}为草稿，{year}年结束后核对、发布。")
            continue
        try:
            report = services.report_publish(actor=office, report=report)
        except GongkaiError as exc:
            log(f"年度报告：{report.title}未能发布：{exc}")
            continue
        log(f"年度报告：发布{report.title}（表三新收 {report.tables['table3']['一']['total']} 件）。")
    return created
