"""One test per clock of 依申请公开 (rules.md §3.3–3.4), over the real 2024–2026 calendars."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.disclosure_requests.deadlines import (
    CONVENTION,
    ClockState,
    DeadlineError,
    EventsOutOfOrder,
    ExtensionNotAllowed,
    answer_deadline,
)

D = date.fromisoformat


def cn(iso: str) -> str:
    """A date as the explanations write it (2025年3月12日)."""
    day = D(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def deadline(calendar, received, *events):
    return answer_deadline(D(received), [(kind, D(day), *rest) for kind, day, *rest in events], calendar)


# --- 第三十三条第二款: 20 working days ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2025-03-03", "2025-03-31"),  # no holiday
        ("2025-01-20", "2025-02-21"),  # 春节 2025: 01-28…02-04 off, 01-26 (Sun) and 02-08 (Sat) worked
        ("2026-02-06", "2026-03-12"),  # 春节 2026: 02-15…02-23 off, 02-14 and 02-28 (Sat) worked
        ("2024-09-20", "2024-10-23"),  # 国庆 2024: 10-01…10-07 off, 09-29 (Sun) and 10-12 (Sat) worked
        ("2025-09-26", "2025-10-30"),  # 国庆·中秋 2025: 10-01…10-08 off, 09-28 (Sun) and 10-11 (Sat) worked
    ],
)
def test_answer_due_twenty_working_days_after_receipt(calendar, received, due):
    """《条例》第三十三条第二款: answer within 20 working days of receipt; the receipt day is not counted
    (rules.md §3.3)."""
    result = deadline(calendar, received)
    assert result.due == D(due)
    assert result.state == ClockState.RUNNING and result.provisional is False
    assert result.explanation[0].startswith(f"自收到申请之日（{cn(received)}）的次日起计算20个工作日")
    assert result.explanation[-1] == f"答复期限：{cn(due)}（含当日）。"
    assert not any("计算规则" in line or "补正" in line for line in result.explanation)  # no event, no sentence
    assert result.convention == CONVENTION


def test_receipt_day_not_counted_even_when_received_on_a_make_up_day(calendar):
    """rules.md §3.3: the starting day is excluded even when it is itself a working day (2025-02-08, a
    make-up Saturday): day 1 is 02-10."""
    assert calendar.add_workdays(D("2025-02-08"), 1) == D("2025-02-10")
    assert deadline(calendar, "2025-02-08").due == calendar.add_workdays(D("2025-02-10"), 19)


def test_due_date_may_fall_on_a_make_up_day(calendar):
    """rules.md §3.3: the due date is the 20th working day, even a make-up Saturday (2024-10-12). From
    09-09: 09-10…13 (4), 09-14 Sat worked (5), 中秋 09-15…17 off, 09-18…20 (8), 09-23…27 (13), 09-29 Sun
    worked (14), 09-30 (15), 国庆 off, 10-08…11 (19), 10-12 (20)."""
    assert deadline(calendar, "2024-09-09").due == D("2024-10-12")


# --- 第三十条: 补正 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "notice_due"),
    [("2025-03-03", "2025-03-12"), ("2025-01-20", "2025-02-05"), ("2026-02-06", "2026-02-24")],
)
def test_correction_notice_due_within_seven_working_days(calendar, received, notice_due):
    """《条例》第三十条: the 补正 notice is due within 7 working days of receipt."""
    assert deadline(calendar, received).correction_notice_due == D(notice_due)
    result = deadline(calendar, received, ("correction-requested", received))
    assert f"{cn(notice_due)}前，含当日" in result.explanation[1] and "第三十条" in result.explanation[1]


def test_correction_received_restarts_twenty_working_days(calendar):
    """《条例》第三十条: the period runs from the day the corrected application is received; elapsed days are
    discarded. Received 2025-03-20 → day 1 is 03-21; 清明 04-04 off → due 04-18."""
    result = deadline(calendar, "2025-03-03", ("correction-requested", "2025-03-07"),
                      ("correction-received", "2025-03-20"))
    assert result.due == D("2025-04-18")
    assert result.correction_notice_due == D("2025-03-12")  # issue 11 §2: the notice's due date is kept (第三十条)
    assert any("此前经过的时间不再计算" in line for line in result.explanation)
    assert result.warnings == ()


def test_clock_waits_while_correction_outstanding(calendar):
    """《条例》第三十条: until the corrected application arrives there is no due date."""
    result = deadline(calendar, "2025-03-03", ("correction-requested", "2025-03-05"))
    assert result.due is None and result.state == ClockState.AWAITING_CORRECTION
    assert "等待申请人补正" in result.explanation[-1]


def test_late_correction_notice_is_flagged_not_silent(calendar):
    """《条例》第三十条 and rules.md §3.4 edge rule 2: a 补正 notice after the 7th working day is a procedural
    defect — flagged; the restart still follows the corrected application."""
    result = deadline(calendar, "2025-03-03", ("correction-requested", "2025-03-13"),
                      ("correction-received", "2025-03-20"))
    assert result.due == D("2025-04-18")
    assert len(result.warnings) == 1 and "程序瑕疵" in result.warnings[0] and "2025年3月12日" in result.warnings[0]
    assert result.warnings[0] in result.explanation


# --- 第三十二、三十三、三十四条: consultation ------------------------------------------------------------


def test_consultation_time_not_counted(calendar):
    """《条例》第三十二条、第三十三条第三款、第三十四条: consultation time is not counted. Convention: the sending
    day (Mon 03-10, day 5) counts as agency time; suspended through the reply day (Fri 03-28); resumes on
    the next working day (03-31) with 15 days left; 清明 04-04 off → due 04-21."""
    result = deadline(calendar, "2025-03-03", ("consultation-sent", "2025-03-10"),
                      ("consultation-replied", "2025-03-28"))
    assert result.due == D("2025-04-21")
    text = "\n".join(result.explanation)
    assert "发出当日计入本机关办理时间" in text and "已用5个工作日" in text and "剩余15个工作日" in text
    assert "至收到答复之日（含当日）" in text and "计算规则" not in text


def test_consultation_reply_on_weekend_resumes_next_working_day(calendar):
    """Convention (rules.md §3.4 edge rule 4): a reply on Saturday 03-29 resumes on Monday 03-31, as a
    Friday reply does."""
    friday = deadline(calendar, "2025-03-03", ("consultation-sent", "2025-03-10"),
                      ("consultation-replied", "2025-03-28"))
    saturday = deadline(calendar, "2025-03-03", ("consultation-sent", "2025-03-10"),
                        ("consultation-replied", "2025-03-29"))
    assert friday.due == saturday.due == D("2025-04-21")


def test_consultation_across_national_day_and_make_up_saturday(calendar):
    """第三十三条第三款 over 国庆·中秋 2025: sent Fri 09-19 (day 4), replied Thu 10-09; resumes Fri 10-10, then
    Sat 10-11 (make-up) counts; 16 days left → 10-30."""
    result = deadline(calendar, "2025-09-15", ("consultation-sent", "2025-09-19"),
                      ("consultation-replied", "2025-10-09"))
    assert result.due == D("2025-10-30")


def test_overlapping_consultations_suspend_until_last_reply(calendar):
    """第三十二条、第三十四条: with a third party and another agency consulted at once, the clock stays
    suspended until the last reply."""
    result = deadline(calendar, "2025-03-03", ("consultation-sent", "2025-03-10"),
                      ("consultation-sent", "2025-03-12"), ("consultation-replied", "2025-03-20"),
                      ("consultation-replied", "2025-03-28"))
    assert result.due == D("2025-04-21")


def test_clock_suspended_while_consultation_open(calendar):
    result = deadline(calendar, "2025-03-03", ("consultation-sent", "2025-03-10"))
    assert result.due is None and result.state == ClockState.SUSPENDED
    assert "剩余15个工作日" in result.explanation[-1]


@pytest.mark.parametrize("sent", ["2025-03-31", "2025-04-01"])
def test_consultation_after_period_ran_out_does_not_suspend(calendar, sent):
    """第三十三条第三款 only removes consultation time from a running period: sent on the due date (the
    sending day is agency time, so nothing is left) or later, it changes nothing."""
    result = deadline(calendar, "2025-03-03", ("consultation-sent", sent), ("consultation-replied", "2025-04-20"))
    assert result.due == D("2025-03-31")
    assert any("不产生中止计算的效果" in line for line in result.explanation)


# --- 第三十三条第二款: extension ----------------------------------------------------------------------


def test_extension_adds_up_to_twenty_working_days(calendar):
    """《条例》第三十三条第二款: one extension of at most 20 working days (04-27, a make-up Sunday, counts)."""
    assert deadline(calendar, "2025-03-03", ("extension", "2025-03-20")).due == D("2025-04-28")
    assert deadline(calendar, "2025-03-03", ("extension", "2025-03-20", 10)).due == D("2025-04-15")


def test_extension_decided_on_original_due_date_allowed(calendar):
    """第三十三条第二款: decided on the original due date itself (2025-03-31) is in time."""
    result = deadline(calendar, "2025-03-03", ("extension", "2025-03-31"))
    assert result.due == D("2025-04-28")
    assert any("不晚于原答复期限（2025年3月31日）" in line for line in result.explanation)


def test_extension_after_original_due_date_refused(calendar):
    """第三十三条第二款: an extension decided after the original due date is refused."""
    with pytest.raises(ExtensionNotAllowed, match="原答复期限（2025年3月31日）") as caught:
        deadline(calendar, "2025-03-03", ("extension", "2025-04-01"))
    assert isinstance(caught.value, ValueError)


def test_extension_deadline_counts_consultation_suspension(calendar):
    """第三十三条第二、三款: the original due date includes the suspension: after a consultation the
    original due is 04-21, so an extension on 04-21 is in time and one on 04-22 is not. (+20 from 04-21:
    04-27 make-up Sunday counts, 劳动节 05-01…05-05 off → 05-21.)"""
    events = [("consultation-sent", "2025-03-10"), ("consultation-replied", "2025-03-28")]
    assert deadline(calendar, "2025-03-03", *events, ("extension", "2025-04-21")).due == D("2025-05-21")
    with pytest.raises(ExtensionNotAllowed):
        deadline(calendar, "2025-03-03", *events, ("extension", "2025-04-22"))


@pytest.mark.parametrize(
    "events",
    [
        [("extension", "2025-03-10"), ("extension", "2025-03-20")],
        [("extension", "2025-03-10", 21)],
        [("extension", "2025-03-10", 0)],
    ],
)
def test_extension_once_and_at_most_twenty_days(calendar, events):
    """第三十三条第二款: 延长的期限最长不得超过20个工作日."""
    with pytest.raises(ExtensionNotAllowed, match="20个工作日"):
        deadline(calendar, "2025-03-03", *events)


# --- event log order -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([("consultation-sent", "2025-03-01")], "早于收到申请之日"),
        ([("consultation-sent", "2025-03-10"), ("consultation-replied", "2025-03-07")], "早于前一事件"),
        ([("consultation-replied", "2025-03-10")], "没有未答复的"),
        ([("correction-received", "2025-03-10")], "没有“发出补正通知”"),
        ([("correction-requested", "2025-03-05"), ("consultation-sent", "2025-03-06")], "尚未收到补正"),
        ([("correction-requested", "2025-03-05"), ("correction-requested", "2025-03-06")], "一次性"),
        ([("consultation-sent", "2025-03-05"), ("correction-requested", "2025-03-06")], "征求意见尚未收到答复"),
        ([("correction-requested", "2025-03-05"), ("extension", "2025-03-06")], "尚未收到补正"),
    ],
)
def test_events_out_of_order_refused(calendar, events, message):
    with pytest.raises(EventsOutOfOrder, match=message):
        deadline(calendar, "2025-03-03", *events)


def test_unknown_event_kind_refused(calendar):
    with pytest.raises(DeadlineError, match="无法识别"):
        answer_deadline(D("2025-03-03"), [("appeal", D("2025-03-04"))], calendar)


# --- provisional --------------------------------------------------------------------------------------


def test_due_in_unloaded_year_is_provisional(calendar):
    """rules.md §11: a due date in 2027 (not loaded) is provisional, says which year, and why."""
    result = deadline(calendar, "2026-12-15")
    assert result.provisional is True and result.missing_years == (2027,)
    # 12-16…12-31 (12), 2027-01-01 元旦 (fixed date), 01-04…01-08 (17), 01-11…01-13 (20)
    assert result.due == D("2027-01-13")
    assert "2027年的放假安排尚未载入" in result.explanation[-1]
    assert deadline(calendar, "2026-11-02").provisional is False


# --- properties ---------------------------------------------------------------------------------------

received_days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 10, 31))


@settings(max_examples=150, deadline=None)
@given(received=received_days, sent=st.integers(0, 19), pause=st.integers(0, 40))
def test_consultation_shifts_due_by_exactly_the_suspended_working_days(calendar, received, sent, pause):
    """Counted working days from receipt to due, less those in (sent, replied], are always 20."""
    from datetime import timedelta

    send_day = calendar.add_workdays(received, sent) if sent else received
    reply_day = send_day + timedelta(days=pause)
    result = answer_deadline(received, [("consultation-sent", send_day), ("consultation-replied", reply_day)],
                             calendar)
    counted = calendar.workdays_between(received, result.due) - calendar.workdays_between(send_day, reply_day)
    assert counted == 20
    assert calendar.is_workday(result.due)


# --- issue 11 §2: consultation from the party's receipt, fees, later deadline --------------------------------


def test_article_32_consulted_party_has_fifteen_working_days_from_receipt_then_suspension_ends(calendar):
    """《条例》第三十二条、第三十四条: the consulted party answers within 15 working days of receiving the letter
    (not of its sending); without an answer the suspension ends by itself on the last of them."""
    result = deadline(calendar, "2025-03-03", ("consultation-sent", "2025-03-10"),
                      ("consultation-received", "2025-03-12"))
    party_due = calendar.add_workdays(D("2025-03-12"), 15)
    assert party_due == D("2025-04-02")
    assert result.state == ClockState.SUSPENDED
    assert result.due == calendar.add_workdays(party_due, 15)
    text = "\n".join(result.explanation)
    assert "2025年4月2日（含当日）前" in text and "逾期未提出意见的，中止计算于该日结束" in text
    with pytest.raises(DeadlineError):  # silence only after the 15 working days
        deadline(calendar, "2025-03-03", ("consultation-sent", "2025-03-10"),
                 ("consultation-received", "2025-03-12"), ("consultation-expired", "2025-04-02"))
    expired = deadline(calendar, "2025-03-03", ("consultation-sent", "2025-03-10"),
                       ("consultation-received", "2025-03-12"), ("consultation-expired", "2025-04-03"))
    assert expired.state == ClockState.RUNNING and expired.due == result.due


def test_fee_109_waiting_for_payment_is_not_counted(calendar):
    """国办函〔2020〕109号; rules.md §3.4 edge rule 3: the notice day counts, the clock stands still from the next
    day through the payment day; the payment window is 20 working days from the applicant's receipt."""
    result = deadline(calendar, "2025-03-03", ("fee-notice-sent", "2025-03-10"),
                      ("fee-notice-received", "2025-03-12"), ("fee-paid", "2025-03-20"))
    assert result.due == calendar.add_workdays(D("2025-03-20"), 15)
    text = "\n".join(result.explanation)
    assert "即2025年4月10日（含当日）前" in text
    waiting = deadline(calendar, "2025-03-03", ("fee-notice-sent", "2025-03-10"))
    assert waiting.due is None and "等待申请人缴费" in waiting.explanation[-1]


