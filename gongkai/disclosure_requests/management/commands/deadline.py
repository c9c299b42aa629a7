"""`gongkai deadline --received DATE [--event KIND:DATE ...] [--json]`: the answer deadline of a
依申请公开 request from its event log, with the explanation (deadlines.answer_deadline).

KIND is one of correction-requested, correction-received, consultation-sent, consultation-received,
consultation-replied, consultation-expired, fee-notice-sent, fee-notice-received, fee-paid, extension
(extension:DATE or extension:DATE:DAYS, DAYS ≤ 20) and later-deadline (later-deadline:DATE:DUE, 第三十五条).
`--fee-pause off` counts the wait for a fee's payment in the answer period, as a jurisdiction that set it so does
(default on: not counted, rules.md §3.4 edge rule 3)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.calendars.cli_args import parse_count, parse_date
from gongkai.calendars.selectors import workday_calendar
from gongkai.core.errors import GongkaiError
from gongkai.disclosure_requests.deadlines import EventKind, answer_deadline


def parse_event(text: str, *, fee_pause: bool = True) -> tuple:
    parts = text.split(":")
    kinds = "、".join(k.value for k in EventKind)
    if len(parts) not in (2, 3) or not parts[0]:
        raise CommandError(f"事件“{text}”格式不正确，应为 类型:日期（例如 consultation-sent:2025-03-10）。类型可为：{kinds}。")
    try:
        kind = EventKind(parts[0].strip())
    except ValueError:
        raise CommandError(f"事件类型“{parts[0]}”无法识别，应为：{kinds}。")
    when = parse_date(parts[1], f"事件“{text}”的日期")
    if kind == EventKind.LATER_DEADLINE:
        if len(parts) != 3:
            raise CommandError(f"事件“{text}”：later-deadline 须写明延迟答复的期限，例如 later-deadline:2025-03-20:2025-05-30。")
        return (kind, when, parse_date(parts[2], f"事件“{text}”的延迟答复期限"))
    if kind == EventKind.FEE_NOTICE_SENT and len(parts) == 2:
        return (kind, when, fee_pause)
    if len(parts) == 3:
        if kind != EventKind.EXTENSION:
            raise CommandError(f"事件“{text}”：只有 extension 可以附带工作日数。")
        return (kind, when, parse_count(parts[2], "延长的工作日数"))
    return (kind, when)


class Command(BaseCommand):
    help = "依申请公开答复期限：按收到申请日期和事件（补正、征求意见、延长）计算，并说明计算过程"

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help="收到申请之日 YYYY-MM-DD（当日不计入）")
        parser.add_argument(
            "--event", action="append", default=[], metavar="KIND:DATE",
            help="事件，按发生顺序可重复：" + "、".join(k.value for k in EventKind),
        )
        parser.add_argument("--fee-pause", choices=["on", "off"], default="on",
                            help="等待缴费期间是否不计入答复期限：on 不计入（默认），off 计入（按行政区划的设置）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        received = parse_date(options["received"], "收到申请之日")
        events = [parse_event(text, fee_pause=options["fee_pause"] == "on") for text in options["event"]]
        try:
            deadline = answer_deadline(received, events, workday_calendar())
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps({
                "due": deadline.due.isoformat() if deadline.due else None,
                "explanation": list(deadline.explanation),
                "provisional": deadline.provisional,
                "missing_years": list(deadline.missing_years),
                "state": str(deadline.state),
                "correction_notice_due": deadline.correction_notice_due.isoformat(),
                "warnings": list(deadline.warnings),
                "convention": deadline.convention,
            }, ensure_ascii=False))
            return
        for line in deadline.explanation:
            self.stdout.write(line)
