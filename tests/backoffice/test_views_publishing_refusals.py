"""Every publishing screen refuses whoever must not use it: the officer and reviewer of another unit
(same county and another county), the other county's office, the auditor, the system administrator,
and anonymous visitors (sent to the login page). A refusal is the Chinese 403 page and an audit event."""

import io
from datetime import date

import pytest
from django.urls import reverse
from PIL import Image

from gongkai.core.models import AuditEvent
from gongkai.publishing import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(records_world):
    return records_world


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def record(world):
    record = services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                    title="低保名单", formed_on=date(2026, 3, 1), disclosure_attribute="proactive")
    record.attachment = services.attachment_add(actor=world.users.officer, record=record, name="名单.png", data=png())
    record.entry = services.entry_create(actor=world.users.officer, item=world.items.dibao, record=record,
                                         values={"姓名": "张某某", "保障金额": "500"})
    return record


def routes(world, record):
    r, item, a, e = record.pk, world.items.dibao.pk, record.attachment.pk, record.entry.pk
    return {
        "record": ("get", [r]),
        "record_edit": ("get", [r]),
        "record_submit": ("post", [r]),
        "record_review": ("get", [r]),
        "record_mask": ("post", [r]),
        "record_withdraw": ("get", [r]),
        "record_attachment": ("get", [r, a]),
        "record_attachment_public_copy": ("get", [r, a]),
        "record_attachment_remove": ("post", [r, a]),
        "record_attachment_text_requeue": ("post", [r, a]),
        "record_entries": ("get", [r, item]),
        "record_entry_edit": ("get", [r, item, e]),
        "record_entry_delete": ("post", [r, item, e]),
        "record_entries_template": ("get", [r, item]),
        "record_entries_import": ("get", [r, item]),
    }


# Who may open what: everyone else is refused.
ALLOWED = {
    "record": {"officer", "reviewer", "office"},
    "record_edit": {"officer"},
    "record_submit": {"officer"},
    "record_review": {"reviewer"},
    "record_mask": {"officer", "reviewer"},
    "record_withdraw": {"reviewer", "office"},  # the unit's reviewer, or the office's oversight
    "record_attachment": {"officer", "reviewer", "office"},
    "record_attachment_public_copy": {"officer", "reviewer"},
    "record_attachment_remove": {"officer"},
    "record_attachment_text_requeue": {"officer", "reviewer"},
    "record_entries": {"officer", "reviewer", "office"},
    "record_entry_edit": {"officer"},
    "record_entry_delete": {"officer"},
    "record_entries_template": {"officer", "reviewer", "office"},
    "record_entries_import": {"officer"},
}
USERS = ["officer", "reviewer", "edu_officer", "edu_reviewer", "other_officer", "other_reviewer", "office",
         "other_office", "auditor", "admin"]


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_record_screens_refuse_everyone_else(client, world, record, name):
    method, args = routes(world, record)[name]
    url = reverse(f"backoffice:{name}", args=args)
    for username in USERS:
        if username in ALLOWED[name]:
            continue
        client.force_login(getattr(world.users, username))
        before = AuditEvent.objects.filter(action="permission.refused").count()
        response = getattr(client, method)(url)
        assert response.status_code == 403, (name, username, response.status_code)
        assert "您没有权限" in response.content.decode()
        assert AuditEvent.objects.filter(action="permission.refused").count() == before + 1
    record.refresh_from_db()
    assert record.status == "draft" and record.attachments.exists() and record.entries.exists()


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_record_screens_send_anonymous_to_login(client, world, record, name):
    method, args = routes(world, record)[name]
    response = getattr(client, method)(reverse(f"backoffice:{name}", args=args))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("username", ["auditor", "admin"])
def test_list_and_new_refuse_auditor_and_admin(client, world, username):
    client.force_login(getattr(world.users, username))
    for name in ("records", "record_create"):
        assert client.get(reverse(f"backoffice:{name}")).status_code == 403
    assert client.get(reverse("backoffice:record_nothing", args=[world.items.dibao.pk])).status_code == 403


def test_new_record_refuses_a_reviewer_and_an_office(client, world):
    for user in (world.users.reviewer, world.users.office):
        client.force_login(user)
        assert client.get(reverse("backoffice:record_create")).status_code == 403


@pytest.mark.parametrize("username", ["edu_officer", "other_officer", "reviewer", "office", "auditor", "admin"])
def test_nothing_to_publish_refuses_all_but_the_items_officer(client, world, username):
    client.force_login(getattr(world.users, username))
    url = reverse("backoffice:record_nothing", args=[world.items.dibao.pk])
    response = client.post(url, {"period_start": "2026-01-01", "period_end": "2026-03-31"})
    assert response.status_code == 403


def test_lists_show_only_what_the_user_may_see(client, world, record):
    for username in ("edu_officer", "other_officer", "edu_reviewer", "other_reviewer", "other_office"):
        client.force_login(getattr(world.users, username))
        for view in ("mine", "queue", "oversight"):
            response = client.get(reverse("backoffice:records") + f"?view={view}&status=draft")
            assert response.status_code == 200
            assert "低保名单" not in response.content.decode(), (username, view)


def test_anonymous_list_goes_to_login(client, world):
    for name in ("records", "record_create"):
        response = client.get(reverse(f"backoffice:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_reviewer_cannot_override_on_another_units_record(client, world, record):
    services.record_submit(actor=world.users.officer, record=record)
    client.force_login(world.users.edu_reviewer)
    response = client.post(reverse("backoffice:record_review", args=[record.pk]), {"action": "start"})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == "submitted"
