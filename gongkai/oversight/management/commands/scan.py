"""`gongkai scan [--jurisdiction CODE] [--today DATE] [--rule CODE ...] [--json]`: run every monitoring rule over a
jurisdiction and its subtree (every top-level jurisdiction when none is named), as an inspection."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.calendars.cli_args import parse_date
from gongkai.core import clock
from gongkai.core.errors import GongkaiError
from gongkai.organizations.models import Jurisdiction
from gongkai.organizations.selectors import jurisdiction_get
from gongkai.oversight.selectors import inspection_findings
from gongkai.oversight.services import inspection_run


class Command(BaseCommand):
    help = "监测检查：对行政区划及其下级运行全部监测规则，记录发现的问题"

    def add_arguments(self, parser):
        parser.add_argument("--jurisdiction", help="区划代码（6 位或 12 位）；不填则检查全部顶级区划")
        parser.add_argument("--today", help="检查日期 YYYY-MM-DD，默认今天")
        parser.add_argument("--rule", action="append", default=[], help="只运行这些规则（可重复），如 blank_item")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        started = time.perf_counter()
        today = parse_date(options["today"], "检查日期") if options["today"] else clock.today()
        try:
            roots = ([jurisdiction_get(options["jurisdiction"])] if options["jurisdiction"]
                     else list(Jurisdiction.objects.filter(parent__isnull=True).order_by("code")))
            inspections = [inspection_run(actor=COMMAND_LINE, jurisdiction=j, today=today,
                                          rules=options["rule"] or None) for j in roots]
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
        findings = [f for inspection in inspections for f in inspection_findings(inspection)]
        seconds = round(time.perf_counter() - started, 3)
        if options["json"]:
            self.stdout.write(json.dumps({
                "findings": [{"rule": f.rule, "target": f.target, "target_kind": f.target_kind,
                              "unit": f.unit.handle if f.unit_id else None,
                              "unit_name": f.unit.name if f.unit_id else None,
                              "jurisdiction": f.jurisdiction.code, "severity": f.severity, "state": f.state,
                              "label": f.label, "first_seen": f.first_seen.isoformat(),
                              "evidence": f.evidence} for f in findings],
                "rules_run": sorted({r for i in inspections for r in i.rules_run}),
                "inspections": [{"id": i.id, "jurisdiction": i.jurisdiction.code, "as_of": i.as_of.isoformat(),
                                 **i.totals} for i in inspections],
                "seconds": seconds,
            }, ensure_ascii=False, indent=2))
            return
        for inspection in inspections:
            t = inspection.totals
            self.stdout.write(f"{inspection}：发现问题 {t.get('found', 0)} 个（新增 {t.get('new', 0)}，"
                              f"已消除 {t.get('resolved', 0)}，确认整改 {t.get('confirmed', 0)}），"
                              f"评估对象 {t.get('evaluated', 0)} 个，未变化跳过 {t.get('skipped', 0)} 个。")
        by_rule: dict[str, int] = {}
        for f in findings:
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        for code, n in sorted(by_rule.items()):
            self.stdout.write(f"  {code}：{n}")
        self.stdout.write(f"用时 {seconds} 秒。")
