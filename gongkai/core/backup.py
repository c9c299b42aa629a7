"""Backup and restore of a whole installation: the database, the public file store (MEDIA_ROOT) and the
private one (GONGKAI_PRIVATE_ROOT: originals of attachments, never served), in one archive with a
manifest of SHA-256 hashes.

- SQLite is copied with SQLite's online backup API (consistent while the site keeps running);
  PostgreSQL with `pg_dump --format=custom` (restored with `pg_restore`).
- Restore goes only into an empty installation (no accounts, no audit events, empty file stores) unless
  forced; every file is checked against the manifest *before* anything is written, and after the
  restore the files are checked again and the audit chain is verified (core.audit.verify_chain).

Only local file stores (FileSystemStorage) are archived; an object store (STORAGE_BACKEND=s3) backs itself up
(bucket versioning or replication, docs/deploy.md)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from gongkai.core import clock
from gongkai.core.audit import read_anchors, verify_chain
from gongkai.core.errors import ValidationFailed
from gongkai.core.models import AuditEvent

FORMAT = "gongkai-backup-1"
SQLITE_MEMBER = "database/gongkai.sqlite3"
PG_MEMBER = "database/gongkai.pgdump"


def file_stores() -> dict[str, Path]:
    """The local folders whose files belong to the installation, by their name in the archive."""
    from django.core.files.storage import storages

    from gongkai.core.storage import is_local, private_storage

    media = Path(settings.MEDIA_ROOT)
    private = getattr(settings, "GONGKAI_PRIVATE_ROOT", None) or str(media.parent / (media.name + "-private"))
    stores = {"media": Path(media), "private": Path(private)}
    local = {"media": is_local(storages["default"]), "private": is_local(private_storage)}
    return {name: folder for name, folder in stores.items() if local[name]}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _database_dump(target: Path) -> str:
    """Write the database to `target`; the archive member name."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        out = sqlite3.connect(target)
        try:
            connection.connection.backup(out)
        finally:
            out.close()
        return SQLITE_MEMBER
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        args, env = _pg_env(db)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
                        *args, str(db["NAME"])], env=env, check=True, capture_output=True)
        return PG_MEMBER
    raise ValidationFailed(f"不支持备份 {connection.vendor} 数据库。")


@dataclass
class BackupReport:
    archive: Path
    files: int
    events: int
    manifest: dict = field(repr=False, default_factory=dict)


def backup_create(archive: Path) -> BackupReport:
    """Write one .tar.gz archive: database, file stores, manifest.json (hashes, counts, chain head)."""
    archive = Path(archive)
    entries: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="gongkai-backup-") as tmp:
        dump = Path(tmp) / "database"
        member = _database_dump(dump)
        entries[member] = {"sha256": _sha256(dump), "size": dump.stat().st_size}
        last = AuditEvent.objects.order_by("-id").only("hash").first()
        manifest: dict[str, Any] = {
            "format": FORMAT, "created_at": clock.now().isoformat(), "database": connection.vendor,
            "audit_events": AuditEvent.objects.count(), "audit_head": last.hash if last else "",
            "files": entries,
        }
        stores = file_stores()
        for name, root in stores.items():
            for path in _files(root):
                entries[f"files/{name}/{path.relative_to(root).as_posix()}"] = {
                    "sha256": _sha256(path), "size": path.stat().st_size}
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime, info.mode = len(body), int(clock.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(body))
            tar.add(dump, arcname=member, recursive=False)
            for name, root in stores.items():
                for path in _files(root):
                    tar.add(path, arcname=f"files/{name}/{path.relative_to(root).as_posix()}", recursive=False)
        os.chmod(partial, 0o600)  # the archive holds personal data
        partial.replace(archive)
    return BackupReport(archive, len(entries) - 1, manifest["audit_events"], manifest)


def installation_is_empty() -> list[str]:
    """What makes this installation not empty (in Chinese); [] when it is empty."""
    from django.contrib.auth import get_user_model

    found = []
    try:
        if get_user_model().objects.exists():
            found.append("数据库中已有账号")
        if AuditEvent.objects.exists():
            found.append("数据库中已有审计日志")
    except Exception:  # noqa: BLE001 — a database never migrated is empty
        pass
    for root in file_stores().values():
        if _files(root):
            found.append(f"文件目录 {root} 不是空的")
    return found


@dataclass
class RestoreReport:
    files: int
    events: int
    chain_ok: bool
    chain_reason: str = ""


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in tar.getmembers():
        name = member.name
        if name.startswith("/") or ".." in Path(name).parts or not (member.isfile() or member.isdir()):
            raise ValidationFailed(f"备份文件中有不安全的条目：{name}")
        members.append(member)
    return members


