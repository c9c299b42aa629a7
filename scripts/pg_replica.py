"""A streaming replica of the local PostgreSQL primary on loopback, for `make test` (issue 13).

    python scripts/pg_replica.py start [--allow-replication]   # build or reuse; exit 0 when it streams
    python scripts/pg_replica.py status
    python scripts/pg_replica.py stop

The replica is a second cluster made by `pg_basebackup` from the primary (127.0.0.1:5432, user postgres),
in GONGKAI_PG_REPLICA_DIR (default /tmp/gongkai-pg-replica-5433), listening on 127.0.0.1:5433 and started
with pg_ctl as the postgres OS user when run as root (PostgreSQL refuses to run as root). No replication
slot: a replica left behind never holds WAL on the primary; one that cannot catch up is rebuilt.

`start` is idempotent: a replica of this primary already streaming on the port is reused, a stopped one
is started, a broken one rebuilt. When it cannot be done (no pg_basebackup, primary unreachable, the
port taken by something else, replication not allowed), it says why in Chinese and exits 2, so that the
caller skips the replica tests.

Replication connections: Debian's default pg_hba.conf has no `replication` line, and `all` does not match
them. With --allow-replication, when the primary already trusts the postgres user from 127.0.0.1 for every
database (as on this project's machines: the same superuser could read every file anyway), the two lines
below are appended to the primary's pg_hba.conf and the configuration reloaded (no restart); an entry
that does not parse is taken back. Nothing else of the primary changes. See docs/deploy.md.

Only the standard library and psycopg (the project's driver); nothing of gongkai is imported.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pwd
import shutil
import subprocess
import sys
import time
from pathlib import Path

try:
    import psycopg
except ImportError:  # pragma: no cover - the venv always has it
    print("缺少 psycopg，跳过只读副本。")
    sys.exit(2)

PRIMARY_URL = os.environ.get("GONGKAI_PG_PRIMARY_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REPLICA_PORT = int(os.environ.get("GONGKAI_PG_REPLICA_PORT", "5433"))
REPLICA_DIR = Path(os.environ.get("GONGKAI_PG_REPLICA_DIR", f"/tmp/gongkai-pg-replica-{REPLICA_PORT}"))
HBA_MARK = "# gongkai: streaming replica on loopback (scripts/pg_replica.py)"
HBA_LINES = ["local replication postgres trust", "host replication postgres 127.0.0.1/32 trust"]
# A hot standby refuses to start with fewer of these than its primary.
MATCHED_SETTINGS = ("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
                    "max_locks_per_transaction")
SKIPPED, OK = 2, 0


class Skip(Exception):
    """Why the replica cannot be had here (Chinese, printed as is)."""


def say(message: str) -> None:
    print(f"[只读副本] {message}", flush=True)


def replica_url(dbname: str = "postgres") -> str:
    return f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{dbname}"


def connect(url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(url, connect_timeout=3, autocommit=True, **kwargs)


def primary() -> psycopg.Connection:
    try:
        return connect(PRIMARY_URL)
    except psycopg.Error as exc:
        raise Skip(f"主库 {PRIMARY_URL} 无法连接（{str(exc).strip().splitlines()[-1]}），跳过。") from exc


def system_identifier(conn: psycopg.Connection) -> int:
    return conn.execute("SELECT system_identifier FROM pg_control_system()").fetchone()[0]


def binaries(conn: psycopg.Connection) -> Path:
    major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    bindir = Path(os.environ.get("GONGKAI_PG_BINDIR", f"/usr/lib/postgresql/{major}/bin"))
    for tool in ("pg_basebackup", "pg_ctl"):
        if not (bindir / tool).exists():
            raise Skip(f"未找到 {bindir / tool}（需要与主库同版本 {major} 的 PostgreSQL 程序），跳过。")
    return bindir


def as_postgres() -> list[str]:
    """The prefix that runs a PostgreSQL program as a user it accepts: postgres when we are root."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise Skip("以 root 运行但系统中没有 postgres 用户（pg_ctl 拒绝以 root 运行），跳过。") from exc
    if not shutil.which("runuser"):
        raise Skip("以 root 运行但没有 runuser，无法以 postgres 用户启动副本，跳过。")
    return ["runuser", "-u", "postgres", "--"]


def run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(as_postgres() + argv, cwd="/tmp", capture_output=True, text=True, **kwargs)


