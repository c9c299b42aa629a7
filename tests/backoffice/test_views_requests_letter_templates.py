"""The letter-template screen (issue 9): an office sees, per reply type, the template in force for its
jurisdiction and where it comes from (本级 / 上级 X / 系统默认), sets its own, edits it and reverts to the
inherited one; a township office reaching the county's or another township's templates gets a 404, an
account without the right a 403."""

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.core.models import AuditEvent
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import ReplyTemplate
from gongkai.organizations.models import UnitKind
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db

NOT_HELD = "本机关不掌握相关政府信息（第三十六条第（四）项）"


@pytest.fixture
def town_office(world):
    unit = UnitFactory(jurisdiction=world.tree["town"], name="罗市镇人民政府", kind=UnitKind.TOWNSHIP,
                       handle="gov@ls", is_disclosure_office=True)
    return user_with_role(Role.DISCLOSURE_OFFICE, unit, username="town_office")


def body(response) -> str:
    return response.content.decode()


def _row(page: str, label: str) -> str:
    start = page.index(f"<td>{label}</td>")
    return page[start:page.index("</tr>", start)]


def edit_url(world, place, reply_type="not_held"):
    return reverse("backoffice:letter_template_edit", args=[world.tree[place].code, reply_type])


def revert_url(world, place, reply_type="not_held"):
    return reverse("backoffice:letter_template_revert", args=[world.tree[place].code, reply_type])


def test_the_office_sees_where_each_template_comes_from(client, world, town_office):
    services.reply_template_save(actor=world.users.office, jurisdiction=world.tree["county"], reply_type="not_held",
                                 title="告知书", body="{{ applicant }}：区级文本。")
    client.force_login(town_office)
    page = body(client.get(reverse("backoffice:letter_templates")))
    assert "答复书模板：罗市镇" in page
    assert "上级 大祥区" in _row(page, NOT_HELD) and "恢复沿用上级" not in _row(page, NOT_HELD)
    assert "系统默认" in _row(page, "部分公开（第三十七条）")
    assert 'name="j"' not in page  # one jurisdiction: nothing to choose
    client.force_login(world.users.office)
    page = body(client.get(reverse("backoffice:letter_templates")))
    assert "答复书模板：大祥区" in page and "本级" in _row(page, NOT_HELD) and "王主任" in _row(page, NOT_HELD)
    assert f'<option value="{world.tree["town"].code}">罗市镇</option>' in page
    page = body(client.get(reverse("backoffice:letter_templates") + f"?j={world.tree['town'].code}"))
    assert "答复书模板：罗市镇" in page and "上级 大祥区" in _row(page, NOT_HELD)


def test_a_township_office_overrides_edits_and_reverts_its_own(client, world, town_office):
    services.reply_template_save(actor=world.users.office, jurisdiction=world.tree["county"], reply_type="not_held",
                                 title="告知书", body="{{ applicant }}：区级文本。")
    client.force_login(town_office)
    page = body(client.get(edit_url(world, "town")))
    assert "区级文本" in page and "现沿用上级 大祥区的模板" in page
    response = client.post(edit_url(world, "town"), {"title": "告知书", "body": "{% load static %}"})
    assert response.status_code == 200 and "不能使用" in body(response) and "{% load static %}" in body(response)
    response = client.post(edit_url(world, "town"), {"title": "告知书", "body": "{{ applicant }}：镇级文本。"})
    assert response.status_code == 302 and response["Location"].endswith(f"?j={world.tree['town'].code}")
    own = ReplyTemplate.objects.get(jurisdiction=world.tree["town"])
    assert own.updated_by == town_office
    assert ReplyTemplate.objects.get(jurisdiction=world.tree["county"]).body == "{{ applicant }}：区级文本。"
    page = body(client.get(reverse("backoffice:letter_templates")))
    assert "本级" in _row(page, NOT_HELD) and "恢复沿用上级" in _row(page, NOT_HELD)
    response = client.post(revert_url(world, "town"), follow=True)
    assert "已恢复沿用上级 大祥区的模板" in body(response)
    assert not ReplyTemplate.objects.filter(jurisdiction=world.tree["town"]).exists()
    assert list(AuditEvent.objects.filter(action__startswith="request.reply_template").values_list(
        "action", flat=True).order_by("id")) == ["request.reply_template_saved", "request.reply_template_saved",
                                                   "request.reply_template_reverted"]
    response = client.post(revert_url(world, "town"), follow=True)
    assert "本级没有自己的这份模板" in body(response)


@pytest.mark.parametrize("place", ["county", "street", "city", "other_county"])
def test_a_township_office_cannot_reach_another_jurisdictions_templates(client, world, town_office, place):
    services.reply_template_save(actor=world.users.office, jurisdiction=world.tree["county"], reply_type="not_held",
                                 title="告知书", body="区级文本")
    client.force_login(town_office)
    assert client.get(reverse("backoffice:letter_templates") + f"?j={world.tree[place].code}").status_code == 404
    assert client.get(edit_url(world, place)).status_code == 404
    assert client.post(edit_url(world, place), {"title": "x", "body": "越权"}).status_code == 404
    assert client.post(revert_url(world, place)).status_code == 404
    assert list(ReplyTemplate.objects.values_list("body", flat=True)) == ["区级文本"]


def test_another_countys_office_cannot_reach_this_countys_templates(client, world):
    client.force_login(world.users.other_office)
    assert client.get(edit_url(world, "county")).status_code == 404
    assert client.post(edit_url(world, "town"), {"title": "x", "body": "越权"}).status_code == 404
    assert not ReplyTemplate.objects.exists()


@pytest.mark.parametrize("who", ["officer", "reviewer", "auditor", "admin", "approver"])
def test_accounts_without_the_right_are_refused(client, world, who):
    """三员分立: the system administrator has no content rights, the letters included."""
    client.force_login(getattr(world.users, who))
    assert client.get(reverse("backoffice:letter_templates")).status_code == 403
    assert client.post(edit_url(world, "county"), {"title": "x", "body": "y"}).status_code == 403
    assert client.post(revert_url(world, "county")).status_code == 403
    assert not ReplyTemplate.objects.exists()


def test_revert_is_post_only(client, world):
    client.force_login(world.users.office)
    assert client.get(revert_url(world, "county")).status_code == 405
