"""Benchmarks of oversight for `make bench` (called from gongkai.bench): a full scan of the demo county and of a
generated county of many records, and an unchanged rescan, each against reading the same facts (the queries alone),
in the same run. The unchanged rescan reports its per-target work: `read` (facts read and fingerprinted: only the
collectors without a watermark run, `collectors_read`: public_links, which asks the file storage, and
new_media_accounts) and
`evaluated` (0), with `rules_unchanged` the rules whose watermark was unchanged (`oversight.watermarks`). The generated records are written with bulk inserts, not through the services: the bench measures
the scan, not publishing."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

BENCH_CODE = "439901000000"


def generate_county(n_records: int, seed: int = 7) -> object:
    """A county (code 439901) with 40 units, a published catalog of 200 items and `n_records` public records spread
    over them (a few late), with their public revisions and item links."""
    from gongkai.catalog.models import Catalog, CatalogItem, CatalogVersion, Domain, Tier, VersionStatus
    from gongkai.organizations.models import Jurisdiction, JurisdictionLevel, Unit
    from gongkai.publishing.models import Record, RecordRevision

    rng = random.Random(seed)
    with transaction.atomic():
        county = Jurisdiction.objects.create(code=BENCH_CODE, name="基准测试县", level=JurisdictionLevel.COUNTY)
        units = Unit.objects.bulk_create([Unit(jurisdiction=county, name=f"基准单位{i}", handle=f"bench{i}@bench")
                                          for i in range(40)])
        catalog = Catalog.objects.create(jurisdiction=county, tier=Tier.COUNTY, title="基准测试县公开事项目录")
        version = CatalogVersion.objects.create(catalog=catalog, label="2021版", year=2021,
                                                status=VersionStatus.PUBLISHED,
                                                published_at=datetime(2021, 6, 30, tzinfo=UTC))
        domains = list(Domain.objects.order_by("order")[:20])
        names = ("工作动态", "通知公告", "政策文件", "人事任免", "学校名录", "项目清单", "补贴名单", "规划计划")
        items = CatalogItem.objects.bulk_create([
            CatalogItem(version=version, domain=domains[i % len(domains)], order=i, topic=f"一级事项{i // 8}",
                        name=f"{names[i % len(names)]}{i}", responsible_unit=units[i % len(units)],
                        time_limit="信息形成或者变更之日起20个工作日内",
                        time_limit_rule={"kind": "working_days", "days": 20, "event": "formed_or_changed",
                                         "text": "信息形成或者变更之日起20个工作日内", "parsed": True})
            for i in range(200)])
        start = date(2021, 1, 4)
        through = Record.items.through
        for chunk in range(0, n_records, 5000):
            size = min(5000, n_records - chunk)
            records, links = [], []
            for k in range(size):
                i = chunk + k
                item = items[rng.randrange(len(items) - 10)]  # the last ten items stay blank
                formed = start + timedelta(days=rng.randrange(1800))
                late = rng.random() < 0.02
                published = formed + timedelta(days=rng.randrange(40, 90) if late else rng.randrange(0, 10))
                records.append(Record(
                    unit=item.responsible_unit, title=f"基准信息{i}", formed_on=formed, index_number=f"BENCH-{i}",
                    index_year=formed.year, index_sequence=i, disclosure_attribute="proactive", status="published",
                    published_at=timezone.make_aware(datetime.combine(published, datetime.min.time())),
                    body="<p>基准测试正文。</p>"))
                links.append(item)
            Record.objects.bulk_create(records, batch_size=1000)
            revisions = RecordRevision.objects.bulk_create(
                [RecordRevision(record=r, number=1, title=r.title, body=r.body, published_at=r.published_at)
                 for r in records], batch_size=1000)
            for r, rev in zip(records, revisions, strict=True):
                r.public_revision = rev
            Record.objects.bulk_update(records, ["public_revision"], batch_size=1000)
            through.objects.bulk_create([through(record_id=r.pk, catalogitem_id=item.pk)
                                         for r, item in zip(records, links, strict=True)], batch_size=1000)
    return county


def scan_benchmarks(county, *, label: str, today: date) -> list[dict]:
    """A full scan (no state kept), an unchanged rescan, and reading the facts alone, each timed once."""
    from gongkai.accounts.policies import COMMAND_LINE
    from gongkai.oversight.collect import COLLECTORS, Scope
    from gongkai.oversight.models import Finding, FindingEvent, Inspection, ScanMark, TargetState
    from gongkai.oversight.services import inspection_run

    def reset():
        FindingEvent.objects.filter(finding__jurisdiction__path__startswith=county.path).delete()
        Finding.objects.filter(jurisdiction__path__startswith=county.path).delete()
        TargetState.objects.all().delete()
        ScanMark.objects.all().delete()
        Inspection.objects.filter(jurisdiction=county).update(status="finished")

    def timed(fn):
        begin = time.perf_counter()
        result = fn()
        return round(time.perf_counter() - begin, 3), result

    facts_seconds, facts = timed(lambda: {name: len(list(collect(Scope(county))))
                                          for name, collect in COLLECTORS.items()})
    reset()
    full_seconds, full = timed(lambda: inspection_run(actor=COMMAND_LINE, jurisdiction=county, today=today))
    read_again: list[str] = []
    collectors = dict(COLLECTORS)
    def counted(name, collect):
        def read(scope):
            read_again.append(name)
            return collect(scope)
        return read

    for name, collect in collectors.items():
        COLLECTORS[name] = counted(name, collect)
    try:
        again_seconds, again = timed(lambda: inspection_run(actor=COMMAND_LINE, jurisdiction=county, today=today))
    finally:
        COLLECTORS.update(collectors)
    return [
        {"name": f"oversight_scan_{label}", "seconds": full_seconds, "facts": facts,
         "evaluated": full.totals["evaluated"], "found": full.totals["found"],
         "baseline_is": "reading the same facts (the scan's queries alone)", "baseline_seconds": facts_seconds,
         "time_ratio": round(full_seconds / facts_seconds, 2) if facts_seconds else None},
        {"name": f"oversight_rescan_unchanged_{label}", "seconds": again_seconds,
         "evaluated": again.totals["evaluated"], "skipped": again.totals["skipped"],
         # per-target work of the rescan: facts read and fingerprinted (only the collectors without a watermark:
         # public_links asks the file storage, new_media_accounts), and rules whose watermark was unchanged (nothing read)
         "read": again.totals["read"], "rules_unchanged": again.totals["rules_unchanged"],
         "collectors_read": read_again,
         "baseline_is": "reading the same facts", "baseline_seconds": facts_seconds,
         "time_ratio": round(again_seconds / facts_seconds, 2) if facts_seconds else None},
    ]
