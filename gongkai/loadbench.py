"""`make bench`, section `load` (issue 9): the production server under a loopback load of the portal's main
pages while an anonymous login flood hits it from the same address — 0 errors, and the portal's p95 within
TARGET_RATIO × its unloaded p95.

What runs, all in a temporary folder: a private redis-server (the shared cache of the rate limits, as in
production), the demo database (SQLite, `gongkai migrate` + `gongkai demo`), `gongkai collectstatic`, then
gunicorn with deploy/gunicorn.conf.py and the production settings (DEBUG off, a random secret and audit key,
ALLOWED_HOSTS=127.0.0.1) on a free port. wrk (gongkai/loadbench.lua) sends each request as nginx would pass it on
(X-Forwarded-Proto: https, X-Forwarded-For: 127.0.0.1):

1. a short warm-up, then the unloaded portal load (home, the county's home, a domain column, an item page, a
   record page, a search) for `baseline_seconds`;
2. the same portal load for `seconds` while a second wrk posts wrong passwords to the login form (a real CSRF
   token, as a scripted attacker would fetch) as fast as the server answers.

Called from gongkai.bench (`python -m gongkai.bench --only load --load-seconds 20`); `python -m gongkai.loadbench
--paths` is the helper that prints the portal paths of the demo database (run under the server's environment)."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("loadbench.lua")
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
# No control socket: its default path is shared by every gunicorn of the user (a production one included).
GUNICORN_FLAGS = ["--no-control-socket"]
TARGET_RATIO = 3.0
COUNTY = "430503000000"
LOGIN_PATH = "/accounts/login/"
# Headers nginx (deploy/nginx-gongkai.conf) adds; Gongkai believes them from 127.0.0.1 (GONGKAI_TRUSTED_PROXIES).
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
# Settings a developer's shell may carry that must not reach the throw-away server (its database, files, keys).
INHERITED = ("DATABASE_URL", "CACHE_URL", "CACHE_BACKEND", "CACHE_LOCATION", "MEDIA_ROOT", "STORAGE_BACKEND",
             "GONGKAI_PRIVATE_ROOT", "GONGKAI_AUDIT_KEY_FILE", "GONGKAI_AUDIT_ANCHOR_FILE",
             "GONGKAI_AUDIT_ANCHOR_SINK", "WEB_CONCURRENCY", "GONGKAI_BIND", "GONGKAI_DEBUG", "DEBUG",
             "DJANGO_ALLOW_ASYNC_UNSAFE")


class LoadBenchError(RuntimeError):
    pass


def missing_tools() -> list[str]:
    return [tool for tool in ("wrk", "redis-server") if shutil.which(tool) is None]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(workdir: Path, port: int, workers: int | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in INHERITED}
    env.update({
        "DJANGO_SETTINGS_MODULE": "gongkai.settings.production",
        "GONGKAI_VAR_DIR": str(workdir),
        "SECRET_KEY": secrets.token_urlsafe(48),
        "GONGKAI_AUDIT_KEY": secrets.token_urlsafe(32),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": f"unix://{workdir / 'redis.sock'}",
        "GONGKAI_BIND": f"127.0.0.1:{port}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])),
    })
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    return env


def _gongkai(env: dict[str, str], log: Path, *args: str) -> None:
    with log.open("a") as out:
        done = subprocess.run([sys.executable, "-m", "gongkai", *args], env=env, cwd=ROOT, stdout=out,
                              stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        raise LoadBenchError(f"gongkai {' '.join(args)} failed (exit {done.returncode}); see {log}")


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={**PROXY_HEADERS, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — our own loopback server
            return response.status, dict(response.headers.items()), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()), exc.read().decode("utf-8", "replace")


def _wait_until_serving(base: str, server: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise LoadBenchError(f"gunicorn exited ({server.returncode}):\n{_tail(log)}")
        try:
            if _get(base + "/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise LoadBenchError(f"gunicorn did not answer within {timeout:.0f} s:\n{_tail(log)}")


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def csrf_pair(base: str) -> tuple[str, str]:
    """(cookie, form token) of the login form, fetched as an attacker's script would."""
    status, headers, html = _get(base + LOGIN_PATH)
    cookie = re.search(r"csrftoken=([A-Za-z0-9]+)", headers.get("Set-Cookie", ""))
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', html)
    if status != 200 or not cookie or not token:
        raise LoadBenchError(f"the login form gave no CSRF token (HTTP {status})")
    return cookie.group(1), token.group(1)


