"""`gongkai score --jurisdiction CODE --period YYYY-MM [--scheme CODE] [--json]`: each unit's score for the month,
ranked, with the findings and recorded deductions behind every point lost."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import GongkaiError
from gongkai.organizations.selectors import jurisdiction_get
from gongkai.oversight.models import Finding
from gongkai.oversight.schemes import DEFAULT_SCHEME
from gongkai.oversight.selectors import unit_scores


def _n(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 2)


class Command(BaseCommand):
    help = "考核评分：按考核指标体系计算辖区内各单位某月的得分、等次和排名，列出每项扣分对应的问题"

    def add_arguments(self, parser):
        parser.add_argument("--jurisdiction", required=True, help="区划代码（6 位或 12 位）")
        parser.add_argument("--period", required=True, help="考核期 YYYY-MM")
        parser.add_argument("--scheme", default=DEFAULT_SCHEME, help=f"考核指标体系，默认 {DEFAULT_SCHEME}")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        try:
            scheme, ranked = unit_scores(jurisdiction_get(options["jurisdiction"]), options["scheme"],
                                         options["period"])
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
        ids = {i for _, _, s in ranked for line in s.lines for i in line.findings}
        findings = {f.pk: f for f in Finding.objects.filter(pk__in=ids)}
        if options["json"]:
            self.stdout.write(json.dumps({
                "scheme": scheme.code, "scheme_title": scheme.title, "period": options["period"],
                "total": _n(scheme.total),
                "units": [{
                    "rank": position, "unit": unit.handle, "unit_name": unit.name, "score": _n(s.score),
                    "grade": s.grade, "vetoed": s.vetoed,
                    "deductions": [{
                        "indicator": line.indicator.code, "title": line.indicator.title, "lost": _n(line.lost),
                        "veto": line.vetoed, "reason": line.reason,
                        "findings": [{"id": i, "rule": findings[i].rule, "target": findings[i].target,
                                      "label": findings[i].label} for i in line.findings if i in findings],
                    } for line in s.lines],
                } for position, unit, s in ranked],
            }, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{scheme.title}，{options['period']}，满分 {_n(scheme.total)} 分")
        for position, unit, s in ranked:
            veto = "（单项否决）" if s.vetoed else ""
            self.stdout.write(f"{position:>3}. {unit.name}：{_n(s.score)} 分，{s.grade}{veto}")
