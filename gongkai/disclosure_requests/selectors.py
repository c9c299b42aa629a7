"""Reads of 依申请公开 requests. Lists a user sees go through `requests_for(user)`; the public tracking
page reads `public_tracking(code)`, which returns nothing personal."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.accounts.policies import Action, CommandLineOperator, can, jurisdiction_scope, unit_scope
from gongkai.calendars.domain import WorkdayCalendar
from gongkai.calendars.selectors import workday_calendar
from gongkai.core.errors import PermissionRefused
from gongkai.disclosure_requests import deadlines, receipt, workflow
from gongkai.disclosure_requests.deadlines import Deadline
from gongkai.disclosure_requests.models import (
    OPEN_STATUSES,
    TRACKING_ALPHABET,
    ClockSetting,
    DisclosureRequest,
    EventKind,
    IntakeChannel,
    ReplyTemplate,
    ReplyType,
    RequestEvent,
    Status,
)
from gongkai.disclosure_requests.similarity import DEFAULT_THRESHOLD, similar
from gongkai.organizations.models import Jurisdiction, JurisdictionLevel

DATA_DIR = Path(__file__).resolve().parent / "data"

DEFAULT_REMEDIES = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议，"
    "或者自收到本答复之日起六个月内向人民法院提起行政诉讼。"
)

def default_remedies(review_body: str = "") -> str:
    """The remedies paragraph (第五十一条). Periods are configurable text: settings.GONGKAI_REPLY_REMEDIES
    (with `{review_body}`). Standard periods: 行政复议 60 days, 行政诉讼 6 months (rules.md §3.5 [M])."""
    text = getattr(settings, "GONGKAI_REPLY_REMEDIES", "") or DEFAULT_REMEDIES
    return text.replace("{review_body}", review_body or "本机关的上一级行政机关或者本级人民政府")


# --- clocks ---------------------------------------------------------------------------------------

def _logged(request: DisclosureRequest, kinds) -> list[RequestEvent]:
    """The request's events of these kinds in date order, from its prefetched log when the caller loaded
    it (a list of requests: one query for all their logs)."""
    kinds = {str(k) for k in kinds}
    if "events" in getattr(request, "_prefetched_objects_cache", {}):
        events = [e for e in request.events.all() if e.kind in kinds]
    else:
        events = list(request.events.filter(kind__in=kinds))
    return sorted(events, key=lambda e: (e.date, e.id))


def clock_events(request: DisclosureRequest) -> list[tuple]:
    """The request's log as the pure deadline function takes it: (kind, date[, extra]) — the one mapping from the
    log to the clock (deadlines.CLOCK_KIND_OF_LOG). Extra: an extension's days, a later deadline's date (第三十五条),
    whether a fee notice pauses the clock (the jurisdiction's setting when the notice was sent, kept in the log)."""
    events: list[tuple] = []
    received_letters: set = set()  # consultations whose party's receipt day is recorded
    for event in _logged(request, deadlines.CLOCK_KIND_OF_LOG):
        kind = deadlines.CLOCK_KIND_OF_LOG[EventKind(event.kind)]
        data = event.data or {}
        if kind == deadlines.EventKind.EXTENSION:
            events.append((kind, event.date, int(data.get("days") or 20)))
            continue
        if kind == deadlines.EventKind.LATER_DEADLINE:
            events.append((kind, event.date, date.fromisoformat(data["due"])))
            continue
        if kind == deadlines.EventKind.FEE_NOTICE_SENT:
            events.append((kind, event.date, bool(data.get("fee_pause", True))))
            continue
        if kind == deadlines.EventKind.CONSULTATION_RECEIVED:
            received_letters.add(data.get("sent_event"))
        if kind == deadlines.EventKind.CONSULTATION_REPLIED and data.get("outcome") == "silence" \
                and data.get("sent_event") in received_letters:
            kind = deadlines.EventKind.CONSULTATION_EXPIRED  # the suspension ended on the party's last day
        events.append((kind, event.date))
    return events


def request_deadline(request: DisclosureRequest, calendar: WorkdayCalendar | None = None, *,
                     then: tuple | None = None) -> Deadline | None:
    """The answer deadline with its Chinese explanation, or None before the receipt day is known. `then`: an event
    a write is about to log (its clock form), appended last — a write computes the clock once, with it, and
    stores that. The only caller of the pure clock for a request (a later deadline, 第三十五条, included)."""
    if request.received_on is None:
        return None
    events = clock_events(request)
    if then is not None:
        events.append(then)
    return deadlines.answer_deadline(request.received_on, events, calendar or workday_calendar())


@dataclass(frozen=True)
class FeePause:
    """Whether waiting for a fee's payment is left out of the answer period in a jurisdiction, and whose setting
    that is (None: nobody set one, the national default applies)."""

    pause: bool
    source: Jurisdiction | None
    own: bool  # set on this jurisdiction itself (not inherited)


def fee_pause_for(jurisdiction: Jurisdiction) -> FeePause:
    """The setting of the jurisdiction, else of its nearest ancestor that has one, else the default: waiting for
    payment is not counted (rules.md §3.4 edge rule 3). One query."""
    codes = [code for code in jurisdiction.path.split("/") if code]
    rows = list(ClockSetting.objects.filter(jurisdiction__code__in=codes).select_related("jurisdiction"))
    if not rows:
        return FeePause(pause=True, source=None, own=False)
    nearest = max(rows, key=lambda row: len(row.jurisdiction.path))
    return FeePause(pause=nearest.fee_pause, source=nearest.jurisdiction,
                    own=nearest.jurisdiction_id == jurisdiction.pk)


def clock_settings_for(user) -> list[tuple[Jurisdiction, FeePause]]:
    """The jurisdictions whose clock setting `user` may change that a screen lists — the top of the user's scope,
    the level below it, and any with a setting of its own — each with its setting in force. Three queries."""
    scope = list(jurisdiction_scope(user, Action.SET_REQUEST_CLOCK).order_by("path"))
    pks = {j.pk for j in scope}
    roots = {j.pk for j in scope if j.parent_id not in pks}
    codes = {code for j in scope for code in j.path.split("/") if code}
    own = {row.jurisdiction.code: row for row in ClockSetting.objects.filter(jurisdiction__code__in=codes)
           .select_related("jurisdiction")}
    rows = []
    for j in scope:
        if not (j.pk in roots or j.parent_id in roots or j.code in own):
            continue
        chain = [code for code in j.path.split("/") if code and code in own]
        if not chain:
            rows.append((j, FeePause(pause=True, source=None, own=False)))
            continue
        nearest = own[chain[-1]]
        rows.append((j, FeePause(pause=nearest.fee_pause, source=nearest.jurisdiction, own=chain[-1] == j.code)))
    return rows


def open_consultations(request: DisclosureRequest) -> list[RequestEvent]:
    """Consultations sent and not yet answered, oldest first."""
    sent = list(request.events.filter(kind=EventKind.CONSULTATION_SENT).order_by("date", "id"))
    answered = set(request.events.filter(kind=EventKind.CONSULTATION_REPLIED).values_list("data__sent_event", flat=True))
    return [e for e in sent if e.pk not in answered]


# --- the log as a person reads it -----------------------------------------------------------------

def chinese_date(value) -> str:
    """2025年3月12日 (a date or its ISO text; empty for nothing)."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.year}年{value.month}月{value.day}日"


def _consultation_outcome(outcome: str) -> str:
    return {"consent": "同意公开", "objection": "不同意公开", "silence": "逾期未答复"}.get(outcome, "")


def _registered(d: dict) -> str:
    channel = d.get("intake_channel") or d.get("channel")  # logs written before the rename say "channel"
    return f"申请渠道：{IntakeChannel(channel).label}。" if channel in IntakeChannel.values else ""


def _assigned(d: dict) -> str:
    return f"交由{d['unit_name']}办理。" if d.get("unit_name") else ""


def _transferred(d: dict) -> str:
    if not d.get("unit_name"):
        return ""
    return (f"由{d['from_name']}转交" if d.get("from_name") else "交由") + f"{d['unit_name']}办理。"


def _correction_requested(d: dict) -> str:
    late = "补正通知晚于收到申请之日起7个工作日（第三十条）。" if d.get("late_notice") else ""
    return f"补正事项：{d.get('items', '')}；补正期限至{chinese_date(d.get('correction_due'))}。{late}"


def _extension(d: dict) -> str:
    return (f"延长{d.get('days')}个工作日，原期限{chinese_date(d.get('original_due'))}，"
            f"新期限{chinese_date(d.get('new_due'))}。")


def _fee_paid(d: dict) -> str:
    receipt_number = f"，票据号码{d['receipt_number']}" if d.get("receipt_number") else ""
    return f"缴纳{d.get('amount')}元{receipt_number}。"


_SUMMARIES = {
    EventKind.REGISTERED: _registered,
    EventKind.ASSIGNED: _assigned,
    EventKind.TRANSFERRED: _transferred,
    EventKind.CORRECTION_REQUESTED: _correction_requested,
    EventKind.CORRECTION_PERIOD_ENDED: lambda d: f"补正期限{chinese_date(d.get('correction_due'))}届满。"
    if d.get("correction_due") else "",
    EventKind.CONSULTATION_SENT: lambda d: f"{d.get('party_name', '')}（答复期限{chinese_date(d.get('answer_by'))}）。",
    EventKind.CONSULTATION_RECEIVED: lambda d: f"{d.get('party_name', '')}应于{chinese_date(d.get('answer_by'))}"
                                               "（含当日）前提出意见。",
    EventKind.CONSULTATION_REPLIED: lambda d: f"{d.get('party_name', '')}：{_consultation_outcome(d.get('outcome', ''))}。",
    EventKind.EXTENSION_APPROVED: _extension,
    EventKind.LATER_DEADLINE_SET: lambda d: f"延迟答复的期限至{chinese_date(d.get('due'))}（第三十五条）。",
    EventKind.FEE_NOTICE_SENT: lambda d: f"{d.get('basis', '')}；应收{d.get('amount')}元，"
                                         f"缴费期限至{chinese_date(d.get('pay_by'))}。",
    EventKind.FEE_NOTICE_RECEIVED: lambda d: f"缴费期限至{chinese_date(d.get('pay_by'))}（含当日）。",
    EventKind.FEE_PAID: _fee_paid,
    EventKind.REPLIED: lambda d: f"年度报告{d['row']}" + ("，晚于答复期限" if d.get("late") else "") + "。"
    if d.get("row") else "",
    EventKind.DELIVERED: lambda d: f"签收人{d['recipient']}。" if d.get("recipient") else "",
}


def event_summary(event: RequestEvent) -> str:
    """What one entry of the log says, in Chinese, from its kind and its data (never the data's raw form)."""
    summary = _SUMMARIES.get(EventKind(event.kind))
    return (summary(event.data or {}) if summary else "") + (event.note or "")


# --- receipt -------------------------------------------------------------------------------------

def _local_day(value) -> date | None:
    return timezone.localdate(value) if value else None


def receipt_flag(request: DisclosureRequest) -> str | None:
    """A confirmation later than the arrival with no failed contact on record (receipt.late_confirmation)."""
    return receipt.late_confirmation(request.intake_channel, arrived=_local_day(request.arrived_at),
                                     confirmed=_local_day(request.confirmed_at),
                                     contact_made=_local_day(request.contact_made_at))


def late_confirmations(user) -> list[DisclosureRequest]:
    """The requests the user sees whose receipt day was moved by a late confirmation (for oversight)."""
    candidates = requests_for(user).filter(intake_channel__in=list(receipt.LATE_CONFIRMATION_CHANNELS),
                                           confirmed_at__isnull=False, contact_made_at__isnull=True)
    return [r for r in candidates if receipt_flag(r)]


# --- moves ----------------------------------------------------------------------------------------

def request_facts(request: DisclosureRequest) -> frozenset[str]:
    """The facts besides its status that open or close a move (workflow.applies)."""
    facts = set()
    if request.assigned_unit_id is not None:
        facts.add(workflow.ASSIGNED)
    if request.events.filter(kind=EventKind.FEE_NOTICE_SENT).exists():
        facts.add(workflow.FEE_NOTICED)
    if request.events.filter(kind=EventKind.FEE_NOTICE_RECEIVED).exists():
        facts.add(workflow.FEE_NOTICE_RECEIPT_RECORDED)
    if hasattr(request, "reply"):
        facts.add(workflow.HAS_REPLY)
    if request.status == workflow.Status.IN_CONSULTATION:
        received = set(request.events.filter(kind=EventKind.CONSULTATION_RECEIVED)
                       .values_list("data__sent_event", flat=True))
        if any(e.pk not in received for e in open_consultations(request)):
            facts.add(workflow.LETTER_NOT_YET_RECEIVED)
    return frozenset(facts)


def request_moves(user, request: DisclosureRequest) -> list[str]:
    """The moves `user` may make on `request` now: those the table allows from its status
    (workflow.TABLE), that the policy allows this user (workflow.MOVE_ACTIONS asked of accounts.policies) and
    that the request's facts leave open (workflow.applies). Screens offer exactly these."""
    facts = request_facts(request)
    return workflow.TABLE.moves_for(
        request.status,
        may=lambda move: workflow.applies(move, facts) and can(user, Action(workflow.MOVE_ACTIONS[move]), request),
    )


# --- lists ----------------------------------------------------------------------------------------

def requests_for(user) -> QuerySet[DisclosureRequest]:
    """Requests the user may see: the office's whole subtree, and the requests assigned to units the
    user is an officer or reviewer of."""
    qs = DisclosureRequest.objects.select_related("jurisdiction", "assigned_unit", "receiving_unit")
    if isinstance(user, CommandLineOperator):
        return qs
    jurisdictions = jurisdiction_scope(user, Action.APPROVE_EXTENSION)  # offices: the subtree
    units = unit_scope(user, Action.HANDLE_REQUEST)
    return qs.filter(Q(jurisdiction__in=jurisdictions) | Q(assigned_unit__in=units)).distinct()


def request_for(user, pk) -> DisclosureRequest:
    request = requests_for(user).filter(pk=pk).first()
    if request is None:
        raise PermissionRefused("该申请不存在，或您没有权限查看。")
    return request


@dataclass(frozen=True)
class OpenRequest:
    request: DisclosureRequest
    deadline: Deadline | None
    due: date | None
    workdays_left: int | None  # negative when overdue
    provisional: bool


def open_requests(user, *, today: date, calendar: WorkdayCalendar | None = None) -> list[OpenRequest]:
    """Open requests with working days left, fewest first (no due date yet — waiting for confirmation,
    correction or a consultation reply — last)."""
    calendar = calendar or workday_calendar()
    rows = []
    for request in requests_for(user).filter(status__in=OPEN_STATUSES).prefetch_related("events"):
        deadline = request_deadline(request, calendar)
        due = deadline.due if deadline else None
        left = None
        if due is not None:
            left = calendar.workdays_between(today, due) if due >= today else -calendar.workdays_between(due, today)
        rows.append(OpenRequest(request, deadline, due, left, bool(deadline and deadline.provisional)))
    return sorted(rows, key=lambda r: (r.workdays_left is None, r.workdays_left or 0, r.request.pk))


# --- public ---------------------------------------------------------------------------------------

def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch in TRACKING_ALPHABET)


def public_tracking(code: str) -> dict | None:
    """What the applicant sees by tracking code, without logging in: code, status, stage, due date and
    whether it is provisional. Nothing personal, nothing about the content."""
    code = normalise_code(code)
    if len(code) != 12:
        return None
    request = DisclosureRequest.objects.filter(tracking_code=code).first()
    if request is None:
        return None
    deadline = request_deadline(request) if request.status in OPEN_STATUSES else None
    return {
        "tracking_code": request.tracking_code,
        "status": request.status,
        "status_label": request.get_status_display(),
        "stage": request.stage,
        "stage_label": request.get_stage_display(),
        "received_on": request.received_on,
        "due_on": deadline.due if deadline else None,
        "provisional": bool(deadline and deadline.provisional),
        "missing_years": list(deadline.missing_years) if deadline else [],
        "replied_on": request.reply.letter_date if hasattr(request, "reply") and request.status not in OPEN_STATUSES
        else None,
    }


# --- similar requests (第四十四条) -----------------------------------------------------------------

def similar_requests(request: DisclosureRequest, *, threshold: float = DEFAULT_THRESHOLD) -> list[tuple[DisclosureRequest, float]]:
    """Other requests in the same jurisdiction asking for (nearly) the same information."""
    others = DisclosureRequest.objects.filter(jurisdiction=request.jurisdiction).exclude(pk=request.pk).only(
        "pk", "description", "tracking_code", "status", "created_at", "jurisdiction")
    by_pk: dict[object, DisclosureRequest] = {r.pk: r for r in others}
    matches = similar(request.description, ((pk, r.description) for pk, r in by_pk.items()), threshold)
    return [(by_pk[m.key], m.score) for m in matches]


def proactive_disclosure_suggestion(request: DisclosureRequest, *, threshold: float = DEFAULT_THRESHOLD) -> str | None:
    """A Chinese suggestion when several requests ask for the same information (第四十四条)."""
    matches = similar_requests(request, threshold=threshold)
    if not matches:
        return None
    return (f"另有{len(matches)}件申请所需信息与本申请相同或相近。多个申请人就相同政府信息提出公开申请，且该信息属于可以公开的，"
            "可以纳入主动公开的范围（《条例》第四十四条）。")


def similar_request_groups(user, *, threshold: float = DEFAULT_THRESHOLD, min_size: int = 2) -> list[list[DisclosureRequest]]:
    """Groups of similar requests within each jurisdiction the user sees (suggest proactive disclosure)."""
    requests = list(requests_for(user).exclude(status=Status.AWAITING_CONFIRMATION))
    groups: list[list[DisclosureRequest]] = []
    seen: set[int] = set()
    for request in requests:
        if request.pk in seen:
            continue
        candidates = ((r.pk, r.description) for r in requests
                      if r.pk != request.pk and r.jurisdiction_id == request.jurisdiction_id and r.pk not in seen)
        matches = similar(request.description, candidates, threshold)
        if len(matches) + 1 >= min_size:
            by_pk: dict[object, DisclosureRequest] = {r.pk: r for r in requests}
            group = [request] + [by_pk[m.key] for m in matches]
            seen.update(r.pk for r in group)
            groups.append(group)
    return groups


# --- reply templates ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def default_templates() -> dict[str, dict]:
    return json.loads((DATA_DIR / "reply_templates.json").read_text(encoding="utf-8"))


class TemplateSource(StrEnum):
    """Where the template in force for a jurisdiction comes from."""

    OWN = "own"  # 本级: the jurisdiction's own row
    INHERITED = "inherited"  # 上级 X: the nearest row up the tree
    DEFAULT = "default"  # 系统默认: the installation's row (no jurisdiction), else the shipped text


@dataclass(frozen=True)
class LetterTemplate:
    reply_type: str
    title: str
    body: str
    source: TemplateSource
    row: ReplyTemplate | None = None  # the row in force; None for the shipped text

    @property
    def label(self) -> str:
        return str(ReplyType(self.reply_type).label)

    @property
    def source_label(self) -> str:
        if self.source == TemplateSource.OWN:
            return "本级"
        if self.source == TemplateSource.INHERITED and self.row is not None and self.row.jurisdiction is not None:
            return f"上级 {self.row.jurisdiction.name}"
        return "系统默认"


def letter_jurisdiction(request: DisclosureRequest) -> Jurisdiction:
    """The jurisdiction whose letters a request's reply uses: its receiving agency's (the letterhead's)."""
    return request.receiving_unit.jurisdiction if request.receiving_unit is not None else request.jurisdiction


def _depth(row: ReplyTemplate) -> int:
    return len(row.jurisdiction.path) if row.jurisdiction is not None else -1


def _in_force(reply_types: list[str], jurisdiction: Jurisdiction | None) -> dict[str, LetterTemplate]:
    """The template in force per reply type for `jurisdiction`, in one query: the row of the nearest
    jurisdiction up the tree (itself included), then the installation's row, then the shipped text."""
    codes = [c for c in jurisdiction.path.split("/") if c] if jurisdiction is not None else []
    rows = (ReplyTemplate.objects.filter(reply_type__in=reply_types)
            .filter(Q(jurisdiction__isnull=True) | Q(jurisdiction__code__in=codes))
            .select_related("jurisdiction", "updated_by"))
    nearest: dict[str, ReplyTemplate] = {}
    for row in rows:
        held = nearest.get(row.reply_type)
        if held is None or _depth(row) > _depth(held):
            nearest[row.reply_type] = row
    defaults = default_templates()
    result = {}
    for reply_type in reply_types:
        found = nearest.get(reply_type)
        if found is None:
            shipped = defaults.get(reply_type) or defaults["other"]
            result[reply_type] = LetterTemplate(reply_type, shipped["title"], shipped["body"], TemplateSource.DEFAULT)
            continue
        if found.jurisdiction_id is None:
            source = TemplateSource.DEFAULT
        elif jurisdiction is not None and found.jurisdiction_id == jurisdiction.pk:
            source = TemplateSource.OWN
        else:
            source = TemplateSource.INHERITED
        result[reply_type] = LetterTemplate(reply_type, found.title, found.body, source, found)
    return result


def reply_template_for(reply_type: str, jurisdiction: Jurisdiction | None = None) -> LetterTemplate:
    """The letter template for a reply type in `jurisdiction` (see `_in_force`)."""
    return _in_force([reply_type], jurisdiction)[reply_type]


def inherited_template(reply_type: str, jurisdiction: Jurisdiction) -> LetterTemplate:
    """What `jurisdiction` would use without its own row: the template in force for its parent."""
    return reply_template_for(reply_type, jurisdiction.parent)


def letter_templates_for(*, user, jurisdiction: Jurisdiction) -> list[LetterTemplate]:
    """Every reply type's template in force for `jurisdiction`, with its source, for an office that may
    edit the jurisdiction's templates (PermissionRefused otherwise)."""
    if not can(user, Action.EDIT_LETTER_TEMPLATES, jurisdiction):
        raise PermissionRefused("您没有权限维护该行政区划的答复书模板。")
    return list(_in_force(list(ReplyType.values), jurisdiction).values())


def letter_template_jurisdictions(*, user) -> QuerySet[Jurisdiction]:
    """The jurisdictions whose letter templates `user` may set, villages left out (a 村（居）委会 is not an
    administrative organ and writes no 答复书), top first."""
    return (jurisdiction_scope(user, Action.EDIT_LETTER_TEMPLATES)
            .exclude(level=JurisdictionLevel.VILLAGE).order_by("path"))
