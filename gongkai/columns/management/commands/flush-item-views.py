"""`gongkai flush-item-views`: write the views and searches counted in the cache into ItemViewDay (高频事项 learn
from them). Every process's counts when the cache is Redis; run it every few minutes from cron."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongkai.columns.services import item_counts_flush


class Command(BaseCommand):
    help = "将缓存中累计的事项浏览和检索次数写入数据库（高频事项）"

    def handle(self, *args, **options):
        rows = item_counts_flush(shared=True)
        self.stdout.write(f"已写入 {rows} 条事项浏览计数。")
