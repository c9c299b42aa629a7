"""`gongkai publish-scheduled`: publish every record whose scheduled time has come (run it every few
minutes from cron or a systemd timer). Prints one line per record and any 三同步 warning."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.core.errors import GongkaiError
from gongkai.publishing.services import records_publish_due


class Command(BaseCommand):
    help = "发布定时发布时间已到的政府信息"

    def handle(self, *args, **options):
        try:
            results = records_publish_due(actor=COMMAND_LINE)
        except GongkaiError as exc:
            raise CommandError(str(exc)) from exc
        for result in results:
            self.stdout.write(f"已发布：{result.record.index_number} {result.record.title}")
            for warning in result.warnings:
                self.stdout.write(f"  提醒：{warning}")
        self.stdout.write(f"共发布 {len(results)} 条。")
