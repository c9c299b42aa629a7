"""The production recipe (issue 9, "Production recipe"): `gongkai check --deploy` clean with production
settings, the shared-cache rule, https only, forwarding headers believed only from trusted proxies, and
gunicorn + WhiteNoise actually serving with the shipped configuration."""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from tests.machine import redis_up

ROOT = Path(__file__).resolve().parents[2]
GONGKAI = [sys.executable, "-m", "gongkai"]


def production_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_", "CACHE_", "DEBUG"))}
    env.update({
        "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "gongkai.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64), "GONGKAI_AUDIT_KEY": secrets.token_urlsafe(48), "ALLOWED_HOSTS": "gongkai.example.gov.cn,127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "GONGKAI_VAR_DIR": str(tmp_path / "var"),
        "WEB_CONCURRENCY": "3",
        "CACHE_URL": "redis://127.0.0.1:6379/15" if redis_up() else "locmem://gongkai",
    })
    if not redis_up():
        env["WEB_CONCURRENCY"] = "1"
    env.update(extra)
    return env


def run(args, env) -> subprocess.CompletedProcess:
    return subprocess.run(GONGKAI + args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run(["check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_an_in_process_cache_with_several_workers(tmp_path):
    result = run(["check", "--deploy"], production_env(tmp_path, CACHE_URL="locmem://x", WEB_CONCURRENCY="4"))
    assert result.returncode != 0 and "gongkai.E001" in result.stderr and "CACHE_URL" in result.stderr


@pytest.mark.parametrize("bad", [{"DEBUG": "1"}, {"SECRET_KEY": "short"}])
def test_production_refuses_debug_and_a_weak_secret(tmp_path, bad):
    result = run(["check"], production_env(tmp_path, **bad))
    assert result.returncode != 0 and "生产环境" in result.stderr


@pytest.mark.django_db
def test_forwarding_headers_from_a_stranger_are_ignored(settings):
    """The attacker talks to the server directly and claims another address and https."""
    settings.GONGKAI_TRUSTED_PROXIES = ["10.0.0.5"]
    settings.SECURE_SSL_REDIRECT = True
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    response = stranger.get("/", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    proxy = Client(REMOTE_ADDR="10.0.0.5")
    response = proxy.get("/no-such-page/", HTTP_X_FORWARDED_PROTO="https",
                         HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert response.status_code == 404  # believed: https, so no redirect
    assert response.wsgi_request.META["REMOTE_ADDR"] == "198.51.100.7"  # the rightmost untrusted address
    assert response.wsgi_request.META["GONGKAI_PEER_ADDR"] == "10.0.0.5"


@pytest.mark.skipif(shutil.which("gunicorn") is None and not (Path(sys.executable).parent / "gunicorn").exists(),
                    reason="gunicorn not installed")
def test_gunicorn_serves_with_the_shipped_configuration(tmp_path):
    env = production_env(tmp_path)
    collected = run(["collectstatic", "--noinput", "-v0"], env)
    assert collected.returncode == 0, collected.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env.update(GONGKAI_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=env["WEB_CONCURRENCY"] if redis_up() else "1")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen([gunicorn, "-c", "deploy/gunicorn.conf.py"], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"

        def get(path, **headers):
            request = urllib.request.Request(base + path, headers={"Host": "gongkai.example.gov.cn", **headers})
            opener = urllib.request.build_opener(NoRedirect)
            try:
                return opener.open(request, timeout=5)
            except urllib.error.HTTPError as exc:
                return exc

        for _ in range(100):
            try:
                get("/favicon.ico")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        # Plain http straight to the server: redirected to https.
        assert get("/favicon.ico").status == 301
        https = {"X-Forwarded-Proto": "https"}  # what nginx on 127.0.0.1 (trusted) sends
        css = get("/static/gongkai/site.css", **https, **{"Accept-Encoding": "gzip"})
        assert css.status == 200 and css.headers["Content-Encoding"] == "gzip"
        page = get("/no-such-page/", **https)
        assert page.status == 404 and "页面不存在" in page.read().decode()
        assert "max-age=31536000; includeSubDomains" in get("/favicon.ico", **https).headers["Strict-Transport-Security"]
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Booting worker" in output, output


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
