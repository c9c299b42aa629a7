"""`make bench`, the issue 13 figures at a province's scale: `gongkai demo --scale N` generated into a throw-away
database, then search, reindex, oversight scan and catalog import timed on it, and the production server's pages
under wrk, each HTTP rate beside the same server's static-file rate in the same run.

    python -m gongkai.bench --only scale --scale 100        # ≥ 1,000,000 records and entries (an hour or more)

What runs, all in a temporary folder (removed afterwards):

1. for SQLite, and for PostgreSQL when a server answers (`--pg-url`, default postgres://postgres@127.0.0.1:5432;
   a database gongkai_bench_<random> created and dropped): `gongkai migrate`, then a worker process
   (`python -m gongkai.scalebench --worker`) that generates the counties without indexing them, on PostgreSQL
   runs VACUUM (ANALYZE) as an operator does after bulk loading (docs/deploy.md), rebuilds the search index the
   way `gongkai search --reindex` does (records/s), runs VACUUM (ANALYZE) again (so that autovacuum, where it is
   on, is not measured beside what follows), times the search call (first 10 hits and
   the count) over a fixed set of queries (p50/p95 with tracemalloc OFF; the memory peak is a separate pass),
   runs a full oversight scan of the first generated county and imports a 5,000-row catalog xlsx (rows/s).
2. HTTP: a private redis-server (the production cache), `gongkai collectstatic`, gunicorn with deploy/gunicorn.conf.py,
   the production settings and workers = cores, on the PostgreSQL database when there is one (else SQLite); wrk
   (gongkai/loadbench.lua, 8 connections) on one path at a time for `--http-seconds` each, after a warm-up:
   a static file, an item page as a visitor gets it (cached), the same item page and a record page with the page
   cache bypassed (a query string other than `page`: the page cache shares only pages without one), the search page,
   the county's RSS feed and the API's record list; the two uncached pages again with one connection, for their
   own latency without the queue of 8 connections on `cores` workers (`*_p95_ms_alone`).

The top-level figures (reindex, scan, import) are SQLite's, the shipped default (left out with `--no-sqlite`, which
measures PostgreSQL and HTTP only); each database's own are under
`databases`."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from gongkai import loadbench

ROOT = loadbench.ROOT
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"
QUERIES = ("低保", "教育", "补贴", "公示", "招生", "政府信息公开", "2023年", "财政预算", "不存在的词组")
UNCACHED = "bench=uncached"  # any query string but `page` bypasses the shared page cache (portal.page_cache)
ALONE = ("item_uncached", "record_uncached")  # measured a second time with one connection
SEARCH_REPEAT = 5
IMPORT_ROWS = 5_000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    at = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[at]


# --- the worker: runs inside Django, on the database of its environment ------------------------------------

def worker(args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection

    from gongkai.core import clock
    from gongkai.demo import scale

    out: dict[str, Any] = {"vendor": connection.vendor}
    began = time.perf_counter()
    generated = scale.scale_build(args.scale, seed=args.seed, index=False,
                                  records_per_county=args.records_per_county or scale.RECORDS_PER_COUNTY,
                                  entries_per_county=args.entries_per_county or scale.ENTRIES_PER_COUNTY)
    out["generation"] = {**generated.as_dict(), "seconds": round(time.perf_counter() - began, 1)}
    # The generation is a big import: VACUUM (ANALYZE) after it, as docs/deploy.md tells an operator to (after a
    # restore too, before the reindex that follows it), so that the reindex reads settled pages instead of setting
    # the hint bits of a million new rows as it goes.
    out["vacuum_seconds_before_reindex"] = _settle()
    out["reindex"] = _reindex()
    out["vacuum_seconds"] = _settle()
    # Searched on a new connection, as a web worker's is: not the one that bulk-loaded and reindexed a million
    # rows. On that one, PostgreSQL search took twice as long (medians 低保 29.6 → 12.1 ms, 公示 31.0 → 14.6 ms,
    # p95 31.2 → 22.7 ms in the same process, on the same data; Python's garbage collector had no part in it:
    # collected, disabled or frozen, the same), which is why the bench's search p95 was above what every
    # measurement apart found. Which state of that server process costs it was not pinned down.
    connection.close()
    out["search"] = _search_times()
    out["search_memory"] = _search_memory()
    from gongkai.accounts.policies import COMMAND_LINE
    from gongkai.organizations.models import Jurisdiction
    from gongkai.oversight.services import inspection_run

    # One county (the first; its size does not change with N): what an office's scan costs, whatever the
    # province holds besides.
    county = Jurisdiction.objects.get(code=scale.county_code(1))
    began = time.perf_counter()
    inspection = inspection_run(actor=COMMAND_LINE, jurisdiction=county, today=clock.today())
    out["scan"] = {"seconds": round(time.perf_counter() - began, 2), "of": f"{county.name}（第 1 个生成的县）",
                   "evaluated": inspection.totals.get("evaluated"), "found": inspection.totals.get("found")}
    out["import"] = _import(args.import_rows)
    return out


def _reindex() -> dict[str, Any]:
    """The record index rebuilt from nothing, as `gongkai search --reindex` does it."""
    from gongkai.publishing import indexing

    began = time.perf_counter()
    count = indexing.records_reindex()
    seconds = time.perf_counter() - began
    how = "publishing.indexing.records_reindex (gongkai search --reindex)"
    return {"records": int(count or 0), "seconds": round(seconds, 2), "how": how,
            "records_per_second": round(int(count or 0) / seconds, 1) if seconds else None}


def _settle() -> float | None:
    """PostgreSQL after bulk loading: VACUUM (ANALYZE), as an operator runs it after a restore or a big import,
    so that the measures below do not share the machine with autovacuum catching up on a million new rows
    (it did, in the first --scale 100 run: the static file's p95 went from 4 ms to 723 ms) and read pages whose
    hint bits and visibility map are set. SQLite: nothing (PRAGMA optimize already ran). Its seconds, or None."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return round(time.perf_counter() - began, 1)


def _queries() -> list[str]:
    """The fixed words, plus a 文号 and a title of the generated data (found as one phrase)."""
    from gongkai.publishing.models import Record

    found = list(QUERIES)
    sample = (Record.objects.filter(status="published", disclosure_attribute="proactive").exclude(document_number="")
              .order_by("pk").values_list("document_number", "title").first())
    if sample:
        found += list(sample)
    return found


def _search_once(query: str) -> int:
    from gongkai.search import services as search

    results = search.search(query, limit=10)
    len(results.documents)
    return results.total


def _search_times() -> dict[str, Any]:
    assert not tracemalloc.is_tracing(), "timing with tracemalloc on"
    queries = _queries()
    for query in queries:  # warm-up: the first call of each query fills the database's caches
        _search_once(query)
    times: list[float] = []
    per_query: dict[str, dict[str, Any]] = {}
    for query in queries:
        mine = []
        for _ in range(SEARCH_REPEAT):
            began = time.perf_counter()
            total = _search_once(query)
            mine.append((time.perf_counter() - began) * 1000)
        times += mine
        per_query[query] = {"hits": total, "median_ms": round(statistics.median(mine), 1)}
    return {"p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
            "calls": len(times), "call": "search.services.search(q, limit=10) and its total", "queries": per_query}


def _search_memory() -> dict[str, Any]:
    """A separate pass with tracemalloc on: the peak of one search call, the largest over the queries."""
    peaks = []
    for query in _queries():
        tracemalloc.start()
        _search_once(query)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return {"peak_kib_max": round(max(peaks) / 1024, 1), "peak_kib_median": round(statistics.median(peaks) / 1024, 1)}


def _import(n_rows: int = IMPORT_ROWS) -> dict[str, Any]:
    """A 5,000-row (`n_rows`) catalog xlsx (exported from a version made for it) imported into a new draft version."""
    from io import BytesIO

    from gongkai.accounts.policies import COMMAND_LINE
    from gongkai.catalog.models import Catalog, CatalogItem, CatalogVersion
    from gongkai.demo import scale
    from gongkai.exchange.catalog_export import export_catalog
    from gongkai.exchange.catalog_import import catalog_import
    from gongkai.organizations.models import Jurisdiction

    county = Jurisdiction.objects.get(code=scale.county_code(1))
    catalog = Catalog.objects.get(jurisdiction=county, tier="county", is_reference=False)
    source = CatalogVersion.objects.create(catalog=catalog, label="导入基准源", year=2099, status="draft")
    items = list(CatalogItem.objects.filter(version__catalog=catalog, version__status="published").order_by("order"))
    rows = []
    for n in range(n_rows):
        base = items[n % len(items)]
        rows.append(CatalogItem(version=source, domain_id=base.domain_id, order=n + 1, topic=base.topic,
                                name=f"{base.name}（{n // len(items) + 1}）", elements=base.elements,
                                schema=base.schema, basis=base.basis, subject=base.subject, channels=base.channels,
                                audience=base.audience, manner=base.manner, tiers=base.tiers,
                                time_limit=base.time_limit, time_limit_rule=base.time_limit_rule,
                                responsible_unit_id=base.responsible_unit_id))
    CatalogItem.objects.bulk_create(rows, batch_size=1000)
    content = export_catalog(source, "xlsx")
    source.delete()
    target = CatalogVersion.objects.create(catalog=catalog, label="导入基准", year=2099, status="draft")
    began = time.perf_counter()
    report = catalog_import(actor=COMMAND_LINE, version=target, file=BytesIO(content), filename="catalog.xlsx",
                            dry_run=False)
    seconds = time.perf_counter() - began
    imported = target.items.count()
    errors = [str(e) for e in getattr(report, "errors", [])][:3]
    target.delete()
    return {"rows": imported, "seconds": round(seconds, 2), "errors": errors,
            "rows_per_second": round(imported / seconds, 1) if seconds and imported else None}


# --- the driver ---------------------------------------------------------------------------------------------

def pg_admin_url(url: str | None) -> str | None:
    """`url` when a PostgreSQL server answers there, else None."""
    if not url:
        return None
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "pg_available.py"), url], capture_output=True,
                          check=False)
    return url if done.returncode == 0 else None


