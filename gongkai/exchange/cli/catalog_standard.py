"""Subcommands of `gongkai catalog` for the national standard catalog:

    gongkai catalog load-standard                          the shipped data, all domains
    gongkai catalog load-standard --guideline SLUG FILE    one domain from its official table (xlsx/docx)
    gongkai catalog list [--json]                          the current guideline of every domain

`register(subparsers, command)` adds parsers whose `set_defaults(handler=fn)` names a function
`fn(command, **options)`. Commands run as the system (no actor)."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path

from django.core.management.base import CommandError

from gongkai.catalog.models import Completeness
from gongkai.catalog.standard import shipped_guideline, standard_catalog_load, standard_catalog_overview
from gongkai.exchange.catalog_table import read_catalog_file

ROW_FIELDS = ("topic", "name", "elements", "basis", "time_limit", "subject", "channels", "audience", "manner",
              "tiers")
MAX_ERRORS_SHOWN = 50


def register(subparsers, command) -> None:
    load = subparsers.add_parser(
        "load-standard",
        help="载入国家标准目录：默认载入随项目发布的全部领域数据；--guideline 载入某一领域的官方表格",
    )
    load.add_argument(
        "--guideline", nargs=2, metavar=("SLUG", "FILE"),
        help="领域标识和该领域官方标准目录表格（xlsx 或 docx，标准目录模板格式）",
    )
    load.add_argument("--complete", action="store_true", help="表格为完整的国家标准目录时，标记为“完整”")
    load.add_argument("--json", action="store_true", help="以 JSON 输出载入结果")
    load.set_defaults(handler=handle_load_standard)

    listing = subparsers.add_parser("list", help="列出各领域现行国家标准指引及其事项数")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=handle_list)


def data_from_table(slug: str, path: Path, *, complete: bool = False) -> dict:
    """A guideline's data from its official table: the rows of the file, the metadata of the shipped
    guideline. Raises CommandError listing every problem (sheet, row, column) when the file is bad."""
    shipped, _ = shipped_guideline(slug)
    if not path.is_file():
        raise CommandError(f"找不到文件：{path}")
    result = read_catalog_file(str(path))
    errors = result.errors
    if errors:
        lines = []
        for error in errors[:MAX_ERRORS_SHOWN]:
            where = "".join(part for part in (
                f"工作表“{error.sheet}”" if error.sheet else "", f"第{error.row}行" if error.row else "",
                f"{error.column}列" if error.column else "",
            ) if part)
            lines.append(f"  {where or '文件'}：{error.message}")
        more = f"\n  ……另有{len(errors) - MAX_ERRORS_SHOWN}个问题" if len(errors) > MAX_ERRORS_SHOWN else ""
        raise CommandError(f"表格“{path.name}”有{len(errors)}个问题，未载入任何内容：\n" + "\n".join(lines) + more)
    rows = result.rows
    if not rows:
        raise CommandError(f"表格“{path.name}”中没有读到任何公开事项行，未载入。")
    guideline = dict(shipped["guideline"])
    guideline["provenance"] = f"由官方标准目录表格“{path.name}”载入"
    if complete:
        guideline["completeness"] = Completeness.COMPLETE.value
        guideline["completeness_note"] = ""
    items = []
    for row in rows:
        item = {name: getattr(row, name) for name in ROW_FIELDS}
        sheet, number = row.sheet, row.row_number
        item["note"] = f"取自表格“{path.name}”{f'工作表“{sheet}”' if sheet else ''}第{number}行" if number else ""
        item["source"] = ""
        items.append(item)
    return {"slug": slug, "domain": shipped["domain"], "guideline": guideline, "items": items}


def handle_load_standard(command, *, guideline=None, complete=False, json=False, **options):
    if guideline:
        slug, file_name = guideline
        path = Path(file_name)
        data = data_from_table(slug, path, complete=complete)
        result = standard_catalog_load(slug=slug, data=data, loaded_from=str(path)[:300])
    else:
        if complete:
            raise CommandError("--complete 只能与 --guideline 一起使用。")
        result = standard_catalog_load()
    if json:
        command.stdout.write(_json({
            "domains_created": result.domains_created,
            "domains_updated": result.domains_updated,
            "created": result.created,
            "new_versions": result.new_versions,
            "unchanged": result.unchanged,
            "items": result.items,
            "guidelines": [vars(g) for g in result.guidelines],
        }))
        return
    for outcome in result.guidelines:
        if outcome.outcome == "new_version":
            command.stdout.write(
                f"{outcome.domain}：第{outcome.version}版（新增{outcome.added}项，删除{outcome.removed}项，"
                f"修改{outcome.changed}项，共{outcome.items}项）")
        elif outcome.outcome == "created" and options.get("verbosity", 1) > 1:
            command.stdout.write(f"{outcome.domain}：第{outcome.version}版，{outcome.items}项")
    command.stdout.write(result.summary())


def handle_list(command, *, json=False, **options):
    rows = standard_catalog_overview()
    if json:
        command.stdout.write(_json(rows))
        return
    if not rows:
        command.stdout.write("尚未载入国家标准目录。请先运行：gongkai catalog load-standard")
        return
    labels = dict(Completeness.choices)
    header = ("序号", "领域", "标准指引", "发布部门", "年份", "完整程度", "一级事项", "二级事项")
    lines = [header]
    for index, row in enumerate(rows, start=1):
        lines.append((
            str(index), row["domain"], row["guideline"] or "（未载入）", row["issuer"] or "", row["year"] or "",
            str(labels.get(row["completeness"], "")) if row["completeness"] else "",
            str(row["topics"]), str(row["items"]),
        ))
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        command.stdout.write("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(line)).rstrip())
    total = sum(row["items"] for row in rows)
    command.stdout.write(f"共{len(rows)}个领域，{total}个二级事项")


def _json(value) -> str:
    return jsonlib.dumps(value, ensure_ascii=False, indent=2)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
