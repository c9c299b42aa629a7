"""gongkai restore ARCHIVE [--force]: into an empty installation; files and the audit chain verified."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.core import backup
from gongkai.core.audit import record_event
from gongkai.core.errors import GongkaiError


class Command(BaseCommand):
    help = "从 gongkai backup 生成的归档恢复数据库和文件，并校验文件哈希和审计日志链。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="gongkai backup 生成的归档文件")
        parser.add_argument("--force", action="store_true", help="当前安装不是空的也覆盖（现有数据将丢失）")

    def handle(self, *args, archive, force=False, **options):
        try:
            report = backup.backup_restore(archive, force=force)
        except GongkaiError as exc:
            raise CommandError(exc.message)
        except FileNotFoundError as exc:
            raise CommandError(f"找不到恢复所需的程序：{exc.filename}（PostgreSQL 需要 pg_restore）")
        if not report.chain_ok:
            raise CommandError(f"数据和文件已恢复，但审计日志链校验未通过：{report.chain_reason}。请勿投入使用，并检查备份来源。")
        record_event(actor_name="system", action="backup.restored",
                     data={"files": report.files, "audit_events": report.events})
        self.stdout.write(f"已恢复：{report.files} 个文件哈希一致，审计日志 {report.events} 条，链校验通过。")
