"""Organisation screens: the jurisdiction tree, units and the domain-to-unit table."""

import pytest
from django.urls import reverse

from gongkai.catalog.models import DomainAssignment
from gongkai.core.models import AuditEvent
from gongkai.organizations.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def test_tree_shows_the_office_subtree_with_units(client, world):
    client.force_login(world.users.office)
    body = page(client.get(reverse("backoffice:jurisdictions")))
    assert "大祥区" in body and "罗市镇" in body and "中心路街道" in body and "大祥区教育局" in body
    assert "双清区" not in body and "邵阳市政务公开办" not in body


def test_admin_sees_the_whole_tree(client, world):
    client.force_login(world.users.admin)
    body = page(client.get(reverse("backoffice:jurisdictions")))
    assert "湖南省" in body and "双清区" in body


def test_unit_create_and_edit(client, world):
    county = world.tree["county"]
    client.force_login(world.users.office)
    data = {"jurisdiction": county.pk, "name": "大祥区财政局", "kind": UnitKind.DEPARTMENT,
            "handle": "caizheng@dxjczw", "phone": "0739-1234567", "is_active": "on"}
    response = client.post(reverse("backoffice:unit_create"), data)
    assert response.status_code == 302
    unit = Unit.objects.get(handle="caizheng@dxjczw")
    assert unit.jurisdiction == county and unit.is_active
    assert AuditEvent.objects.filter(action="unit.create", target_id=str(unit.pk)).exists()

    # a handle already used is refused on the page, with what was typed kept
    response = client.post(reverse("backoffice:unit_create"), {**data, "name": "另一个单位"})
    assert response.status_code == 200
    assert "已被" in page(response) and 'value="另一个单位"' in page(response)

    response = client.post(reverse("backoffice:unit_edit", args=[unit.pk]),
                           {"name": "大祥区财政局（改）", "kind": UnitKind.DEPARTMENT, "is_active": ""})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "大祥区财政局（改）" and not unit.is_active and unit.handle == "caizheng@dxjczw"

    # a name taken in the jurisdiction is refused
    response = client.post(reverse("backoffice:unit_edit", args=[unit.pk]),
                           {"name": "大祥区教育局", "kind": UnitKind.DEPARTMENT, "is_active": "on"})
    assert response.status_code == 200 and "已有名为“大祥区教育局”的单位" in page(response)


def test_office_cannot_create_units_outside_its_jurisdiction(client, world):
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:unit_create"), {
        "jurisdiction": world.tree["other_county"].pk, "name": "双清区某局", "kind": UnitKind.DEPARTMENT,
        "handle": "x@sqjczw"})
    # 双清区 is not among the choices: the form says so, nothing is written
    assert response.status_code == 200
    assert not Unit.objects.filter(handle="x@sqjczw").exists()
    other_unit = Unit.objects.get(handle="gkb@sqjczw")
    assert client.post(reverse("backoffice:unit_edit", args=[other_unit.pk]),
                       {"name": "改名", "kind": UnitKind.GOVERNMENT}).status_code == 403


def test_domain_assignment_table(client, world):
    county = world.tree["county"]
    url = reverse("backoffice:jurisdiction_domains", args=[county.pk])
    client.force_login(world.users.office)
    body = page(client.get(url))
    assert "尚有 <strong>2</strong> 个领域未指定" in body and "<select" in body
    response = client.post(url, {f"domain-{world.education.pk}": world.edu.pk})
    assert response.status_code == 302
    assert DomainAssignment.objects.get(jurisdiction=county, domain=world.education).unit == world.edu
    # change, and clear
    client.post(url, {f"domain-{world.education.pk}": world.civil.pk})
    assert DomainAssignment.objects.get(jurisdiction=county, domain=world.education).unit == world.civil
    client.post(url, {f"domain-{world.education.pk}": ""})
    assert not DomainAssignment.objects.filter(jurisdiction=county).exists()
    # a unit of another jurisdiction is refused and nothing is written
    other_unit = Unit.objects.get(handle="gkb@sqjczw")
    response = client.post(url, {f"domain-{world.education.pk}": world.edu.pk,
                                 f"domain-{world.assistance.pk}": other_unit.pk})
    assert response.status_code == 200 and "所选单位无效" in page(response)
    assert not DomainAssignment.objects.filter(jurisdiction=county).exists()
    # readers see the table without a form; they cannot post
    client.force_login(world.users.officer)
    assert "<select" not in page(client.get(url))
    assert client.post(url, {f"domain-{world.education.pk}": world.edu.pk}).status_code == 403


