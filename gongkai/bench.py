"""`make bench`: speed and memory of the heavy paths, as JSON, each against a baseline measured in the
same run on the same machine, so that the ratio holds when the machine's speed drifts.

Run: `python -m gongkai.bench [--scale N] [--only scale|speed|load] [--repeat N] [--load-seconds N]`; the JSON is
printed and written to var/bench.json. It works on throw-away databases in a temporary folder. Sections:

- `scale` (top-level keys; gongkai/scalebench.py): N generated counties (`gongkai demo --scale N`, default 2; 100
  makes ≥ 1,000,000 records and entries and takes an hour or more on 2 cores), search p50/p95 on SQLite and
  PostgreSQL (when a server answers), reindex records/s, a full oversight scan, a 5,000-row catalog import, and
  the production server's pages under wrk against its static-file rate (`http`);
- `speed` (below): catalog files, stored documents, the oversight scan of a generated county;
- `load` (gongkai/loadbench.py): the production server under the portal's load and a login flood, 10 minutes
  by default — `--load-seconds 20` to try it.

Timings run with tracemalloc off; memory is measured in a separate pass."""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def measure(fn, repeat: int) -> dict:
    """Times with tracemalloc off, then the memory peak in a separate pass (tracing slows Python code several
    times over, so a timing taken under it measures the tracer)."""
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    for _ in range(min(repeat, 1)):
        tracemalloc.start()
        fn()
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return {"seconds_median": round(statistics.median(times), 4), "seconds_min": round(min(times), 4),
            "peak_kib_median": round(statistics.median(peaks) / 1024, 1)}


def compare(name: str, subject, baseline, repeat: int, note: str) -> dict:
    a, b = measure(subject, repeat), measure(baseline, repeat)
    return {"name": name, "subject": a, "baseline": b, "baseline_is": note,
            "time_ratio": round(a["seconds_median"] / b["seconds_median"], 2) if b["seconds_median"] else None,
            "memory_ratio": round(a["peak_kib_median"] / b["peak_kib_median"], 2) if b["peak_kib_median"] else None}


def machine() -> dict:
    """What the figures were measured on (they hold for this machine only)."""
    import platform
    import sqlite3

    info: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "platform": platform.platform(),
                  "sqlite": sqlite3.sqlite_version,
                  # other work on the machine skews every figure: the load average when the run started
                  "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
                  # and so does a shared host (a virtual machine's neighbours): the speed of one core at the start
                  # (machine_at_end gives it again, with the share of time the host took away meanwhile)
                  "python_loop_ms_at_start": python_loop_ms()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")),
                     "")
        if model:
            info["cpu"] = model
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8", errors="replace").split()
        info["memory_gib"] = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        import subprocess

        out = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False, timeout=5).stdout
        if out:
            info["postgresql_client"] = out.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return info


LOOP = 2_000_000


