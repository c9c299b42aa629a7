"""/api/v1/jurisdictions/{code}/concerns, /rules and /services: the portal's 回应关切, 制度 and 办事指南 columns as
data, only what the portal shows (a concern the office kept off the portal, a rules document not public, a guide of
an inactive unit: none of them), paged by cursor, 404 in the one error format."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.columns.models import RulesDocument
from gongkai.interaction.models import Concern, ConcernResponse
from tests.factories import UnitFactory, UserFactory, service_guide

pytestmark = pytest.mark.django_db
CODE = "430503000000"


def _at(day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 11, day, 9, 0))


def walk(client, url, **params):
    items, cursor = [], None
    while True:
        body = client.get(url, {**params, **({"cursor": cursor} if cursor else {})}).json()
        items += body["items"]
        cursor = body["next"]
        if not cursor:
            return items


def test_concerns_are_the_public_ones_newest_first_with_their_responses(client, portal):
    county = portal["county"]
    unit = UnitFactory(jurisdiction=county, name="区教育局")
    clerk = UserFactory(unit=unit, display_name="李记录")
    older = Concern.objects.create(jurisdiction=county, unit=unit, title="网传城西小学停招", description="微信群流传",
                                   arose_at=_at(20), level="general", recorded_by=clerk)
    ConcernResponse.objects.create(concern=older, kind="statement", responded_at=_at(21), channel="门户网站",
                                   content="网传不实", recorded_by=clerk)
    newer = Concern.objects.create(jurisdiction=county, unit=unit, title="学区调整", arose_at=_at(25),
                                   level="general")
    Concern.objects.create(jurisdiction=county, unit=unit, title="不公开的事项", arose_at=_at(26), level="general",
                           is_public=False)
    items = walk(client, f"/api/v1/jurisdictions/{CODE}/concerns", limit=1)
    assert [c["title"] for c in items] == [newer.title, older.title]
    assert items[1]["responses"] == [{"kind": "发布回应", "responded_at": "2026-11-21T01:00:00Z", "channel": "门户网站",
                                      "content": "网传不实", "link": ""}]
    assert items[1]["level"] == "一般政务舆情" and items[1]["unit"] == "区教育局"
    assert "李记录" not in client.get(f"/api/v1/jurisdictions/{CODE}/concerns").content.decode()


def test_rules_documents_list_and_full_text_only_public_ones(client, portal):
    county = portal["county"]
    shown = RulesDocument.objects.create(jurisdiction=county, title="保密审查制度", document_number="大政办发〔2021〕5号",
                                         issued_on=dt.date(2021, 5, 10), body="第一条 ……")
    hidden = RulesDocument.objects.create(jurisdiction=county, title="内部制度", issued_on=dt.date(2022, 1, 1),
                                          is_public=False)
    items = walk(client, f"/api/v1/jurisdictions/{CODE}/rules")
    assert [d["title"] for d in items] == ["保密审查制度"]
    assert items[0]["url"] == f"/j/{CODE}/rules/{shown.pk}/" and items[0]["attachment_url"] is None
    detail = client.get(f"/api/v1/jurisdictions/{CODE}/rules/{shown.pk}").json()
    assert detail["body"] == "第一条 ……" and detail["document_number"] == "大政办发〔2021〕5号"
    refused = client.get(f"/api/v1/jurisdictions/{CODE}/rules/{hidden.pk}")
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"


def test_service_guides_by_domain_filtered_by_item_and_in_full(client, portal):
    items = [i for i in portal["items"] if i.applicable]
    relief_unit = UnitFactory(jurisdiction=portal["county"], name="区民政局")
    first = service_guide(items[0], name="义务教育新生入学报名")
    service_guide(items[3], name="最低生活保障申请", unit=relief_unit)
    gone = service_guide(items[1], name="已撤销单位的指南", unit=UnitFactory(jurisdiction=portal["county"]))
    gone.unit.is_active = False
    gone.unit.save()
    listed = walk(client, f"/api/v1/jurisdictions/{CODE}/services", limit=1)
    assert [g["name"] for g in listed] == ["义务教育新生入学报名", "最低生活保障申请"]
    by_item = client.get(f"/api/v1/jurisdictions/{CODE}/services", {"item": str(items[0].key)}).json()["items"]
    assert [g["id"] for g in by_item] == [first.pk]
    refused = client.get(f"/api/v1/jurisdictions/{CODE}/services", {"item": "not-a-key"})
    assert refused.status_code == 422 and "item" in refused.json()["error"]["message"]
    detail = client.get(f"/api/v1/jurisdictions/{CODE}/services/{first.pk}").json()
    assert detail["url"] == f"/j/{CODE}/services/{first.pk}/" and detail["phone"] == "0739-5000000"
    assert detail["online_mode"] == "部分网办" and detail["materials"].startswith("1. 低保申请书")
    assert client.get(f"/api/v1/jurisdictions/{CODE}/services/{gone.pk}").status_code == 404


def test_an_unknown_jurisdiction_is_a_json_404(client, db):
    for tail in ("concerns", "rules", "services"):
        response = client.get(f"/api/v1/jurisdictions/999999999999/{tail}")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