def _psql(admin_url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql)


def _worker_env(workdir: Path, database_url: str | None) -> dict[str, str]:
    env = loadbench.server_env(workdir, 0, None)
    env["CACHE_URL"] = "locmem://bench"
    env["WEB_CONCURRENCY"] = "1"  # one process: the in-process cache is fine (the production check asks)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run_worker(env: dict[str, str], log_path: Path, args: argparse.Namespace, *extra: str) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "gongkai.scalebench", "--worker", "--scale", str(args.scale), "--seed",
           str(args.seed), "--import-rows", str(args.import_rows), *extra]
    if args.records_per_county is not None:
        cmd += ["--records-per-county", str(args.records_per_county)]
    if args.entries_per_county is not None:
        cmd += ["--entries-per-county", str(args.entries_per_county)]
    with log_path.open("a") as err:
        done = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True, check=False)
    if done.returncode:
        raise loadbench.LoadBenchError(f"the bench worker failed (exit {done.returncode}):\n{loadbench._tail(log_path)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(*, scale: int = 2, seed: int = 1, records_per_county: int | None = None,
        entries_per_county: int | None = None, http_seconds: float = 10, connections: int = 8,
        pg_url: str | None = DEFAULT_PG_URL, http: bool = True, import_rows: int = IMPORT_ROWS, sqlite: bool = True,
        log=lambda line: print(line, file=sys.stderr)) -> dict[str, Any]:
    args = argparse.Namespace(scale=scale, seed=seed, records_per_county=records_per_county,
                              entries_per_county=entries_per_county, import_rows=import_rows)
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-scale-"))
    setup_log = workdir / "setup.log"
    admin = pg_admin_url(pg_url)
    pg_name = f"gongkai_bench_{secrets.token_hex(4)}"
    pg_database = admin.rsplit("/", 1)[0] + "/" + pg_name if admin else None
    result: dict[str, Any] = {"scale": scale, "seed": seed, "databases": {}, "notes": []}
    try:
        databases: list[tuple[str, str | None]] = [("sqlite", None)] if sqlite else []
        if not sqlite and not admin:
            raise loadbench.LoadBenchError(f"--no-sqlite needs PostgreSQL, which does not answer ({pg_url})")
        if admin:
            _psql(admin, f'CREATE DATABASE "{pg_name}"')
            databases.append(("postgresql", pg_database))
        else:
            result["notes"].append(f"PostgreSQL 未响应（{pg_url}），跳过 PostgreSQL 部分" if pg_url
                                   else "未要求 PostgreSQL（--no-postgresql），跳过 PostgreSQL 部分")
        for vendor, url in databases:
            env = _worker_env(workdir / vendor, url)
            (workdir / vendor).mkdir(exist_ok=True)
            log(f"scale: {vendor}: migrate, generate {scale} counties, reindex, search, scan, import…")
            loadbench._gongkai(env, setup_log, "migrate", "--noinput")
            result["databases"][vendor] = _run_worker(env, setup_log, args)
            measured = result["databases"][vendor]
            log(f"scale: {vendor}: {measured['generation']['records']} records + {measured['generation']['entries']} "
                f"entries in {measured['generation']['seconds']} s; search p50/p95 {measured['search']['p50_ms']}/"
                f"{measured['search']['p95_ms']} ms; reindex {measured['reindex']['records_per_second']} records/s")
        result["search"] = {vendor: {"p50_ms": m["search"]["p50_ms"], "p95_ms": m["search"]["p95_ms"]}
                            for vendor, m in result["databases"].items()}
        if "postgresql" not in result["search"]:
            result["search"]["postgresql"] = {"p50_ms": None, "p95_ms": None, "skipped": result["notes"][0]}
        if sqlite:
            first = result["databases"]["sqlite"]
            result["reindex_records_per_second"] = first["reindex"]["records_per_second"]
            result["scan_seconds"] = first["scan"]["seconds"]
            result["import_rows_per_second"] = first["import"]["rows_per_second"]
        else:
            first = result["databases"]["postgresql"]
            result["search"]["sqlite"] = {"p50_ms": None, "p95_ms": None, "skipped": "--no-sqlite"}
            result["notes"].append("--no-sqlite：重建索引、巡检和导入的顶层数字取自 SQLite，本次未测；PostgreSQL 的见 databases")
        result["records_and_entries"] = first["generation"]["records"] + first["generation"]["entries"]
        if http:
            vendor, url = databases[-1]
            result["http"] = _http(workdir / vendor, _worker_env(workdir / vendor, url), vendor, args,
                                   seconds=http_seconds, connections=connections, log=log)
    except BaseException:
        log(f"scale: logs kept in {workdir}")
        raise
    finally:
        if admin:
            try:
                _psql(admin, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
            except Exception as exc:  # noqa: BLE001 — report, never hide the bench's own error
                log(f"scale: could not drop {pg_name}: {exc}")
    shutil.rmtree(workdir, ignore_errors=True)
    return result


def _http(workdir: Path, worker_env: dict[str, str], vendor: str, args: argparse.Namespace, *, seconds: float,
          connections: int, log) -> dict[str, Any]:
    missing = loadbench.missing_tools()
    if missing:
        reason = f"缺少 {'、'.join(missing)}（make bench-packages 安装），跳过 HTTP 部分"
        log(reason)
        return {"skipped": reason}
    port = loadbench.free_port()
    base = f"http://127.0.0.1:{port}"
    env = loadbench.server_env(workdir, port, None)
    for key in ("DATABASE_URL",):
        if key in worker_env:
            env[key] = worker_env[key]
    env["WEB_CONCURRENCY"] = str(os.cpu_count() or 1)
    # wrk asks from one address far faster than the API's per-address limit allows: measure the API, not its 429s.
    env["GONGKAI_API_RATE_PER_IP"] = str(10**9)
    setup_log, server_log = workdir / "setup.log", workdir / "gunicorn.log"
    redis = server = None
    try:
        redis = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", str(workdir / "redis.sock"),
                                  "--save", "", "--appendonly", "no", "--dir", str(workdir)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        loadbench._gongkai(env, setup_log, "collectstatic", "--noinput")
        paths = _run_worker(env, setup_log, args, "--paths")
        with server_log.open("w") as server_out:
            server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(loadbench.GUNICORN_CONF),
                                       *loadbench.GUNICORN_FLAGS], env=env, cwd=ROOT, stdout=server_out,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        loadbench._wait_until_serving(base, server, server_log)
        for path in paths.values():
            status = loadbench._get(base + path)[0]
            if status != 200:
                raise loadbench.LoadBenchError(f"{path} answered HTTP {status} before any load")
        log(f"scale: HTTP on {vendor}, gunicorn with {env['WEB_CONCURRENCY']} workers; wrk {seconds:g} s a path")
        measured: dict[str, dict[str, Any]] = {}
        for name, path in paths.items():
            args_ = loadbench.portal_args([path])
            if seconds >= 3:  # a warm-up (short runs, as in the test, rely on the GET above)
                loadbench.wrk_result(loadbench.run_wrk(base, args_, seconds=2, connections=connections))
            one = loadbench.wrk_result(loadbench.run_wrk(base, args_, seconds=seconds, connections=connections))
            errors = loadbench.errors_of(one)
            if errors:
                log(f"scale: {path}: {errors} of {one['requests']} requests failed (not counted in its rate)")
            # Only answered requests count: a 429 or a 500 is fast and would flatter the rate.
            measured[name] = {"path": path, "requests": one["requests"], "errors": errors,
                              "rps": round((one["requests"] - errors) / (one["duration_us"] / 1e6), 1),
                              "p50_ms": loadbench._ms(one["latency_us"]["p50"]),
                              "p95_ms": loadbench._ms(one["latency_us"]["p95"])}
            if name in ALONE:
                # The same page asked by one connection at a time: its own latency, without the queue that
                # 8 connections on `cores` workers build (under load p95 ≈ connections / workers × one request).
                alone = loadbench.wrk_result(loadbench.run_wrk(base, args_, seconds=seconds, connections=1))
                measured[name]["alone"] = {"requests": alone["requests"], "errors": loadbench.errors_of(alone),
                                           "p50_ms": loadbench._ms(alone["latency_us"]["p50"]),
                                           "p95_ms": loadbench._ms(alone["latency_us"]["p95"])}
    finally:
        loadbench._stop(server)
        loadbench._stop(redis)
    static = measured["static"]["rps"] or None
    out: dict[str, Any] = {f"{name}_rps": m["rps"] for name, m in measured.items()}
    out["item_uncached_p95_ms"] = measured["item_uncached"]["p95_ms"]
    out["record_uncached_p95_ms"] = measured["record_uncached"]["p95_ms"]
    out["item_uncached_p95_ms_alone"] = measured["item_uncached"]["alone"]["p95_ms"]
    out["record_uncached_p95_ms_alone"] = measured["record_uncached"]["alone"]["p95_ms"]
    out["ratios_to_static"] = {name: round(m["rps"] / static, 3) if static else None
                               for name, m in measured.items() if name != "static"}
    out["detail"] = measured
    out["server"] = {"settings": "gongkai.settings.production", "config": "deploy/gunicorn.conf.py",
                     "workers": int(env["WEB_CONCURRENCY"]), "database": vendor, "cache": "redis (private)",
                     "wrk": f"-t 1 -c {connections} -d {seconds:g}s, one path at a time; the uncached pages "
                            f"again with -c 1 (p95_ms_alone)",
                     "uncached": f"?{UNCACHED} (the page cache shares only pages without a query string)"}
    return out