def python_loop_ms() -> float:
    """One core's speed as this run saw it: the best of five runs of a fixed pure-Python loop (milliseconds). On a
    shared virtual machine it drifts during a run; every figure of the run drifts with it."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(LOOP):
            total += i
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


def cpu_times() -> list[int] | None:
    """The machine's CPU time counters (/proc/stat: user, nice, system, idle, iowait, irq, softirq, steal…), or None
    where there is no /proc."""
    try:
        first = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()
    except (OSError, IndexError, UnicodeDecodeError):
        return None
    return [int(x) for x in first[1:9]] if first and first[0] == "cpu" else None


def steal_percent(before: list[int] | None, after: list[int] | None) -> float | None:
    """The share of the machine's time its host gave to others between two readings of cpu_times (the 8th counter,
    steal), in per cent of all of it."""
    if not before or not after or len(before) < 8 or len(after) < 8:
        return None
    total = sum(after) - sum(before)
    return round(100 * (after[7] - before[7]) / total, 1) if total > 0 else None


def machine_at_end(times_at_start: list[int] | None) -> dict:
    """What changed on the machine during the run: its load, one core's speed, the time its host took away."""
    return {"load_average_at_end": [round(x, 2) for x in os.getloadavg()], "python_loop_ms_at_end": python_loop_ms(),
            "steal_percent": steal_percent(times_at_start, cpu_times())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Gongkai benchmarks (JSON, also written to var/bench.json)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--records", type=int, default=100_000, help="records of the generated county for the scan")
    parser.add_argument("--only", choices=["scale", "speed", "load"], help="run one section only")
    parser.add_argument("--scale", type=int, default=2,
                        help="generated counties (gongkai demo --scale N; 100 makes ≥ 1,000,000 records and entries)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--records-per-county", type=int, help="records a county (default: gongkai/demo/scale.py's)")
    parser.add_argument("--entries-per-county", type=int, help="entries a county (default: gongkai/demo/scale.py's)")
    parser.add_argument("--http-seconds", type=float, default=10, help="wrk duration of each measured path")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP part of the scale section")
    parser.add_argument("--pg-url", default=None,
                        help="PostgreSQL server for the scale section (default postgres://postgres@127.0.0.1:5432)")
    only_one = parser.add_mutually_exclusive_group()
    only_one.add_argument("--no-postgresql", action="store_true", help="scale section on SQLite only")
    only_one.add_argument("--no-sqlite", action="store_true",
                        help="scale section on PostgreSQL only (the SQLite figures — reindex, scan, import — are left out)")
    parser.add_argument("--import-rows", type=int, default=5_000, help="rows of the timed catalog import")
    parser.add_argument("--output", default=str(Path(__file__).resolve().parent.parent / "var" / "bench.json"),
                        help="where the JSON is written (default var/bench.json)")
    parser.add_argument("--load-seconds", type=float, default=600,
                        help="duration of the portal load under the login flood (issue 9: 10 minutes)")
    parser.add_argument("--load-baseline-seconds", type=float, help="unloaded measure (default: min(60, load))")
    parser.add_argument("--load-connections", type=int, default=8, help="wrk connections of the portal load")
    parser.add_argument("--load-flood-connections", type=int, default=8, help="wrk connections of the login flood")
    parser.add_argument("--load-workers", type=int, help="gunicorn workers (default: deploy/gunicorn.conf.py's)")
    args = parser.parse_args(argv)
    started = time.time()
    times_at_start = cpu_times()
    output: dict = {"machine": machine(), "scale": args.scale}
    if args.only in (None, "scale"):
        from gongkai import scalebench

        scaled = scalebench.run(scale=args.scale, seed=args.seed, records_per_county=args.records_per_county,
                                entries_per_county=args.entries_per_county, http_seconds=args.http_seconds,
                                http=not args.no_http, import_rows=args.import_rows, sqlite=not args.no_sqlite,
                                pg_url=None if args.no_postgresql else args.pg_url or scalebench.DEFAULT_PG_URL)
        output.update(scaled)
    if args.only in (None, "speed"):
        output["speed"] = speed(args)
    if args.only in (None, "load"):
        from gongkai import loadbench

        output["load"] = loadbench.run(seconds=args.load_seconds, baseline_seconds=args.load_baseline_seconds,
                                       connections=args.load_connections,
                                       flood_connections=args.load_flood_connections, workers=args.load_workers)
    output["seconds"] = round(time.time() - started, 1)
    output["machine"].update(machine_at_end(times_at_start))
    text = json.dumps(output, ensure_ascii=False, indent=2)
    target = Path(args.output)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text + "\n", encoding="utf-8")
    sys.stdout.write(text + "\n")


