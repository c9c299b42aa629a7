"""`gongkai deadline --json` over the calendar table loaded by the migration."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(*args) -> dict:
    out = StringIO()
    call_command("deadline", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_deadline_json_plain():
    data = _run("--received", "2025-01-20")
    assert data["due"] == "2025-02-21" and data["provisional"] is False
    assert data["explanation"][0].startswith("自收到申请之日（2025年1月20日）的次日起计算20个工作日")


def test_deadline_json_with_events():
    data = _run("--received", "2025-09-15", "--event", "consultation-sent:2025-09-19",
                "--event", "consultation-replied:2025-10-09", "--event", "extension:2025-10-30")
    assert data["due"] == "2025-11-27"
    assert data["state"] == "running" and data["missing_years"] == []
    assert any("第三十三条第三款" in line for line in data["explanation"])


def test_deadline_json_extension_days_and_correction():
    data = _run("--received", "2025-03-03", "--event", "correction-requested:2025-03-07",
                "--event", "correction-received:2025-03-20", "--event", "extension:2025-04-01:5")
    assert data["due"] == "2025-04-25"


def test_deadline_json_pending_and_provisional():
    data = _run("--received", "2026-12-15", "--event", "consultation-sent:2026-12-16")
    assert data["due"] is None and data["state"] == "suspended"
    data = _run("--received", "2026-12-15")
    assert data["due"] == "2027-01-13" and data["provisional"] is True and data["missing_years"] == [2027]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--received", "2025-3-3x"), "收到申请之日格式不正确"),
        (("--received", "2025-03-03", "--event", "appeal:2025-03-04"), "无法识别"),
        (("--received", "2025-03-03", "--event", "consultation-sent"), "格式不正确"),
        (("--received", "2025-03-03", "--event", "consultation-sent:2025-02-31"), "日期格式不正确"),
        (("--received", "2025-03-03", "--event", "consultation-sent:2025-03-04:3"), "只有 extension"),
        (("--received", "2025-03-03", "--event", "extension:2025-04-01"), "不能再延长"),
        (("--received", "2025-03-03", "--event", "consultation-replied:2025-03-04"), "没有未答复"),
    ],
)
def test_deadline_refuses_bad_input_in_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("deadline", *args, "--json", stdout=StringIO())


def test_fee_109_deadline_command_notice_on_the_due_date():
    """国办函〔2020〕109号; rules.md §3.4 edge rule 3: `gongkai deadline` with a fee notice on the due date (03-31)
    pauses with 0 working days left, the answer due on the payment day; no line shows "None"."""
    waiting = _run("--received", "2025-03-03", "--event", "fee-notice-sent:2025-03-31")
    assert waiting["due"] is None and waiting["state"] == "suspended"
    paid = _run("--received", "2025-03-03", "--event", "fee-notice-sent:2025-03-31", "--event", "fee-paid:2025-04-03")
    assert paid["due"] == "2025-04-03"
    assert not any("None" in line for line in (*waiting["explanation"], *paid["explanation"]))
    with pytest.raises(CommandError, match="已超过答复期限"):
        _run("--received", "2025-03-03", "--event", "fee-notice-sent:2025-04-01")


def test_deadline_accepts_every_event_kind_of_the_log():
    """Issue 11 §2: consultation received/expired (第三十二条), fee events (国办函〔2020〕109号), later deadline
    (第三十五条) are accepted by `gongkai deadline` as by the request's log."""
    data = _run("--received", "2025-03-03", "--event", "consultation-sent:2025-03-05",
                "--event", "consultation-received:2025-03-06", "--event", "consultation-expired:2025-03-28",
                "--event", "fee-notice-sent:2025-04-01", "--event", "fee-notice-received:2025-04-02",
                "--event", "fee-paid:2025-04-08", "--event", "later-deadline:2025-04-09:2025-06-30")
    assert data["due"] == "2025-06-30" and data["state"] == "running"
    text = "\n".join(data["explanation"])
    assert "第三十五条" in text and "申请人缴纳费用" in text and "2025年3月27日（含当日）前" in text
