"""`gongkai report annual --unit HANDLE --year Y [--json]`: tables 二, 三 and 四 of a unit's
政府信息公开工作年度报告 — the published report's frozen tables when there is one, else computed now
from the platform's data — with the validation problems (rules.md §6.6)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.organizations.models import Unit
from gongkai.reports import selectors, validation
from gongkai.reports.layout import TABLE3_ROWS, column_label
from gongkai.reports.models import AnnualReport


class Command(BaseCommand):
    help = "政府信息公开工作年度报告：输出表二、表三、表四"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        annual = sub.add_parser("annual", help="输出某单位某年度报告的统计表")
        annual.add_argument("--unit", required=True, help="单位的平台账号（handle），如 jiaoyu@dxjczw")
        annual.add_argument("--year", required=True, help="报告年度，如 2025")
        annual.add_argument("--kind", choices=["department", "government"], help="报告类别（默认按单位类别）")
        annual.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        unit = Unit.objects.filter(handle=options["unit"].strip()).select_related("jurisdiction").first()
        if unit is None:
            raise CommandError(f"没有找到平台账号为“{options['unit']}”的单位。")
        try:
            year = int(options["year"])
        except ValueError:
            raise CommandError(f"报告年度“{options['year']}”不是年份。") from None
        if not 2008 <= year <= 9999:
            raise CommandError(f"报告年度“{year}”不正确。")
        report = AnnualReport.objects.filter(unit=unit, year=year).first()
        if report is not None and (report.is_published or report.source == "imported"):
            tables, source, kind = report.tables, report.status, report.kind
        else:
            kind = options["kind"] or (report.kind if report else selectors.kind_for(unit))
            tables, _outcomes = selectors.compute_tables(unit, kind, year)
            source = "computed"
        previous = AnnualReport.objects.filter(unit=unit, year=year - 1).first()
        problems = validation.validate(tables, previous=previous.tables if previous else None)
        if options["json"]:
            self.stdout.write(json.dumps({
                "unit": unit.handle, "unit_name": unit.name, "year": year, "kind": kind, "source": source,
                "format": tables["format"], "table2": tables["table2"], "table3": tables["table3"],
                "table4": tables["table4"], "problems": [p.as_dict() for p in problems],
            }, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{unit.name}{year}年政府信息公开工作年度报告（{source}）")
        self.stdout.write("表二 主动公开政府信息情况")
        for row, cells in tables["table2"].items():
            self.stdout.write("  " + row + "：" + "，".join(f"{column_label(k)} {v}" for k, v in cells.items()))
        self.stdout.write("表三 收到和处理政府信息公开申请情况（总计列）")
        for row in TABLE3_ROWS[tables["format"]]:
            self.stdout.write(f"  {row.group}{row.label}：{tables['table3'][row.code]['total']}")
        self.stdout.write("表四 政府信息公开行政复议、行政诉讼情况")
        for block, cells in tables["table4"].items():
            self.stdout.write(f"  {block}：" + "，".join(f"{column_label(k)} {v}" for k, v in cells.items()))
        for p in problems:
            self.stdout.write(("错误：" if p.is_hard else "提示：") + p.message)
