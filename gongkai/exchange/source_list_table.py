"""A list a catalog is built from — 权责清单, 公共服务事项清单, 负面清单 — read from xlsx: the columns 序号, 事项名称
(权力名称, 服务事项名称…), 事项类型/权力类型, 实施主体/实施部门, 设定依据 and 事项编码 where the list has one, the
header found in the first rows (a title above it is fine). Every problem with its row and column, in Chinese;
`source_list_import` writes nothing on a dry run (the default) nor when there is any problem."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from gongkai.accounts.policies import Action, require
from gongkai.catalog.list_services import entry_identity, source_list_import_rows
from gongkai.catalog.models import ListKind, SourceList, SourceListEntry
from gongkai.exchange.catalog_table import cell_text
from gongkai.exchange.cells import formula_warning
from gongkai.exchange.table_reading import Problem, find_columns, header_label
from gongkai.organizations.models import Jurisdiction

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20000
COLUMNS = {
    "number": ("序号", "编号"),
    "code": ("事项编码", "编码", "权力编码", "基本编码", "事项代码"),
    "name": ("事项名称", "权力名称", "权力事项名称", "服务事项名称", "公共服务事项名称", "职权名称", "名称", "事项",
             "项目名称", "子项名称"),
    "category": ("事项类型", "权力类型", "职权类型", "事项类别", "权力类别", "类型", "类别", "服务类型"),
    "body": ("实施主体", "实施部门", "实施机关", "责任主体", "责任部门", "承办机构", "实施单位", "办理部门"),
    "basis": ("设定依据", "法律依据", "实施依据", "依据", "政策依据"),
}
LABELS = {"number": "序号", "code": "事项编码", "name": "事项名称", "category": "事项类型", "body": "实施主体",
          "basis": "设定依据"}
LIMITS = {f: getattr(SourceListEntry._meta.get_field(f), "max_length", None)
          for f in ("number", "code", "name", "category", "body")}


@dataclass
class ListReport:
    kind_label: str = ""
    dry_run: bool = True
    committed: bool = False
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    added: int = 0
    kept: int = 0
    removed: int = 0
    removed_names: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _find_columns(row: list) -> dict[str, int]:
    return find_columns(row, COLUMNS)


def _grid(data: bytes, report: ListReport) -> list[list] | None:
    if len(data) > MAX_BYTES:
        report.errors.append(Problem(0, "", f"文件不能超过 {MAX_BYTES // (1024 * 1024)} MB。"))
        return None
    if not data.startswith(b"PK\x03\x04"):
        report.errors.append(Problem(0, "", "只能导入 Excel（xlsx）文件。"))
        return None
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [list(r) for r in book.worksheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 20)]
        finally:
            book.close()
    except Exception:  # noqa: BLE001 — any unreadable file is the same answer to the person uploading it
        report.errors.append(Problem(0, "", "文件打不开，请确认是 Excel（xlsx）文件。"))
        return None


def _check_row(row: list, i: int, values: dict[str, str], columns: dict[str, int],
               seen: dict[tuple[str, str], int], report: ListReport) -> None:
    def letter(key: str) -> str:
        return get_column_letter(columns[key] + 1)

    if not values["name"]:
        report.errors.append(Problem(i, letter("name"), "事项名称为空。"))
    for key, limit in LIMITS.items():
        if key in columns and limit and len(values.get(key, "")) > limit:
            report.errors.append(Problem(i, letter(key), f"{LABELS[key]}过长（{len(values[key])}字），最多{limit}字。"))
    for at in columns.values():
        if (warning := formula_warning(row[at] if at < len(row) else None)):
            report.warnings.append(Problem(i, get_column_letter(at + 1), warning))
    identity = entry_identity(values)
    if values["name"] and identity in seen:
        what = "事项编码" if identity[0] == "code" else "事项名称和实施主体"
        report.errors.append(Problem(i, letter("code" if identity[0] == "code" else "name"),
                                     f"与第{seen[identity]}行的{what}相同，同一事项只能出现一次。"))
    seen.setdefault(identity, i)


def read_source_list(data: bytes) -> ListReport:
    """The entries of the file's first sheet, checked."""
    report = ListReport()
    grid = _grid(data, report)
    if grid is None:
        return report
    header_at, columns = None, {}
    for i, row in enumerate(grid[:15]):
        columns = _find_columns(row)
        if "name" in columns:
            header_at = i
            break
    if header_at is None:
        report.errors.append(Problem(1, "", "没有找到表头：须有“事项名称”（或“权力名称”“服务事项名称”）列。"))
        return report
    report.columns = [LABELS[k] for k in COLUMNS if k in columns]
    seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(grid[header_at + 1:], start=header_at + 2):
        values = {k: cell_text(row[at]) if at < len(row) else "" for k, at in columns.items()}
        if not any(values.values()) or header_label(values["name"]) in COLUMNS["name"]:
            continue  # a blank line, or the header repeated on a printed page
        before = len(report.errors)
        _check_row(row, i, values, columns, seen, report)
        if len(report.errors) == before:
            report.rows.append(values)
        if len(report.rows) > MAX_ROWS:
            report.errors.append(Problem(i, "", f"事项超过 {MAX_ROWS} 个，请分开导入。"))
            break
    if not report.rows and not report.errors:
        report.errors.append(Problem(header_at + 2, "", "表头下面没有事项。"))
    return report


def source_list_import(*, actor, jurisdiction: Jurisdiction, kind: str, data: bytes, filename: str = "",
                       version_label: str = "", dry_run: bool = True) -> ListReport:
    """Check the file and say what an import would do (entries added, found again, gone); with
    `dry_run=False` and no problem, import it in one transaction."""
    require(actor, Action.MANAGE_SOURCE_LISTS, jurisdiction)
    report = read_source_list(data)
    report.dry_run = dry_run
    report.kind_label = str(ListKind(kind).label) if kind in ListKind.values else ""
    if not report.kind_label:
        report.errors.append(Problem(0, "", "请选择清单类型。"))
    current = SourceList.objects.filter(jurisdiction=jurisdiction, kind=kind).first()
    live = {}
    if current is not None:
        live = {entry_identity({f: getattr(e, f) for f in ("code", "name", "body")}): e.name
                for e in current.entries.filter(removed_at__isnull=True)}
    incoming = {entry_identity(r) for r in report.rows}
    report.kept = len(incoming & set(live))
    report.added = len(incoming) - report.kept
    report.removed_names = [name for identity, name in live.items() if identity not in incoming]
    report.removed = len(report.removed_names)
    if report.errors or dry_run or not report.rows:
        return report
    report.summary = source_list_import_rows(actor=actor, jurisdiction=jurisdiction, kind=kind, rows=report.rows,
                                             version_label=version_label, filename=filename)
    report.committed = True
    return report
