"""The domain-to-unit table (领域责任分工表) in and out, in the layout of the county work plans' attachment
“26个试点领域基层政务公开标准化规范化指导责任分工表”: 序号 / 试点领域 / 责任单位, one row naming one or several
domains (“社会救助领域、养老服务领域”). The platform writes 序号 / 试点领域 / 指导单位 / 责任单位 / 完成时间 and reads
that, the city plans' 序号 / 具体领域 / 主体责任单位 / 主管责任单位 / 完成时间, and the county's three columns — where the
table's title says 指导 and there is no other guiding column, its 责任单位 is the guiding department.

Reading checks everything first — the domain of each name, each unit by name (the responsible unit in the
jurisdiction, the guiding department there or above), each 完成时间 — and reports every problem with its
row and column in Chinese; nothing is written unless there is none (`domain_table_import`, dry run first).
A blank cell leaves that field of the domain as it is. Merged cells count for every row they cover."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl.utils import get_column_letter

from gongkai.accounts.policies import Action, require
from gongkai.catalog.models import Domain, DomainAssignment
from gongkai.catalog.services import domain_assignments_save
from gongkai.exchange.catalog_import import DomainIndex
from gongkai.exchange.catalog_table import cell_text, normalise_label
from gongkai.exchange.cells import formula_warning, xlsx_cell
from gongkai.exchange.table_reading import Problem, find_columns, header_label
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.oversight.tasks import DueTextError, parse_due

MAX_BYTES = 5 * 1024 * 1024
COLUMNS = {
    "number": ("序号", "编号"),
    "domain": ("试点领域", "具体领域", "领域", "公开领域", "领域名称"),
    "guiding": ("指导单位", "主管责任单位", "主管单位", "指导部门", "业务指导单位", "主管部门"),
    "responsible": ("责任单位", "主体责任单位", "责任部门", "牵头单位", "实施单位"),
    "completion": ("完成时间", "完成时限", "时间要求", "时限要求"),
}
LABELS = {"domain": "试点领域", "guiding": "指导单位", "responsible": "责任单位", "completion": "完成时间"}
EXPORT_HEADERS = ("序号", "试点领域", "指导单位", "责任单位", "完成时间")
_SPLIT = re.compile(r"[、，,；;\n]+")
_DOMAIN_SUFFIX = re.compile(r"(领域)$")


@dataclass
class PlannedRow:
    """One domain as the file sets it, with what it is now (for the dry run's table)."""

    row: int
    domain: Domain
    fields: dict[str, Any]
    before: dict[str, Any]

    def shown(self, name: str) -> tuple[str, str, bool]:
        """(now, after, changes) of one field, as text."""
        now = _label(self.before.get(name))
        after = _label(self.fields[name]) if name in self.fields else now
        return now, after, name in self.fields and now != after

    @property
    def columns(self) -> list[tuple[str, str, bool]]:
        return [self.shown(n) for n in ("guiding_unit", "unit", "completion_text")]

    @property
    def changes(self) -> bool:
        return any(changed for _, _, changed in self.columns)


@dataclass
class DomainTableReport:
    jurisdiction: str = ""
    dry_run: bool = True
    committed: bool = False
    guiding_from_title: bool = False
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def to_change(self) -> int:
        return sum(1 for r in self.rows if r.changes)


def _label(value: Any) -> str:
    if isinstance(value, Unit):
        return value.name
    return "" if value is None else str(value)


def _grid(data: bytes) -> list[list]:
    """The first sheet's values, each merged range's value copied into every cell it covers."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True)
    try:
        sheet = book.worksheets[0]
        grid = [list(r) for r in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            value = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(grid) else None
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, merged.max_col):
                    if c < len(grid[r]):
                        grid[r][c] = value
        return grid
    finally:
        book.close()


def _find_columns(row: list) -> dict[str, int]:
    return find_columns(row, COLUMNS)


class _Units:
    """Units by name (and platform handle): the jurisdiction's own, and those of it and its ancestors."""

    def __init__(self, jurisdiction: Jurisdiction):
        self.jurisdiction = jurisdiction
        self.own: dict[str, list[Unit]] = {}
        self.above: dict[str, list[Unit]] = {}
        chain = _chain(jurisdiction)
        for unit in Unit.objects.filter(jurisdiction_id__in=[j.pk for j in chain]).select_related("jurisdiction"):
            for key in {normalise_label(unit.name), unit.handle}:
                if not key:
                    continue
                self.above.setdefault(key, []).append(unit)
                if unit.jurisdiction_id == jurisdiction.pk:
                    self.own.setdefault(key, []).append(unit)

    def find(self, name: str, *, guiding: bool) -> tuple[Unit | None, str]:
        index = self.above if guiding else self.own
        matches = index.get(normalise_label(name), [])
        if len(matches) == 1:
            unit = matches[0]
            if not unit.is_active:
                return None, f"“{unit.name}”已停用。"
            return unit, ""
        if len(matches) > 1:
            return None, f"有{len(matches)}个单位叫“{name}”，请改填其平台账号标识（如 jiaoyu@dxjczw）。"
        where = f"{self.jurisdiction.name}及其上级" if guiding else self.jurisdiction.name
        return None, f"{where}没有名为“{name}”的单位，请先在单位管理中新增，或改为系统中的单位名称。"


def _chain(jurisdiction: Jurisdiction) -> list[Jurisdiction]:
    """The jurisdiction and every one above it (one query, from its materialised path)."""
    return list(Jurisdiction.objects.filter(code__in=[c for c in jurisdiction.path.split("/") if c]))


def _completion(value) -> tuple[str, date | None]:
    """完成时间 as written and the day it means (None for 长期坚持). Raises DueTextError."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日", value
    text = cell_text(value)
    return text, parse_due(text)


def read_domain_table(data: bytes, jurisdiction: Jurisdiction) -> DomainTableReport:
    """Read and check the table against `jurisdiction`; every problem with its row and column."""
    report = DomainTableReport(jurisdiction=jurisdiction.name)
    if len(data) > MAX_BYTES:
        report.errors.append(Problem(0, "", f"文件不能超过 {MAX_BYTES // (1024 * 1024)} MB。"))
        return report
    if not data.startswith(b"PK\x03\x04"):
        report.errors.append(Problem(0, "", "只能导入 Excel（xlsx）文件。"))
        return report
    try:
        grid = _grid(data)
    except Exception:  # noqa: BLE001 — any unreadable file is the same answer to the person uploading it
        report.errors.append(Problem(0, "", "文件打不开，请确认是 Excel（xlsx）文件。"))
        return report
    header_at, columns = None, {}
    for i, row in enumerate(grid[:15]):
        columns = _find_columns(row)
        if "domain" in columns and ("guiding" in columns or "responsible" in columns):
            header_at = i
            break
    if header_at is None:
        report.errors.append(Problem(1, "", "没有找到表头：须有“试点领域”（或“具体领域”）列，以及“指导单位”“责任单位”中的至少一列。"))
        return report
    title = "".join(cell_text(v) for row in grid[:header_at] for v in row if v is not None)
    if "guiding" not in columns and "指导" in title:
        # “…指导责任分工表”: its 责任单位 are the departments that guide each domain.
        columns["guiding"] = columns.pop("responsible")
        report.guiding_from_title = True
    index = DomainIndex(Domain.objects.all())
    units = _Units(jurisdiction)
    current = {a.domain_id: a for a in DomainAssignment.objects.filter(jurisdiction=jurisdiction)
               .select_related("unit", "guiding_unit")}
    seen: dict[int, int] = {}
    for i, row in enumerate(grid[header_at + 1:], start=header_at + 2):
        _read_row(row, i, columns, index, units, current, seen, report)
    if not report.rows and not report.errors:
        report.errors.append(Problem(header_at + 2, "", "表头下面没有领域。"))
    return report


class _Row:
    """One line of the table: its cells by column key, and where each is."""

    def __init__(self, row: list, number: int, columns: dict[str, int]):
        self.row, self.number, self.columns = row, number, columns

    def raw(self, key: str):
        at = self.columns.get(key)
        return self.row[at] if at is not None and at < len(self.row) else None

    def text(self, key: str) -> str:
        return cell_text(self.raw(key))

    def col(self, key: str) -> str:
        return get_column_letter(self.columns[key] + 1)

    def problem(self, key: str, message: str) -> Problem:
        return Problem(self.number, self.col(key), message)


def _row_fields(line: _Row, units: _Units, report: DomainTableReport) -> dict[str, Any]:
    """The guiding department, responsible unit and completion date a line sets (blank cells: nothing)."""
    fields: dict[str, Any] = {}
    for key, name in (("guiding", "guiding_unit"), ("responsible", "unit")):
        text = line.text(key)
        if not text:
            continue
        names = [n.strip() for n in _SPLIT.split(text) if n.strip()]
        if len(names) > 1:
            report.errors.append(line.problem(key, f"每个领域只能有一个{LABELS[key]}，此格写了{len(names)}个（{text}）。"))
            continue
        unit, problem = units.find(names[0], guiding=key == "guiding")
        if problem:
            report.errors.append(line.problem(key, problem))
        else:
            fields[name] = unit
    if line.text("completion"):
        try:
            fields["completion_text"], fields["completion_on"] = _completion(line.raw("completion"))
        except DueTextError as exc:
            report.errors.append(line.problem("completion", str(exc).replace("完成时限", "完成时间")))
        else:
            if len(fields["completion_text"]) > 60:
                report.errors.append(line.problem("completion", "完成时间过长，最多60字。"))
    return fields


def _row_domains(line: _Row, index: DomainIndex, seen: dict[int, int], report: DomainTableReport) -> list[Domain]:
    """The domains a line names (several, separated by 、), each once in the whole table."""
    found = []
    for name in (n.strip() for n in _SPLIT.split(line.text("domain"))):
        if not name:
            continue
        domain, candidates = index.match(_DOMAIN_SUFFIX.sub("", normalise_label(name)) or name)
        if domain is None:
            hint = ("，可能是" + "、".join(f"“{d.name}”" for d in candidates)) if candidates else ""
            report.errors.append(line.problem("domain", f"无法确定“{name}”是哪个领域{hint}。请使用国家标准目录中的领域名称。"))
        elif domain.pk in seen:
            report.errors.append(line.problem("domain", f"“{domain.name}”领域在第{seen[domain.pk]}行已出现。"))
        else:
            seen[domain.pk] = line.number
            found.append(domain)
    return found


def _read_row(row: list, i: int, columns: dict[str, int], index: DomainIndex, units: _Units,
              current: dict[int, DomainAssignment], seen: dict[int, int], report: DomainTableReport) -> None:
    line = _Row(row, i, columns)
    domain_text = line.text("domain")
    if not domain_text:
        if any(line.text(k) for k in ("guiding", "responsible", "completion")):
            report.errors.append(line.problem("domain", "领域为空。"))
        return  # a blank line
    if header_label(domain_text) in COLUMNS["domain"]:
        return  # the header repeated on the next printed page
    for key in ("domain", "guiding", "responsible", "completion"):
        if key in columns and (warning := formula_warning(line.raw(key))):
            report.warnings.append(line.problem(key, warning))
    before = len(report.errors)
    fields = _row_fields(line, units, report)
    domains = _row_domains(line, index, seen, report)
    if len(report.errors) != before:
        return
    for domain in domains:
        now = current.get(domain.pk)
        report.rows.append(PlannedRow(i, domain, dict(fields), {
            "unit": now.unit if now else None, "guiding_unit": now.guiding_unit if now else None,
            "completion_text": now.completion_text if now else "", "completion_on": now.completion_on if now else None,
        }))


def domain_table_import(*, actor, jurisdiction: Jurisdiction, data: bytes, dry_run: bool = True) -> DomainTableReport:
    """Check the table (dry run, the default) or, when it has no problem, write every row in one transaction."""
    require(actor, Action.MANAGE_DOMAIN_ASSIGNMENTS, jurisdiction)
    report = read_domain_table(data, jurisdiction)
    report.dry_run = dry_run
    if report.errors or dry_run or not report.rows:
        return report
    report.changed = domain_assignments_save(actor=actor, jurisdiction=jurisdiction, source="import",
                                             changes={r.domain: r.fields for r in report.rows})
    report.committed = True
    return report


def _row_key(assignment: DomainAssignment | None) -> tuple:
    if assignment is None:
        return ("", "", "")
    return (_label(assignment.guiding_unit), _label(assignment.unit), assignment.completion_text)


def write_domain_table(jurisdiction: Jurisdiction) -> bytes:
    """The table as xlsx: a title row, the header, then one row per set of domains sharing the same guiding
    department, responsible unit and completion date (as the county tables group them). Text cells are
    strings, never formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    assignments = {a.domain_id: a for a in DomainAssignment.objects.filter(jurisdiction=jurisdiction)
                   .select_related("unit", "guiding_unit")}
    groups: dict[tuple, list[Domain]] = {}
    for domain in Domain.objects.all():
        groups.setdefault(_row_key(assignments.get(domain.pk)), []).append(domain)
    book = Workbook()
    sheet = book.active
    sheet.title = "领域责任分工"
    xlsx_cell(sheet, row=1, column=1, value=f"{jurisdiction.name}基层政务公开标准化规范化指导责任分工表")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(EXPORT_HEADERS))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    for column, header in enumerate(EXPORT_HEADERS, start=1):
        xlsx_cell(sheet, row=2, column=column, value=header).font = Font(bold=True)
    for number, ((guiding, unit, completion), domains) in enumerate(groups.items(), start=1):
        values = (number, "、".join(f"{d.name}领域" for d in domains), guiding, unit, completion)
        for column, value in enumerate(values, start=1):
            xlsx_cell(sheet, row=number + 2, column=column, value=value).alignment = Alignment(wrap_text=True,
                                                                                                vertical="center")
    for letter, width in zip("ABCDE", (6, 40, 24, 24, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
