"""The printable A4 bulletin (公告) for village and community notice boards (村/社区公示栏).

One page (or more) per record: title, document number, publishing unit, date, the body, the entries as a
table, the attachments by name, and a QR code to the record online with its address printed under it, so
that a resident reading the board can find the full text and any later change. A printed copy does not
follow the record: the channels app marks copies out of date when the record changes after printing.

`bulletin_pdf` takes either a publishing Record or a plain mapping with the keys of `BulletinContent`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import nh3
import segno
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.exchange.pdf import html_to_pdf

# What a bulletin keeps of a record's body: text structure and tables, nothing active, no images
# (a record's images are its attachments; on paper they would come out as empty frames).
BODY_TAGS = {
    "p", "br", "div", "span", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "hr", "pre", "a",
}
BODY_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "a": {"href"}}
WIDE_TABLE_COLUMNS = 6  # from this many columns on, the entries table uses a smaller type


@dataclass
class BulletinContent:
    title: str
    unit: str = ""
    document_number: str = ""
    index_number: str = ""
    published_on: datetime.date | None = None
    body_html: str = ""
    entry_columns: list[str] = field(default_factory=list)
    entry_rows: list[list[str]] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    revision: int | None = None
    jurisdiction: str = ""
    # The attribute printed under the date (在文件上标注): a bulletin on a public board is 主动公开 by nature.
    attribute_mark: str = "此件主动公开"


def chinese_date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def sanitise_body(html: str) -> str:
    """Again, even though publishing sanitises on save: the PDF renderer fetches what it is given."""
    return nh3.clean(html or "", tags=BODY_TAGS, attributes=BODY_ATTRIBUTES, url_schemes={"http", "https"},
                     link_rel=None)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return chinese_date(value)
    if isinstance(value, list | tuple):
        return "、".join(_text(v) for v in value)
    return str(value)


def content_from_mapping(data: Mapping[str, Any]) -> BulletinContent:
    """A mapping with the fields of BulletinContent. Entries may also be given as `entries`: a list of
    dicts (columns in the order of the first one's keys, unless `entry_columns` names them)."""
    columns = list(data.get("entry_columns") or [])
    rows = [[_text(v) for v in row] for row in data.get("entry_rows") or []]
    entries = data.get("entries") or []
    if entries and not rows:
        if not columns:
            for entry in entries:
                columns.extend(k for k in entry if k not in columns)
        rows = [[_text(entry.get(c)) for c in columns] for entry in entries]
    attachments = [a if isinstance(a, str) else _text(a.get("name") if isinstance(a, Mapping) else a)
                   for a in data.get("attachments") or []]
    return BulletinContent(
        title=_text(data.get("title")).strip(),
        unit=_text(data.get("unit")),
        document_number=_text(data.get("document_number")),
        index_number=_text(data.get("index_number")),
        published_on=data.get("published_on"),
        body_html=data.get("body_html") or data.get("body") or "",
        entry_columns=[_text(c) for c in columns],
        entry_rows=rows,
        attachments=attachments,
        revision=data.get("revision"),
        jurisdiction=_text(data.get("jurisdiction")),
        attribute_mark=_text(data.get("attribute_mark") or "此件主动公开"),
    )


def _entry_table(record: Any) -> tuple[list[str], list[list[str]]]:
    from gongkai.publishing.selectors import public_entry_table

    return public_entry_table(record)


def content_from_record(record: Any, revision: Any = None) -> BulletinContent:
    """A publishing Record as the public sees it: its public revision (or `revision`), entries, unit."""
    revision = revision or record.public_revision
    if revision is None:
        raise ValidationFailed(f"“{record.title}”还没有公开版本，不能打印公告。")
    columns, rows = _entry_table(record)
    published = revision.published_at or record.published_at
    return BulletinContent(
        title=revision.title,
        unit=record.unit.name,
        document_number=revision.document_number,
        index_number=record.index_number,
        published_on=timezone.localtime(published).date() if published else None,
        body_html=revision.body,
        entry_columns=columns,
        entry_rows=rows,
        attachments=[a.get("name", "") if isinstance(a, Mapping) else str(a) for a in revision.attachments or []],
        revision=revision.number,
        jurisdiction=record.unit.jurisdiction.name,
        attribute_mark=record.attribute_mark,
    )


def bulletin_content(record: Any, revision: Any = None) -> BulletinContent:
    if isinstance(record, BulletinContent):
        return record
    if isinstance(record, Mapping):
        return content_from_mapping(record)
    return content_from_record(record, revision)


def qr_data_uri(url: str) -> str:
    """A PNG QR code (error correction M, 4-module quiet zone) as a data: URI, so the PDF needs no fetch."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=8, border=4)


def bulletin_html(content: BulletinContent, *, public_url: str, printed_on: datetime.date) -> str:
    if not content.title:
        raise ValidationFailed("无法生成公告：政府信息没有标题。")
    if not public_url:
        raise ValidationFailed("无法生成公告：缺少网上原文的地址（用于二维码）。")
    return render_to_string("exchange/bulletin.html", {
        "c": content,
        "body": sanitise_body(content.body_html),
        "published_on": chinese_date(content.published_on),
        "printed_on": chinese_date(printed_on),
        "public_url": public_url,
        "qr": qr_data_uri(public_url),
        "wide_table": len(content.entry_columns) >= WIDE_TABLE_COLUMNS,
    })


def bulletin_pdf(record: Any, *, public_url: str, printed_on: datetime.date | None = None,
                 revision: Any = None) -> bytes:
    """The A4 bulletin PDF for a record (a Record — its public revision unless `revision` is given —, a
    mapping, or BulletinContent). `public_url` is the absolute address of the record's public page;
    `printed_on` defaults to today."""
    content = bulletin_content(record, revision)
    return html_to_pdf(bulletin_html(content, public_url=public_url,
                                     printed_on=printed_on or clock.today()))

