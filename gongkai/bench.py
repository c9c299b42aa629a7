"""`make bench`: speed and memory of the heavy paths, as JSON, each against a baseline measured in the
same run on the same machine, so that the ratio holds when the machine's speed drifts.

Run: `python -m gongkai.bench [--repeat N] [--only speed|load] [--load-seconds N]`. It works on a throw-away SQLite
database in a temporary folder. Sections: `speed` (below) and `load` (gongkai/loadbench.py: the production server
under the portal's load and a login flood, 10 minutes by default — `--load-seconds 20` to try it)."""

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
    times, peaks = [], []
    for _ in range(repeat):
        tracemalloc.start()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return {"seconds_median": round(statistics.median(times), 4), "seconds_min": round(min(times), 4),
            "peak_kib_median": round(statistics.median(peaks) / 1024, 1)}


def compare(name: str, subject, baseline, repeat: int, note: str) -> dict:
    a, b = measure(subject, repeat), measure(baseline, repeat)
    return {"name": name, "subject": a, "baseline": b, "baseline_is": note,
            "time_ratio": round(a["seconds_median"] / b["seconds_median"], 2) if b["seconds_median"] else None,
            "memory_ratio": round(a["peak_kib_median"] / b["peak_kib_median"], 2) if b["peak_kib_median"] else None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Gongkai benchmarks (JSON)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--records", type=int, default=100_000, help="records of the generated county for the scan")
    parser.add_argument("--only", choices=["speed", "load"], help="run one section only")
    parser.add_argument("--load-seconds", type=float, default=600,
                        help="duration of the portal load under the login flood (issue 9: 10 minutes)")
    parser.add_argument("--load-baseline-seconds", type=float, help="unloaded measure (default: min(60, load))")
    parser.add_argument("--load-connections", type=int, default=8, help="wrk connections of the portal load")
    parser.add_argument("--load-flood-connections", type=int, default=8, help="wrk connections of the login flood")
    parser.add_argument("--load-workers", type=int, help="gunicorn workers (default: deploy/gunicorn.conf.py's)")
    args = parser.parse_args(argv)
    output: dict = {"machine": {"python": sys.version.split()[0], "cpus": os.cpu_count()}}
    if args.only in (None, "speed"):
        output.update(speed(args))
    if args.only in (None, "load"):
        from gongkai import loadbench

        output["load"] = loadbench.run(seconds=args.load_seconds, baseline_seconds=args.load_baseline_seconds,
                                       connections=args.load_connections,
                                       flood_connections=args.load_flood_connections, workers=args.load_workers)
    json.dump(output, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


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
