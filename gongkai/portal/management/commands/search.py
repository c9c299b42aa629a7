"""`gongkai search WORDS [--jurisdiction CODE] [--domain SLUG] [--limit N] [--json]`: search the public
records as the portal does. `gongkai search --reindex`: rebuild the record index from publishing's
public records (after a restore, or when switching databases), in batches committed one by one, with progress
in Chinese; a run stopped midway is completed by the next."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from gongkai.publishing import indexing
from gongkai.search import services as search


class Command(BaseCommand):
    help = "检索已公开的政府信息；--reindex 重建检索索引。"

    def add_arguments(self, parser):
        parser.add_argument("words", nargs="*", help="检索词，空格分隔，须全部包含")
        parser.add_argument("--jurisdiction", default="", help="12位区划代码")
        parser.add_argument("--domain", default="", help="领域标识")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--reindex", action="store_true", help="重建政府信息检索索引")

    def handle(self, *args, words, jurisdiction, domain, limit, json: bool, reindex, **options):
        if reindex:
            return self._reindex()
        query = " ".join(words).strip()
        if not query:
            raise CommandError("请给出检索词，例如：gongkai search 低保")
        filters = {"kind": indexing.KIND}
        if jurisdiction:
            filters["jurisdiction"] = jurisdiction
        if domain:
            filters["domain"] = domain
        results = search.search(query, filters=filters, limit=limit)
        rows = [{"id": d.object_id, "title": d.title, "url": d.url, "score": round(d.score, 4),
                 "published_at": d.published_at.isoformat() if d.published_at else None} for d in results]
        if json:
            self.stdout.write(_dumps({"total": results.total, "total_exact": results.total_exact, "results": rows}))
            return
        self.stdout.write(f"共 {results.total_label} 条")
        for row in rows:
            self.stdout.write(f"{row['title']}  {row['url']}")

    def _reindex(self):
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stdout.write(f"已索引 {done} / {total} 条（每秒 {rate:.0f} 条）")
            self.stdout.flush()

        count = indexing.records_reindex(progress=progress)
        self.stdout.write(f"已重建检索索引：{count} 条已公开政府信息，用时 {time.monotonic() - started:.1f} 秒。")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