def _verified_extract(archive: Path, into: Path) -> dict:
    """Extract into `into` and check every file against the manifest; the manifest."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            members = _safe_members(tar)
            tar.extractall(into, members=members, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise ValidationFailed(f"无法读取备份文件：{exc}")
    manifest_path = into / "manifest.json"
    if not manifest_path.is_file():
        raise ValidationFailed("备份文件中没有 manifest.json，不是本系统的备份。")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ValidationFailed("备份文件格式无法识别。")
    listed = set(manifest["files"])
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {"manifest.json"}
    if present - listed:
        raise ValidationFailed(f"备份文件中有清单以外的文件：{sorted(present - listed)[0]}")
    for name, expected in manifest["files"].items():
        path = into / name
        if not path.is_file():
            raise ValidationFailed(f"备份文件缺少 {name}。")
        if _sha256(path) != expected["sha256"]:
            raise ValidationFailed(f"备份文件中的 {name} 与清单中的哈希不符（文件已损坏或被改动）。")
    return manifest


def _database_restore(source: Path, member: str) -> None:
    if member == SQLITE_MEMBER:
        if connection.vendor != "sqlite":
            raise ValidationFailed("该备份来自 SQLite 数据库，当前配置的是其他数据库。")
        connection.ensure_connection()
        src = sqlite3.connect(source)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
        return
    if connection.vendor != "postgresql":
        raise ValidationFailed("该备份来自 PostgreSQL 数据库，当前配置的是其他数据库。")
    db = connection.settings_dict
    args, env = _pg_env(db)
    connection.close()
    result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                             "--single-transaction", "--dbname", str(db["NAME"]), *args, str(source)],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise ValidationFailed(f"pg_restore 失败：{result.stderr.strip()[:500]}")


def _refuse_remote_stores(manifest: dict[str, Any], stores: dict[str, Path]) -> None:
    """Files of a store this installation keeps in an object store are not restored into it from here."""
    remote = sorted({n.split("/", 2)[1] for n in manifest["files"] if n.startswith("files/")} - set(stores))
    if remote:
        raise ValidationFailed(f"备份中有文件（{'、'.join(remote)}），而本安装的文件存放在对象存储中；"
                               "请在本地存储的安装中恢复后，再把文件复制到存储桶。")


def backup_restore(archive: Path, *, force: bool = False) -> RestoreReport:
    """Restore `archive` into this installation (empty unless `force`), then verify files and chain."""
    archive = Path(archive)
    if not archive.is_file():
        raise ValidationFailed(f"找不到备份文件 {archive}。")
    if not force:
        reasons = installation_is_empty()
        if reasons:
            raise ValidationFailed("当前安装不是空的（" + "；".join(reasons) + "），为免覆盖现有数据，恢复已取消。"
                                   "确认要覆盖时请加 --force。")
    with tempfile.TemporaryDirectory(prefix="gongkai-restore-") as tmp:
        into = Path(tmp)
        manifest = _verified_extract(archive, into)
        member = SQLITE_MEMBER if SQLITE_MEMBER in manifest["files"] else PG_MEMBER
        stores = file_stores()
        _refuse_remote_stores(manifest, stores)
        _database_restore(into / member, member)
        for name, root in stores.items():
            source = into / "files" / name
            if force and root.is_dir():
                shutil.rmtree(root)
            root.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, root, dirs_exist_ok=True)
    restored = 0
    for name, expected in manifest["files"].items():
        if not name.startswith("files/"):
            continue
        _, store, relative = name.split("/", 2)
        path = stores[store] / relative
        if not path.is_file() or _sha256(path) != expected["sha256"]:
            raise ValidationFailed(f"恢复后的文件 {store}/{relative} 与备份清单不符。")
        restored += 1
    # A chain purged for retention starts from its purge anchor; the other anchors of this host may be
    # newer than the backup and are not the restore's business (`gongkai audit verify` checks them).
    try:
        purge_anchors = [a for a in read_anchors() if a.purged]
    except (ValueError, OSError):
        purge_anchors = []
    report = verify_chain(anchors=purge_anchors)
    events = AuditEvent.objects.count()
    if events != manifest["audit_events"]:
        return RestoreReport(restored, events, False, f"审计日志条数 {events} 与备份时的 {manifest['audit_events']} 不符")
    return RestoreReport(restored, events, report.ok, report.reason)
