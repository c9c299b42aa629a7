"""The optional, polite external link checker (国办秘函〔2019〕19号 可用性, broken_link): against a local HTTP
server started in the test — a robots.txt that disallows /private/, a page that answers 404, a slow one beyond the
timeout, a working one. Off by default; bounded per run; results kept with checked_at and not fetched again within
the TTL."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from gongkai.core import clock
from gongkai.oversight.checks.facts import PublicLinkFacts
from gongkai.oversight.checks.public_content import broken_links, external_links
from gongkai.oversight.models import ExternalLink, Finding
from gongkai.oversight.services import inspection_run
from gongkai.publishing.models import RecordRevision

TODAY = date(2026, 11, 20)


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args):
        pass

    def _answer(self, body: bool):
        self.hits.append(self.path)
        if self.path == "/robots.txt":
            status, text = 200, "User-agent: *\nDisallow: /private/\n"
        elif self.path == "/missing":
            status, text = 404, "not found"
        elif self.path == "/slow":
            time.sleep(1.5)
            status, text = 200, "late"
        else:
            status, text = 200, "ok"
        data = text.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)


@pytest.fixture
def site():
    _Handler.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


FAST = {"OVERSIGHT_EXTERNAL_LINKS": True, "OVERSIGHT_LINK_TIMEOUT": 0.5, "OVERSIGHT_LINK_HOST_INTERVAL": 0,
        "OVERSIGHT_LINK_MAX_PER_RUN": 50, "OVERSIGHT_LINK_TTL_DAYS": 7}


def _public_body(record, markup: str) -> None:
    RecordRevision.objects.filter(pk=record.public_revision_id).update(body=markup)


def test_external_links_are_the_bodys_http_links_only():
    body = ('<a href="https://www.gov.cn/zhengce/">国务院</a><a href="/j/430503000000/r/1/">站内</a>'
            '<a href="mailto:a@b.cn">信箱</a><a href="http://example.org/x">外链</a>')
    assert external_links(body) == ["https://www.gov.cn/zhengce/", "http://example.org/x"]


def test_broken_link_counts_a_dead_external_link_and_not_a_working_one():
    fact = PublicLinkFacts(id=3, title="通知", unit_id=7, external=(("http://a/ok", True, ""),
                                                                   ("http://a/missing", False, "返回状态404")))
    hits = list(broken_links([fact]))
    assert hits[0].evidence["external_links"] == [{"url": "http://a/missing", "note": "返回状态404"}]
    assert "外部链接" in hits[0].evidence["text"]
    assert list(broken_links([PublicLinkFacts(id=3, title="通知", unit_id=7,
                                              external=(("http://a/ok", True, ""),))])) == []


def test_broken_link_checks_external_links_politely(world, site):
    """19号 可用性: the 404 and the page slower than the timeout are broken; the working page is not; the page
    robots.txt disallows is neither fetched nor judged; a second inspection within the TTL fetches nothing."""
    record = world.published(items=[world.policy_item], formed_on=date(2026, 11, 2), title="引用外部网站的通知")
    _public_body(record, f'<p><a href="{site}/fine">可用</a><a href="{site}/missing">失效</a>'
                         f'<a href="{site}/slow">很慢</a><a href="{site}/private/list">禁止抓取</a></p>')
    with override_settings(**FAST):
        inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY, rules=["broken_link"])
    evidence = Finding.objects.get(rule="broken_link", target=str(record.pk)).evidence
    dead = {e["url"]: e["note"] for e in evidence["external_links"]}
    assert set(dead) == {f"{site}/missing", f"{site}/slow"}
    assert "404" in dead[f"{site}/missing"] and "无响应" in dead[f"{site}/slow"]
    assert "/private/list" not in _Handler.hits and "/robots.txt" in _Handler.hits
    assert not ExternalLink.objects.filter(url=f"{site}/private/list", ok__isnull=False).exists()
    assert all(link.checked_at for link in ExternalLink.objects.all())
    fetched = len(_Handler.hits)
    with override_settings(**FAST):
        inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY, rules=["broken_link"])
    assert len(_Handler.hits) == fetched  # within the TTL: kept results, no request
    # After the TTL the links are fetched again.
    ExternalLink.objects.update(checked_at=clock.now() - timedelta(days=8))
    with override_settings(**FAST):
        inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY, rules=["broken_link"])
    assert len(_Handler.hits) > fetched


def test_the_checker_is_off_by_default_and_bounded_per_run(world, site):
    record = world.published(items=[world.policy_item], formed_on=date(2026, 11, 2), title="外链很多的通知")
    _public_body(record, "".join(f'<a href="{site}/missing{i}">链接{i}</a>' for i in range(5)))
    inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY, rules=["broken_link"])
    assert _Handler.hits == [] and not ExternalLink.objects.exists()
    assert not Finding.objects.filter(rule="broken_link").exists()
    with override_settings(**{**FAST, "OVERSIGHT_LINK_MAX_PER_RUN": 2}):
        inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY, rules=["broken_link"])
    assert ExternalLink.objects.count() == 2, list(ExternalLink.objects.values_list("url", "note"))
    assert [h for h in _Handler.hits if h != "/robots.txt"] == ["/missing0", "/missing1"], list(ExternalLink.objects.values_list("url", "note"))
