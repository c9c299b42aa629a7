"""Subcommands of `gongkai report` (政府信息公开工作年度报告):

    gongkai report annual --unit HANDLE --year Y [--kind department|government] [--json]
    gongkai report import FILE --unit HANDLE --year Y [--dry-run] [--json]

`annual` prints tables 二, 三 and 四 of a unit's report — the published (or imported) report's frozen
tables when there is one, else computed now from the platform's data — with the validation problems
(rules.md §6.6).

`import` reads a past report (xlsx or docx, 2021 layout of 国办公开办函〔2021〕30号 or the 2019 trial
layout of 〔2019〕60号, told apart by the header text), checks it (every problem by table, row, column
and the file's row), then stores it as published — all or nothing: with any problem nothing is stored.
`--dry-run` checks only. A report of a year that has not ended is refused (《条例》第四十九条). `--json`
prints {"file", "unit", "year", "format", "dry_run", "imported", "report", "problems", "warnings"}; the
exit status is non-zero whenever there is a problem. Commands act as the server operator
(`accounts.policies.COMMAND_LINE`)."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.exchange import annual_report_import as importer
from gongkai.organizations.models import Unit
from gongkai.reports import selectors, validation
from gongkai.reports.layout import TABLE3_ROWS, column_label
from gongkai.reports.models import AnnualReport


def register(subparsers, command) -> None:
    annual = subparsers.add_parser("annual", help="输出某单位某年度报告的统计表")
    annual.add_argument("--unit", required=True, help="单位的平台账号（handle），如 jiaoyu@dxjczw")
    annual.add_argument("--year", required=True, help="报告年度，如 2025")
    annual.add_argument("--kind", choices=["department", "government"], help="报告类别（默认按单位类别）")
    annual.add_argument("--json", action="store_true", help="输出 JSON")
    annual.set_defaults(handler=handle_annual)

    imp = subparsers.add_parser("import", help="导入既往年度报告（xlsx 或 docx；先检查，全部无误才写入）",
                                description="导入既往年度报告（2021年版或2019年试行版格式，按表头识别）")
    imp.add_argument("file", metavar="FILE", help="年度报告文件（.xlsx 或 .docx）")
    imp.add_argument("--unit", required=True, help="报告单位的平台账号（handle），如 jiaoyu@dxjczw")
    imp.add_argument("--year", required=True, help="报告年度，如 2021")
    imp.add_argument("--dry-run", action="store_true", help="试运行：只检查并报告，不写入")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    imp.set_defaults(handler=handle_import)


def _unit(handle: str) -> Unit:
    unit = Unit.objects.filter(handle=handle.strip()).select_related("jurisdiction").first()
    if unit is None:
        raise CommandError(f"没有找到平台账号为“{handle}”的单位。")
    return unit


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise CommandError(f"报告年度“{text}”不是年份。") from None
    if not 2008 <= year <= 9999:
        raise CommandError(f"报告年度“{year}”不正确。")
    return year


def handle_annual(command, *, unit: str, year: str, kind: str | None = None, json: bool = False, **_: Any) -> None:
    place, number = _unit(unit), _year(year)
    report = AnnualReport.objects.filter(unit=place, year=number).first()
    if report is not None and (report.is_published or report.source == "imported"):
        tables, source, kind = report.tables, report.status, report.kind
    else:
        kind = kind or (report.kind if report else selectors.kind_for(place))
        tables, _outcomes = selectors.compute_tables(place, kind, number)
        source = "computed"
    previous = AnnualReport.objects.filter(unit=place, year=number - 1).first()
    problems = validation.validate(tables, previous=previous.tables if previous else None)
    out = command.stdout
    if json:
        out.write(jsonlib.dumps({
            "unit": place.handle, "unit_name": place.name, "year": number, "kind": kind, "source": source,
            "format": tables["format"], "table2": tables["table2"], "table3": tables["table3"],
            "table4": tables["table4"], "problems": [p.as_dict() for p in problems],
        }, ensure_ascii=False, indent=2))
        return
    out.write(f"{place.name}{number}年政府信息公开工作年度报告（{source}）")
    out.write("表二 主动公开政府信息情况")
    for row, cells in tables["table2"].items():
        out.write("  " + row + "：" + "，".join(f"{column_label(k)} {_cell(v)}" for k, v in cells.items()))
    out.write("表三 收到和处理政府信息公开申请情况（总计列）")
    for table_row in TABLE3_ROWS[tables["format"]]:
        out.write(f"  {table_row.group}{table_row.label}：{_cell(tables['table3'][table_row.code]['total'])}")
    out.write("表四 政府信息公开行政复议、行政诉讼情况")
    for block, cells in tables["table4"].items():
        out.write(f"  {block}：" + "，".join(f"{column_label(k)} {_cell(v)}" for k, v in cells.items()))
    for p in problems:
        out.write(("错误：" if p.is_hard else "提示：") + p.message)


def _cell(value: int | float | None) -> str:
    return "" if value is None else validation.plain(value)


def handle_import(command, *, file: str, unit: str, year: str, dry_run: bool = False, json: bool = False,
                  **_: Any) -> None:
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"找不到文件：{path}")
    place, number = _unit(unit), _year(year)
    data = path.read_bytes()
    if len(data) > settings.GONGKAI_MAX_UPLOAD_BYTES:
        raise CommandError(f"文件“{path.name}”超过上传大小限制。")
    result = importer.check(data, path.name, year=number)
    importer.check_target(result, unit=place)
    report = None
    if result.ok and not dry_run:
        report, result = importer.run(actor=COMMAND_LINE, unit=place, data=data, filename=path.name, year=number)
    payload = {
        "file": path.name, "unit": place.handle, "unit_name": place.name, "year": number,
        "format": result.format, "dry_run": dry_run, "imported": report is not None,
        "report": {"id": report.pk, "title": report.title, "status": report.status} if report else None,
        "problems": result.problems, "warnings": result.warnings,
    }
    if json:
        command.stdout.write(jsonlib.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print(command, payload)
    if result.problems:
        raise CommandError(f"发现{len(result.problems)}个问题，未导入任何内容。", returncode=1)


def _print(command, payload: dict[str, Any]) -> None:
    out = command.stdout
    layout = f"{payload['format']}年版格式" if payload["format"] else "格式未识别"
    out.write(f"{payload['file']}：{payload['unit_name']}{payload['year']}年度报告，{layout}。")
    for title, items in (("问题", payload["problems"]), ("提示", payload["warnings"])):
        for item in items:
            out.write(f"  {title}：{item['message']}")
    if payload["imported"]:
        out.write(f"已导入“{payload['report']['title']}”（已发布）。")
    elif payload["dry_run"] and not payload["problems"]:
        out.write("试运行：检查通过，未写入。去掉 --dry-run 即可导入。")
