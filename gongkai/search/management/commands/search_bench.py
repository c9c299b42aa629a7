"""`gongkai search_bench [--documents N] [--keep]`: index N synthetic Chinese documents (kind "bench") and
time indexing and a set of queries on the database in use. The documents are committed (queries on a
committed, analysed index are what production sees), then removed unless --keep. Run it against a
scratch database (DATABASE_URL=…), not a live one."""

from __future__ import annotations

import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from gongkai.core import clock
from gongkai.search import services

WORDS = ("城乡低保金发放 强化学区划分 义务教育招生 残疾人两项补贴 农村危房改造 特困人员救助供养 政府信息公开 "
         "年度报告 财政预决算 重大建设项目 生态环境保护 安全生产 食品药品监管 户籍管理 社会保险 就业创业 "
         "公共文化服务 医疗卫生 住房保障 国有土地上房屋征收 涉农补贴 扶贫 市场监管 行政许可 行政处罚").split()
QUERIES = ("低保", "学区", "学区划分", "补贴 发放", "政府信息公开", "房", "不存在的词组", "2024")


class Command(BaseCommand):
    help = "检索索引性能测试（结束后全部回滚）。"

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=10_000)
        parser.add_argument("--body-chars", type=int, default=600)
        parser.add_argument("--keep", action="store_true", help="keep the documents (kind bench)")

    def handle(self, *args, documents, body_chars, keep, **options):
        rng = random.Random(34)
        now = clock.now()

        pool = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]

        def text(n, phrases=3):
            # Random characters (3000 of them) with a few real phrases and a year: most query words then
            # hit a few per cent of the documents, as in a real county's records.
            out = [rng.choice(pool) for _ in range(n)]
            for _ in range(phrases):
                at = rng.randrange(n)
                out[at:at] = [rng.choice(WORDS), "，", str(rng.randint(2015, 2025)), "年"]
            return "".join(out)

        start = time.perf_counter()
        with transaction.atomic():
            for i in range(documents):
                services.document_upsert("bench", i, title=text(16, 1), body=text(body_chars),
                                         jurisdiction_code="430503000000",
                                         published_at=now - timezone.timedelta(days=rng.randint(0, 2000)))
        indexed = time.perf_counter() - start
        self.stdout.write(f"{connection.vendor}: indexed {documents} documents in {indexed:.1f}s "
                          f"({indexed / documents * 1000:.2f} ms/document)")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for query in QUERIES:
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                results = services.search(query, limit=20)
                times.append(time.perf_counter() - t0)
            self.stdout.write(f"query {query!r}: {results.total} hits, median "
                              f"{statistics.median(times) * 1000:.1f} ms (first page of 20, with count)")
        if not keep:
            start = time.perf_counter()
            with transaction.atomic():
                for i in range(documents):
                    services.document_remove("bench", i)
            self.stdout.write(f"removed them again in {time.perf_counter() - start:.1f}s")
