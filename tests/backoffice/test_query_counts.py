"""The back office's main screens make a bounded number of queries, the same with a few rows as with
many: the dashboard of each role, the record list, a catalog's versions, the catalog list and the request
list, the letter templates. Each is measured at two data sizes; the count must not grow, and must stay under its bound."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongkai.disclosure_requests import services as request_services
from gongkai.disclosure_requests.models import ReplyTemplate, ReplyType
from gongkai.publishing import services
from tests.factories import CatalogItemFactory, CatalogVersionFactory, applicant, blank_pdf, fake_id

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)

# (screen, user) → the most queries it may make (today's count and a little room)
BOUNDS = {
    ("dashboard", "office"): 32,  # 23 before oversight's tiles (issue 8)
    ("dashboard", "reviewer"): 28,  # 22 before
    ("dashboard", "officer"): 25,  # 19 before
    ("records", "office"): 14,
    ("records", "reviewer"): 14,
    ("catalog", "office"): 17,
    ("catalogs", "office"): 14,
    ("requests", "office"): 18,
    ("clock_settings", "office"): 12,
    ("letter_templates", "office"): 12,
}


@pytest.fixture
def world(publishing_world):
    return publishing_world


def _grow(world, n: int) -> None:
    """n more of each thing a screen lists: records in several states (one with an attachment), requests
    received and assigned, versions of the county's catalog."""
    for i in range(n):
        serial = next(_serial)
        draft = world.record(title=f"草稿通知第{serial}号")
        services.attachment_add(actor=world.officer, record=draft, name=f"附件{serial}.pdf", data=blank_pdf())
        submitted = world.record(title=f"待审通知第{serial}号", items=[world.policy_item, world.item])
        services.record_submit(actor=world.officer, record=submitted)
        world.published(title=f"已发布通知第{serial}号")
        request = request_services.request_register(
            actor=world.office, jurisdiction=world.tree["county"], intake_channel="in_person",
            data=applicant(id_number=fake_id(serial % 90 + 1), description=f"申请公开第{serial}号"),
            submitted_at=timezone.now() - dt.timedelta(days=i % 5))
        request_services.request_assign(actor=world.office, request=request, unit=world.unit)
        version = CatalogVersionFactory(catalog=world.version.catalog, label=f"第{serial}测试版", year=2000 + serial)
        CatalogItemFactory(version=version, name=f"事项{serial}")
        # letter templates of the county and of the level above it, each kept by an office
        reply_type = ReplyType.values[serial % len(ReplyType.values)]
        for place in ("county", "city"):
            ReplyTemplate.objects.update_or_create(jurisdiction=world.tree[place], reply_type=reply_type,
                                                   defaults={"title": "告知书", "body": "文本", "updated_by": world.office})
        _grow_oversight(world, draft, request, serial)


def _grow_oversight(world, record, request, serial: int) -> None:
    """Findings of the unit (on a record and on a request) and tasks overdue and coming due (issue 8's tiles)."""
    from gongkai.core import clock
    from gongkai.oversight import task_services
    from gongkai.oversight.models import Finding

    today, county = clock.today(), world.tree["county"]
    # The unit's tile lists the most severe first and looks up where each is fixed with one query per kind of
    # target among those listed (`fix_targets`, at most three): the request findings, more severe, lead at any size.
    for rule, kind, target, severity in (("late_publication", "record", str(record.pk), "medium"),
                                         ("request_overdue", "request", request.tracking_code, "high")):
        Finding.objects.create(rule=rule, severity=severity, target_kind=kind, target=target, label=f"问题{serial}",
                               jurisdiction=county, unit=world.unit, first_seen=today - dt.timedelta(days=40),
                               last_seen=today)
    for due in (today - dt.timedelta(days=serial), today + dt.timedelta(days=1)):
        task_services.task_create(actor=world.office, jurisdiction=county, draft=task_services.TaskDraft(
            title=f"工作任务{serial}-{due}", responsible_unit=world.unit, due_on=due, guiding_units=[world.office_unit]))


def _urls(world) -> dict[str, str]:
    return {
        "dashboard": reverse("backoffice:dashboard"),
        "records": reverse("backoffice:records"),
        "catalog": reverse("backoffice:catalog", kwargs={"pk": world.version.catalog_id}),
        "catalogs": reverse("backoffice:catalogs"),
        "requests": reverse("backoffice:requests"),
        "clock_settings": reverse("backoffice:clock_settings"),
        "letter_templates": reverse("backoffice:letter_templates"),
    }


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


@pytest.mark.parametrize(("screen", "who"), list(BOUNDS))
def test_screen_queries_are_bounded_and_do_not_grow_with_the_data(client, world, screen, who):
    client.force_login(getattr(world, who))
    url = _urls(world)[screen]
    _grow(world, 2)
    small = _queries(client, url)
    _grow(world, 6)
    large = _queries(client, url)
    assert large == small, f"{screen} ({who}): {small} queries with few rows, {large} with more"
    assert large <= BOUNDS[(screen, who)], f"{screen} ({who}): {large} queries, bound {BOUNDS[(screen, who)]}"


def test_the_measured_screens_show_the_grown_data(client, world):
    _grow(world, 2)
    client.force_login(world.office)
    urls = _urls(world)
    assert "已发布通知" in client.get(urls["records"]).content.decode()
    assert "申请公开" in client.get(urls["requests"]).content.decode() or "张某某" in client.get(
        urls["requests"]).content.decode()