def running_replica(primary_id: int) -> psycopg.Connection | None:
    """A connection to what answers on the replica port, if it is a standby of this primary; Skip if
    something else holds the port; None when nothing answers."""
    try:
        conn = connect(replica_url())
    except psycopg.OperationalError:
        return None
    in_recovery = conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
    if not in_recovery or system_identifier(conn) != primary_id:
        conn.close()
        raise Skip(f"端口 {REPLICA_PORT} 上已有另一个 PostgreSQL（不是本主库的只读副本），跳过。")
    return conn


def streaming(conn: psycopg.Connection, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = conn.execute("SELECT status FROM pg_stat_wal_receiver").fetchone()
        if row and row[0] == "streaming":
            return True
        time.sleep(0.3)
    return False


def replication_allowed() -> bool:
    try:
        connect(PRIMARY_URL, replication="true").close()
    except psycopg.OperationalError:
        return False
    return True


def allow_replication(conn: psycopg.Connection) -> None:
    """Append the replication lines to the primary's pg_hba.conf, only where they add no access the
    postgres user does not already have (trust from 127.0.0.1 for all databases)."""
    hba_file = Path(conn.execute("SHOW hba_file").fetchone()[0])
    trusted = conn.execute(
        "SELECT count(*) FROM pg_hba_file_rules WHERE type = 'host' AND auth_method = 'trust'"
        " AND 'all' = ANY(database) AND (user_name && ARRAY['all', 'postgres'])"
        " AND address = '127.0.0.1' AND netmask = '255.255.255.255' AND error IS NULL").fetchone()[0]
    if not trusted:
        raise Skip("主库不信任来自 127.0.0.1 的 postgres 用户，不自动放开复制连接；"
                   f"请在 {hba_file} 中加入「{HBA_LINES[1]}」（或相应的认证方式）并重新加载配置。")
    try:
        original = hba_file.read_text()
    except OSError as exc:
        raise Skip(f"主库不允许复制连接，且无法读写 {hba_file}（需要 root 或 postgres 用户）；"
                   f"请在其中加入「{HBA_LINES[1]}」并重新加载配置。") from exc
    if HBA_MARK not in original:
        say(f"主库不允许复制连接：在 {hba_file} 末尾加入 {len(HBA_LINES)} 行（仅本机 postgres 用户的复制连接），"
            "并重新加载主库配置（不重启）。")
        try:
            hba_file.write_text(original.rstrip("\n") + "\n" + HBA_MARK + "\n" + "\n".join(HBA_LINES) + "\n")
        except OSError as exc:
            raise Skip(f"无法写入 {hba_file}（需要 root 或 postgres 用户），请手动加入「{HBA_LINES[1]}」。") from exc
    conn.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)
    errors = conn.execute("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL").fetchone()[0]
    if errors:
        hba_file.write_text(original)
        conn.execute("SELECT pg_reload_conf()")
        raise Skip(f"{hba_file} 加入复制连接后无法解析，已恢复原文件，跳过。")


def write_config(conn: psycopg.Connection) -> None:
    matched = dict(conn.execute("SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
                                [list(MATCHED_SETTINGS)]).fetchall())
    lines = [
        "# Written by gongkai scripts/pg_replica.py: a hot standby on loopback for the tests.",
        f"port = {REPLICA_PORT}",
        "listen_addresses = '127.0.0.1'",
        f"unix_socket_directories = '{REPLICA_DIR}'",
        "hot_standby = on",
        "shared_buffers = 32MB",
        "fsync = off",
        "logging_collector = off",
        *(f"{name} = {value}" for name, value in sorted(matched.items())),
    ]
    config = "\n".join(lines) + "\n"
    hba = "local all all trust\nhost all all 127.0.0.1/32 trust\n"
    # The files belong to the cluster's owner: written through the same user that runs it.
    for name, text in (("postgresql.conf", config), ("pg_hba.conf", hba)):
        result = run(["tee", str(REPLICA_DIR / name)], input=text)
        if result.returncode:
            raise Skip(f"无法写入 {REPLICA_DIR / name}：{result.stderr.strip()}")


def remove_data_dir() -> None:
    if REPLICA_DIR.exists():
        say(f"删除旧的副本目录 {REPLICA_DIR}")
        run(["rm", "-rf", str(REPLICA_DIR)])
        if REPLICA_DIR.exists():
            shutil.rmtree(REPLICA_DIR)


def pg_ctl(bindir: Path, *args: str) -> subprocess.CompletedProcess:
    return run([str(bindir / "pg_ctl"), "-D", str(REPLICA_DIR), *args])