def test_unit_edit_names_the_responsible_leader(client, world):
    unit = world.edu
    client.force_login(world.users.office)
    response = client.post(reverse("backoffice:unit_edit", args=[unit.pk]), {
        "name": unit.name, "kind": unit.kind, "is_active": "on", "responsible_leader": "赵六",
        "responsible_leader_title": "分管副局长"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.responsible_leader, unit.responsible_leader_title) == ("赵六", "分管副局长")
    event = AuditEvent.objects.filter(action="unit.update", target_id=str(unit.pk)).latest("id")
    assert event.data["changes"]["responsible_leader"] == ["", "赵六"]
    body = page(client.get(reverse("backoffice:units") + f"?jurisdiction={unit.jurisdiction_id}"))
    assert "赵六（分管副局长）" in body
    # kept on error
    response = client.post(reverse("backoffice:unit_edit", args=[unit.pk]), {
        "name": "", "kind": unit.kind, "responsible_leader": "钱七"})
    assert response.status_code == 200 and 'value="钱七"' in page(response)


def test_unit_leader_of_another_jurisdiction_cannot_be_set(client, world):
    client.force_login(world.users.other_office)
    response = client.post(reverse("backoffice:unit_edit", args=[world.edu.pk]), {
        "name": world.edu.name, "kind": world.edu.kind, "responsible_leader": "某人"})
    assert response.status_code == 403
    world.edu.refresh_from_db()
    assert world.edu.responsible_leader == ""


# --- guiding departments and completion dates (issue 14) -----------------------------------------------

def _xlsx(rows) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_domain_table_sets_guiding_department_and_completion_date(client, world):
    from gongkai.catalog.models import DomainAssignment

    county = world.tree["county"]
    city_dept = Unit.objects.create(jurisdiction=world.tree["city"], name="市教育局", handle="jy@syzw")
    url = reverse("backoffice:jurisdiction_domains", args=[county.pk])
    client.force_login(world.users.office)
    body = page(client.get(url))
    assert "指导单位" in body and "市教育局（邵阳市）" in body
    response = client.post(url, {f"domain-{world.education.pk}": world.edu.pk,
                                 f"guiding-{world.education.pk}": city_dept.pk,
                                 f"completion-{world.education.pk}": "2020年9月底前",
                                 f"guiding-{world.assistance.pk}": world.civil.pk})
    assert response.status_code == 302
    rows = {a.domain_id: a for a in DomainAssignment.objects.filter(jurisdiction=county)}
    education = rows[world.education.pk]
    assert (education.unit, education.guiding_unit, education.completion_text, str(education.completion_on)) == (
        world.edu, city_dept, "2020年9月底前", "2020-09-30")
    assert rows[world.assistance.pk].unit is None and rows[world.assistance.pk].guiding_unit == world.civil
    event = AuditEvent.objects.get(action="domain_assignments.saved")
    assert event.data["changes"]["yiwu-jiaoyu"]["guiding_unit"] == [None, "市教育局"]
    # a date that cannot be read is refused, what was typed kept, nothing written
    response = client.post(url, {f"domain-{world.education.pk}": world.edu.pk,
                                 f"guiding-{world.education.pk}": city_dept.pk,
                                 f"completion-{world.education.pk}": "尽快"})
    assert response.status_code == 200 and "看不懂完成时间“尽快”" in page(response)
    assert 'value="尽快"' in page(response)
    education.refresh_from_db()
    assert education.completion_text == "2020年9月底前"
    # a unit of the other county is no guiding department of this one
    other = Unit.objects.get(handle="gkb@sqjczw")
    response = client.post(url, {f"guiding-{world.education.pk}": other.pk})
    assert response.status_code == 200 and "所选指导单位无效" in page(response)
    # readers see the guiding department without a form
    client.force_login(world.users.officer)
    body = page(client.get(url))
    assert "市教育局" in body and "2020年9月底前" in body and "<select" not in body


def test_domain_table_export_is_a_workbook(client, world):
    import io

    from openpyxl import load_workbook

    client.force_login(world.users.officer)
    response = client.get(reverse("backoffice:jurisdiction_domains_export", args=[world.tree["county"].pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]] == ["序号", "试点领域", "指导单位", "责任单位", "完成时间"]


def test_domain_table_import_dry_run_then_confirm(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.catalog.models import DomainAssignment

    county = world.tree["county"]
    url = reverse("backoffice:jurisdiction_domains_import", args=[county.pk])
    client.force_login(world.users.office)
    bad = _xlsx([["序号", "试点领域", "指导单位"], [1, "义务教育领域", "不存在局"]])
    body = page(client.post(url, {"file": SimpleUploadedFile("分工表.xlsx", bad)}))
    assert "文件有 1 个问题" in body and "不存在局" in body and "<td>C</td>" in body and "检查通过" not in body
    good = _xlsx([["指导责任分工表"], ["序号", "试点领域", "责任单位"], [1, "义务教育领域、社会救助领域", "大祥区教育局"]])
    body = page(client.post(url, {"file": SimpleUploadedFile("分工表.xlsx", good)}))
    assert "检查通过" in body and "按指导单位读取" in body and "将有变化" in body
    assert not DomainAssignment.objects.exists()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert set(DomainAssignment.objects.values_list("guiding_unit__name", flat=True)) == {"大祥区教育局"}
    assert DomainAssignment.objects.count() == 2


@pytest.mark.parametrize("user", ["officer", "other_office", "approver"])
def test_domain_table_import_and_save_refused_to_all_but_the_office(client, world, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    county = world.tree["county"]
    client.force_login(getattr(world.users, user))
    data = _xlsx([["序号", "试点领域", "指导单位"], [1, "义务教育领域", "大祥区教育局"]])
    assert client.get(reverse("backoffice:jurisdiction_domains_import", args=[county.pk])).status_code == 403
    assert client.post(reverse("backoffice:jurisdiction_domains_import", args=[county.pk]),
                       {"file": SimpleUploadedFile("a.xlsx", data)}).status_code == 403
    response = client.post(reverse("backoffice:jurisdiction_domains", args=[county.pk]),
                           {f"guiding-{world.education.pk}": world.edu.pk})
    assert response.status_code == 403


def test_domain_table_screens_send_anonymous_visitors_to_login(client, world):
    county = world.tree["county"]
    for name in ("jurisdiction_domains", "jurisdiction_domains_export", "jurisdiction_domains_import"):
        response = client.get(reverse(f"backoffice:{name}", args=[county.pk]))
        assert response.status_code == 302 and "login" in response["Location"]
