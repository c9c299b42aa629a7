"""Tracking codes, the public tracking page's data, the scope of lists, open requests and similar requests."""

from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.core.errors import PermissionRefused
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import TRACKING_ALPHABET, new_tracking_code
from gongkai.disclosure_requests.selectors import (
    open_requests,
    proactive_disclosure_suggestion,
    public_tracking,
    request_for,
    requests_for,
    similar_request_groups,
    similar_requests,
)
from gongkai.disclosure_requests.similarity import similarity
from tests.factories import applicant, received_request, user_with_role

pytestmark = pytest.mark.django_db


def test_tracking_code_uses_an_unambiguous_alphabet():
    codes = {new_tracking_code() for _ in range(200)}
    assert len(codes) == 200
    assert not set("".join(codes)) & set("01OIL")
    assert set("".join(codes)) <= set(TRACKING_ALPHABET)


def test_public_tracking_shows_status_and_due_date_and_nothing_personal(world):
    request = received_request(world)
    data = public_tracking(request.tracking_code.lower()[:6] + "-" + request.tracking_code.lower()[6:])
    assert data["due_on"] == date(2025, 3, 31) and data["provisional"] is False
    assert data["status_label"] == "办理中" and data["stage_label"] == "办理"
    text = repr(data)
    for personal in ("张某某", request.id_number, "13800000000", "某某路", "低保"):
        assert personal not in text
    assert public_tracking("ABCDEFGHJKMN") is None
    assert public_tracking("") is None


def test_public_tracking_marks_a_due_date_in_an_unloaded_year_provisional(world):
    """rules.md §11: a deadline reaching into a year not yet announced is provisional and names the year."""
    request = received_request(world, day="2026-11-20")
    data = public_tracking(request.tracking_code)
    assert data["provisional"] is False  # 2026-12-18 is still in 2026
    services.request_extension(actor=world["office"], request=request, decided_on=date(2026, 11, 20),
                               notice_on=date(2026, 11, 20), reason="需要调取档案")
    data = public_tracking(request.tracking_code)
    assert data["due_on"].year == 2027
    assert data["provisional"] is True and data["missing_years"] == [2027]


def test_requests_for_office_subtree_and_assigned_units(world):
    mine = received_request(world)
    unassigned = received_request(world, assign=False)
    assert set(requests_for(world["office"])) == {mine, unassigned}
    assert set(requests_for(world["officer"])) == {mine}
    assert set(requests_for(world["civil_officer"])) == set()
    assert set(requests_for(world["stranger"])) == set()
    with pytest.raises(PermissionRefused):
        request_for(world["civil_officer"], mine.pk)
    auditor = user_with_role(Role.AUDITOR, world["office_unit"])
    assert not requests_for(auditor).exists()


def test_open_requests_sorted_by_working_days_left(world):
    early = received_request(world, day="2025-03-03")  # due 2025-03-31
    late = received_request(world, day="2025-03-10")  # due 2025-04-08
    rows = open_requests(world["office"], today=date(2025, 3, 24))
    assert [r.request for r in rows] == [early, late]
    assert rows[0].workdays_left == 5 and rows[1].workdays_left == 10
    rows = open_requests(world["office"], today=date(2025, 4, 2))
    assert rows[0].workdays_left == -2


def test_similar_requests_suggest_proactive_disclosure(world):
    """第四十四条: 多个申请人就相同政府信息提出公开申请，且该政府信息属于可以公开的，可以纳入主动公开的范围."""
    assert similarity("申请公开2024年大祥区城乡低保资金发放情况", "请提供大祥区2024年城乡低保资金发放情况") > 0.6
    assert similarity("2024年大祥区城乡低保资金发放情况", "罗市镇中学校舍维修工程招标文件") < 0.3
    first = received_request(world)
    second = received_request(world, description="申请公开大祥区2024年城乡低保资金的发放情况",
                              id_number="430503199003070029", applicant_name="王某某")
    received_request(world, description="罗市镇中学校舍维修工程招标文件")
    assert [r for r, _ in similar_requests(first)] == [second]
    assert "第四十四条" in proactive_disclosure_suggestion(first)
    groups = similar_request_groups(world["office"])
    assert len(groups) == 1 and set(groups[0]) == {first, second}


def test_online_submission_is_not_visible_outside_the_county(world):
    services.request_submit_online(jurisdiction=world["county"], data=applicant())
    assert requests_for(world["office"]).count() == 1
    assert requests_for(world["stranger"]).count() == 0


def test_model_channels_match_the_pure_receipt_channels():
    from gongkai.disclosure_requests import models, receipt

    assert {c.value for c in models.IntakeChannel} == {c.value for c in receipt.IntakeChannel}
