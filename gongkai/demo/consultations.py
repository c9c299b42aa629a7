"""Demo consultations of 大祥区 (430503000000), after the accounts and units: the year's 重大行政决策事项目录
(published), the education bureau's open consultation on a major decision (one comment shown, one waiting for
moderation, a hearing announced ten days ahead) and the civil-affairs bureau's normative document, closed with its
feedback summary published. Dates are relative to today.

Invented people only. Running it again adds nothing: each consultation is found by its title, the list by its year."""

from __future__ import annotations

from datetime import timedelta

from gongkai.accounts.models import User
from gongkai.accounts.policies import COMMAND_LINE
from gongkai.consultations import services
from gongkai.consultations.models import Comment, Consultation, DecisionList
from gongkai.core import clock
from gongkai.demo.publishing import CIVIL_HANDLE, EDUCATION_HANDLE
from gongkai.organizations.models import Jurisdiction, Unit

COUNTY_CODE = "430503000000"
OPEN_TITLE = "关于征求《大祥区义务教育阶段学校招生入学工作实施办法（征求意见稿）》意见的公告"
CLOSED_TITLE = "关于征求《大祥区城乡居民最低生活保障审核确认工作规程（征求意见稿）》意见的公告"
DECISION_TITLE = "大祥区义务教育阶段学校招生入学工作实施办法"


def _decision_list(office, county, units, today):
    found = DecisionList.objects.filter(jurisdiction=county, year=today.year).first()
    if found is not None:
        return found, 0
    found = services.decision_list_create(actor=office, jurisdiction=county, year=today.year,
                                          note="经区委同意，现予公布。目录实行动态调整。")
    services.decision_item_add(actor=office, decision_list=found, title=DECISION_TITLE, unit=units[EDUCATION_HANDLE],
                               planned=f"{today.year}年第三季度", public_participation=True, hearing=True)
    services.decision_item_add(actor=office, decision_list=found, title="大祥区城区老旧小区改造三年行动计划",
                               unit=units[CIVIL_HANDLE], planned=f"{today.year}年第四季度", public_participation=True)
    services.decision_list_publish(actor=office, decision_list=found)
    return found, 1


def _open_consultation(officer, reviewer, unit, item, today) -> int:
    if Consultation.objects.filter(title=OPEN_TITLE).exists():
        return 0
    opens_on = today - timedelta(days=5)
    consultation = services.consultation_create(
        actor=officer, unit=unit, title=OPEN_TITLE, kind="major_decision", decision_item=item,
        draft="第一条 为规范本区义务教育阶段学校招生入学工作，保障适龄儿童少年依法接受义务教育，制定本办法。\n"
              "第二条 公办学校实行划片招生、免试就近入学。\n第三条 学区划分方案于每年5月底前向社会公布。",
        explanation="一、起草背景：落实义务教育免试就近入学要求。\n二、主要内容：划片招生、随迁子女入学、招生信息公开。\n"
                    "三、征求意见情况：已征求各学校和家长代表意见。",
        how_to_comment="也可将意见寄至大祥区教育局（信封注明“招生办法意见”）。",
        opens_on=opens_on, closes_on=opens_on + timedelta(days=30))
    services.consultation_publish(actor=officer, consultation=consultation, today=opens_on)
    shown = services.comment_submit(consultation=consultation, name="张某某", contact="13800000000",
                                    body="建议明确随迁子女入学需要提交的材料清单。", today=today)
    services.comment_moderate(actor=reviewer, comment=shown, approve=True, reply="已在第五条补充材料清单。")
    services.comment_submit(consultation=consultation, name="李某某", contact="lmm@example.invalid",
                            body="学区划分方案能否提前到4月公布？", today=today)
    hearing = services.hearing_create(
        actor=officer, consultation=consultation, held_on=today + timedelta(days=10), place="大祥区教育局三楼会议室",
        notice="听证事项：大祥区义务教育阶段学校招生入学工作实施办法。\n参加人遴选办法：家长代表、学校代表、人大代表、"
               "政协委员各若干名，按报名先后和代表性确定。\n报名方式：电话报名（演示）。", today=today)
    services.hearing_notice_publish(actor=officer, hearing=hearing, today=today)
    return 1


def _closed_consultation(office, unit, today) -> int:
    if Consultation.objects.filter(title=CLOSED_TITLE).exists():
        return 0
    opens_on = today - timedelta(days=60)
    consultation = services.consultation_create(
        actor=office, unit=unit, title=CLOSED_TITLE, kind="normative_document",
        draft="第一条 为规范城乡居民最低生活保障审核确认工作，制定本规程。\n第二条 申请、受理、家庭经济状况调查、审核确认……",
        explanation="根据《湖南省最低生活保障审核确认办法》，结合本区实际起草。",
        opens_on=opens_on, closes_on=opens_on + timedelta(days=21))
    services.consultation_publish(actor=office, consultation=consultation, today=opens_on)
    for body in ("建议公示期间公布监督电话。", "建议缩短审核确认时限。"):
        comment = services.comment_submit(consultation=consultation, name="王某某", contact="13700000000", body=body,
                                          today=opens_on + timedelta(days=3))
        services.comment_moderate(actor=office, comment=comment, approve=True)
    services.consultation_close(actor=office, consultation=consultation, today=opens_on + timedelta(days=22))
    services.consultation_summary_save(
        actor=office, consultation=consultation, adopted_count=2, other_comment_count=1,
        summary="征求意见期间共收到意见3条（网上2条、信函1条），采纳2条：\n1. 第九条增加公示期间的监督电话；\n"
                "2. 审核确认时限由20个工作日缩短为15个工作日。\n未采纳1条：建议取消入户调查，因入户调查为法定程序，未予采纳。")
    services.consultation_summary_publish(actor=office, consultation=consultation)
    return 1


def build(log=print) -> int:
    """Add the demo consultations that are missing; returns how many things were added."""
    county = Jurisdiction.objects.filter(code=COUNTY_CODE).first()
    units = {u.handle: u for u in Unit.objects.filter(handle__in=[EDUCATION_HANDLE, CIVIL_HANDLE])}
    if county is None or len(units) < 2:
        log("征求意见演示数据：请先运行 gongkai demo 建立大祥区和演示单位。")
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=["jiaoyu.officer", "jiaoyu.reviewer", "dx.office"])}
    officer = users.get("jiaoyu.officer") or COMMAND_LINE
    reviewer = users.get("jiaoyu.reviewer") or COMMAND_LINE
    office = users.get("dx.office") or COMMAND_LINE
    today = clock.today()
    decision_list, added = _decision_list(office, county, units, today)
    item = decision_list.items.filter(title=DECISION_TITLE).first()
    added += _open_consultation(officer, reviewer, units[EDUCATION_HANDLE], item, today)
    added += _closed_consultation(office, units[CIVIL_HANDLE], today)
    if added:
        log(f"征求意见演示数据：{Comment.objects.filter(consultation__unit__jurisdiction=county).count()} 条意见，"
            f"{today.year}年度重大行政决策事项目录。")
    return added
