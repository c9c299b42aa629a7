"""The answer clock through the services: every change recomputes it from the event log, and a change the
rules refuse leaves nothing behind (《条例》第三十条、第三十二至三十四条; rules.md §3.4)."""

from datetime import date

import pytest

from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import EventKind, Reply, Stage, Status
from gongkai.disclosure_requests.selectors import request_deadline
from tests.factories import received_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_(world):
    return received_request(world)  # received 2025-03-03 (Mon): due 2025-03-31, 补正 notice by 2025-03-12


def _snapshot(request):
    request.refresh_from_db()
    return (request.status, request.stage, request.due_on, request.events.count(),
            Reply.objects.filter(request=request).count())


def test_answer_due_twenty_working_days_after_receipt_with_explanation(request_):
    """第三十三条第二款: 自收到申请之日起20个工作日内答复（收到当日不计入）."""
    assert request_.due_on == date(2025, 3, 31)
    deadline = request_deadline(request_)
    assert "第三十三条第二款" in deadline.explanation[0]
    assert deadline.provisional is False


def test_correction_notice_within_seven_working_days_and_full_restart(world, request_):
    """第三十条: 收到申请之日起7个工作日内一次性告知补正；收到补正后的申请之日起重新计算."""
    services.request_correction(actor=world["officer"], request=request_, on=date(2025, 3, 5),
                                items="请写明所需低保资金的具体年度和发放范围", period_workdays=15)
    request_.refresh_from_db()
    assert request_.status == Status.AWAITING_CORRECTION and request_.due_on is None
    notice = request_.events.get(kind=EventKind.CORRECTION_REQUESTED)
    assert notice.data["late_notice"] is False and notice.data["correction_due"] == "2025-03-26"
    services.request_correction_received(actor=world["officer"], request=request_, on=date(2025, 3, 10))
    request_.refresh_from_db()
    assert request_.status == Status.IN_PROGRESS
    assert request_.due_on == date(2025, 4, 8)  # 4 April (清明) is a holiday


def test_late_correction_notice_is_recorded_but_flagged_as_procedural_defect(world, request_):
    """第三十条 (rules.md §3.4 edge rule 2): 超过7个工作日发出补正通知属程序瑕疵，记录并提示，不静默重算."""
    services.request_correction(actor=world["officer"], request=request_, on=date(2025, 3, 13), items="请说明所需信息的年度")
    request_.refresh_from_db()
    assert request_.events.get(kind=EventKind.CORRECTION_REQUESTED).data["late_notice"] is True
    assert any("程序瑕疵" in w for w in request_.clock_warnings)


def test_correction_period_ended_is_deemed_abandoned_row_six_one(world, request_):
    """第三十条: 申请人无正当理由逾期不补正的，视为放弃申请（年度报告三(六)1）."""
    services.request_correction(actor=world["officer"], request=request_, on=date(2025, 3, 5), items="请说明年度",
                                period_workdays=15)
    before = _snapshot(request_)
    with pytest.raises(ValidationFailed) as exc:
        services.request_correction_period_ended(actor=world["officer"], request=request_, on=date(2025, 3, 26))
    assert "2025-03-26" in exc.value.message
    assert _snapshot(request_) == before
    services.request_correction_period_ended(actor=world["officer"], request=request_, on=date(2025, 3, 27))
    request_.refresh_from_db()
    assert request_.status == Status.ABANDONED
    assert request_.reply.report_row == "三(六)1"


def test_consultation_time_is_not_counted(world, request_):
    """第三十二条、第三十三条第三款: 征求第三方意见所需时间不计算在答复期限内."""
    services.request_consultation_sent(actor=world["officer"], request=request_, on=date(2025, 3, 10),
                                       party_kind="third_party", party_name="某某公司")
    request_.refresh_from_db()
    assert request_.status == Status.IN_CONSULTATION and request_.due_on is None
    with pytest.raises(TransitionNotAllowed):
        services.request_reply(actor=world["officer"], request=request_, type="disclosed", on=date(2025, 3, 12),
                               information="附件")
    services.request_consultation_replied(actor=world["officer"], request=request_, on=date(2025, 3, 20),
                                          outcome="consent")
    request_.refresh_from_db()
    assert request_.status == Status.IN_PROGRESS
    assert request_.due_on == date(2025, 4, 11)  # 5 days used by 03-10, 15 left from 03-21
    assert any("中止" in line for line in request_deadline(request_).explanation)


def test_agency_silence_is_consent_only_after_fifteen_working_days(world, request_):
    """第三十四条: 被征求意见的机关逾期未提出意见的视为同意公开 — its 15 working days count from its receipt of the
    letter (issue 11 §2: not from sending), and silence is entered only after them."""
    services.request_consultation_sent(actor=world["officer"], request=request_, on=date(2025, 3, 4),
                                       party_kind="agency", party_name="大祥区财政局")
    with pytest.raises(ValidationFailed):  # the receipt day is not known yet
        services.request_consultation_replied(actor=world["officer"], request=request_, on=date(2025, 3, 25),
                                              outcome="silence")
    services.request_consultation_received(actor=world["officer"], request=request_, on=date(2025, 3, 6))
    request_.refresh_from_db()
    assert request_.due_on is not None  # the suspension ends by itself on the party's last day
    with pytest.raises(ValidationFailed):  # 03-06 + 15 working days = 03-27, inclusive
        services.request_consultation_replied(actor=world["officer"], request=request_, on=date(2025, 3, 27),
                                              outcome="silence")
    services.request_consultation_replied(actor=world["officer"], request=request_, on=date(2025, 3, 28),
                                          outcome="silence")
    event = request_.events.get(kind=EventKind.CONSULTATION_REPLIED)
    assert "视为同意公开" in event.note


