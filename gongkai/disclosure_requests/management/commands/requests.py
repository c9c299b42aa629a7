"""`gongkai requests warn [--today DATE] [--json]`: warn the units handling open 依申请公开 requests 5 and 2
working days before the due date (e-mail to the unit's accounts), once per request per day.
`gongkai requests recompute`: recompute the cached due dates (after the calendar changed)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.calendars.cli_args import parse_date
from gongkai.core import clock
from gongkai.core.errors import GongkaiError
from gongkai.disclosure_requests.services import requests_recompute_deadlines, requests_send_warnings


class Command(BaseCommand):
    help = "依申请公开：到期提醒（答复期限前5个和2个工作日）、重新计算答复期限"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        warn = sub.add_parser("warn", help="答复期限前5个和2个工作日提醒承办单位（每件每天一次）")
        warn.add_argument("--today", help="按该日期计算（默认今天）YYYY-MM-DD")
        warn.add_argument("--json", action="store_true", help="输出 JSON")
        warn.add_argument("--no-mail", action="store_true", help="只列出并记录，不发送邮件")
        recompute = sub.add_parser("recompute", help="按当前工作日历重新计算未办结申请的答复期限")
        recompute.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        try:
            if options["subcommand"] == "recompute":
                changed = requests_recompute_deadlines()
                if options["json"]:
                    self.stdout.write(json.dumps({"changed": changed}))
                else:
                    self.stdout.write(f"已重新计算答复期限，{changed}件有变化。")
                return
            today = parse_date(options["today"], "日期") if options.get("today") else clock.today()
            rows = requests_send_warnings(today=today, actor=COMMAND_LINE, send=not options["no_mail"])
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps({"today": today.isoformat(), "warnings": rows}, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write(f"{today.isoformat()}：没有需要提醒的申请。")
            return
        for row in rows:
            sent = "今日已提醒" if row["already_sent"] else f"已提醒 {len(row['recipients'])} 个账号"
            provisional = "（暂定）" if row["provisional"] else ""
            self.stdout.write(
                f"{row['tracking_code']}  {row['unit']}  答复期限 {row['due']}{provisional}  "
                f"剩余 {row['workdays_left']} 个工作日  {sent}"
            )
