"""Beyond one machine (issue 13): the parts of a province's installation, each started for real on loopback —
nginx in front of two stateless app nodes (gunicorn, production settings from the environment), a task worker,
the PostgreSQL primary and its streaming replica, Redis for cache, sessions and limits, and an S3 server
(moto's) for the files. A reviewer signs in and publishes through node A; node B reads the record from the
replica (not before the replica has it: its replay is paused first), and streams the attachment from the
bucket; the session made on A works on B; node A is killed under load and no request fails beyond those in
flight when it died.

Runs in the PostgreSQL pass of `make test` (which builds the replica, scripts/pg_replica.py); skipped with the
reason when PostgreSQL, the replica, redis-server, nginx or moto's server is missing (`make system-packages`
installs nginx)."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRIMARY = "postgres://postgres@127.0.0.1:5432"
REPLICA = "postgres://postgres@127.0.0.1:5433"
PASSWORD = "Demo-2021-gk"
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}

requests = pytest.importorskip("requests")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_up() -> bool:
    try:
        import psycopg

        with psycopg.connect(PRIMARY + "/postgres", connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001 — any failure means: no server to test against
        return False


def _replica_streams() -> bool:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "pg_replica.py"), "status"], capture_output=True,
                          check=False)
    return done.returncode == 0


def _missing() -> list[str]:
    if not os.environ.get("GONGKAI_TEST_DATABASE_URL"):
        return ["PostgreSQL 一轮（多节点测试只在 make pytest-pg 中运行）"]
    missing = [tool for tool in ("redis-server", "nginx") if shutil.which(tool) is None]
    try:
        import moto.server  # noqa: F401
    except ImportError:
        missing.append("moto 的 S3 服务器")
    if not _pg_up():
        missing.append(f"PostgreSQL（{PRIMARY}）")
    elif not _replica_streams():
        missing.append("只读副本（python scripts/pg_replica.py start --allow-replication）")
    return missing


pytestmark = pytest.mark.skipif(bool(_missing()), reason=f"缺少 {'、'.join(_missing())}，跳过多节点部署测试")


class Cluster:
    """The processes of one loopback installation; every one stopped at the end."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.processes: dict[str, subprocess.Popen] = {}
        self.database = f"gk_cluster_{os.getpid()}_{secrets.token_hex(3)}"
        self.redis_port = _free_port()
        self.s3_port = _free_port()
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("GONGKAI_", "DJANGO_", "CACHE_", "DATABASE_", "DEBUG", "S3_", "STORAGE_"))}
        self.env.update({
            "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "gongkai.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64), "GONGKAI_AUDIT_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "DEBUG": "false",
            "DATABASE_URL": f"{PRIMARY}/{self.database}",
            "DATABASE_REPLICA_URL": f"{REPLICA}/{self.database}",
            "S3_BUCKET": "gongkai-cluster", "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.s3_port}",
            "S3_ACCESS_KEY_ID": "cluster-key", "S3_SECRET_ACCESS_KEY": "cluster-secret", "S3_REGION": "us-east-1",
            "S3_ADDRESSING_STYLE": "path",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "GONGKAI_VAR_DIR": str(workdir / "var"), "MEDIA_ROOT": str(workdir / "media"),
            "GONGKAI_TRUSTED_PROXIES": "127.0.0.1", "WEB_CONCURRENCY": "2",
            # Plain http on loopback (the proxy says https): cookies must travel without TLS here.
            "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
        })

    def bucket(self):
        import boto3

        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.s3_port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"S3 服务器没有启动：\n{self.tail('s3')}") from None
                time.sleep(0.2)
        return boto3.client("s3", endpoint_url=self.env["S3_ENDPOINT_URL"], aws_access_key_id="cluster-key",
                            aws_secret_access_key="cluster-secret", region_name="us-east-1")

    def log(self, name: str) -> Path:
        return self.workdir / f"{name}.log"

    def tail(self, name: str, lines: int = 40) -> str:
        try:
            return "\n".join(self.log(name).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def start(self, name: str, argv: list[str], env: dict | None = None) -> subprocess.Popen:
        with self.log(name).open("a") as out:
            process = subprocess.Popen(argv, env=env or self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.processes[name] = process
        return process

    def gongkai(self, *args: str, input_text: str | None = None) -> str:
        done = subprocess.run([sys.executable, "-m", "gongkai", *args], env=self.env, cwd=ROOT, input=input_text,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"gongkai {' '.join(args)} 失败：\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        return done.stdout

    def node(self, name: str) -> str:
        port = _free_port()
        self.start(name, [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                          "--no-control-socket"], env={**self.env, "GONGKAI_BIND": f"127.0.0.1:{port}"})
        base = f"http://127.0.0.1:{port}"
        self.wait(base + "/", name)
        return base

    def proxy(self, upstreams: list[str]) -> str:
        port = _free_port()
        servers = "\n".join(f"        server {u.removeprefix('http://')} max_fails=1 fail_timeout=30s;" for u in upstreams)
        conf = self.workdir / "nginx.conf"
        conf.write_text(f"""
worker_processes 1;
pid {self.workdir}/nginx.pid;
error_log {self.workdir}/nginx-error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 256; }}
http {{
    access_log {self.workdir}/nginx-access.log;
    client_body_temp_path {self.workdir}/nginx-body;
    proxy_temp_path {self.workdir}/nginx-proxy;
    fastcgi_temp_path {self.workdir}/nginx-fastcgi;
    uwsgi_temp_path {self.workdir}/nginx-uwsgi;
    scgi_temp_path {self.workdir}/nginx-scgi;
    upstream gongkai {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://gongkai;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto https;
            # A node that dies: its connection is refused or reset and nginx asks the next one
            # (deploy/nginx-gongkai.conf says the same for production).
            proxy_next_upstream error timeout http_502 http_503;
            proxy_connect_timeout 2s;
        }}
    }}
}}
""")
        self.start("nginx", ["nginx", "-c", str(conf), "-p", str(self.workdir), "-g", "daemon off;"])
        base = f"http://127.0.0.1:{port}"
        self.wait(base + "/", "nginx")
        return base

    def wait(self, url: str, name: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process = self.processes[name]
            if process.poll() is not None:
                raise AssertionError(f"{name} 已退出（{process.returncode}）：\n{self.tail(name)}")
            try:
                if requests.get(url, headers=PROXY_HEADERS, timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{name} 在 {timeout:.0f} 秒内没有应答：\n{self.tail(name)}")

    def kill(self, name: str) -> None:
        process = self.processes[name]
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(process.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass


def _sql(dsn: str, query: str, *params):
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as connection:
        cursor = connection.execute(query, params)
        return cursor.fetchall() if cursor.description else []


@pytest.fixture
def cluster(tmp_path):
    cluster = Cluster(tmp_path)
    _sql(PRIMARY + "/postgres", f'CREATE DATABASE "{cluster.database}"')
    try:
        cluster.start("redis", ["redis-server", "--port", str(cluster.redis_port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no", "--dir", str(tmp_path)])
        cluster.start("s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(cluster.s3_port)])
        cluster.bucket().create_bucket(Bucket="gongkai-cluster")
        cluster.gongkai("migrate", "--noinput")
        cluster.gongkai("demo")
        cluster.gongkai("collectstatic", "--noinput")
        yield cluster
    finally:
        cluster.stop_all()
        _sql(PRIMARY + "/postgres", f'DROP DATABASE IF EXISTS "{cluster.database}" WITH (FORCE)')


# A record of 大祥区教育局 written by its officer and approved by its reviewer, waiting to be published: made
# with the services (as the officer's and reviewer's screens would), in the cluster's database.
APPROVED_RECORD = """
from datetime import date
from gongkai.accounts.models import User
from gongkai.organizations.models import Unit
from gongkai.publishing import services
officer = User.objects.get(username="jiaoyu.officer")
reviewer = User.objects.get(username="jiaoyu.reviewer")
unit = officer.memberships.filter(unit__isnull=False).first().unit
item = unit.jurisdiction.catalogs.first().versions.filter(status="published").first().items.filter(
    applicable=True, name="义务教育学校名录").first()
record = services.record_create(actor=officer, unit=unit, items=[item], title="多节点发布测试：2026年秋季学期学校名录",
                                formed_on=date(2026, 9, 1), disclosure_attribute="proactive",
                                body="<p>多节点部署测试发布的信息。</p>")
import io
import docx
document = docx.Document()
document.add_paragraph("多节点部署测试的附件：放在对象存储中，由任一节点读出。")
buffer = io.BytesIO()
document.save(buffer)
attachment = services.attachment_add(actor=officer, record=record, name="说明.docx", data=buffer.getvalue())
services.record_submit(actor=officer, record=record)
services.record_review(actor=reviewer, record=record)
for finding in services.open_findings(record):
    services.finding_override(actor=reviewer, finding=finding, reason="测试数据")
services.record_approve(actor=reviewer, record=record)
from django.urls import reverse
from gongkai.publishing.indexing import record_reference, record_url
print("RECORD", record.pk, record_url(record), reverse("portal:record_attachment", kwargs={
    "code": unit.jurisdiction.code, "ref": record_reference(record), "attachment_id": attachment.pk}))
"""


def _https(base: str) -> str:
    """The address as the browser sees it behind the proxy (the CSRF check compares the Referer with it)."""
    return base.replace("http://", "https://", 1)


def _sign_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.headers.update(PROXY_HEADERS)
    page = session.get(base + "/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(base + "/accounts/login/", data={"csrfmiddlewaretoken": token, "username": username,
                                                           "password": PASSWORD},
                          headers={"Referer": _https(base) + "/accounts/login/"}, timeout=10, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:2000]
    return session


def _hammer(url: str, stop: threading.Event, outcomes: Counter, lock: threading.Lock) -> None:
    session = requests.Session()
    session.headers.update(PROXY_HEADERS)
    while not stop.is_set():
        try:
            status = session.get(url, timeout=10).status_code
            key = "ok" if status == 200 else f"HTTP {status}"
        except requests.RequestException as exc:
            key = type(exc).__name__
        with lock:
            outcomes[key] += 1


def test_two_nodes_share_sessions_and_data_and_survive_losing_one(cluster):
    """Publish through node A, read through node B and the proxy; a session made on A works on B; SIGKILL
    node A under load: no request fails beyond those in flight when it died."""
    output = cluster.gongkai("shell", "-c", APPROVED_RECORD)
    found = re.search(r"RECORD (\d+) (\S+) (\S+)", output)
    record_pk, portal_path, attachment_path = int(found.group(1)), found.group(2), found.group(3)
    replica = f"{REPLICA}/{cluster.database}"
    _wait_for_replay(replica)
    node_a, node_b = cluster.node("node-a"), cluster.node("node-b")
    cluster.start("worker", [sys.executable, "-m", "gongkai", "worker"])
    proxy = cluster.proxy([node_a, node_b])

    # Not public yet: node B (and so the proxy) says so.
    assert requests.get(node_b + portal_path, headers=PROXY_HEADERS, timeout=10).status_code == 404

    # The replica stops replaying: what node B's portal reads now is what the replica had before the publication.
    _sql(replica, "SELECT pg_wal_replay_pause()")
    try:
        _publish_on_a_and_read_on_b(node_a, node_b, record_pk, portal_path, replica)
    finally:
        _sql(replica, "SELECT pg_wal_replay_resume()")
    _wait_for_replay(replica)

    # The worker read the attachment's text (queued when it was added, done on another process).
    _wait_for(lambda: _sql(f"{PRIMARY}/{cluster.database}", "SELECT text_status FROM publishing_attachment "
                           "WHERE record_id = %s", record_pk) == [("done",)], "后台任务没有完成附件的文字识别",
              cluster.tail("worker"))

    # Node B and the proxy show the record once the replica has it; no cached page of node B hides it.
    for base in (node_b, proxy):
        page = requests.get(base + portal_path, headers=PROXY_HEADERS, timeout=10)
        assert page.status_code == 200 and "多节点发布测试" in page.text
    # The attachment's public copy comes from the bucket, whichever node asks.
    download = requests.get(node_b + attachment_path, headers=PROXY_HEADERS, timeout=10)
    assert download.status_code == 200 and download.content[:2] == b"PK", download.text[:500]
    keys = [item["Key"] for item in cluster.bucket().list_objects_v2(Bucket="gongkai-cluster").get("Contents", [])]
    assert any(key.startswith("private/") and key.endswith(".docx") for key in keys), keys
    assert not (cluster.workdir / "media").exists() or not any((cluster.workdir / "media").rglob("*.docx"))

    _lose_node_a_under_load(cluster, proxy, portal_path)


def _wait_for(condition, message: str, detail: str = "", timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{message}\n{detail}")
        time.sleep(0.3)


def _wait_for_replay(replica: str, timeout: float = 30) -> None:
    """Until the replica has replayed everything the primary had written when asked."""
    target = _sql(PRIMARY + "/postgres", "SELECT pg_current_wal_lsn()")[0][0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        caught_up = _sql(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", str(target))[0][0]
        if caught_up:
            return
        time.sleep(0.2)
    raise AssertionError("只读副本在 30 秒内没有追上主库")


def _publish_on_a_and_read_on_b(node_a, node_b, record_pk, portal_path, replica) -> None:
    # The reviewer signs in on node A and publishes there.
    reviewer = _sign_in(node_a, "jiaoyu.reviewer")
    page = reviewer.get(node_a + f"/admin/records/{record_pk}/", timeout=10)
    assert page.status_code == 200, page.text[:1000]
    token = reviewer.cookies.get("csrftoken")
    published = reviewer.post(node_a + f"/admin/records/{record_pk}/publish/", data={"csrfmiddlewaretoken": token},
                              headers={"Referer": _https(node_a) + f"/admin/records/{record_pk}/"}, timeout=30)
    assert published.status_code == 200 and "已发布" in published.text, published.text[:2000]

    # The same session (kept in the shared store, not in node A's memory) is signed in on node B; the back
    # office reads the primary, so the reviewer sees the publication there at once.
    back_office = reviewer.get(node_b + f"/admin/records/{record_pk}/", timeout=10, allow_redirects=False)
    assert back_office.status_code == 200 and "已发布" in back_office.text

    # The public reads on node B come from the replica, which has not replayed the publication yet.
    assert requests.get(node_b + portal_path, headers=PROXY_HEADERS, timeout=10).status_code == 404
    assert _sql(replica, "SELECT status FROM publishing_record WHERE id = %s", record_pk)[0][0] != "published"


def _lose_node_a_under_load(cluster, proxy, portal_path) -> None:
    # Load through the proxy, then node A dies.
    stop, lock, outcomes = threading.Event(), threading.Lock(), Counter()
    clients = 4
    threads = [threading.Thread(target=_hammer, args=(proxy + path, stop, outcomes, lock), daemon=True)
               for path in ("/", portal_path, "/", portal_path)[:clients]]
    for thread in threads:
        thread.start()
    time.sleep(3)
    before = sum(outcomes.values())
    cluster.kill("node-a")
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    failed = sum(count for key, count in outcomes.items() if key != "ok")
    served_after = sum(outcomes.values()) - before
    assert before > 0 and served_after > 10, dict(outcomes)
    print(f"多节点：杀掉节点 A 之前 {before} 个请求，之后 {served_after} 个，结果 {dict(outcomes)}")
    # At most the requests in flight on node A when it was killed (one per client).
    assert failed <= clients, dict(outcomes)
    assert requests.get(proxy + portal_path, headers=PROXY_HEADERS, timeout=10).status_code == 200
    assert cluster.processes["node-b"].poll() is None and cluster.processes["worker"].poll() is None