def test_extension_only_by_the_head_of_the_disclosure_office(world, request_):
    """第三十三条第二款: 延长答复期限须经政府信息公开工作机构负责人同意，最长20个工作日."""
    before = _snapshot(request_)
    with pytest.raises(PermissionRefused):
        services.request_extension(actor=world["officer"], request=request_, decided_on=date(2025, 3, 28),
                                   notice_on=date(2025, 3, 28), reason="涉及面广")
    assert _snapshot(request_) == before
    services.request_extension(actor=world["office"], request=request_, decided_on=date(2025, 3, 28),
                               notice_on=date(2025, 3, 28), reason="涉及面广，需要调取多年档案")
    request_.refresh_from_db()
    assert request_.due_on == date(2025, 4, 28)  # 2025-04-27 (Sunday) is a make-up working day
    event = request_.events.get(kind=EventKind.EXTENSION_APPROVED)
    assert event.approver == world["office"] and event.data["original_due"] == "2025-03-31"


def test_extension_after_the_original_due_date_is_refused_naming_it(world, request_):
    """第三十三条第二款: 延期须在原答复期限届满前决定并告知申请人."""
    before = _snapshot(request_)
    with pytest.raises(ValidationFailed) as exc:
        services.request_extension(actor=world["office"], request=request_, decided_on=date(2025, 4, 1),
                                   notice_on=date(2025, 4, 1), reason="来不及")
    assert "2025年3月31日" in exc.value.message  # the clock's own message
    assert _snapshot(request_) == before
    with pytest.raises(ValidationFailed) as exc:
        services.request_extension(actor=world["office"], request=request_, decided_on=date(2025, 3, 28),
                                   notice_on=date(2025, 4, 2), reason="来不及")
    assert "2025-03-31" in exc.value.message
    assert _snapshot(request_) == before
    with pytest.raises(ValidationFailed):
        services.request_extension(actor=world["office"], request=request_, decided_on=date(2025, 3, 28),
                                   notice_on=date(2025, 3, 28), reason="多", days=21)
    assert _snapshot(request_) == before


def test_events_out_of_order_are_refused_and_change_nothing(world, request_):
    services.request_consultation_sent(actor=world["officer"], request=request_, on=date(2025, 3, 10),
                                       party_kind="third_party", party_name="某某公司")
    before = _snapshot(request_)
    with pytest.raises(ValidationFailed) as exc:
        services.request_consultation_replied(actor=world["officer"], request=request_, on=date(2025, 3, 7),
                                              outcome="consent")
    assert "顺序" in exc.value.message
    assert _snapshot(request_) == before
    with pytest.raises(ValidationFailed):
        services.request_consultation_replied(actor=world["officer"], request=request_, on="2025/03/20",
                                              outcome="consent")
    assert _snapshot(request_) == before


def test_stage_follows_article_forty_five(world, request_):
    """第四十五条: 登记、审核、办理、答复、归档."""
    assert request_.stage == Stage.HANDLING
    services.request_reply(actor=world["officer"], request=request_, type="not_held", on=date(2025, 3, 20))
    assert request_.stage == Stage.REPLIED
    services.request_archive(actor=world["officer"], request=request_, on=date(2025, 3, 21))
    request_.refresh_from_db()
    assert request_.stage == Stage.ARCHIVED and request_.status == Status.ARCHIVED


def test_later_deadline_for_reasonable_large_request(world, request_):
    """第三十五条: 申请理由合理，但无法在第三十三条规定的期限内答复的，可以确定延迟答复的合理期限并告知申请人."""
    before = _snapshot(request_)
    with pytest.raises(ValidationFailed):
        services.request_later_deadline(actor=world["officer"], request=request_, on=date(2025, 3, 20),
                                        due=date(2025, 3, 28), reason="申请数量较大")
    with pytest.raises(ValidationFailed) as exc:
        services.request_later_deadline(actor=world["officer"], request=request_, on=date(2025, 4, 1),
                                        due=date(2025, 5, 30), reason="申请数量较大")
    assert "2025年3月31日" in exc.value.message
    assert _snapshot(request_) == before
    services.request_later_deadline(actor=world["officer"], request=request_, on=date(2025, 3, 20), due=date(2025, 5, 30),
                                    reason="申请人一次申请120项信息，理由合理，需分批检索")
    request_.refresh_from_db()
    assert request_.due_on == date(2025, 5, 30)
    explanation = request_deadline(request_).explanation
    assert any("第三十五条" in line for line in explanation)
    assert explanation[-1] == "答复期限：2025年5月30日（含当日）。"
