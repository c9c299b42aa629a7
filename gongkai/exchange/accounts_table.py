"""The accounts table in and out: an xlsx with one row per account, as in 附件一 of the district notice
(单位名称 | “互联网+政务服务”一体化平台账号, optionally 姓名, 角色, 手机); and the CSV of initial passwords
handed over once after an import.

Reading checks only the file and its shape; what the rows mean (does the unit exist, is the account
taken) is checked by accounts.services.accounts_import."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from typing import BinaryIO

from django.template.defaultfilters import filesizeformat
from openpyxl import load_workbook

from gongkai.accounts.services import (
    COLUMN_NAME,
    COLUMN_PHONE,
    COLUMN_ROLES,
    COLUMN_UNIT,
    COLUMN_USERNAME,
    AccountRow,
    CreatedAccount,
)
from gongkai.core.errors import ValidationFailed
from gongkai.exchange.cells import neutralise

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old .xls format
_HEADER_SCAN_ROWS = 20


def _norm(text) -> str:
    """Header text without spaces, quotes or line breaks, for matching “互联网+政务服务” in any quoting."""
    return re.sub(r"[\s\"'“”‘’「」]", "", str(text or ""))


# Each column: the header words that name it (normalised), in the order tried.
_COLUMNS = {
    "unit_name": (COLUMN_UNIT, ["单位名称", "单位", "公开主体"]),
    "username": (COLUMN_USERNAME, ["互联网+政务服务一体化平台账号", "平台账号", "账号"]),
    "display_name": (COLUMN_NAME, ["姓名", "联系人"]),
    "roles": (COLUMN_ROLES, ["角色"]),
    "phone": (COLUMN_PHONE, ["手机", "手机号码", "手机号", "联系电话"]),
}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number
    return str(value).strip()


def check_upload(data: bytes, *, max_bytes: int, filename: str = "") -> None:
    """Refuse, with a Chinese message, what is not a readable xlsx file."""
    if not data:
        raise ValidationFailed("上传的文件是空的。", code="file_empty")
    if len(data) > max_bytes:
        raise ValidationFailed(f"文件超过 {filesizeformat(max_bytes)} 的上限，请拆分后再上传。", code="file_too_large")
    if data.startswith(_OLE_MAGIC) or filename.lower().endswith(".xls"):
        raise ValidationFailed("这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后再上传。",
                               code="file_xls")
    if not data.startswith(_XLSX_MAGIC) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationFailed("文件不是 Excel 工作簿（.xlsx），请上传 .xlsx 文件。", code="file_not_xlsx")


def read_accounts_table(source: bytes | BinaryIO, *, max_bytes: int, filename: str = "") -> list[AccountRow]:
    """The account rows of the first sheet that has the two required columns. The header row may sit
    below a title (附件一 …); rows with neither unit nor account are skipped."""
    data = source if isinstance(source, bytes) else source.read()
    check_upload(data, max_bytes=max_bytes, filename=filename)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a damaged file
        raise ValidationFailed("无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式。", code="file_unreadable")
    try:
        for sheet in workbook.worksheets:
            rows = _read_sheet(sheet)
            if rows is not None:
                return rows
    finally:
        workbook.close()
    raise ValidationFailed(
        f"没有找到表头：第一行（或标题下方）须有「{COLUMN_UNIT}」和「{COLUMN_USERNAME}」两列。", code="header_missing"
    )


def _read_sheet(sheet) -> list[AccountRow] | None:
    rows = sheet.iter_rows(values_only=True)
    header_at = None
    columns: dict[str, int] = {}
    for number, values in enumerate(rows, start=1):
        if number > _HEADER_SCAN_ROWS:
            return None
        found = _match_header(values)
        if "unit_name" in found and "username" in found:
            header_at, columns = number, found
            break
    if header_at is None:
        return None
    result = []
    for number, values in enumerate(rows, start=header_at + 1):
        cells = {key: _cell(values[i]) if i < len(values) else "" for key, i in columns.items()}
        if not cells.get("unit_name") and not cells.get("username"):
            continue
        result.append(AccountRow(sheet=sheet.title, row=number, **{k: cells.get(k, "") for k in _COLUMNS}))
    return result


def _match_header(values) -> dict[str, int]:
    texts = [_norm(v) for v in values]
    found: dict[str, int] = {}
    for key, (_label, words) in _COLUMNS.items():
        for word in words:
            hits = [i for i, t in enumerate(texts) if t == word] or [
                i for i, t in enumerate(texts) if t and word in t and i not in found.values()
            ]
            if hits:
                found[key] = hits[0]
                break
    return found


def initial_passwords_csv(created: Sequence[CreatedAccount]) -> bytes:
    """The CSV handed over once after an import (UTF-8 with BOM, so that Excel shows the Chinese)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([COLUMN_UNIT, "账号", COLUMN_NAME, "初始密码", "说明"])
    for account in created:
        user = account.user
        writer.writerow([neutralise(v) for v in (user.unit.name if user.unit else "", user.username,
                                                  user.display_name, account.password, "首次登录须修改密码")])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