def run_wrk(base: str, args: list[str], *, seconds: float, connections: int, threads: int = 1) -> subprocess.Popen:
    return subprocess.Popen(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--timeout", "30s",
         "-s", str(LUA), base, "--", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wrk_result(process: subprocess.Popen) -> dict[str, Any]:
    out, err = process.communicate()
    for line in out.splitlines():
        if line.startswith("GONGKAI-LOAD "):
            return json.loads(line.removeprefix("GONGKAI-LOAD "))
    raise LoadBenchError(f"wrk gave no result (exit {process.returncode}): {err.strip() or out.strip()}")


def errors_of(result: dict[str, Any], ok: set[int] | None = None) -> int:
    """Socket errors and timeouts, plus answers whose status is not in `ok` (default: any 2xx or 3xx)."""
    bad = sum(n for status, n in result["statuses"].items()
              if (int(status) not in ok if ok is not None else not 200 <= int(status) < 400))
    e = result["errors"]
    return bad + e["connect"] + e["read"] + e["write"] + e["timeout"]


def portal_args(paths: list[str]) -> list[str]:
    return [f"H:{k}: {v}" for k, v in PROXY_HEADERS.items()] + [f"GET {p}" for p in paths]


def login_args(base: str, cookie: str, token: str) -> list[str]:
    origin = "https://" + base.removeprefix("http://")
    headers = {**PROXY_HEADERS, "Cookie": f"csrftoken={cookie}", "Origin": origin, "Referer": origin + LOGIN_PATH}
    # A real demo account among names that do not exist, each with a wrong password.
    names = ["dx.office", "admin", "root", "test", "zhangsan", "dx.admin"]
    return [f"H:{k}: {v}" for k, v in headers.items()] + [
        f"POST {LOGIN_PATH} username={name}&password=Wrong-{i}-{secrets.token_hex(4)}&csrfmiddlewaretoken={token}"
        for i, name in enumerate(names)]


def _ms(us: float) -> float:
    return round(us / 1000, 1)


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=40)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run(*, seconds: float = 600, baseline_seconds: float | None = None, connections: int = 8,
        flood_connections: int = 8, workers: int | None = None, warmup_seconds: float = 5,
        log=lambda line: print(line, file=sys.stderr)) -> dict[str, Any]:
    """The load bench; its JSON result (a "skipped" reason when wrk or redis-server is missing)."""
    missing = missing_tools()
    if missing:
        reason = f"缺少 {'、'.join(missing)}（Debian：apt-get install -y wrk redis-server），跳过负载测试"
        log(reason)
        return {"skipped": reason}
    baseline_seconds = baseline_seconds or min(60.0, seconds)
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-load-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(workdir, port, workers)
    setup_log, server_log = workdir / "setup.log", workdir / "gunicorn.log"
    redis = server = flood = None
    try:
        redis = subprocess.Popen(["redis-server", "--port", "0", "--unixsocket", str(workdir / "redis.sock"),
                                  "--save", "", "--appendonly", "no", "--dir", str(workdir)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        started = time.perf_counter()
        log("load: building the demo database (migrate, demo, collectstatic)…")
        _gongkai(env, setup_log, "migrate", "--noinput")
        _gongkai(env, setup_log, "demo")
        _gongkai(env, setup_log, "collectstatic", "--noinput")
        out = subprocess.run([sys.executable, "-m", "gongkai.loadbench", "--paths"], env=env, cwd=ROOT,
                             capture_output=True, text=True, check=False)
        if out.returncode:
            raise LoadBenchError(f"finding the portal's pages failed: {out.stderr.strip()}")
        paths = json.loads(out.stdout)
        setup_seconds = round(time.perf_counter() - started, 1)
        with server_log.open("w") as server_out:
            server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), *GUNICORN_FLAGS],
                                      env=env, cwd=ROOT, stdout=server_out, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        _wait_until_serving(base, server, server_log)
        for path in paths:
            status = _get(base + path)[0]
            if status != 200:
                raise LoadBenchError(f"{path} answered HTTP {status} before any load")
        server_workers = workers or int(subprocess.run(
            [sys.executable, "-c", "from gongkai.settings.env import web_workers; print(web_workers())"],
            env=env, capture_output=True, text=True, check=True).stdout)
        log(f"load: gunicorn ({server_workers} workers) on {base}; warm-up {warmup_seconds:.0f} s, "
            f"unloaded {baseline_seconds:.0f} s, under the login flood {seconds:.0f} s")
        wrk_result(run_wrk(base, portal_args(paths), seconds=warmup_seconds, connections=connections))
        unloaded = wrk_result(run_wrk(base, portal_args(paths), seconds=baseline_seconds, connections=connections))
        cookie, token = csrf_pair(base)
        flood = run_wrk(base, login_args(base, cookie, token), seconds=seconds + 2, connections=flood_connections)
        time.sleep(1)
        loaded = wrk_result(run_wrk(base, portal_args(paths), seconds=seconds, connections=connections))
        login = wrk_result(flood)
    except BaseException:
        log(f"load: logs kept in {workdir}")
        raise
    finally:
        if flood is not None and flood.poll() is None:
            flood.kill()
            flood.wait()
        _stop(server)
        _stop(redis)
    server_text = server_log.read_text(encoding="utf-8", errors="replace")
    unloaded_p95, loaded_p95 = unloaded["latency_us"]["p95"], loaded["latency_us"]["p95"]
    ratio = round(loaded_p95 / unloaded_p95, 2) if unloaded_p95 else None
    portal_errors = errors_of(loaded)
    # The flood may only ever see the form again (200, wrong password) or the refusal (429).
    login_errors = errors_of(login, ok={200, 429})
    result = {
        "unloaded_p95_ms": _ms(unloaded_p95), "loaded_p95_ms": _ms(loaded_p95), "ratio": ratio,
        "target_ratio": TARGET_RATIO,
        "portal_requests": loaded["requests"], "portal_errors": portal_errors,
        "portal_requests_per_second": round(loaded["requests"] / (loaded["duration_us"] / 1e6), 1),
        "login_requests": login["requests"],
        "login_statuses": dict(sorted(login["statuses"].items())), "login_errors": login_errors,
        "login_requests_per_second": round(login["requests"] / (login["duration_us"] / 1e6), 1),
        "seconds": round(loaded["duration_us"] / 1e6, 1),
        "unloaded": {"seconds": round(unloaded["duration_us"] / 1e6, 1), "requests": unloaded["requests"],
                     "errors": errors_of(unloaded),
                     "requests_per_second": round(unloaded["requests"] / (unloaded["duration_us"] / 1e6), 1),
                     "latency_ms": {k: _ms(v) for k, v in unloaded["latency_us"].items()}},
        "loaded_latency_ms": {k: _ms(v) for k, v in loaded["latency_us"].items()},
        "server": {"config": "deploy/gunicorn.conf.py", "settings": "gongkai.settings.production",
                   "workers": server_workers, "database": "sqlite (demo)", "cache": "redis (private)",
                   "worker_timeouts": server_text.count("WORKER TIMEOUT"),
                   "tracebacks": server_text.count("Traceback")},
        "paths": paths, "portal_connections": connections, "flood_connections": flood_connections,
        "setup_seconds": setup_seconds,
    }
    result["passed"] = (portal_errors == 0 and login_errors == 0 and ratio is not None and ratio <= TARGET_RATIO)
    log(f"load: portal p95 {result['unloaded_p95_ms']} ms unloaded, {result['loaded_p95_ms']} ms under the flood "
        f"(×{ratio}, target ≤ ×{TARGET_RATIO:g}); {portal_errors} portal errors in {loaded['requests']} requests; "
        f"login flood {login['requests']} requests {result['login_statuses']} → "
        f"{'PASS' if result['passed'] else 'FAIL'}")
    if result["passed"]:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        result["kept_for_inspection"] = str(workdir)
    return result


