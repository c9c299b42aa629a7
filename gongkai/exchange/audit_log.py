"""The audit log out, as CSV or xlsx, with Chinese column heads. Values typed by strangers (a login
name tried at the login page) end up here, so every cell goes through `exchange.cells` (never a formula)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone
from openpyxl import Workbook

from gongkai.core.models import AuditEvent
from gongkai.exchange.cells import neutralise, xlsx_row

HEADERS = ["编号", "时间", "操作人账号", "动作代码", "动作", "对象类型", "对象编号", "对象", "详情", "IP 地址", "哈希"]


def event_row(event: AuditEvent, label: Callable[[str], str]) -> list:
    return [
        event.id,
        timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_name,
        event.action,
        label(event.action),
        event.target_type,
        event.target_id,
        event.target_repr,
        json.dumps(event.data, ensure_ascii=False, sort_keys=True) if event.data else "",
        event.ip_address or "",
        event.hash,
    ]


class _Echo:
    def write(self, value):
        return value


def csv_lines(events: Iterable[AuditEvent], label: Callable[[str], str]) -> Iterator[str]:
    """Lines of a CSV for a streaming response; the first carries a BOM so that Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADERS)
    for event in events:
        yield writer.writerow([neutralise(v) for v in event_row(event, label)])


def xlsx_bytes(events: Iterable[AuditEvent], label: Callable[[str], str]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计日志")
    sheet.append(HEADERS)
    for event in events:
        sheet.append(xlsx_row(sheet, event_row(event, label)))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
