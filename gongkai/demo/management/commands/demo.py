"""`gongkai demo`: build the demonstration data set of 邵阳市大祥区 (idempotent);
`gongkai demo --accounts`: print the demo accounts and their password;
`gongkai demo --scale N [--seed S]`: add N generated counties of varied data for `make bench` (gongkai/demo/scale.py;
about 10,900 records and entries a county, so `--scale 100` makes more than 1,000,000)."""

import json
import unicodedata

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import GongkaiError
from gongkai.demo.build import demo_accounts, demo_build, demo_build_areas

LABELS = {
    "jurisdictions": "行政区划",
    "units": "单位",
    "accounts": "账号",
    "memberships": "角色分配",
    "domain_assignments": "领域责任分工",
    "domain_guidance": "领域指导单位和完成时间",
    "source_lists": "事项清单",
    "catalogs": "公开事项目录",
    "catalog_versions": "目录版本",
    "published_versions": "发布的目录版本",
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "演示数据：邵阳市大祥区的区划、单位、账号、领域责任分工和已发布的目录（可重复执行）"

    def add_arguments(self, parser):
        parser.add_argument("--accounts", action="store_true", help="只列出演示账号和密码")
        parser.add_argument("--json", dest="as_json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--scale", type=int, metavar="N",
                            help="生成 N 个县（区）的规模测试数据（每县约 1 万条政府信息和明细；已有的县保留不变）")
        parser.add_argument("--seed", type=int, default=1, help="规模测试数据的随机种子（相同种子生成相同数据）")
        parser.add_argument("--records-per-county", type=int, default=None, help="每县政府信息条数（平均）")
        parser.add_argument("--entries-per-county", type=int, default=None, help="每县明细条数（平均）")
        parser.add_argument("--no-index", action="store_true", help="不写检索索引（之后用 gongkai search --reindex）")

    def handle(self, *args, accounts=False, as_json=False, **options):
        if accounts:
            return self.print_accounts(as_json)
        if options.get("scale") is not None:
            return self.build_scale(as_json=as_json, **options)
        try:
            result = demo_build()
            added = demo_build_areas(log=lambda line: None if as_json else self.stdout.write(f"  {line}"))
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        if as_json:
            self.stdout.write(json.dumps({"created": {k: result.created.get(k, 0) for k in LABELS}, "areas": added,
                                          "totals": result.totals,
                                          "catalogs": result.catalogs, "warnings": result.warnings},
                                         ensure_ascii=False, indent=2))
            return
        if added:
            self.stdout.write(f"  政府信息、公开渠道、依申请公开和年度报告的演示数据：本次新建 {sum(added.values())} 项。")
        if result.changed:
            made = "，".join(f"{LABELS[k]} {v}" for k, v in result.created.items() if v)
            self.stdout.write(f"演示数据已建立（邵阳市大祥区）。本次新建或更新：{made}。")
        else:
            self.stdout.write("演示数据已是最新（邵阳市大祥区），本次没有改动。")
        totals = result.totals
        self.stdout.write(
            f"  大祥区及所辖乡镇（街道）、村（社区）{totals['jurisdictions']} 个区划，单位 {totals['units']} 个，"
            f"演示账号 {totals['accounts']} 个，领域责任分工 {totals['domain_assignments']} 条。"
        )
        for line in result.catalogs:
            self.stdout.write(f"  {line}")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"  注意：{warning}"))
        self.stdout.write("演示账号和密码：gongkai demo --accounts")

    def build_scale(self, *, as_json: bool, scale: int, seed: int, records_per_county, entries_per_county,
                    no_index: bool, **options) -> None:
        from gongkai.demo import scale as scale_data

        if scale < 1:
            raise CommandError("--scale 必须是正整数。")
        sizes = {k: v for k, v in (("records_per_county", records_per_county),
                                   ("entries_per_county", entries_per_county)) if v is not None}
        result = scale_data.scale_build(scale, seed=seed, index=not no_index,
                                        log=lambda line: None if as_json else self.stdout.write(f"  {line}"),
                                        **sizes)
        summary = result.as_dict()
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"规模测试数据：新建 {summary['counties_generated']} 个县（区）（已有 {summary['counties_already_there']} 个），"
            f"政府信息 {summary['records']} 条（公开 {summary['public_records']} 条），明细 {summary['entries']} 条，"
            f"用时 {summary['seconds']} 秒（其中检索索引 {summary['index_seconds']} 秒）。")

    def print_accounts(self, as_json: bool) -> None:
        rows = demo_accounts()
        if as_json:
            self.stdout.write(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
            return
        body = [[r.username, r.role, r.unit, r.password] for r in rows]
        self.stdout.write(table(["账号", "角色", "单位", "密码"], body))
        if any(r.state == "尚未创建" for r in rows):
            self.stdout.write(self.style.WARNING("演示账号尚未全部创建，请先运行 gongkai demo。"))
        self.stdout.write("以上为演示账号，仅供试用；正式使用前请删除这些账号或修改密码。")
