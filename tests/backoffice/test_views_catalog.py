"""The catalog screens through the test client: the whole life of a version, errors shown on the page
with what was typed kept, comparisons, the standard catalog browser and its live search."""

import pytest
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import Catalog, CatalogDomain, CatalogItem, Tier, VersionStatus

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


def test_full_flow_through_the_screens(client, world):
    office, approver = world.users.office, world.users.approver
    county = world.tree["county"]

    # the domain-to-unit table first, so that adopted items get their responsible units
    client.force_login(office)
    response = client.post(reverse("backoffice:jurisdiction_domains", args=[county.pk]), {
        f"domain-{world.education.pk}": world.edu.pk, f"domain-{world.assistance.pk}": world.civil.pk})
    assert response.status_code == 302

    # create the catalog
    response = client.post(reverse("backoffice:catalog_create"), {"jurisdiction": county.pk, "tier": Tier.COUNTY})
    catalog = Catalog.objects.get(jurisdiction=county)
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:catalog", args=[catalog.pk])

    # a second catalog of the same tier is refused on the same page, input kept
    response = client.post(reverse("backoffice:catalog_create"),
                           {"jurisdiction": county.pk, "tier": Tier.COUNTY, "title": "重复的目录"})
    assert response.status_code == 200
    assert "已有该层级的公开事项目录" in page(response) and 'value="重复的目录"' in page(response)

    # a blank first version leads to the adoption page, where every domain is checked
    response = client.post(reverse("backoffice:catalog", args=[catalog.pk]), {"label": "2025版", "year": 2025})
    version = catalog.versions.get()
    assert response["Location"] == reverse("backoffice:version_adopt", args=[version.pk])
    body = page(client.get(response["Location"]))
    assert body.count("checked") == 2
    response = client.post(reverse("backoffice:version_adopt", args=[version.pk]),
                           {"domains": [world.education.pk, world.assistance.pk]})
    assert response.status_code == 302
    assert version.items.count() == 3
    assert set(version.items.values_list("responsible_unit__name", flat=True)) == {"大祥区教育局", "大祥区民政局"}

    body = page(client.get(reverse("backoffice:version", args=[version.pk])))
    assert "义务教育" in body and "招生范围" in body
    assert "20个工作日" in body and "未能解析" in body  # 看情况 cannot be parsed

    # a domain marked not applicable without a reason is refused with a message, the choice kept
    url = reverse("backoffice:version_domain", args=[version.pk, "shehui-jiuzhu"])
    response = client.post(url, {"applies": "0", "reason": "  "})
    assert response.status_code == 200
    body = page(response)
    assert "须填写未涉及领域事项说明" in body
    assert 'value="0" required id="id_applies_1" checked' in body or ('value="0"' in body and "checked" in body)
    assert CatalogDomain.objects.get(version=version, domain=world.assistance).applies is True
    response = client.post(url, {"applies": "0", "reason": "本区社会救助由市级统一办理"})
    assert response.status_code == 302
    body = page(client.get(reverse("backoffice:version", args=[version.pk])))
    assert "未涉及领域事项说明：</strong>本区社会救助由市级统一办理" in body

    # edit an item: the list fields one per line; the difference from the national item is shown
    item = version.items.get(name="招生范围")
    response = client.post(reverse("backoffice:item_edit", args=[item.pk]), {
        "topic": "招生管理", "name": "招生范围", "elements": "学校名称\n招生范围\n咨询电话",
        "basis": "《政府信息公开条例》", "time_limit": "信息形成或者变更之日起10个工作日内", "subject": "区教育局",
        "channels": "政府网站\n公开查阅点", "audience": "全社会", "manner": "主动", "tiers": "县级", "note": "",
        "responsible_unit": world.edu.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.elements == ["学校名称", "招生范围", "咨询电话"] and item.channels == ["政府网站", "公开查阅点"]
    body = page(client.get(reverse("backoffice:version", args=[version.pk])))
    assert "已本地化" in body and "公开内容（要素）" in body and "10个工作日" in body

    # an empty name is refused on the page, with what was typed kept
    response = client.post(reverse("backoffice:item_edit", args=[item.pk]), {
        "topic": "招生管理", "name": "", "elements": "学校名称\n新要素", "responsible_unit": world.edu.pk})
    assert response.status_code == 200 and "新要素" in page(response)

    # a local item, and an item marked not applicable (a reason is required)
    response = client.post(reverse("backoffice:item_add", args=[version.pk]), {
        "domain": world.education.pk, "topic": "校园安全", "name": "校园安全事件处置", "elements": "事件概况",
        "time_limit": "实时"})
    assert response.status_code == 302
    local = version.items.get(name="校园安全事件处置")
    assert local.responsible_unit == world.edu
    other = version.items.get(name="规范性文件")
    response = client.post(reverse("backoffice:item_applicable", args=[other.pk]), {"applicable": "0", "reason": ""})
    assert response.status_code == 200 and "须填写不适用说明" in page(response)
    client.post(reverse("backoffice:item_applicable", args=[other.pk]),
                {"applicable": "0", "reason": "本区无此类文件"})
    body = page(client.get(reverse("backoffice:version", args=[version.pk])))
    assert "本地新增" in body and "不适用：本区无此类文件" in body

    # submit; the approver returns it with a comment (a comment is required), the office resubmits
    assert "检查通过" in page(client.get(reverse("backoffice:version_submit", args=[version.pk])))
    response = client.post(reverse("backoffice:version_submit", args=[version.pk]), {"comment": "请审批"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED

    client.force_login(approver)
    response = client.post(reverse("backoffice:version_decide", args=[version.pk]), {"decision": "return"})
    assert response.status_code == 200 and "须填写审批意见" in page(response)
    response = client.post(reverse("backoffice:version_decide", args=[version.pk]),
                           {"decision": "return", "comment": "请补充招生咨询电话的公开渠道"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.RETURNED

    client.force_login(office)
    body = page(client.get(reverse("backoffice:version", args=[version.pk])))
    assert "上级退回意见" in body and "请补充招生咨询电话的公开渠道" in body
    assert client.post(reverse("backoffice:version_submit", args=[version.pk]), {}).status_code == 302

    # the office cannot approve its own catalog
    assert client.post(reverse("backoffice:version_decide", args=[version.pk]),
                       {"decision": "approve"}).status_code == 403

    client.force_login(approver)
    assert client.post(reverse("backoffice:version_decide", args=[version.pk]),
                       {"decision": "approve", "comment": "同意"}).status_code == 302
    client.force_login(office)
    assert client.post(reverse("backoffice:version_publish", args=[version.pk])).status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    body = page(client.get(reverse("backoffice:catalog", args=[catalog.pk])))
    assert "已退回修改" in body and "请补充招生咨询电话的公开渠道" in body  # the transitions history

    # the published version refuses changes on its edit page
    response = client.get(reverse("backoffice:item_edit", args=[item.pk]))
    assert response.status_code == 200 and "不能修改" in page(response)
    response = client.post(reverse("backoffice:item_edit", args=[item.pk]), {
        "topic": "招生管理", "name": "招生范围（改）", "responsible_unit": world.edu.pk})
    assert response.status_code == 200
    assert "不能修改" in page(response) and "招生范围（改）" in page(response)
    item.refresh_from_db()
    assert item.name == "招生范围"

    # a new version based on the published one; change a field; compare shows it
    response = client.post(reverse("backoffice:catalog", args=[catalog.pk]),
                           {"label": "2026版", "year": 2026, "based_on": version.pk})
    new = catalog.versions.get(label="2026版")
    assert response["Location"] == reverse("backoffice:version", args=[new.pk])
    copied = new.items.get(key=item.key)
    services.catalog_item_update(actor=office, item=copied, time_limit="实时")
    body = page(client.get(reverse("backoffice:version_compare", args=[new.pk]) + f"?other={version.pk}"))
    assert "修改 <strong>1</strong> 个" in body
    assert "公开时限" in body and "信息形成或者变更之日起10个工作日内" in body and "实时" in body


def test_published_version_offers_no_edit_actions(client, world):
    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    services.catalog_adopt_standard(actor=office, version=version)
    version.items.update(responsible_unit=world.edu)
    services.catalog_version_submit(actor=office, version=version)
    services.catalog_version_approve(actor=world.users.approver, version=version)
    services.catalog_version_publish(actor=office, version=version)
    client.force_login(office)
    body = page(client.get(reverse("backoffice:version", args=[version.pk])))
    assert "内容不能修改" in body and "采用国家标准目录</a>" not in body
    item = version.items.first()
    assert reverse("backoffice:item_edit", args=[item.pk]) not in body


def test_submit_page_shows_the_problems(client, world):
    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    services.catalog_adopt_standard(actor=office, version=version)
    client.force_login(office)
    body = page(client.get(reverse("backoffice:version_submit", args=[version.pk])))
    assert "报送前须先处理以下问题" in body and "3 个事项尚未指定责任单位" in body
    response = client.post(reverse("backoffice:version_submit", args=[version.pk]), {"comment": "试报"})
    assert response.status_code == 200 and "不能报送" in page(response) and "试报" in page(response)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    body = page(client.get(reverse("backoffice:version", args=[version.pk]) + "?filter=no_unit"))
    assert body.count('<tr id="item-') == 3


def test_local_item_can_be_deleted_but_a_national_one_cannot(client, world):
    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    services.catalog_adopt_standard(actor=office, version=version)
    local = services.catalog_item_add_local(actor=office, version=version, domain=world.education,
                                            topic="校园安全", name="安全检查")
    client.force_login(office)
    national = version.items.exclude(pk=local.pk).first()
    client.post(reverse("backoffice:item_delete", args=[national.pk]))
    assert CatalogItem.objects.filter(pk=national.pk).exists()
    client.post(reverse("backoffice:item_delete", args=[local.pk]))
    assert not CatalogItem.objects.filter(pk=local.pk).exists()


def test_standard_browser_says_the_data_is_partial(client, world):
    client.force_login(world.users.officer)
    body = page(client.get(reverse("backoffice:standard_domains")))
    assert "标准目录数据不完整" in body and "部分" in body and "教育部" in body
    body = page(client.get(reverse("backoffice:standard_domain", args=["yiwu-jiaoyu"])))
    assert "本领域标准目录数据不完整" in body and "只采集到部分事项。" in body
    assert "校园安全" in body  # an official topic with no captured rows
    assert "20个工作日（信息形成或者变更之日起）" in body and "未能解析" in body


def test_standard_search_works_with_and_without_htmx(client, world):
    client.force_login(world.users.officer)
    url = reverse("backoffice:standard_search")
    body = page(client.get(url, {"q": "低保"}))
    assert "<html" in body and "低保审批" in body and "招生范围" not in body
    fragment = page(client.get(url, {"q": "招生"}, headers={"HX-Request": "true"}))
    assert "<html" not in fragment and fragment.strip().startswith('<section id="results"')
    assert "招生范围" in fragment and "共找到 <strong>1</strong>" in fragment
    body = page(client.get(url, {"domain": "shehui-jiuzhu"}))
    assert "低保审批" in body and "招生范围" not in body


def test_export_links_download_files(client, world):
    pytest.importorskip("gongkai.exchange.catalog_export")
    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    services.catalog_adopt_standard(actor=office, version=version)
    client.force_login(world.users.officer)
    for fmt, magic in (("xlsx", b"PK"), ("docx", b"PK"), ("csv", None)):
        response = client.get(reverse("backoffice:version_export", args=[version.pk, fmt]))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        if magic:
            assert response.content.startswith(magic)
        else:
            assert "招生范围" in response.content.decode("utf-8-sig")
    assert client.get(reverse("backoffice:version_export", args=[version.pk, "pdf"])).status_code == 404
    client.force_login(world.users.auditor)
    assert client.get(reverse("backoffice:version_export", args=[version.pk, "csv"])).status_code == 403


def test_import_checks_first_then_applies(client, world):
    pytest.importorskip("gongkai.exchange.catalog_import")
    export = pytest.importorskip("gongkai.exchange.catalog_export")
    from django.core.files.uploadedfile import SimpleUploadedFile

    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    services.catalog_adopt_standard(actor=office, version=version)
    content = export.export_catalog(version, "xlsx")
    services.catalog_item_update(actor=office, item=version.items.get(name="招生范围"), name="招生范围（旧）")
    client.force_login(office)
    url = reverse("backoffice:version_import", args=[version.pk])

    response = client.post(url, {"file": SimpleUploadedFile("目录.txt", b"x")})
    assert response.status_code == 200 and "只能导入" in page(response)

    response = client.post(url, {"file": SimpleUploadedFile("目录.xlsx", content)})
    body = page(response)
    assert response.status_code == 200 and "检查报告" in body and "确认导入" in body, body[:3000]
    assert version.items.filter(name="招生范围（旧）").exists()  # nothing written by the check

    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert version.items.filter(name="招生范围").exists()
    assert not version.items.filter(name="招生范围（旧）").exists()


def test_import_reports_problems_with_sheet_row_and_column(client, world):
    pytest.importorskip("gongkai.exchange.catalog_import")
    from django.core.files.uploadedfile import SimpleUploadedFile

    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    client.force_login(office)
    csv = "领域,一级事项,二级事项,公开内容（要素）\n不存在的领域,招生管理,招生范围,学校名称\n".encode()
    response = client.post(reverse("backoffice:version_import", args=[version.pk]),
                           {"file": SimpleUploadedFile("目录.csv", csv)})
    body = page(response)
    assert response.status_code == 200 and "未导入任何内容" in body, body
    assert 'name="confirm"' not in body
    assert "<td>CSV</td>" in body and "表头缺少" in body  # where (sheet, row) and what
    assert version.items.count() == 0


def test_version_page_finds_an_item_by_name_and_opens_one_domain_without_javascript(client, world, settings):
    """Issue 10: the version page of 204 items was one 33,000-pixel page. Items are grouped by domain in
    collapsible sections; ?q= finds an item by name, ?domain= shows one domain — plain query parameters."""
    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    services.catalog_adopt_standard(actor=office, version=version)
    client.force_login(office)
    url = reverse("backoffice:version", args=[version.pk])

    body = page(client.get(url))
    assert body.count('<details class="domain-section card"') == 2
    assert 'id="find-q"' in body and 'name="domain"' in body

    body = page(client.get(url, {"q": "低保"}))
    assert "低保审批" in body and "招生范围" not in body
    assert "找到 1 个事项" in body and 'value="低保"' in body
    assert '<details class="domain-section card" id="domain-shehui-jiuzhu" open>' in body

    body = page(client.get(url, {"domain": "yiwu-jiaoyu"}))
    assert "招生范围" in body and "规范性文件" in body and "低保审批" not in body

    body = page(client.get(url, {"q": "没有这个事项"}))
    assert "没有符合条件的事项" in body

    # a long version opens with its domains collapsed
    settings.DEBUG = False
    from gongkai.backoffice import views_catalog
    views_catalog.EXPANDED_UP_TO, before = 1, views_catalog.EXPANDED_UP_TO
    try:
        body = page(client.get(url))
    finally:
        views_catalog.EXPANDED_UP_TO = before
    assert "domain-section card\" id=\"domain-yiwu-jiaoyu\" open" not in body


def test_version_page_is_refused_to_another_county(client, world):
    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    client.force_login(world.users.other_office)
    response = client.get(reverse("backoffice:version", args=[version.pk]), {"q": "低保"})
    assert response.status_code in (403, 404)


def _item_post(item, **extra):
    return {"topic": item.topic, "name": item.name, "responsible_unit": item.responsible_unit_id, **extra}


@pytest.fixture
def adopted_item(world):
    from gongkai.catalog.models import DomainAssignment

    office = world.users.office
    DomainAssignment.objects.create(jurisdiction=world.tree["county"], domain=world.education, unit=world.edu)
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2025版", year=2025)
    services.catalog_adopt_standard(actor=office, version=version)
    return version.items.get(name="招生范围")


def test_item_edit_names_the_section_and_a_person_of_the_unit(client, world, adopted_item):
    from gongkai.core.models import AuditEvent

    item, officer = adopted_item, world.users.officer
    client.force_login(world.users.office)
    url = reverse("backoffice:item_edit", args=[item.pk])
    response = client.get(url)
    assert "责任科室" in page(response) and "张信息员" in page(response)
    choices = set(response.context["form"].fields["responsible_person"].queryset)
    assert officer in choices and world.users.office not in choices  # only the unit's accounts
    response = client.post(url, _item_post(item, responsible_section="基础教育股", responsible_person=officer.pk))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.responsible_section == "基础教育股" and item.responsible_person == officer
    assert AuditEvent.objects.filter(action="catalog_item.updated", target_id=str(item.pk)).exists()
    body = page(client.get(reverse("backoffice:version", args=[item.version_id])))
    assert "责任科室：基础教育股" in body and "责任人：张信息员" in body
    assert "责任人：张信息员" in page(client.get(url))


def test_item_edit_refuses_a_name_without_phone_and_keeps_the_input(client, world, adopted_item):
    item = adopted_item
    client.force_login(world.users.office)
    url = reverse("backoffice:item_edit", args=[item.pk])
    response = client.post(url, _item_post(item, responsible_section="基础教育股", responsible_person_name="李四"))
    assert response.status_code == 200
    body = page(response)
    assert "请同时填写其联系电话" in body and 'value="李四"' in body and 'value="基础教育股"' in body
    item.refresh_from_db()
    assert item.responsible_section == "" and item.responsible_person_name == ""
    # an account of another unit is not among the choices
    response = client.post(url, _item_post(item, responsible_person=world.users.office.pk))
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.responsible_person is None
    # offline: a name and a phone
    response = client.post(url, _item_post(item, responsible_person_name="李四", responsible_person_phone="0739-5555555"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.responsible_person_name, item.responsible_person_phone) == ("李四", "0739-5555555")


def test_item_edit_of_another_jurisdiction_is_refused(client, world, adopted_item):
    item = adopted_item
    client.force_login(world.users.other_office)
    url = reverse("backoffice:item_edit", args=[item.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, _item_post(item, responsible_section="改", responsible_person_name="某人",
                                           responsible_person_phone="123"))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.responsible_section == "" and item.responsible_person_name == ""


def test_back_office_xlsx_names_the_section_and_person_the_portal_file_does_not(client, world, adopted_item):
    """The office's own xlsx carries 责任科室 / 责任人 / 责任人电话 (issue 14); the portal's download of the
    same version, published, never names the person."""
    import io

    from openpyxl import load_workbook

    item, officer = adopted_item, world.users.officer
    officer.phone = "13900000002"
    officer.save(update_fields=["phone"])
    services.catalog_item_update(actor=world.users.office, item=item, responsible_section="基础教育股",
                                 responsible_person=officer)

    def cells(data: bytes) -> list:
        return [c.value for ws in load_workbook(io.BytesIO(data)).worksheets for row in ws.iter_rows() for c in row]

    client.force_login(world.users.office)
    internal = cells(client.get(reverse("backoffice:version_export", args=[item.version_id, "xlsx"])).content)
    assert {"责任科室", "责任人", "责任人电话", "基础教育股", "张信息员", "13900000002"} <= set(internal)
    version = item.version
    version.status = VersionStatus.PUBLISHED
    version.save(update_fields=["status"])
    client.logout()
    public = cells(client.get(reverse("portal:download", args=[world.tree["county"].code, "xlsx"])).content)
    assert "招生范围" in public
    assert not {"责任科室", "责任人", "责任人电话", "张信息员", "13900000002"} & set(public)


@pytest.fixture
def reference_draft(world):
    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.VILLAGE,
                                      is_reference=True)
    return services.catalog_version_create(actor=office, catalog=catalog, label="2021版", year=2021)


def test_the_office_adds_the_village_topics_to_its_reference_catalog_and_sees_their_source(client, world,
                                                                                        reference_draft):
    client.force_login(world.users.office)
    url = reverse("backoffice:version_village_topics", args=[reference_draft.pk])
    assert url in page(client.get(reverse("backoffice:version", args=[reference_draft.pk])))
    body = page(client.get(url))
    assert "沂水县许家湖镇村（居）务公开事项目录清单（2023年）" in body and "42 个事项" in body
    response = client.post(url)
    assert response.status_code == 302 and reference_draft.items.count() == 42
    body = page(client.get(reverse("backoffice:version", args=[reference_draft.pk]) + "?domain=cunwu-gongkai"))
    assert "事项来源：" in body and 'href="http://yishui.gov.cn/info/40113/323417.htm"' in body


def test_village_topics_refused_to_another_office_and_to_a_visitor(client, world, reference_draft):
    url = reverse("backoffice:version_village_topics", args=[reference_draft.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(world.users.other_office)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert reference_draft.items.count() == 0


def test_village_topics_not_offered_to_a_catalog_that_is_not_a_reference(client, world):
    office = world.users.office
    catalog = services.catalog_create(actor=office, jurisdiction=world.tree["county"], tier=Tier.COUNTY)
    version = services.catalog_version_create(actor=office, catalog=catalog, label="2021版", year=2021)
    client.force_login(office)
    assert "version_village_topics" not in page(client.get(reverse("backoffice:version", args=[version.pk])))
    assert reverse("backoffice:version_village_topics", args=[version.pk]) not in page(
        client.get(reverse("backoffice:version", args=[version.pk])))
    response = client.post(reverse("backoffice:version_village_topics", args=[version.pk]))
    assert response.status_code == 200 and "参考目录" in page(response)
    assert version.items.count() == 0