def portal_paths() -> list[str]:
    """The portal's main pages in the demo county: home, the county's home, the domain column, item page and
    record page of its latest public record, and a search for a word of that record's title."""
    import django

    django.setup()
    from urllib.parse import quote

    from django.urls import reverse

    from gongkai.portal import selectors_records
    from gongkai.publishing.indexing import record_domain_slug, record_url

    record = (selectors_records.public_records().filter(unit__jurisdiction__code=COUNTY)
              .select_related("unit__jurisdiction").order_by("-published_at", "-pk").first())
    if record is None:
        raise LoadBenchError("the demo county has no public record")
    item = record.items.filter(version__status="published").order_by("order").first() or record.items.first()
    if item is None:
        raise LoadBenchError(f"record {record.pk} is filed under no item")
    word = re.sub(r"[^\w]", "", record.title)[:2]
    return [
        reverse("portal:home"),
        reverse("portal:jurisdiction", kwargs={"code": COUNTY}),
        reverse("portal:domain", kwargs={"code": COUNTY, "slug": record_domain_slug(record)}),
        reverse("portal:item", kwargs={"code": COUNTY, "key": str(item.key)}),
        record_url(record),
        reverse("portal:search") + "?q=" + quote(word),
    ]


if __name__ == "__main__":
    if sys.argv[1:] == ["--paths"]:
        json.dump(portal_paths(), sys.stdout)
    else:
        sys.exit("usage: python -m gongkai.bench --only load [--load-seconds N]")