def test_fee_109_notice_after_the_due_date_is_refused(calendar):
    """国办函〔2020〕109号: a fee notice is sent within the answer period (rules.md §12.1)."""
    with pytest.raises(DeadlineError) as exc:
        deadline(calendar, "2025-03-03", ("fee-notice-sent", "2025-04-01"))
    assert "2025年3月31日" in exc.value.message


def test_article_35_later_deadline_replaces_the_due_date(calendar):
    """《条例》第三十五条: a reasonable later deadline set and notified before the due date."""
    result = deadline(calendar, "2025-03-03", ("later-deadline", "2025-03-20", D("2025-05-30")))
    assert result.due == D("2025-05-30")
    with pytest.raises(DeadlineError):
        deadline(calendar, "2025-03-03", ("later-deadline", "2025-04-01", D("2025-05-30")))


def test_article_30_correction_notice_due_date_is_kept_after_the_corrected_application(calendar):
    """《条例》第三十条: the 补正 notice was due within 7 working days of the receipt (2025-03-12); the corrected
    application restarts the answer period, not that due date."""
    result = deadline(calendar, "2025-03-03", ("correction-requested", "2025-03-07"),
                      ("correction-received", "2025-03-20"))
    assert result.correction_notice_due == D("2025-03-12")


def test_explanation_names_the_holidays_and_make_up_days_inside_the_period(calendar):
    """Issue 11 §2: the explanation a county officer pastes into a letter names the holidays and make-up working
    days inside the period (春节 2025: 01-28…02-04 off, 01-26 and 02-08 worked)."""
    text = "\n".join(deadline(calendar, "2025-01-20").explanation)
    assert "春节放假2025年1月28日至2025年2月4日" in text
    assert "2025年1月26日、2025年2月8日调休上班" in text


