"""No personal data in a public resource (issue 13, "The API"): the whole demo is built, then every public
GET operation of the generated OpenAPI schema is called — for every jurisdiction, report, consultation and
record it lists, following every page — and no answer holds a resident ID number, a person's mobile number
(an office's public number is fine), or the name of an applicant, a message writer, a commenter, a responsible
person or a staff account."""

import json
import re

import pytest
from django.core.management import call_command

from gongkai.accounts.models import User
from gongkai.catalog.models import CatalogItem
from gongkai.consultations.models import Comment
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.interaction.models import Message
from gongkai.organizations.models import Unit

pytestmark = pytest.mark.django_db

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
# Identifiers that are not text a person wrote, and may hold a run of digits by chance: item keys (UUIDs)
# and cursors (base64). They are left out of the scan.
NOT_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\"next\": \"[^\"]*\"")


def _people_names() -> set[str]:
    names = set(DisclosureRequest.objects.values_list("applicant_name", flat=True))
    names |= set(Message.objects.values_list("writer_name", flat=True))
    names |= set(Comment.objects.values_list("name", flat=True))
    names |= set(CatalogItem.objects.values_list("responsible_person_name", flat=True))
    names |= set(User.objects.values_list("display_name", flat=True))
    return {n.strip() for n in names if n and len(n.strip()) >= 2}


class Walker:
    def __init__(self, client):
        self.client = client
        self.bodies: dict[str, str] = {}

    def get(self, url: str, params: dict | None = None) -> dict:
        response = self.client.get(url, params or {})
        assert response.status_code == 200, (url, params, response.content[:300])
        self.bodies[f"{url}?{params}"] = response.content.decode()
        return response.json()

    def all(self, url: str, params: dict | None = None) -> list[dict]:
        params = {"limit": 100, **(params or {})}
        items = []
        while True:
            body = self.get(url, params)
            items += body["items"]
            if not body["next"]:
                return items
            params = {**params, "cursor": body["next"]}


def _fill(walker: Walker, path: str, codes: list[str]) -> list[str]:
    """The concrete URLs of one operation of the schema: every jurisdiction for {code}, every listed object
    for {id}."""
    if "{code}" not in path and "{id}" not in path:
        return [path]
    urls = []
    for code in codes:
        url = path.replace("{code}", code)
        if "{id}" not in url:
            urls.append(url)
            continue
        parent = url.rsplit("/", 1)[0]
        urls += [url.replace("{id}", str(item["id"])) for item in walker.all(parent)]
    if path == "/api/v1/records/{id}":
        urls = [path.replace("{id}", str(r["id"])) for r in walker.all("/api/v1/records")]
    return urls


def test_no_public_resource_of_the_demo_holds_personal_data(client):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 — the demo's report is not the point
    spec = client.get("/api/v1/openapi.json").json()
    walker = Walker(client)
    listed = [j["code"] for j in walker.all("/api/v1/jurisdictions")]
    places = [p["code"] for code in listed for p in walker.all(f"/api/v1/jurisdictions/{code}/map")]
    codes = sorted({*listed, *places})
    assert len(listed) >= 4 and len(codes) > 10
    visited: dict[str, int] = {}
    for path, operations in spec["paths"].items():
        if "get" not in operations or path.startswith("/api/v1/staff/") or path == "/api/v1/openapi.json":
            continue
        parameters = {p["name"] for p in operations["get"].get("parameters", [])}
        for url in _fill(walker, path, codes):
            if "q" in parameters and path == "/api/v1/search":
                for word in ("低保", "名单", "公示", "补贴", "申请"):
                    walker.all(url, {"q": word})
                visited[path] = visited.get(path, 0) + 1
                continue
            response = client.get(url)
            if response.status_code == 404 and url.endswith(("/guide", "/catalog", "/catalog/items")):
                continue  # a township without a guide or a catalog of its own
            if "cursor" in parameters:
                walker.all(url)
            else:
                walker.get(url)
            visited[path] = visited.get(path, 0) + 1
    public_paths = {p for p, ops in spec["paths"].items() if "get" in ops and not p.startswith("/api/v1/staff/")
                    and p != "/api/v1/openapi.json"}
    assert set(visited) == public_paths, public_paths - set(visited)
    assert visited["/api/v1/records/{id}"] >= 5 and visited["/api/v1/jurisdictions/{code}/messages"] > 0

    office_phones = set(Unit.objects.exclude(phone="").values_list("phone", flat=True))
    names = _people_names()
    assert names, "the demo has applicants, writers and commenters to look for"
    text = NOT_TEXT.sub(" ", "\n".join(json.dumps(json.loads(body), ensure_ascii=False)
                                        for body in walker.bodies.values()))
    assert not ID_NUMBER.findall(text)
    mobiles = [(m.group(), text[max(0, m.start() - 80):m.end() + 20]) for m in MOBILE.finditer(text)
               if not any(m.group() in phone for phone in office_phones)]
    assert not mobiles
    found = sorted(n for n in names if n in text)
    assert not found, found
