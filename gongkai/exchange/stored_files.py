"""Documents rendered once per version and served from storage.

Rendering a catalog as Word or an annual report as Word or PDF takes seconds; its content only changes
when the catalog version or the report changes. `stored` keeps each rendering in Django storage under a
name derived from what it was rendered from (the stamp) and serves the stored bytes afterwards; a new
stamp renders again and removes the older files of the same document, so a changed version is never
served stale. LAYOUT is part of every stamp: raise it when a layout changes, and every document is
rendered again on its next request."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

LAYOUT = "3"
ROOT = "rendered"


def _path(name: str, stamp: str, ext: str) -> tuple[str, str]:
    folder = f"{ROOT}/{name}"
    digest = hashlib.sha256(f"{LAYOUT}|{stamp}".encode()).hexdigest()[:24]
    return folder, f"{folder}/{digest}.{ext}"


def stored(name: str, stamp: str, ext: str, render: Callable[[], bytes | str]) -> bytes:
    """The document `name` as rendered for `stamp`: from storage when it is there, else rendered now and
    kept (the older renderings of `name` removed)."""
    folder, path = _path(name, stamp, ext)
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as handle:
            return handle.read()
    content = render()
    if isinstance(content, str):
        content = content.encode("utf-8")
    content = bytes(content)
    try:
        _dirs, older = default_storage.listdir(folder)
    except FileNotFoundError:
        older = []
    for old in older:
        default_storage.delete(f"{folder}/{old}")
    default_storage.save(path, ContentFile(content))
    return content


def forget(name: str) -> None:
    """Remove every stored rendering of `name` (a deleted version or report)."""
    try:
        _dirs, files = default_storage.listdir(f"{ROOT}/{name}")
    except FileNotFoundError:
        return
    for old in files:
        default_storage.delete(f"{ROOT}/{name}/{old}")


# --- the documents ---------------------------------------------------------------------------------

def _ts(value) -> str:
    return value.isoformat() if value else ""


def catalog_file(version, fmt: str, *, internal: bool = False) -> bytes:
    """A catalog version as xlsx, docx or csv (csv with the BOM Excel needs). Versions that can still be
    edited are rendered every time; the others once per state. The office's internal file (with the
    responsible persons' names and phones, catalog_export) is rendered every time and never stored: no
    copy of personal data sits in storage, and a renamed account is never served stale."""
    from gongkai.exchange import catalog_export

    def render() -> bytes:
        content = catalog_export.export_catalog(version, fmt, internal=internal)
        return content.encode("utf-8-sig") if isinstance(content, str) else bytes(content)

    if version.is_editable or internal:
        return render()
    stamp = f"{version.status}|{_ts(version.published_at)}|{_ts(version.decided_at)}|{_ts(version.updated_at)}"
    return stored(f"catalog/{version.pk}/{fmt}", stamp, fmt, render)


def report_file(report, fmt: str) -> bytes:
    """An annual report as docx or pdf, rendered once per saved state of the report."""
    from gongkai.exchange import annual_report_files as files

    render = (lambda: files.report_docx(report)) if fmt == "docx" else (lambda: files.report_pdf(report))
    stamp = f"{_ts(report.updated_at)}|{_ts(report.published_at)}"
    return stored(f"report/{report.pk}/{fmt}", stamp, fmt, render)


def handbook_file(jurisdiction) -> bytes:
    """A jurisdiction's 办事一本通 (PDF), rendered once per change of its guides."""
    from gongkai.exchange import service_handbook
    from gongkai.guides.selectors import handbook_stamp

    return stored(f"handbook/{jurisdiction.pk}/pdf", handbook_stamp(jurisdiction), "pdf",
                  lambda: service_handbook.handbook_pdf(jurisdiction))