def test_fee_109_wait_counted_where_the_jurisdiction_counts_it(calendar):
    """国办函〔2020〕109号; rules.md §3.4 edge rule 3 (configurable per jurisdiction): a fee notice given with
    pause=False leaves the clock running — the due date does not move while the applicant pays, and the
    explanation says which convention applied."""
    counted = deadline(calendar, "2025-03-03", ("fee-notice-sent", "2025-03-10", False),
                       ("fee-notice-received", "2025-03-12"), ("fee-paid", "2025-03-20"))
    assert counted.due == D("2025-03-31")
    assert "计入答复期限" in "\n".join(counted.explanation)
    waiting = deadline(calendar, "2025-03-03", ("fee-notice-sent", "2025-03-10", False))
    assert waiting.due == D("2025-03-31") and waiting.state == ClockState.RUNNING
    paused = deadline(calendar, "2025-03-03", ("fee-notice-sent", "2025-03-10", True), ("fee-paid", "2025-03-20"))
    assert paused.due == calendar.add_workdays(D("2025-03-20"), 15)


def test_due_before_last_is_the_due_date_the_last_event_found(calendar):
    """A write passes the log with its new event last: an extension's original due date (第三十三条第二款) and the
    due date a later deadline replaces (第三十五条) come from the same single computation."""
    result = deadline(calendar, "2025-03-03", ("extension", "2025-03-20", 20))
    assert result.due_before_last == D("2025-03-31") and result.due == calendar.add_workdays(D("2025-03-31"), 20)
    assert deadline(calendar, "2025-03-03").due_before_last is None