def start_cluster(bindir: Path, primary_id: int) -> bool:
    result = pg_ctl(bindir, "-l", str(REPLICA_DIR / "replica.log"), "-w", "-t", "60", "start")
    if result.returncode:
        say(f"副本启动失败：{(result.stderr or result.stdout).strip()}（日志 {REPLICA_DIR / 'replica.log'}）")
        return False
    conn = running_replica(primary_id)
    if conn is None:
        return False
    with conn:
        if streaming(conn):
            return True
    say("副本已启动但没有开始流复制（可能落后太多，主库已删除所需的 WAL）")
    pg_ctl(bindir, "-m", "immediate", "stop")
    return False


def build(bindir: Path, conn: psycopg.Connection, primary_id: int) -> None:
    remove_data_dir()
    say(f"用 pg_basebackup 从主库复制全部数据到 {REPLICA_DIR}（不使用复制槽）…")
    started = time.monotonic()
    host, port = "127.0.0.1", str(conn.info.port)
    result = run([str(bindir / "pg_basebackup"), "-h", host, "-p", port, "-U", "postgres", "-D", str(REPLICA_DIR),
                  "-X", "stream", "-R", "-c", "fast", "--no-sync"])
    if result.returncode:
        raise Skip(f"pg_basebackup 失败：{result.stderr.strip()}，跳过。")
    write_config(conn)
    say(f"基础备份完成（{time.monotonic() - started:.1f} 秒），以 pg_ctl 启动端口 {REPLICA_PORT} 上的副本…")
    if not start_cluster(bindir, primary_id):
        raise Skip("新建的副本未能进入流复制，跳过。")


def start(allow: bool) -> int:
    with primary() as conn:
        primary_id = system_identifier(conn)
        existing = running_replica(primary_id)
        if existing is not None:
            with existing:
                if streaming(existing, timeout=5):
                    say(f"复用已在运行的只读副本 {replica_url()}（流复制中）")
                    return OK
            say("端口上的副本没有在流复制，停止后重建")
            pg_ctl(binaries(conn), "-m", "fast", "stop")
        bindir = binaries(conn)
        if not replication_allowed():
            if not allow:
                raise Skip("主库的 pg_hba.conf 不允许复制连接（database 须写 replication；all 不包括它），"
                           "跳过。加 --allow-replication 可在本机自动加入。")
            allow_replication(conn)
            if not replication_allowed():
                raise Skip("修改 pg_hba.conf 后仍不允许复制连接，跳过。")
        role = conn.execute("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = 'postgres'").fetchone()
        if not role or not role[0]:
            raise Skip("postgres 角色没有 REPLICATION 权限，跳过。")
        if (REPLICA_DIR / "standby.signal").exists():
            say(f"启动已有的副本目录 {REPLICA_DIR}")
            if start_cluster(bindir, primary_id):
                say(f"只读副本已就绪：{replica_url()}")
                return OK
        build(bindir, conn, primary_id)
    say(f"只读副本已就绪：{replica_url()}")
    return OK


def status() -> int:
    with primary() as conn:
        existing = running_replica(system_identifier(conn))
        if existing is None:
            say(f"端口 {REPLICA_PORT} 上没有运行中的副本")
            return 1
        with existing:
            row = existing.execute("SELECT status, pg_last_wal_replay_lsn() FROM pg_stat_wal_receiver").fetchone()
        lsn = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        say(f"副本 {replica_url()}：{row[0] if row else '未连接主库'}，已重放到 {row[1] if row else '?'}（主库 {lsn}）")
        return OK


def stop() -> int:
    with primary() as conn:
        bindir = binaries(conn)
    if not (REPLICA_DIR / "PG_VERSION").exists():
        say(f"{REPLICA_DIR} 中没有副本")
        return OK
    result = pg_ctl(bindir, "-m", "fast", "stop")
    say("副本已停止" if result.returncode == 0 else f"停止副本：{(result.stderr or result.stdout).strip()}")
    return OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="本机 PostgreSQL 主库的流复制只读副本（测试用）")
    parser.add_argument("command", nargs="?", default="start", choices=["start", "status", "stop"])
    parser.add_argument("--allow-replication", action="store_true",
                        help="主库不允许复制连接时，在其 pg_hba.conf 中加入本机 postgres 用户的复制连接")
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            # Two `make test` at once: the second waits for the first's replica, then reuses it.
            lock = os.open(f"{REPLICA_DIR}.lock", os.O_RDONLY | os.O_CREAT, 0o644)  # any user may lock it
            try:
                fcntl.flock(lock, fcntl.LOCK_EX)
                return start(args.allow_replication)
            finally:
                os.close(lock)
        return status() if args.command == "status" else stop()
    except Skip as reason:
        say(str(reason))
        return SKIPPED


if __name__ == "__main__":
    sys.exit(main())
