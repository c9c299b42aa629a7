"""Judging an uploaded attachment by its content, not its name. Pure: no Django.

Allowed kinds: pdf, doc/docx, xls/xlsx, png, jpeg. Refused, each with a Chinese message: files over the
size limit; content that is none of the allowed kinds; a name whose extension says another kind than
the content (a .pdf that is a zip); macro-enabled Office files (vbaProject.bin, macroEnabled content
types, VBA storages in old .doc/.xls); zip bombs (too many members, too much uncompressed data, too
high a compression ratio — measured by actually inflating, not by trusting the headers)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_RATIO = 100
DEFAULT_MAX_MEMBERS = 5000

KIND_LABELS = {
    "pdf": "PDF 文档", "doc": "Word 97-2003 文档", "docx": "Word 文档", "xls": "Excel 97-2003 工作簿",
    "xlsx": "Excel 工作簿", "png": "PNG 图片", "jpeg": "JPEG 图片",
}
EXTENSIONS = {
    "pdf": {"pdf"}, "doc": {"doc"}, "docx": {"docx"}, "xls": {"xls"}, "xlsx": {"xlsx"}, "png": {"png"},
    "jpeg": {"jpg", "jpeg"},
}
ALLOWED_NAMES = "PDF、Word（doc/docx）、Excel（xls/xlsx）、PNG 或 JPEG 图片"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


class AttachmentRefused(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
    max_ratio: int = DEFAULT_MAX_RATIO
    max_members: int = DEFAULT_MAX_MEMBERS


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n} 字节"


def _ole_kind(data: bytes) -> str:
    if _utf16("_VBA_PROJECT") in data or _utf16("Macros") in data or _utf16("VBA") + b"\x00\x00" in data:
        raise AttachmentRefused("文件包含宏（VBA 代码），不能作为附件上传。请另存为不含宏的文档后再上传。")
    if _utf16("WordDocument") in data:
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    raise AttachmentRefused(f"无法识别的 Office 97-2003 文件，只能上传{ALLOWED_NAMES}。")


def _zip_kind(data: bytes, limits: Limits) -> str:  # noqa: C901 — one branch per office format inside a zip
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise AttachmentRefused("文件已损坏，无法读取。") from exc
    if len(members) > limits.max_members:
        raise AttachmentRefused(f"文件内包含的部件过多（{len(members)} 个），疑似压缩炸弹，已拒绝。")
    names = {m.filename for m in members}
    lowered = {n.lower() for n in names}
    if any(n.endswith("vbaproject.bin") or n.endswith("vbadata.xml") for n in lowered):
        raise AttachmentRefused("文件包含宏（vbaProject.bin），不能作为附件上传。请另存为 docx 或 xlsx 后再上传。")
    # Inflate everything with a running cap: the headers' sizes can lie.
    total = 0
    compressed = max(len(data), 1)
    content_types = b""
    for member in members:
        try:
            with archive.open(member) as handle:
                chunks = []
                while True:
                    chunk = handle.read(64 * 1024)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > limits.max_uncompressed_bytes:
                        raise AttachmentRefused(
                            f"文件解压后超过 {_mb(limits.max_uncompressed_bytes)}，疑似压缩炸弹，已拒绝。")
                    if total > compressed * limits.max_ratio and total > 1024 * 1024:
                        raise AttachmentRefused(
                            f"文件压缩比超过 {limits.max_ratio} 倍，疑似压缩炸弹，已拒绝。")
                    if member.filename == "[Content_Types].xml":
                        chunks.append(chunk)
                if chunks:
                    content_types = b"".join(chunks)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
            raise AttachmentRefused("文件已损坏或已加密，无法读取。") from exc
    if b"macroenabled" in content_types.lower():
        raise AttachmentRefused("文件是启用宏的 Office 文档（docm/xlsm），不能作为附件上传。请另存为 docx 或 xlsx 后再上传。")
    if "[Content_Types].xml" not in names:
        raise AttachmentRefused(f"文件是 ZIP 压缩包，不是允许的附件类型。只能上传{ALLOWED_NAMES}。")
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise AttachmentRefused(f"文件是其他 Office 格式（如 pptx），不是允许的附件类型。只能上传{ALLOWED_NAMES}。")


def detect_kind(data: bytes, limits: Limits = Limits()) -> str:
    """The kind of a file judged by its bytes, or AttachmentRefused."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(_OLE):
        return _ole_kind(data)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, limits)
    raise AttachmentRefused(f"无法识别文件类型，只能上传{ALLOWED_NAMES}。")


def check_attachment(name: str, data: bytes, limits: Limits = Limits()) -> str:
    """Check an upload; return its kind. Refuses empty and oversize files, unknown or disguised content,
    macros and zip bombs."""
    if not data:
        raise AttachmentRefused(f"文件“{name}”是空文件。")
    if len(data) > limits.max_bytes:
        raise AttachmentRefused(f"文件“{name}”大小为 {_mb(len(data))}，超过附件上限 {_mb(limits.max_bytes)}。")
    kind = detect_kind(data, limits)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in {"docm", "xlsm", "dotm", "xltm", "xlam"}:
        raise AttachmentRefused("文件是启用宏的 Office 文档，不能作为附件上传。请另存为 docx 或 xlsx 后再上传。")
    if extension not in EXTENSIONS[kind]:
        shown = f".{extension}" if extension else "（无扩展名）"
        raise AttachmentRefused(
            f"文件“{name}”的扩展名为{shown}，但内容是{KIND_LABELS[kind]}。请核对文件后重新上传。")
    return kind
