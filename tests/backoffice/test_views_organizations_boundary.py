"""The office uploads a township's boundary for the public disclosure map (公开地图); others are refused."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.organizations.models import JurisdictionBoundary

pytestmark = pytest.mark.django_db

SQUARE = [[111.4, 27.2], [111.5, 27.2], [111.5, 27.3], [111.4, 27.3], [111.4, 27.2]]


def upload(content: bytes, name="罗市镇.geojson"):
    return {"file": SimpleUploadedFile(name, content, content_type="application/geo+json")}


def polygon() -> bytes:
    return json.dumps({"type": "Polygon", "coordinates": [SQUARE]}).encode()


def test_office_uploads_replaces_and_removes_a_boundary(client, world):
    town = world.tree["town"]
    url = reverse("backoffice:jurisdiction_boundary", args=[town.pk])
    client.force_login(world.users.office)
    assert "尚未上传边界" in client.get(url).content.decode()
    response = client.post(url, upload(polygon()))
    assert response.status_code == 302
    boundary = JurisdictionBoundary.objects.get(jurisdiction=town)
    assert boundary.file_name == "罗市镇.geojson"
    event = AuditEvent.objects.get(action="boundary.set")
    assert event.actor == world.users.office
    body = client.get(url).content.decode()
    assert "罗市镇.geojson" in body and "1 个面" in body
    assert client.post(url, {"remove": "1"}).status_code == 302
    assert not JurisdictionBoundary.objects.exists()
    assert AuditEvent.objects.filter(action="boundary.remove").count() == 1


def test_the_tree_links_to_the_boundary_screen_within_the_office_scope(client, world):
    client.force_login(world.users.office)
    body = client.get(reverse("backoffice:jurisdictions")).content.decode()
    assert reverse("backoffice:jurisdiction_boundary", args=[world.tree["town"].pk]) in body
    assert reverse("backoffice:jurisdiction_boundary", args=[world.tree["city"].pk]) not in body


@pytest.mark.parametrize(("content", "name", "message"), [
    (b'{"type": "Point", "coordinates": [111.4, 27.2]}', "a.geojson", "边界只能是面（Polygon）或多面（MultiPolygon）"),
    (b"not json", "a.geojson", "不是有效的 JSON"),
    (polygon(), "a.kml", "只能上传 .geojson 或 .json 文件"),
    (b" " * (512 * 1024 + 1), "a.geojson", "文件过大"),
])
def test_a_wrong_file_is_refused_with_a_chinese_message(client, world, content, name, message):
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:jurisdiction_boundary", args=[world.tree["town"].pk]),
                           upload(content, name))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not JurisdictionBoundary.objects.exists()
    assert not AuditEvent.objects.filter(action="boundary.set").exists()


def test_an_empty_form_asks_for_a_file(client, world):
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:jurisdiction_boundary", args=[world.tree["town"].pk]), {})
    assert "请选择要上传的 GeoJSON 文件" in response.content.decode()


@pytest.mark.parametrize("who", ["other_office", "officer", "auditor", "admin"])
def test_others_are_refused(client, world, who):
    client.force_login(getattr(world.users, who))
    url = reverse("backoffice:jurisdiction_boundary", args=[world.tree["town"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, upload(polygon())).status_code == 403
    assert not JurisdictionBoundary.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, world):
    url = reverse("backoffice:jurisdiction_boundary", args=[world.tree["town"].pk])
    response = client.post(url, upload(polygon()))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not JurisdictionBoundary.objects.exists()
