"""The version page offers exactly the moves `catalog.selectors.moves_for` gives this user on this version
(the table's moves from its status that the policy allows), labelled from the table; each move's page makes
it; a move the policy refuses is refused in Chinese when posted anyway, and nothing changes."""

import re

import pytest
from django.urls import reverse

from gongkai.catalog import selectors, services, workflow
from gongkai.catalog.models import Tier
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

STATUSES = ["draft", "submitted", "returned", "approved", "published"]


def version_in(world, status):
    office, approver = world.users.office, world.users.approver
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    services.catalog_adopt_standard(actor=office, version=version)
    version.items.update(responsible_unit=world.civil)
    if status != "draft":
        services.catalog_version_submit(actor=office, version=version)
    if status == "returned":
        services.catalog_version_return(actor=approver, version=version, comment="请补充")
    if status in ("approved", "published"):
        services.catalog_version_approve(actor=approver, version=version)
    if status == "published":
        services.catalog_version_publish(actor=office, version=version)
    version.refresh_from_db()
    assert version.status == status
    return version


def shown_moves(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'data-move="([a-z_]+)"', response.content.decode())


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("username", ["office", "approver", "officer", "reviewer"])
def test_the_version_page_shows_the_moves_for_this_user(client, world, status, username):
    version = version_in(world, status)
    user = getattr(world.users, username)
    client.force_login(user)
    body = client.get(reverse("backoffice:version", args=[version.pk]))
    assert sorted(shown_moves(body)) == sorted(selectors.moves_for(user, version))
    for move in selectors.moves_for(user, version):
        assert f'data-move="{move}"' in body.content.decode()
        assert f">{workflow.TABLE.button(move)}</a>" in body.content.decode()


def test_moves_for_each_role(world):
    submitted = version_in(world, "submitted")
    assert selectors.moves_for(world.users.approver, submitted) == [workflow.APPROVE, workflow.RETURN]
    assert selectors.moves_for(world.users.office, submitted) == []
    assert selectors.moves_for(world.users.officer, submitted) == []
    assert selectors.moves_for(world.users.other_office, submitted) == []


def test_the_approvers_buttons_open_the_decision_with_the_move_chosen(client, world):
    version = version_in(world, "submitted")
    client.force_login(world.users.approver)
    body = client.get(reverse("backoffice:version", args=[version.pk])).content.decode()
    url = reverse("backoffice:version_decide", args=[version.pk])
    assert f'href="{url}?move=return"' in body
    page = client.get(url + "?move=return").content.decode()
    assert re.search(r'value="return"[^>]*checked', page)


@pytest.mark.parametrize(("status", "username", "step", "data"), [
    ("draft", "officer", "submit", {"comment": "试报"}),
    ("draft", "approver", "submit", {}),
    ("submitted", "office", "decide", {"decision": "approve", "comment": "自己批"}),
    ("approved", "approver", "publish", {}),
])
def test_a_move_the_policy_refuses_is_refused_in_chinese_when_posted_anyway(client, world, status, username, step,
                                                                           data):
    version = version_in(world, status)
    client.force_login(getattr(world.users, username))
    before = AuditEvent.objects.filter(action="permission.refused").count()
    response = client.post(reverse(f"backoffice:version_{step}", args=[version.pk]), data)
    assert response.status_code == 403 and "您没有权限" in response.content.decode()
    assert AuditEvent.objects.filter(action="permission.refused").count() == before + 1
    version.refresh_from_db()
    assert version.status == status


def test_a_move_the_table_refuses_now_says_why(client, world):
    version = version_in(world, "published")
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:version_submit", args=[version.pk]), {"comment": "再报一次"})
    body = response.content.decode()
    assert response.status_code == 200 and "目录版本当前为“已发布”，不能报送审批" in body
    version.refresh_from_db()
    assert version.status == "published"