def speed(args: argparse.Namespace) -> dict:
    """The heavy paths, each against its baseline (see the module's docstring)."""
    workdir = tempfile.mkdtemp(prefix="gongkai-bench-")
    os.environ["GONGKAI_VAR_DIR"] = workdir
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings.local"
    os.environ["GONGKAI_DEMO_BANNER"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gongkai.catalog.models import CatalogVersion, Guideline, StandardItem
    from gongkai.catalog.standard import standard_catalog_load
    from gongkai.demo.build import demo_build
    from gongkai.exchange.catalog_export import export_catalog
    from gongkai.exchange.catalog_table import read_catalog_file

    data_dir = Path(__file__).resolve().parent / "catalog" / "data" / "standard"
    files = sorted(data_dir.glob("*.json"))

    def parse_json_only():
        for f in files:
            json.loads(f.read_text(encoding="utf-8"))

    def load_standard_fresh():
        StandardItem.objects.all().delete()
        Guideline.objects.all().delete()
        standard_catalog_load()

    results = [compare("standard_catalog_load", load_standard_fresh, parse_json_only, args.repeat,
                       "parsing the same JSON files")]

    demo_build()
    version = CatalogVersion.objects.filter(catalog__jurisdiction__code="430503000000",
                                            status="published").get()
    rows = version.items.count()

    import openpyxl

    def raw_xlsx():
        wb = openpyxl.Workbook()
        ws = wb.active
        for r in range(rows + 3):
            ws.append([f"单元格{r}-{c}" for c in range(12)])
        wb.save(io.BytesIO())

    results.append(compare("catalog_export_xlsx", lambda: export_catalog(version, "xlsx"), raw_xlsx, args.repeat,
                           f"openpyxl writing {rows + 3}×12 plain cells"))
    results.append(compare("catalog_export_docx", lambda: export_catalog(version, "docx"), raw_xlsx, args.repeat,
                           f"openpyxl writing {rows + 3}×12 plain cells"))
    exported = export_catalog(version, "xlsx")

    def read_raw():
        wb = openpyxl.load_workbook(io.BytesIO(exported), read_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass

    results.append(compare("catalog_file_read", lambda: read_catalog_file(io.BytesIO(exported), filename="c.xlsx"),
                           read_raw, args.repeat, "openpyxl reading every cell of the same file"))
    # Documents served from storage (rendered once per version) against rendering them on every request.
    from gongkai.demo.build import demo_build_areas
    from gongkai.exchange import annual_report_files, stored_files
    from gongkai.reports.models import AnnualReport

    stored_files.catalog_file(version, "docx")
    results.append(compare("catalog_docx_download", lambda: stored_files.catalog_file(version, "docx"),
                           lambda: export_catalog(version, "docx"), args.repeat,
                           "rendering the same Word file on every download (before: about 7 s)"))
    demo_build_areas(log=lambda _line: None)
    report = AnnualReport.objects.filter(published_at__isnull=False, format="2021").order_by("-year").first()
    if report is not None:
        for fmt, render in (("docx", annual_report_files.report_docx), ("pdf", annual_report_files.report_pdf)):
            stored_files.report_file(report, fmt)
            results.append(compare(f"annual_report_{fmt}_download",
                                   lambda fmt=fmt: stored_files.report_file(report, fmt),
                                   lambda render=render: render(report), args.repeat,
                                   f"rendering the same report {fmt} on every download (before: 6–7 s)"))
    # Oversight: a full scan and an unchanged rescan of the demo county and of a generated county.
    from gongkai.core import clock
    from gongkai.organizations.models import Jurisdiction
    from gongkai.oversight.bench import generate_county, scan_benchmarks

    county = Jurisdiction.objects.get(code="430503000000")
    results += scan_benchmarks(county, label="demo", today=clock.today())
    generated_at = time.perf_counter()
    generated = generate_county(args.records)
    generated_seconds = round(time.perf_counter() - generated_at, 1)
    results += scan_benchmarks(generated, label=f"{args.records}_records", today=clock.today())
    results[-2]["generated_in_seconds"] = generated_seconds
    return {"catalog_items": rows, "repeat": args.repeat, "benchmarks": results}


if __name__ == "__main__":
    main()
