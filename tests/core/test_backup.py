"""Backup and restore (issue 9, "Production recipe"): backup → wipe → restore gives the same pages, the
same files and a verified audit chain; a tampered archive and a non-empty installation are refused.
SQLite always; PostgreSQL when the suite runs there and pg_dump/pg_restore are installed."""

import hashlib
import io
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from gongkai.core.audit import record_event, verify_chain
from gongkai.core.backup import file_stores
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def stores(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.GONGKAI_PRIVATE_ROOT = str(tmp_path / "private")
    if connection.vendor == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump / pg_restore not on PATH")
    return file_stores()


def tree_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def pages(code: str, record) -> dict[str, str]:
    client = Client()
    paths = ["/", f"/j/{code}/", f"/j/{code}/latest/", f"/j/{code}/catalog/",
             record.get_absolute_url() if hasattr(record, "get_absolute_url") else f"/j/{code}/latest/"]
    out = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        out[path] = response.content.decode()
    return out


def test_backup_wipe_restore_gives_the_same_pages_files_and_chain(records, stores, tmp_path, capsys):
    code = records["county"].code
    (stores["private"] / "records" / "2024").mkdir(parents=True)
    (stores["private"] / "records" / "2024" / "低保名单原件.xlsx").write_bytes(b"original with personal data")
    (stores["media"] / "bulletins").mkdir(parents=True)
    (stores["media"] / "bulletins" / "公告.pdf").write_bytes(b"%PDF-1.7 public copy")
    record_event(actor_name="system", action="record.publish", data={"note": "before backup"})
    before_pages = pages(code, records["public"])
    before_files = {name: tree_hashes(root) for name, root in stores.items()}
    before_events = AuditEvent.objects.count()

    archive = tmp_path / "backups" / "gongkai.tar.gz"
    call_command("backup", str(archive))
    assert archive.is_file() and (archive.stat().st_mode & 0o077) == 0  # not readable by others

    # Wipe: an empty database and empty file stores, as on a new machine.
    call_command("flush", interactive=False, verbosity=0)
    for root in stores.values():
        shutil.rmtree(root, ignore_errors=True)
    assert AuditEvent.objects.count() == 0

    call_command("restore", str(archive))
    assert "链校验通过" in capsys.readouterr().out
    assert pages(code, records["public"]) == before_pages
    assert {name: tree_hashes(root) for name, root in stores.items()} == before_files
    report = verify_chain()
    assert report.ok and report.checked == before_events + 1  # + backup.restored
    assert AuditEvent.objects.order_by("-id").first().action == "backup.restored"


def test_restore_refuses_a_non_empty_installation_unless_forced(records, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(archive))
    call_command("restore", str(archive), force=True)
    assert verify_chain().ok


def test_a_tampered_archive_is_refused_before_anything_is_written(records, stores, tmp_path):
    (stores["private"] / "a.txt").parent.mkdir(parents=True, exist_ok=True)
    (stores["private"] / "a.txt").write_bytes(b"original")
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name == "files/private/a.txt":
                data = b"swapped!"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    call_command("flush", interactive=False, verbosity=0)
    for root in stores.values():
        shutil.rmtree(root, ignore_errors=True)
    with pytest.raises(CommandError, match="哈希不符"):
        call_command("restore", str(tampered))
    assert AuditEvent.objects.count() == 0 and not (stores["private"] / "a.txt").exists()
