"""Due-date warnings and the nightly recomputation of cached due dates."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.policies import COMMAND_LINE, Actor
from gongkai.calendars.domain import WorkdayCalendar
from gongkai.calendars.selectors import workday_calendar
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.disclosure_requests.models import (
    OPEN_STATUSES,
    DisclosureRequest,
    WarningSent,
)
from gongkai.disclosure_requests.selectors import (
    request_deadline,
)
from gongkai.disclosure_requests.services._common import (
    WARNING_WORKDAYS,
    _date,
    _store_clock,
    _user,
)


def requests_recompute_deadlines(*, calendar: WorkdayCalendar | None = None) -> int:
    """Recompute every open request's cached due date (after the calendar changed, e.g. a year was loaded).
    Returns how many changed."""
    calendar = calendar or workday_calendar()
    changed = 0
    for request in DisclosureRequest.objects.filter(status__in=OPEN_STATUSES, received_on__isnull=False):
        before = (request.due_on, request.due_provisional)
        _store_clock(request, request_deadline(request, calendar))
        if (request.due_on, request.due_provisional) != before:
            request.save(update_fields=["due_on", "due_provisional", "due_missing_years", "clock_warnings",
                                        "updated_at"])
            changed += 1
    return changed


def _warning_recipients(request: DisclosureRequest) -> list[str]:
    unit = request.assigned_unit or request.receiving_unit
    if unit is None:
        return []
    roles = [Role.INFORMATION_OFFICER, Role.REVIEWER] if request.assigned_unit else [Role.DISCLOSURE_OFFICE]
    emails = (Membership.objects.filter(unit=unit, role__in=roles, user__is_active=True)
              .exclude(user__email="").values_list("user__email", flat=True))
    return sorted(set(emails))


def requests_send_warnings(*, today: date | None = None, actor: Actor = COMMAND_LINE, send: bool = True) -> list[dict[str, Any]]:
    """Warn the unit handling each open request 5 and 2 working days before its due date, by e-mail; once
    per request per day (WarningSent). Returns what was (or, already sent today, had been) warned."""
    today = _date(today, "日期") if today is not None else clock.today()
    calendar = workday_calendar()
    result = []
    for request in (DisclosureRequest.objects.filter(status__in=OPEN_STATUSES, received_on__isnull=False)
                    .select_related("assigned_unit", "receiving_unit", "jurisdiction")):
        deadline = request_deadline(request, calendar)
        if deadline is None or deadline.due is None or deadline.due < today:
            continue
        left = calendar.workdays_between(today, deadline.due)
        if left not in WARNING_WORKDAYS:
            continue
        recipients = _warning_recipients(request)
        handling = request.assigned_unit or request.receiving_unit
        row = {"tracking_code": request.tracking_code, "pk": request.pk, "due": deadline.due.isoformat(),
               "workdays_left": left, "provisional": deadline.provisional,
               "unit": handling.name if handling else "",
               "recipients": recipients, "already_sent": False}
        if WarningSent.objects.filter(request=request, sent_on=today).exists():
            row["already_sent"] = True
            result.append(row)
            continue
        with transaction.atomic():
            WarningSent.objects.create(request=request, sent_on=today, workdays_left=left, due_on=deadline.due,
                                       recipients=recipients)
            record_event(actor=_user(actor), actor_name=None if _user(actor) else str(actor),
                         action="request.warning_sent", target=request,
                         data={"workdays_left": left, "due_on": deadline.due.isoformat(), "recipients": recipients})
            if send and recipients:
                subject = f"政府信息公开申请 {request.tracking_code} 还有{left}个工作日到期"
                body = (
                    f"申请 {request.tracking_code}（{request.get_status_display()}）的答复期限为{deadline.due.isoformat()}"
                    f"{'（暂定：缺少工作日历年度）' if deadline.provisional else ''}，距今还有{left}个工作日。\n"
                    f"所需信息：{request.description[:200]}\n\n期限计算：\n" + "\n".join(deadline.explanation)
                )
                transaction.on_commit(partial(send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, recipients,
                                              fail_silently=True))
        result.append(row)
    return result
