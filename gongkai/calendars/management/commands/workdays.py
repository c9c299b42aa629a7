"""`gongkai workdays add DATE N` and `gongkai workdays between A B`: the working-day calendar from the
command line. With --json the answer is one JSON object on stdout."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.calendars.cli_args import parse_count, parse_date
from gongkai.calendars.selectors import workday_calendar
from gongkai.core.errors import GongkaiError


class Command(BaseCommand):
    help = "工作日计算：某日之后第 N 个工作日，或两个日期之间的工作日数"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        add = sub.add_parser("add", help="DATE 之后第 N 个工作日（DATE 当日不计）")
        add.add_argument("date", help="起算日期 YYYY-MM-DD（当日不计入）")
        add.add_argument("n", help="工作日数")
        add.add_argument("--json", action="store_true", help="输出 JSON")
        between = sub.add_parser("between", help="A 之后至 B（含）之间的工作日数")
        between.add_argument("a", help="开始日期 YYYY-MM-DD（不计入）")
        between.add_argument("b", help="结束日期 YYYY-MM-DD（计入）")
        between.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        try:
            if options["subcommand"] == "add":
                return self._add(options)
            return self._between(options)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc

    def _emit(self, options, payload: dict, text: str, note: str) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(text)
        if note:
            self.stdout.write(note)

    def _add(self, options) -> None:
        start = parse_date(options["date"], "起算日期")
        n = parse_count(options["n"])
        result = workday_calendar().add_workdays_explained(start, n)
        self._emit(
            options,
            {"date": result.date.isoformat(), "provisional": result.provisional,
             "missing_years": list(result.missing_years)},
            f"{start.isoformat()} 之后第 {n} 个工作日（起算日不计）：{result.date.isoformat()}",
            result.note,
        )

    def _between(self, options) -> None:
        a = parse_date(options["a"], "开始日期")
        b = parse_date(options["b"], "结束日期")
        result = workday_calendar().workdays_between_explained(a, b)
        self._emit(
            options,
            {"workdays": result.workdays, "provisional": result.provisional,
             "missing_years": list(result.missing_years)},
            f"{a.isoformat()}（不计）至 {b.isoformat()}（计）之间的工作日：{result.workdays} 天",
            result.note,
        )