# --- 国办函〔2020〕109号: a fee notice on the due date (rules.md §3.4 edge rule 3, §5, §12.1) -------------------------


def test_fee_109_notice_on_the_due_date_is_in_time_and_pauses_with_nothing_left(calendar):
    """国办函〔2020〕109号 (rules.md §5: notified within the answer period; §3.4 edge rule 3: the wait from the day
    after the notice through the payment day is not counted): a notice sent ON the due date (2025-03-31) is in
    time and still stops the clock — the sending day is the agency's 20th working day, 0 remain, so the answer is
    due on the payment day: the due date moves by exactly the working days of the wait."""
    waiting = deadline(calendar, "2025-03-03", ("fee-notice-sent", "2025-03-31"))
    assert waiting.state == ClockState.SUSPENDED and waiting.due is None
    text = "\n".join(waiting.explanation)
    assert "截至当日已用20个工作日" in text and "剩余0个工作日" in text
    assert "顺延至缴费之日" in text and "缴费后应于缴费当日答复" in waiting.explanation[-1]

    paid = deadline(calendar, "2025-03-03", ("fee-notice-sent", "2025-03-31"),
                    ("fee-notice-received", "2025-04-01"), ("fee-paid", "2025-04-03"))
    assert paid.state == ClockState.RUNNING and paid.due == D("2025-04-03")
    wait = calendar.workdays_between(D("2025-03-31"), D("2025-04-03"))
    assert paid.due == calendar.add_workdays(D("2025-03-31"), wait)  # moved by the working days of the wait
    assert paid.explanation[-1] == "答复期限：2025年4月3日（含当日）。"
    assert any("不再有剩余工作日" in line for line in paid.explanation)


