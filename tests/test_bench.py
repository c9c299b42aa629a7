"""`make bench` (gongkai/bench.py, gongkai/scalebench.py) at a tiny scale: one generated county of 40 records on
SQLite, a 30-row import, one second of wrk a path; the JSON printed and written has the keys and types the
issue names. The HTTP part is skipped (with its reason in the JSON) when wrk or redis-server is missing
(`make bench-packages`). The figures themselves come from `make bench`, never from a test."""

import json
import subprocess
import sys
from pathlib import Path

from gongkai import bench, loadbench

ROOT = Path(__file__).resolve().parent.parent
HTTP_KEYS = {"static_rps", "item_cached_rps", "item_uncached_rps", "item_uncached_p95_ms", "record_uncached_rps",
             "search_rps", "feed_rps", "api_list_rps", "item_uncached_p95_ms_alone", "record_uncached_p95_ms_alone"}


def number(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def test_the_scale_bench_writes_the_issue_keys(tmp_path):
    output = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.bench", "--only", "scale", "--scale", "1", "--records-per-county", "40",
         "--entries-per-county", "30", "--import-rows", "30", "--http-seconds", "1", "--no-postgresql",
         "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
        env={**loadbench.server_env(tmp_path, 0, None), "DJANGO_SETTINGS_MODULE": ""})
    assert done.returncode == 0, done.stderr[-3000:]
    printed = json.loads(done.stdout)
    assert json.loads(output.read_text(encoding="utf-8")) == printed
    assert printed["scale"] == 1 and number(printed["machine"]["cpus"])
    machine = printed["machine"]
    assert number(machine["python_loop_ms_at_start"]) and number(machine["python_loop_ms_at_end"])
    assert machine["steal_percent"] is None or 0 <= machine["steal_percent"] <= 100
    assert number(printed["search"]["sqlite"]["p50_ms"]) and number(printed["search"]["sqlite"]["p95_ms"])
    assert printed["search"]["sqlite"]["p50_ms"] <= printed["search"]["sqlite"]["p95_ms"]
    assert printed["search"]["postgresql"]["p95_ms"] is None and printed["search"]["postgresql"]["skipped"]
    for key in ("reindex_records_per_second", "scan_seconds", "import_rows_per_second"):
        assert number(printed[key]), key
    sqlite = printed["databases"]["sqlite"]
    assert sqlite["import"]["rows"] == 30 and not sqlite["import"]["errors"]
    assert sqlite["generation"]["records"] > 20 and sqlite["reindex"]["records"] > 0
    assert sqlite["vacuum_seconds"] is None  # PostgreSQL only
    if loadbench.missing_tools():
        assert "skipped" in printed["http"]
        return
    http = printed["http"]
    assert HTTP_KEYS <= set(http), HTTP_KEYS - set(http)
    assert all(number(http[key]) and http[key] > 0 for key in HTTP_KEYS)
    assert http["server"]["settings"] == "gongkai.settings.production"
    assert all(m["errors"] == 0 for m in http["detail"].values()), http["detail"]


def test_steal_is_the_share_of_the_machines_time_its_host_took_between_two_readings():
    before = [100, 0, 50, 800, 10, 0, 5, 35]
    after = [300, 0, 100, 1400, 10, 0, 5, 185]  # 1,000 ticks later, 150 of them stolen
    assert bench.steal_percent(before, after) == 15.0
    assert bench.steal_percent(before, before) is None
    assert bench.steal_percent(None, after) is None and bench.steal_percent(before, after[:4]) is None
    now = bench.cpu_times()
    assert now is None or (len(now) == 8 and all(isinstance(x, int) for x in now))
