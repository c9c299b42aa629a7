"""Demo channels of 大祥区 (after `gongkai.demo.publishing.build`): other channels of the published records and
bulletins printed for village and community notice boards, one of them out of date.

- the 2021 招生 notice (大教发〔2021〕8号): on the bureau's WeChat account and in the county service centre's
  disclosure corner, recorded by jiaoyu.officer;
- the 2021 school list: printed for two boards; then the list's summary is corrected through the real
  workflow (jiaoyu.officer revises, jiaoyu.reviewer approves) and reprinted for one board only, so the
  other board's copy shows 已过期（原文已修改）;
- the 低保 list: printed for a village board from the command line (the demo has no 民政 accounts).

- the register of new-media accounts: the county's “大祥发布” WeChat account (updated two days ago) and the
  education bureau's “大祥教育” account, last updated three weeks ago, which oversight flags as silent.

Invented people only (张某某 …). Running it again adds nothing: a record that already has channel
publications or printed copies is left alone."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from gongkai.accounts.models import User
from gongkai.accounts.policies import COMMAND_LINE
from gongkai.channels import services as channels
from gongkai.channels.models import (
    ChannelKind,
    ChannelPublication,
    NewMediaAccount,
    NewMediaPlatform,
    PrintedCopy,
)
from gongkai.core import clock
from gongkai.core.errors import GongkaiError
from gongkai.demo.publishing import CIVIL_HANDLE, EDUCATION_HANDLE, LIST_TITLE, POLICY_TITLE
from gongkai.exchange import bulletins
from gongkai.organizations.models import Unit
from gongkai.publishing import services as publishing
from gongkai.publishing.models import Record

SCHOOLS_TITLE = "大祥区2021年义务教育学校名录"
DEMO_BASE_URL = "http://127.0.0.1:8000"
CORRECTED_SUMMARY = "全区义务教育阶段学校名称、地址、办学层次、办学类型和办公电话（2021年9月更正：补充办学类型说明）。"


def _public_url(record: Record) -> str:
    path = reverse("portal:record", kwargs={"code": record.unit.jurisdiction.code,
                                            "ref": record.index_number or str(record.pk)})
    return (getattr(settings, "GONGKAI_PUBLIC_BASE_URL", "") or DEMO_BASE_URL).rstrip("/") + path


def _print(actor, record: Record, board: str, copies: int = 1) -> PrintedCopy:
    record.refresh_from_db()
    assert record.public_revision is not None, "the demo prints published records"
    url = _public_url(record)
    pdf = bulletins.bulletin_pdf(record, public_url=url, revision=record.public_revision)
    return channels.printed_copy_record(actor=actor, record=record, revision=record.public_revision, board=board,
                                        public_url=url, copies=copies, pdf=pdf)


def build(log=print) -> int:
    """Add the demo channel publications and printed copies that are missing; returns how many were added."""
    users = {u.username: u for u in User.objects.filter(username__in=["jiaoyu.officer", "jiaoyu.reviewer"])}
    records = {(r.unit.handle, r.title): r for r in Record.objects.select_related("unit__jurisdiction").filter(
        title__in=[POLICY_TITLE, SCHOOLS_TITLE, LIST_TITLE])}
    if len(users) < 2 or not records:
        log("渠道演示数据：请先运行 gongkai demo 建立演示账号和政府信息。")
        return 0
    officer, reviewer = users["jiaoyu.officer"], users["jiaoyu.reviewer"]
    added = 0
    try:
        reverse("portal:record", kwargs={"code": "430503000000", "ref": "1"})
    except NoReverseMatch:
        log("渠道演示数据：门户网站没有政府信息页面，跳过。")
        return 0

    policy = records.get((EDUCATION_HANDLE, POLICY_TITLE))
    if policy is not None and policy.is_public and not ChannelPublication.objects.filter(record=policy).exists():
        channels.channel_publication_record(
            actor=officer, record=policy, channel=ChannelKind.NEW_MEDIA, where="“大祥教育”微信公众号",
            published_on=date(2021, 6, 16), done_by="张某某", note="图文推送，附问答解读")
        channels.channel_publication_record(
            actor=officer, record=policy, channel=ChannelKind.SERVICE_CENTER,
            where="大祥区政务服务中心一楼政务公开专区", published_on=date(2021, 6, 17), done_by="李某某",
            note="纸质文件放入查阅架")
        added += 2

    schools = records.get((EDUCATION_HANDLE, SCHOOLS_TITLE))
    if schools is not None and schools.is_public and not PrintedCopy.objects.filter(record=schools).exists():
        _print(officer, schools, "中心路街道城西演示社区公示栏")
        _print(officer, schools, "罗市镇演示村村务公开栏", copies=2)
        added += 2
        try:
            publishing.record_update(actor=officer, record=schools, summary=CORRECTED_SUMMARY,
                                     comment="更正内容概述")
            publishing.record_approve(actor=reviewer, record=Record.objects.get(pk=schools.pk),
                                      comment="更正无涉密和个人信息")
            _print(officer, schools, "罗市镇演示村村务公开栏", copies=2)
            added += 1
        except GongkaiError as exc:  # the publishing workflow decides; the demo only reports
            log(f"渠道演示数据：名录更正未完成（{exc}）。")

    dibao = records.get((CIVIL_HANDLE, LIST_TITLE))
    if dibao is not None and dibao.is_public and not PrintedCopy.objects.filter(record=dibao).exists():
        _print(COMMAND_LINE, dibao, "罗市镇演示村村务公开栏")
        added += 1

    added += _new_media(log)
    log(f"渠道演示数据：新增 {added} 条渠道发布、公告打印和政务新媒体账号记录。")
    return added


# (unit handle, platform, name, operator, opened on, days since the last update)
NEW_MEDIA = [
    ("zwgk@dxjczw", NewMediaPlatform.WECHAT_OFFICIAL, "大祥发布", "王某某", date(2018, 3, 1), 2),
    (EDUCATION_HANDLE, NewMediaPlatform.WECHAT_OFFICIAL, "大祥教育", "张某某", date(2019, 9, 1), 21),
]


def _new_media(log) -> int:
    """Two accounts in the register; “大祥教育” silent for three weeks (from the day the demo is built)."""
    units = {u.handle: u for u in Unit.objects.filter(handle__in=[row[0] for row in NEW_MEDIA])}
    today, added = clock.today(), 0
    for handle, platform, name, operator, opened_on, days in NEW_MEDIA:
        unit = units.get(handle)
        if unit is None or NewMediaAccount.objects.filter(platform=platform, name=name).exists():
            continue
        account = channels.new_media_account_register(
            actor=COMMAND_LINE, unit=unit, platform=platform, name=name, operator=operator,
            operator_phone="0739-5000000", review_arrangement="三审三校：编辑初审、科室负责人复审、分管领导终审",
            opened_on=opened_on)
        channels.new_media_update_report(actor=COMMAND_LINE, account=account,
                                         updated_on=date.fromordinal(today.toordinal() - days),
                                         note="演示：最近一次推送")
        added += 1
    return added
