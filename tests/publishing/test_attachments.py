"""Attachments are judged by content, not by name; oversize files, macros and zip bombs are refused."""

import io
import zipfile

import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.publishing import services
from gongkai.publishing.attachments import AttachmentRefused, Limits, check_attachment, detect_kind
from gongkai.publishing.models import private_storage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


CT_DOCX = (b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/'
           b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
CT_DOCM = (b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="application/'
           b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>')
DOCX = _zip({"[Content_Types].xml": CT_DOCX, "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def test_kinds_by_content():
    assert detect_kind(PDF) == "pdf"
    assert detect_kind(PNG) == "png"
    assert detect_kind(JPEG) == "jpeg"
    assert detect_kind(DOCX) == "docx"
    assert detect_kind(XLSX) == "xlsx"
    assert detect_kind(OLE + "WordDocument".encode("utf-16-le")) == "doc"
    assert detect_kind(OLE + "Workbook".encode("utf-16-le")) == "xls"


def test_pdf_name_but_zip_content_refused():
    with pytest.raises(AttachmentRefused, match="ZIP 压缩包"):
        check_attachment("通知.pdf", _zip({"a.txt": b"hello"}))


def test_pdf_name_but_docx_content_refused():
    with pytest.raises(AttachmentRefused, match="扩展名为.pdf，但内容是Word 文档"):
        check_attachment("通知.pdf", DOCX)


def test_exe_renamed_pdf_refused():
    with pytest.raises(AttachmentRefused, match="无法识别文件类型"):
        check_attachment("名单.pdf", b"MZ\x90\x00" + b"\x00" * 64)


def test_docx_that_is_really_docm_with_macros_refused():
    data = _zip({"[Content_Types].xml": CT_DOCM, "word/document.xml": b"<w:document/>",
                 "word/vbaProject.bin": b"\x00" * 10})
    with pytest.raises(AttachmentRefused, match="宏"):
        check_attachment("报告.docx", data)


def test_macro_enabled_content_type_without_vba_part_refused():
    data = _zip({"[Content_Types].xml": CT_DOCM, "word/document.xml": b"<w:document/>"})
    with pytest.raises(AttachmentRefused, match="启用宏"):
        check_attachment("报告.docx", data)


def test_old_office_file_with_vba_storage_refused():
    data = OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 8 + "_VBA_PROJECT".encode("utf-16-le")
    with pytest.raises(AttachmentRefused, match="宏"):
        check_attachment("旧文档.doc", data)


def test_zip_bomb_refused_by_ratio():
    bomb = _zip({"[Content_Types].xml": CT_DOCX, "word/document.xml": b"\x00" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(AttachmentRefused, match="压缩炸弹"):
        check_attachment("炸弹.docx", bomb)


def test_zip_bomb_refused_by_total_size():
    data = _zip({"[Content_Types].xml": CT_DOCX, "word/document.xml": b"<w:document/>" + b"a" * 300_000})
    with pytest.raises(AttachmentRefused, match="解压后超过"):
        check_attachment("大文件.docx", data, Limits(max_uncompressed_bytes=200_000))


def test_size_limit():
    with pytest.raises(AttachmentRefused, match="超过附件上限"):
        check_attachment("大.pdf", PDF + b"0" * 2000, Limits(max_bytes=1000))


def test_empty_file_refused():
    with pytest.raises(AttachmentRefused, match="空文件"):
        check_attachment("空.pdf", b"")


def test_jpg_and_jpeg_both_accepted():
    assert check_attachment("照片.JPG", JPEG) == "jpeg"
    assert check_attachment("照片.jpeg", JPEG) == "jpeg"


@pytest.mark.django_db
def test_attachment_add_stores_original_privately_and_checks_size_setting(world, settings):
    record = world.record()
    attachment = services.attachment_add(actor=world.officer, record=record, name="通知.pdf", data=PDF)
    assert attachment.kind == "pdf" and attachment.size == len(PDF)
    assert attachment.original.storage is private_storage()
    assert not attachment.original.path.startswith(str(settings.MEDIA_ROOT) + "/")
    assert attachment.public_file.read() == PDF
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(ValidationFailed, match="超过附件上限"):
        services.attachment_add(actor=world.officer, record=record, name="另一个.pdf", data=PDF)


@pytest.mark.django_db
def test_attachment_add_refuses_disguised_file_in_chinese(world):
    record = world.record()
    with pytest.raises(ValidationFailed, match="ZIP"):
        services.attachment_add(actor=world.officer, record=record, name="名单.pdf", data=_zip({"a": b"b"}))
    assert record.attachments.count() == 0


@pytest.mark.django_db
def test_masked_public_copy_keeps_original_and_who_masked(world):
    """《条例》第十五条: the public copy is masked; the original stays private with who masked what."""
    record = world.record()
    attachment = services.attachment_add(actor=world.officer, record=record, name="名单.pdf", data=PDF)
    masked = PDF.replace(b"obj", b"OBJ")
    with pytest.raises(ValidationFailed, match="遮盖了哪些内容"):
        services.attachment_replace_public_copy(actor=world.officer, attachment=attachment, data=masked, note="")
    services.attachment_replace_public_copy(actor=world.officer, attachment=attachment, data=masked,
                                            note="遮盖身份证号中间8位")
    attachment.refresh_from_db()
    assert attachment.is_masked and attachment.masked_by == world.officer and attachment.masked_at
    assert attachment.original.read() == PDF
    assert attachment.public_file.read() == masked
    assert attachment.masking_note == "遮盖身份证号中间8位"
