"""`gongkai attachment-text-recover`: queue again the reading of attachments' text that a killed worker or a lost
job left (识别中 without progress, or 待识别 not taken up, for GONGKAI_TEXT_STALL_MINUTES). Every `gongkai worker`
does this as it starts; cron runs it every 10 minutes, so that a worker restarted at once after a kill (systemd)
does not leave a row waiting until its next start."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongkai.publishing.attachment_text import attachments_text_recover


class Command(BaseCommand):
    help = "重新排队文字识别中断或长时间未开始的附件（被中止的后台任务）"

    def handle(self, *args, **options):
        count = attachments_text_recover()
        self.stdout.write(f"已重新排队 {count} 个附件的文字识别。")