def test_fee_109_notice_on_the_due_date_paid_on_a_holiday_due_next_working_day(calendar):
    """rules.md §3.3 (a period's last day on a holiday moves to the next working day): paid on 2025-04-05, inside
    清明 (04-04…04-06 off), after a notice on the due date → due 2025-04-07."""
    paid = deadline(calendar, "2025-03-03", ("fee-notice-sent", "2025-03-31"), ("fee-paid", "2025-04-05"))
    assert not calendar.is_workday(D("2025-04-05"))
    assert paid.due == D("2025-04-07")


@pytest.mark.parametrize(("sent", "allowed"), [("2025-03-28", True), ("2025-04-01", False)])
def test_fee_109_notice_one_working_day_around_the_due_date(calendar, sent, allowed):
    """国办函〔2020〕109号 near misses of the due date (2025-03-31): one working day before is in time with 1 working
    day left; one working day after is refused (rules.md §12.1)."""
    if not allowed:
        with pytest.raises(DeadlineError, match="已超过答复期限") as exc:
            deadline(calendar, "2025-03-03", ("fee-notice-sent", sent))
        assert "2025年3月31日" in exc.value.message
        return
    paid = deadline(calendar, "2025-03-03", ("fee-notice-sent", sent), ("fee-paid", "2025-04-03"))
    assert "剩余1个工作日" in "\n".join(paid.explanation)
    assert paid.due == calendar.add_workdays(D("2025-04-03"), 1) == D("2025-04-07")


