"""A task-breakdown table (工作任务分解表) in and out: reading an xlsx or a Word (docx) table with the columns
序号 / 工作任务 / 具体事项 / 责任单位 / 指导单位 / 完成时限 (and their usual variants), units matched by name within
the jurisdiction, 完成时限 as written (2020年10月底前, 2020年12月31日前, 长期坚持); every problem with its row and
column, in Chinese, and nothing saved unless there is none. Writing the ledger as xlsx, cells never formulas."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from openpyxl.utils import get_column_letter

from gongkai.exchange.cells import xlsx_cell
from gongkai.organizations.models import Jurisdiction, Unit
from gongkai.oversight.task_services import TaskDraft
from gongkai.oversight.tasks import DueTextError, is_overdue, parse_due

MAX_BYTES = 10 * 1024 * 1024
COLUMNS = {
    "number": ("序号", "编号"),
    "title": ("工作任务", "重点任务", "主要任务", "任务名称", "任务", "工作内容"),
    "content": ("具体事项", "具体内容", "工作措施", "具体措施", "任务内容"),
    "responsible": ("责任单位", "牵头单位", "责任部门", "责任主体", "牵头部门"),
    "guiding": ("指导单位", "指导部门", "业务指导单位"),
    "due": ("完成时限", "完成时间", "时间要求", "时限要求", "时限"),
}
LABELS = {"number": "序号", "title": "工作任务", "content": "具体事项", "responsible": "责任单位",
          "guiding": "指导单位", "due": "完成时限"}
REQUIRED = ("title", "responsible", "due")
_SPLIT = re.compile(r"[、，,；;/\s]+")


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"第{self.column}列" if self.column else "")
        return f"{where}：{self.message}"


@dataclass
class ReadRow:
    row: int
    number: str
    title: str
    units: list[str]
    guiding: list[str]
    due_text: str
    due_on: date | None


@dataclass
class TaskTableRead:
    rows: list[ReadRow] = field(default_factory=list)
    drafts: list[TaskDraft] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.drafts)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _label(text: str) -> str:
    return re.sub(r"[\s（(].*$", "", re.sub(r"\s+", "", text)) if text else ""


def _grid_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _grid_docx(data: bytes) -> list[list]:
    import docx

    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        grid = [[cell.text for cell in row.cells] for row in table.rows]
        if any(_find_columns(r) for r in grid[:10]):
            return grid
    return []


def _find_columns(row: list) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        label = _label(_text(value))
        for key, names in COLUMNS.items():
            if key not in found and label in names:
                found[key] = index
    return found if "title" in found and "responsible" in found else None


def _unit_index(jurisdiction: Jurisdiction) -> dict[str, list[Unit]]:
    index: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(jurisdiction__path__startswith=jurisdiction.path).select_related("jurisdiction"):
        index.setdefault(re.sub(r"\s+", "", unit.name), []).append(unit)
    return index


def _units(names: list[str], index: dict[str, list[Unit]], row: int, column: str, jurisdiction: Jurisdiction,
           problems: list[Problem]) -> list[Unit]:
    out = []
    for name in names:
        matches = index.get(name, [])
        if len(matches) == 1:
            out.append(matches[0])
        elif len(matches) > 1:
            problems.append(Problem(row, column, f"{jurisdiction.name}有{len(matches)}个单位叫“{name}”，请在单位管理中区分。"))
        elif name.startswith("各"):
            problems.append(Problem(row, column, f"“{name}”不是一个单位，请列出具体单位名称（用顿号分隔）。"))
        else:
            problems.append(Problem(row, column, f"{jurisdiction.name}没有名为“{name}”的单位。"))
    return out


def _open_grid(data: bytes, filename: str, result: TaskTableRead) -> list[list] | None:
    if len(data) > MAX_BYTES:
        result.problems.append(Problem(0, "", f"文件不能超过 {MAX_BYTES // (1024 * 1024)} MB。"))
        return None
    if not data.startswith(b"PK\x03\x04"):
        result.problems.append(Problem(0, "", "只能导入 Excel（xlsx）或 Word（docx）文件。"))
        return None
    try:
        return _grid_docx(data) if filename.lower().endswith(".docx") else _grid_xlsx(data)
    except Exception:  # noqa: BLE001 — any unreadable file is the same answer to the person uploading it
        result.problems.append(Problem(0, "", "文件打不开，请确认是 Excel（xlsx）或 Word（docx）文件。"))
        return None


def _header(grid: list[list], result: TaskTableRead) -> tuple[int, dict[str, int]] | None:
    for i, row in enumerate(grid[:15]):
        columns = _find_columns(row)
        if columns:
            missing = [LABELS[k] for k in REQUIRED if k not in columns]
            if missing:
                result.problems.append(Problem(i + 1, "", f"缺少“{'”“'.join(missing)}”列。"))
                return None
            return i, columns
    result.problems.append(Problem(1, "", "没有找到表头：须有“工作任务”“责任单位”“完成时限”列。"))
    return None


def _read_row(row: list, i: int, columns: dict[str, int], index: dict[str, list[Unit]], jurisdiction: Jurisdiction,
              result: TaskTableRead) -> list[TaskDraft]:
    def cell(key: str) -> str:
        at = columns.get(key)
        return _text(row[at]) if at is not None and at < len(row) else ""

    def col(key: str) -> str:
        return get_column_letter(columns[key] + 1)

    title, unit_text = cell("title"), cell("responsible")
    due_raw = row[columns["due"]] if columns["due"] < len(row) else None
    if not title and not unit_text and not _text(due_raw):
        return []  # a blank line, or a section heading in the 序号 column
    before = len(result.problems)
    if not title:
        result.problems.append(Problem(i, col("title"), "工作任务为空。"))
    names = [n for n in _SPLIT.split(unit_text) if n]
    if not names:
        result.problems.append(Problem(i, col("responsible"), "责任单位为空。"))
    responsible = _units(names, index, i, col("responsible"), jurisdiction, result.problems)
    guiding_names = [n for n in _SPLIT.split(cell("guiding")) if n]
    guiding = _units(guiding_names, index, i, col("guiding"), jurisdiction, result.problems) if guiding_names else []
    due_on = None
    try:
        due_on = parse_due(due_raw)
    except DueTextError as exc:
        result.problems.append(Problem(i, col("due"), str(exc)))
    due_text = "" if isinstance(due_raw, date) else _text(due_raw)
    result.rows.append(ReadRow(i, cell("number"), title, names, guiding_names, due_text, due_on))
    if len(result.problems) != before:
        return []
    return [TaskDraft(title=title, responsible_unit=unit, due_on=due_on, due_text=due_text, number=cell("number"),
                      content=cell("content"), guiding_units=guiding) for unit in responsible]


def read_task_table(data: bytes, filename: str, jurisdiction: Jurisdiction) -> TaskTableRead:
    """Read and check a table; `drafts` (one per responsible unit of a row) only when there is no problem."""
    result = TaskTableRead()
    grid = _open_grid(data, filename, result)
    header = _header(grid, result) if grid is not None else None
    if grid is None or header is None:
        return result
    header_at, columns = header
    index = _unit_index(jurisdiction)
    drafts: list[TaskDraft] = []
    for i, row in enumerate(grid[header_at + 1:], start=header_at + 2):
        drafts += _read_row(row, i, columns, index, jurisdiction, result)
    if not result.rows and not result.problems:
        result.problems.append(Problem(header_at + 2, "", "表头下面没有工作任务。"))
    if not result.problems:
        result.drafts = drafts
    return result


EXPORT_HEADERS = ("序号", "工作任务", "具体事项", "文件名称", "文号", "责任单位", "指导单位", "完成时限", "状态",
                  "是否逾期", "最近进展")


def write_task_ledger(tasks, *, today: date) -> bytes:
    """The ledger as an xlsx workbook (every text cell a string, never a formula)."""
    from openpyxl import Workbook

    from gongkai.oversight.workflow import TASK_TABLE

    book = Workbook()
    sheet = book.active
    sheet.title = "工作台账"
    for column, header in enumerate(EXPORT_HEADERS, start=1):
        xlsx_cell(sheet, row=1, column=column, value=header)
    for r, task in enumerate(tasks, start=2):
        latest = task.progress.order_by("-reported_on", "-id").first()
        values = (task.number, task.title, task.content, task.source_title, task.source_number,
                  task.responsible_unit.name, "、".join(u.name for u in task.guiding_units.all()), task.due_label,
                  TASK_TABLE.status_label(task.state), "逾期" if is_overdue(task.state, task.due_on, today) else "",
                  f"{latest.reported_on:%Y-%m-%d} {latest.unit.name}：{latest.text}" if latest else "")
        for column, value in enumerate(values, start=1):
            xlsx_cell(sheet, row=r, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
