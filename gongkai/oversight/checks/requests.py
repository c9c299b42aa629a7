"""Requests answered late (《政府信息公开条例》第三十三条). Pure."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from gongkai.oversight.checks.facts import RequestFacts
from gongkai.oversight.rules import Hit, Rule, Severity, TargetKind, cn_date, register
from gongkai.publishing.timeliness import WorkdayCounter

REQUEST_OVERDUE = register(Rule(
    code="request_overdue",
    title="依申请公开超过法定期限未答复",
    severity=Severity.HIGH,
    source="《政府信息公开条例》第三十三条：收到申请之日起20个工作日内答复；延长答复期限最长不得超过20个工作日",
    hint="立即办结并送达答复；确需延期的，应在答复期限届满前书面告知申请人。",
    target_kind=TargetKind.REQUEST,
))


def request_overdue(requests: Iterable[RequestFacts], *, today: date, calendar: WorkdayCounter) -> Iterator[Hit]:
    for request in requests:
        if request.due is None:
            continue
        if request.is_open and today > request.due:
            late = calendar.workdays_between(request.due, today)
            yield Hit(REQUEST_OVERDUE.code, TargetKind.REQUEST, request.tracking_code, request.unit_id,
                      f"申请 {request.tracking_code}", {
                          "due": request.due.isoformat(), "answered_on": None, "working_days_late": late,
                          "text": f"答复期限{cn_date(request.due)}已过，至今未答复（超过{late}个工作日）。",
                      })
        elif request.answered_on is not None and request.answered_on > request.due:
            late = calendar.workdays_between(request.due, request.answered_on)
            yield Hit(REQUEST_OVERDUE.code, TargetKind.REQUEST, request.tracking_code, request.unit_id,
                      f"申请 {request.tracking_code}", {
                          "due": request.due.isoformat(), "answered_on": request.answered_on.isoformat(),
                          "working_days_late": late,
                          "text": f"答复期限{cn_date(request.due)}，实际{cn_date(request.answered_on)}答复，"
                                  f"迟延{late}个工作日。",
                      })