def test_fee_109_notice_on_the_due_date_where_the_wait_is_counted(calendar):
    """rules.md §3.4 edge rule 3 (jurisdiction counts the wait): on the due date the notice is in time and the due
    date stays."""
    result = deadline(calendar, "2025-03-03", ("fee-notice-sent", "2025-03-31", False), ("fee-paid", "2025-04-03"))
    assert result.due == D("2025-03-31")


def test_fee_109_notice_after_the_twenty_days_under_a_later_deadline_keeps_it(calendar):
    """《条例》第三十五条 with 国办函〔2020〕109号: past the 20 working days only the later deadline stands; a fee
    notice then keeps it (nothing left to suspend) and says so, without a gap in the text."""
    result = deadline(calendar, "2025-03-03", ("later-deadline", "2025-03-20", D("2025-05-30")),
                      ("fee-notice-sent", "2025-04-15"), ("fee-paid", "2025-04-25"))
    assert result.due == D("2025-05-30")
    assert any("不因等待缴费而顺延" in line for line in result.explanation)


@pytest.mark.parametrize(
    "events",
    [
        [("fee-notice-sent", "2025-03-31")],
        [("fee-notice-sent", "2025-03-31"), ("fee-notice-received", "2025-04-01")],
        [("fee-notice-sent", "2025-03-31"), ("fee-paid", "2025-04-03")],
        [("fee-notice-sent", "2025-03-31"), ("fee-paid", "2025-04-05"), ("extension", "2025-04-07")],
        [("fee-notice-sent", "2025-03-31", False), ("fee-paid", "2025-04-03")],
        [("fee-notice-sent", "2025-03-10"), ("fee-paid", "2025-03-20")],
        [("later-deadline", "2025-03-20", D("2025-05-30")), ("fee-notice-sent", "2025-04-15")],
        [("later-deadline", "2025-03-20", D("2025-05-30")), ("fee-notice-sent", "2025-04-15"),
         ("fee-paid", "2025-04-25")],
        [("consultation-sent", "2025-03-31"), ("consultation-replied", "2025-04-20")],
        [("consultation-sent", "2025-03-10")],
        [("consultation-sent", "2025-03-10"), ("consultation-received", "2025-03-12")],
        [("correction-requested", "2025-03-20")],
        [("correction-requested", "2025-03-20"), ("correction-received", "2025-03-25")],
        [("extension", "2025-03-31")],
    ],
)
def test_no_explanation_line_prints_none(calendar, events):
    """Every explanation is Chinese text an officer pastes into a letter: a missing value never shows as "None"
    (edge cases of rules.md §3.4, including a fee notice on the due date)."""
    result = deadline(calendar, "2025-03-03", *events)
    for line in (*result.explanation, *result.warnings):
        assert "None" not in line, line
