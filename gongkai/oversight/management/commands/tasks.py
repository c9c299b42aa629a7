"""`gongkai tasks remind [--today DATE] [--json] [--no-mail]`: the open tasks of the ledger due within 5 working days
or overdue, with their responsible units; the responsible unit's officers and reviewers are e-mailed on the days
the settings say (GONGKAI_TASK_REMIND_WORKDAYS before the due date, every GONGKAI_TASK_OVERDUE_REMIND_EVERY working
days once overdue; working days only), once per task per day, so running it twice a day sends nothing twice."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.calendars.cli_args import parse_date
from gongkai.core import clock
from gongkai.core.errors import GongkaiError
from gongkai.oversight.task_selectors import task_reminders, tasks_for
from gongkai.oversight.task_services import tasks_send_reminders


class Command(BaseCommand):
    help = "工作台账：列出5个工作日内到期和已逾期的工作任务，并提醒责任单位（每项每天一次）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        remind = sub.add_parser("remind", help="列出临期和逾期的工作任务，并按设置发邮件提醒责任单位")
        remind.add_argument("--today", help="按该日期计算（默认今天）YYYY-MM-DD")
        remind.add_argument("--json", action="store_true", help="输出 JSON")
        remind.add_argument("--no-mail", action="store_true", help="只列出并记录，不发送邮件")

    def handle(self, *args, **options):
        try:
            today = parse_date(options["today"], "日期") if options.get("today") else clock.today()
            found = task_reminders(tasks_for(COMMAND_LINE), today=today)
            sent = tasks_send_reminders(today=today, actor=COMMAND_LINE, send=not options["no_mail"])
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
        rows = [{"task": t.pk, "title": t.title, "unit": t.responsible_unit.name, "jurisdiction": t.jurisdiction.name,
                 "due": t.due_on.isoformat(), "kind": r.kind, "workdays_left": r.workdays_left} for t, r in found]
        if options["json"]:
            self.stdout.write(json.dumps({"today": today.isoformat(), "tasks": rows, "reminders": sent},
                                         ensure_ascii=False))
            return
        if not rows:
            self.stdout.write(f"{today.isoformat()}：没有临期或逾期的工作任务。")
            return
        for row in rows:
            what = "已逾期" if row["kind"] == "overdue" else f"剩余 {row['workdays_left']} 个工作日"
            self.stdout.write(f"{row['unit']}  {row['title']}  完成时限 {row['due']}  {what}")
        for row in sent:
            done = "今日已提醒" if row["already_sent"] else f"已提醒 {len(row['recipients'])} 个账号"
            self.stdout.write(f"提醒：{row['unit']}  {row['title']}  {done}")
