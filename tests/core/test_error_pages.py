"""Every error a visitor or an officer can reach is a Chinese page, or JSON in one format on /api/
(issue 9 "Abuse and bad input", issue 10 "Broken"): played as the visitor who probes the site."""

import re

import pytest
from django.test import Client

from gongkai.core.error_pages import PAGES

pytestmark = pytest.mark.django_db

ENGLISH_DEBUG = ("Page not found", "Using the URLconf", "Traceback", "Server Error", "Forbidden", "CSRF verification")


@pytest.fixture
def world(records_world):
    return records_world


def assert_chinese_page(response, status, title):
    assert response.status_code == status
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert f"<h1 id=\"error-title\">{title}</h1>" in html, html[:500]
    for words in ENGLISH_DEBUG:
        assert words not in html


def assert_api_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"} and body["error"]["code"] == code
    assert re.search(r"[\u4e00-\u9fff]", body["error"]["message"]), body


def test_unknown_address_outside_the_portal_is_a_chinese_404_without_the_url_list(client):
    for path in ("/no-such-page/", "/admin/no-such-screen/", "/accounts/nothing/", "/wp-login.php"):
        assert_chinese_page(client.get(path), 404, "页面不存在")


@pytest.mark.parametrize("path", ["/一", "/j/一/", "/%E4%B8%80/x", "/api/v1/一", "/api/v1/records/一"])
def test_unknown_address_with_chinese_characters_never_shows_the_url_list(client, path):
    # The URL resolver's 404 carries the patterns it tried (with module paths) and the path as typed: a path
    # with Chinese characters in it once passed for "a Chinese message of our own" and was shown whole.
    response = client.get(path)
    text = response.content.decode()
    for leak in ("tried", "URLPattern", "URLResolver", "module", ".py", "gongkai."):
        assert leak not in text, (path, text[:300])
    if path.startswith("/api/"):
        assert_api_error(response, 404, "not_found")
        assert response.json()["error"]["message"] == PAGES[404][2]  # the default, not the path
    else:
        assert response.status_code == 404 and "页面不存在" in text


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_unknown_api_address_and_record_are_json_404(client):
    assert_api_error(client.get("/api/v1/nothing"), 404, "not_found")
    assert_api_error(client.get("/api/v1/records/424242"), 404, "not_found")
    assert_api_error(client.get("/api/v1/records/99999999999999999999"), 404, "not_found")


@pytest.mark.parametrize("cursor", ["abc", "!!!", "W10", "WyJvIiwgLTFd", "x" * 500, "x" * 600, "２"])
def test_bad_api_cursor_is_json_400_or_422(client, records, cursor):
    """A cursor we did not hand out is a 400 (core.keyset.BadCursor); one longer than the schema allows is an
    invalid parameter."""
    response = client.get("/api/v1/records", {"cursor": cursor})
    too_long = len(cursor) > 512
    assert_api_error(response, 422 if too_long else 400, "invalid_parameters" if too_long else "bad_cursor")


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "99999999999999999999", "1e3"])
def test_bad_api_limit_is_json_422(client, records, limit):
    assert_api_error(client.get("/api/v1/records", {"limit": limit}), 422, "invalid_parameters")


def test_api_wrong_method_is_json_405(client, records):
    response = client.post("/api/v1/records", {}, content_type="application/json")
    assert_api_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("page", ["9223372036854775807", "99999999999999999999", "abc", "0", "-3", "2"])
def test_bad_search_page_is_a_chinese_404(client, records, page):
    assert_chinese_page(client.get("/search/", {"q": "教育", "page": page}), 404, "页面不存在")
    assert client.get("/search/", {"q": "学区", "page": "1"}).status_code == 200


def test_bad_page_of_a_portal_list_is_404(client, records):
    code = records["county"].code
    assert client.get(f"/j/{code}/latest/").status_code == 200
    for page in ("9223372036854775807", "x", "0", "5"):
        assert client.get(f"/j/{code}/latest/", {"page": page}).status_code == 404


def test_officer_probing_ids_gets_404_not_500(client, world):
    client.force_login(world.users.officer)
    assert client.get("/admin/records/new/", {"item": "abc"}).status_code == 404
    assert client.get("/admin/records/new/", {"item": "99999999999999999999999"}).status_code == 404
    assert client.get("/admin/records/new/", {"item": str(world.items.dibao.pk)}).status_code == 200
    client.force_login(world.users.office)
    for path, query in (("/admin/accounts/", {}), ("/admin/standard/search/", {"q": "低保"})):
        assert client.get(path, query).status_code == 200
        assert client.get(path, {**query, "page": "9223372036854775807"}).status_code == 404, path
        assert client.get(path, {**query, "page": "abc"}).status_code == 404, path
    client.force_login(world.users.auditor)
    assert client.get("/admin/audit/").status_code == 200
    assert client.get("/admin/audit/", {"page": "99999999999999999999"}).status_code == 404


def test_csrf_failure_is_a_chinese_403(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users.officer)
    response = client.post("/admin/records/new/", {"title": "伪造的提交"})
    assert_chinese_page(response, 403, "无权访问")
    assert "页面已过期" in response.content.decode()


def test_csrf_failure_on_login_is_a_chinese_403(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert_chinese_page(response, 403, "无权访问")


def test_oversized_body_is_a_chinese_413(client, settings, db):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 1000
    body = b"x" * (2 * 1024 * 1024)
    response = client.post("/accounts/login/", body, content_type="application/octet-stream")
    assert_chinese_page(response, 413, "提交的内容过大")
    assert_api_error(client.post("/api/v1/records", body, content_type="application/json"), 413, "too_large")


def test_too_many_fields_is_a_chinese_413(client, settings, db):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post("/accounts/login/", {f"f{i}": "1" for i in range(50)})
    assert_chinese_page(response, 413, "提交的内容过大")


def test_server_error_is_a_chinese_500_and_json_on_the_api(settings, db):
    settings.ROOT_URLCONF = "tests.core.urls_boom"
    client = Client(raise_request_exception=False)
    assert_chinese_page(client.get("/boom/"), 500, "系统出错了")
    assert_api_error(client.get("/api/v1/boom"), 500, "server_error")


def test_bad_request_host_is_a_chinese_400(client, db):
    assert_chinese_page(client.get("/", HTTP_HOST="evil.example.com"), 400, "请求有误")