def portal_paths() -> dict[str, str]:
    """The measured paths in the first generated county: its busiest item, its latest public record."""
    import django

    django.setup()
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db.models import Count
    from django.urls import reverse

    from gongkai.catalog.models import CatalogItem
    from gongkai.demo import scale
    from gongkai.portal import selectors_records
    from gongkai.publishing.indexing import record_url

    code = scale.county_code(1)
    item = (CatalogItem.objects.filter(version__catalog__jurisdiction__code=code, version__status="published")
            .annotate(n=Count("records")).order_by("-n", "order").first())
    record = (selectors_records.public_records().filter(unit__jurisdiction__code=code)
              .select_related("unit__jurisdiction").order_by("-published_at", "-pk").first())
    if item is None or record is None:
        raise loadbench.LoadBenchError("the generated county has no item or public record")
    item_path = reverse("portal:item", kwargs={"code": code, "key": str(item.key)})
    return {
        "static": staticfiles_storage.url("gongkai/site.css"),
        "item_cached": item_path,
        "item_uncached": f"{item_path}?{UNCACHED}",
        "record_uncached": f"{record_url(record)}?{UNCACHED}",
        "search": reverse("portal:search") + "?q=%E4%BD%8E%E4%BF%9D",  # 低保
        "feed": reverse("portal:feed_jurisdiction_rss", kwargs={"code": code}),
        "api_list": "/api/v1/records",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Gongkai scale bench (worker side)")
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--paths", action="store_true")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--records-per-county", type=int)
    parser.add_argument("--entries-per-county", type=int)
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    args = parser.parse_args(argv)
    if not args.worker:
        sys.exit("usage: python -m gongkai.bench --only scale [--scale N]")
    out = portal_paths() if args.paths else worker(args)
    sys.stdout.write("\n" + json.dumps(out, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
