"""Reply-letter templates belong to a jurisdiction (issue 9): a letter uses its agency's jurisdiction's own
template, else the nearest one up the tree, else the installation's, else the shipped default; an office sets
its own jurisdiction's (and those below it), never another's; every save and revert is audited."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from gongkai.accounts.models import Role
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.disclosure_requests import selectors, services
from gongkai.disclosure_requests.models import ReplyTemplate
from gongkai.disclosure_requests.selectors import TemplateSource, reply_template_for
from gongkai.exchange.reply_letters import render_letter
from gongkai.organizations.models import JurisdictionLevel
from tests.factories import JurisdictionFactory, UnitFactory, applicant, at, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(requests_world):
    world = requests_world
    world["town_unit"] = UnitFactory(jurisdiction=world["town"], name="罗市镇人民政府", handle="gov@ls",
                                     is_disclosure_office=True)
    world["street_unit"] = UnitFactory(jurisdiction=world["street"], name="中心路街道办事处", handle="gov@zxl",
                                       is_disclosure_office=True)
    world["town_office"] = user_with_role(Role.DISCLOSURE_OFFICE, world["town_unit"])
    world["street_office"] = user_with_role(Role.DISCLOSURE_OFFICE, world["street_unit"])
    city_unit = UnitFactory(jurisdiction=world["city"], name="邵阳市政务公开办", handle="gov@sy",
                            is_disclosure_office=True)
    world["city_office"] = user_with_role(Role.DISCLOSURE_OFFICE, city_unit)
    world["admin"] = user_with_role(Role.SYSTEM_ADMIN, world["office_unit"])
    world["auditor"] = user_with_role(Role.AUDITOR, world["office_unit"])
    return world


def save(world, who, where, body, reply_type="not_held"):
    return services.reply_template_save(actor=world[who], jurisdiction=world[where], reply_type=reply_type,
                                        title="告知书", body=body)


def test_the_nearest_template_up_the_tree_is_in_force(world):
    shipped = reply_template_for("not_held", world["town"])
    assert shipped.source == TemplateSource.DEFAULT and shipped.source_label == "系统默认" and shipped.row is None
    ReplyTemplate.objects.create(jurisdiction=None, reply_type="not_held", title="告知书", body="本安装")
    assert reply_template_for("not_held", world["town"]).body == "本安装"
    assert reply_template_for("not_held", world["town"]).source_label == "系统默认"
    save(world, "city_office", "city", "市级文本")
    town = reply_template_for("not_held", world["town"])
    assert town.body == "市级文本" and town.source == TemplateSource.INHERITED and town.source_label == "上级 邵阳市"
    save(world, "office", "county", "区级文本")
    assert reply_template_for("not_held", world["town"]).source_label == "上级 大祥区"
    assert reply_template_for("not_held", world["county"]).source_label == "本级"
    assert reply_template_for("not_held", world["other_county"]).body == "市级文本"
    save(world, "town_office", "town", "镇级文本")
    assert reply_template_for("not_held", world["town"]).body == "镇级文本"
    assert reply_template_for("not_held", world["street"]).body == "区级文本"  # a sibling's text is not inherited
    assert reply_template_for("partial", world["town"]).source == TemplateSource.DEFAULT


def test_the_letter_uses_the_template_of_its_agencys_jurisdiction(world):
    save(world, "office", "county", "{{ applicant }}：区级文本。")
    save(world, "town_office", "town", "{{ applicant }}：镇级文本。")

    def letter(unit):
        request = services.request_register(
            actor=world["office"], jurisdiction=unit.jurisdiction, intake_channel="in_person", data=applicant(),
            submitted_at=at("2025-03-03"), receiving_unit=unit)
        reply = services.request_reply(actor=world["office"], request=request, type="not_held", on=date(2025, 3, 10))
        assert selectors.letter_jurisdiction(reply.request) == unit.jurisdiction
        return render_letter(reply)["paragraphs"]

    assert letter(world["town_unit"]) == ["张某某：镇级文本。"]
    assert letter(world["street_unit"]) == ["张某某：区级文本。"]
    assert letter(world["office_unit"]) == ["张某某：区级文本。"]


def test_a_county_office_sets_its_own_and_its_townships_templates(world):
    save(world, "office", "county", "区级文本")
    row = save(world, "office", "town", "区里为镇定的文本")
    assert row.jurisdiction == world["town"] and row.updated_by == world["office"]


@pytest.mark.parametrize(("who", "where"), [
    ("town_office", "county"),  # the level above
    ("town_office", "street"),  # another township
    ("town_office", "city"),
    ("stranger", "county"),  # another county's office
    ("office", "other_county"),
    ("office", "city"),
    ("admin", "county"),  # 三员分立: the administrator has no content rights
    ("auditor", "county"),
    ("officer", "county"),
])
def test_an_office_cannot_change_another_jurisdictions_letters(world, who, where):
    with pytest.raises(PermissionRefused):
        save(world, who, where, "越权文本")
    assert not ReplyTemplate.objects.exists()
    assert AuditEvent.objects.filter(action="permission.refused", data__action="edit_letter_templates").exists()
    save(world, "office", "county", "区级文本")
    with pytest.raises(PermissionRefused):
        services.reply_template_revert(actor=world[who], jurisdiction=world[where], reply_type="not_held")
    assert ReplyTemplate.objects.count() == 1
    with pytest.raises(PermissionRefused):
        selectors.letter_templates_for(user=world[who], jurisdiction=world[where])


def test_save_and_revert_are_audited_and_revert_restores_the_inherited_text(world):
    save(world, "office", "county", "区级文本")
    save(world, "town_office", "town", "镇级文本")
    save(world, "town_office", "town", "镇级文本（改）")
    saved = AuditEvent.objects.filter(action="request.reply_template_saved").order_by("id")
    assert [e.data["jurisdiction"] for e in saved] == [world["county"].code, world["town"].code, world["town"].code]
    assert [e.data["created"] for e in saved] == [True, True, False]
    assert saved.last().target_repr == "罗市镇：本机关不掌握相关政府信息（第三十六条第（四）项）"
    services.reply_template_revert(actor=world["town_office"], jurisdiction=world["town"], reply_type="not_held")
    assert reply_template_for("not_held", world["town"]).body == "区级文本"
    reverted = AuditEvent.objects.get(action="request.reply_template_reverted")
    assert reverted.data == {"reply_type": "not_held", "jurisdiction": world["town"].code, "title": "告知书"}
    with pytest.raises(ValidationFailed) as exc:
        services.reply_template_revert(actor=world["town_office"], jurisdiction=world["town"], reply_type="not_held")
    assert "沿用上级" in exc.value.message


def test_the_template_screen_lists_the_jurisdictions_the_office_may_set(world):
    assert list(selectors.letter_template_jurisdictions(user=world["office"])) == [
        world["county"], world["street"], world["town"]]
    assert list(selectors.letter_template_jurisdictions(user=world["town_office"])) == [world["town"]]
    assert not selectors.letter_template_jurisdictions(user=world["admin"]).exists()


def test_the_migration_gives_the_global_templates_to_the_top_jurisdiction(world):
    """Existing global rows: every letter reads as before, and the top office owns the text."""
    migration = importlib.import_module("gongkai.disclosure_requests.migrations.0008_reply_templates_to_top_jurisdiction")
    ReplyTemplate.objects.create(jurisdiction=None, reply_type="not_held", title="告知书", body="旧的全局文本",
                                 updated_by=world["office"])
    guangdong = JurisdictionFactory(code="440000000000", name="广东省", level=JurisdictionLevel.PROVINCE)
    migration.to_top_jurisdictions(apps, None)
    rows = ReplyTemplate.objects.order_by("jurisdiction__code")
    assert [(r.jurisdiction, r.body, r.updated_by) for r in rows] == [
        (world["province"], "旧的全局文本", world["office"]), (guangdong, "旧的全局文本", world["office"])]
    for place in ("county", "town", "other_county"):
        assert reply_template_for("not_held", world[place]).body == "旧的全局文本"
    assert reply_template_for("not_held", guangdong).source == TemplateSource.OWN
    save(world, "office", "county", "区级文本")  # an override below goes on the way back
    migration.back_to_global(apps, None)
    assert [(r.jurisdiction, r.body) for r in ReplyTemplate.objects.all()] == [(None, "旧的全局文本")]
