"""The load bench's wrk script (gongkai/loadbench.lua) against a tiny local server, one second each: it parses,
sends the requests in turn with the proxy's headers, and prints the JSON the bench reads. The load itself (10
minutes on the production server) is `make bench`, never a test."""

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from gongkai import loadbench

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk 未安装（make bench 会安装）")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list = []

    def do_GET(self):
        self.answer(404 if self.path == "/missing" else 200)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.answer(429, parse_qs(body))

    def answer(self, status, form=None):
        self.seen.append((self.command, self.path, self.headers.get("X-Forwarded-Proto"), form))
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def base():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_portal_requests_rotate_and_the_result_counts_statuses(base):
    result = loadbench.wrk_result(loadbench.run_wrk(base, loadbench.portal_args(["/", "/missing"]), seconds=1,
                                                    connections=1))
    assert set(result) >= {"requests", "duration_us", "errors", "latency_us", "statuses"}
    assert result["requests"] > 2 and set(result["statuses"]) == {"200", "404"}
    assert sum(result["statuses"].values()) == result["requests"]
    assert loadbench.errors_of(result) == result["statuses"]["404"]
    assert 0 < result["latency_us"]["p50"] <= result["latency_us"]["p95"] <= result["latency_us"]["max"]
    assert {(method, path, proto) for method, path, proto, _ in Handler.seen} == {
        ("GET", "/", "https"), ("GET", "/missing", "https")}


def test_login_flood_posts_the_form_with_its_csrf_token(base):
    result = loadbench.wrk_result(loadbench.run_wrk(base, loadbench.login_args(base, "c" * 32, "t" * 64),
                                                    seconds=1, connections=1))
    assert result["statuses"] == {"429": result["requests"]}
    assert loadbench.errors_of(result, ok={200, 429}) == 0
    forms = [form for method, path, _, form in Handler.seen if method == "POST" and path == loadbench.LOGIN_PATH]
    assert forms and all(form["csrfmiddlewaretoken"] == ["t" * 64] and form["password"] for form in forms)
    assert {form["username"][0] for form in forms} >= {"dx.office", "admin"}
