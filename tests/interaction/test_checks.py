"""The interaction rules (互动回应差, rules §7.2; 回应关切, rules §8): planted cases and near misses, pure and through
an inspection."""

from datetime import date, datetime, timedelta

import pytest

from gongkai.backoffice.views_oversight import fix_link
from gongkai.core import clock as platform_clock
from gongkai.interaction import services
from gongkai.interaction.checks import (
    ConcernFacts,
    MessageFacts,
    concern_response_late,
    message_overdue,
    message_unanswered_3_months,
)
from gongkai.oversight.models import Finding
from gongkai.oversight.selectors import fix_target, fix_targets
from gongkai.oversight.services import inspection_run
from tests.factories import written_message

TODAY = date(2026, 11, 20)


def fact(received_on, due_on, *, waiting=True, answered_on=None, pk=1):
    return MessageFacts(pk, "招生范围咨询", 7, received_on, due_on, waiting, answered_on)


def test_message_overdue_past_its_answer_limit():
    hit = next(message_overdue([fact(date(2026, 11, 10), date(2026, 11, 17))], today=TODAY))
    assert hit.rule == "message_overdue" and hit.evidence["days_over"] == 3 and hit.unit_id == 7
    assert "已超期3天未答复" in hit.evidence["text"]


def test_message_overdue_near_misses():
    due_today = fact(date(2026, 11, 13), TODAY)
    answered = fact(date(2026, 11, 1), date(2026, 11, 6), waiting=False, answered_on=date(2026, 11, 10))
    assert list(message_overdue([due_today, answered], today=TODAY)) == []


def test_guoban_mihan_2019_19_message_unanswered_3_months():
    waiting = fact(date(2026, 8, 19), date(2026, 8, 26))
    late = fact(date(2026, 3, 1), date(2026, 3, 6), waiting=False, answered_on=date(2026, 6, 2), pk=2)
    hits = list(message_unanswered_3_months([waiting, late], today=TODAY))
    assert [h.target for h in hits] == ["1", "2"] and "至今未答复" in hits[0].evidence["text"]
    assert "才答复" in hits[1].evidence["text"]


def test_guoban_mihan_2019_19_message_unanswered_3_months_near_misses():
    exactly_three_months = fact(date(2026, 8, 20), date(2026, 8, 27))
    answered_on_last_day = fact(date(2026, 3, 1), date(2026, 3, 6), waiting=False, answered_on=date(2026, 6, 1))
    over_a_year_ago = fact(date(2025, 11, 1), date(2025, 11, 7), waiting=False, answered_on=date(2026, 3, 1))
    assert list(message_unanswered_3_months([exactly_three_months, answered_on_last_day, over_a_year_ago],
                                            today=TODAY)) == []


def concern(level, responses, *, hours_since=100):
    arose = datetime(2026, 11, 10, 8, 0)
    return ConcernFacts(5, "城西小学周边道路积水", 7, level, arose,
                        tuple((kind, arose + timedelta(hours=h)) for kind, h in responses),
                        arose + timedelta(hours=hours_since))


def test_guoban_fa_2016_61_concern_response_late():
    hits = list(concern_response_late([concern("general", [("statement", 50)])]))
    assert len(hits) == 1 and "48小时内回应" in hits[0].evidence["text"]
    missing = list(concern_response_late([concern("general", [], hours_since=49)]))
    assert "至今未登记" in missing[0].evidence["text"]


def test_guoban_fa_2016_80_concern_response_late_major_emergency():
    no_conference = concern("major_emergency", [("authoritative_information", 3)], hours_since=30)
    late_information = concern("major_emergency", [("authoritative_information", 6), ("press_conference", 20)])
    assert len(list(concern_response_late([no_conference]))) == 1
    assert "5小时内发布权威信息" in next(concern_response_late([late_information])).evidence["text"]


def test_concern_response_late_near_misses():
    in_time = concern("general", [("statement", 48)])
    not_yet_due = concern("general", [], hours_since=47)
    emergency_in_time = concern("major_emergency", [("authoritative_information", 5), ("press_conference", 24)])
    assert list(concern_response_late([in_time, not_yet_due, emergency_in_time])) == []


@pytest.mark.django_db
def test_message_overdue_through_an_inspection(world, clock):
    """The message past its limit is found for its unit, the one still within it and the refused one are not;
    answering it resolves the finding at the next inspection."""
    late = written_message(world.edu, at=datetime(2026, 11, 2, 10, 0).astimezone())
    fresh = written_message(world.edu, at=datetime(2026, 11, 18, 10, 0).astimezone())
    refused = written_message(world.civil, at=datetime(2026, 11, 2, 10, 0).astimezone())
    clock.set(TODAY)
    services.message_reject(actor=world.users.office, message=refused, reason="广告信息")

    def run():
        inspection_run(actor=world.users.office, jurisdiction=world.county, today=TODAY,
                       rules=["message_overdue", "message_unanswered_3_months"])
        return {f.target: f for f in Finding.objects.filter(rule="message_overdue")}

    found = run()
    assert set(found) == {str(late.pk)} and found[str(late.pk)].unit_id == world.edu.pk
    # The unit fixes it on the message's own screen (one finding and many at once agree).
    finding = found[str(late.pk)]
    assert fix_target(finding) == ("message", late.pk) == fix_targets([finding])[finding.pk]
    assert fix_link(fix_target(finding)) == {"url": f"/admin/messages/{late.pk}/", "label": "打开该留言"}
    assert str(fresh.pk) not in found and str(refused.pk) not in found
    assert not Finding.objects.filter(rule="message_unanswered_3_months").exists()
    services.message_answer(actor=world.users.officer, message=late, answer="招生范围见教育局公告。")
    assert not run()[str(late.pk)].is_open


@pytest.mark.django_db
def test_concern_response_late_through_an_inspection(world, clock):
    clock.set(datetime(2026, 11, 20, 12, 0))
    now = platform_clock.now()
    late = services.concern_record(actor=world.users.office, jurisdiction=world.county, unit=world.edu,
                                   title="学校食堂食品安全", arose_at=now - timedelta(hours=60), level="general")
    services.concern_response_add(actor=world.users.office, concern=late, kind="statement",
                                  responded_at=now - timedelta(hours=5), channel="区政府门户网站", content="情况通报")
    waiting = services.concern_record(actor=world.users.office, jurisdiction=world.county, unit=world.edu,
                                      title="校车线路调整", arose_at=now - timedelta(hours=10), level="general")
    inspection_run(actor=world.users.office, jurisdiction=world.county, today=TODAY, rules=["concern_response_late"])
    assert set(Finding.objects.filter(rule="concern_response_late").values_list("target", flat=True)) == {
        str(late.pk)}
    finding = Finding.objects.get(rule="concern_response_late")
    assert fix_targets([finding])[finding.pk] == fix_target(finding) == ("concern", late.pk)
    assert waiting.pk
