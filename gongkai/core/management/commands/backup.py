"""gongkai backup [ARCHIVE]: the database and both file stores in one archive with a manifest of hashes."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.core import backup, clock
from gongkai.core.audit import record_event
from gongkai.core.errors import GongkaiError


class Command(BaseCommand):
    help = "备份数据库和文件（公开文件、附件原件）到一个归档文件，附 SHA-256 清单。"

    def add_arguments(self, parser):
        parser.add_argument("archive", nargs="?", help="归档文件路径（默认 var/backups/gongkai-日期时间.tar.gz）")

    def handle(self, *args, archive=None, **options):
        target = Path(archive) if archive else (
            Path(settings.VAR_DIR) / "backups" / f"gongkai-{clock.now():%Y%m%d-%H%M%S}.tar.gz")
        try:
            report = backup.backup_create(target)
        except GongkaiError as exc:
            raise CommandError(exc.message)
        except FileNotFoundError as exc:
            raise CommandError(f"找不到备份所需的程序：{exc.filename}（PostgreSQL 需要 pg_dump）")
        record_event(actor_name="system", action="backup.created",
                     data={"archive": target.name, "files": report.files, "audit_events": report.events})
        self.stdout.write(f"已备份到 {report.archive}：数据库、{report.files} 个文件、{report.events} 条审计日志。")
        self.stdout.write("备份文件含个人信息，请加密保存并限制访问。")
