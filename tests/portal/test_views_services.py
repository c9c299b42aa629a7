"""我要办 on the portal: a jurisdiction's 办事指南 by domain and searchable, each guide linking back to its item's
records, the record and item pages linking to their guides, the 办事一本通 PDF, the 专区 register and kiosk mode."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from gongkai.core import preferences
from gongkai.guides import services
from tests.factories import ServiceZoneFactory, published_record, service_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(records_world):
    return records_world


def _url(name, world, **kw):
    return reverse(f"portal:{name}", kwargs={"code": world.county.code, **kw})


def test_guides_by_domain_and_searchable_by_name(client, world, django_assert_max_num_queries):
    service_guide(world.items.dibao, name="最低生活保障申请")
    service_guide(world.items.schools, name="义务教育新生入学登记", online_mode="full")
    other = service_guide(world.items.dibao, name="双清区的指南")
    other.jurisdiction = world.tree["other_county"]
    other.save()
    with django_assert_max_num_queries(12):
        text = client.get(_url("services", world)).content.decode()
    assert text.index("义务教育") < text.index("义务教育新生入学登记") < text.index("社会救助") < text.index(
        "最低生活保障申请")
    assert "双清区的指南" not in text and "全程网办" in text
    found = client.get(_url("services", world) + "?q=低保").content.decode()
    assert "最低生活保障申请" in found and "义务教育新生入学登记" not in found  # by its item's name too
    found = client.get(_url("services", world) + "?q=入学").content.decode()
    assert "义务教育新生入学登记" in found and "最低生活保障申请" not in found
    assert "“入学”共找到 1 项办事指南" in found


def test_a_guide_shows_every_element_and_links_back_to_the_items_records(client, world,
                                                                            django_assert_max_num_queries):
    guide = service_guide(world.items.dibao, name="最低生活保障申请")
    record = published_record(world.civil, title="2026年第一季度城乡低保对象名单", items=[world.items.dibao])
    with django_assert_max_num_queries(14):
        response = client.get(_url("service", world, pk=guide.pk))
    text = response.content.decode()
    for value in ("《社会救助暂行办法》第九条至第十一条", "低保申请书", "入户调查", "自受理之日起30个工作日", "不收费",
                  "社会救助窗口", "0739-5000000", "部分网办", "https://zwfw.hunan.gov.cn/example/dibao"):
        assert value in text
    assert _url("item", world, key=world.items.dibao.key) in text
    assert _url("record", world, ref=record.index_number) in text and "2026年第一季度城乡低保对象名单" in text
    assert client.get(_url("service", world, pk=guide.pk + 999)).status_code == 404
    # another county's code does not show this county's guide
    other = reverse("portal:service", kwargs={"code": world.tree["other_county"].code, "pk": guide.pk})
    assert client.get(other).status_code == 404


def test_record_and_item_pages_link_to_their_guides(client, world):
    guide = service_guide(world.items.dibao, name="最低生活保障申请")
    service_guide(world.items.schools, name="不相关的指南")
    record = published_record(world.civil, title="2026年第一季度城乡低保对象名单", items=[world.items.dibao])
    for page in (_url("record", world, ref=record.index_number), _url("item", world, key=world.items.dibao.key)):
        text = client.get(page).content.decode()
        assert "办事指南（我要办）" in text and _url("service", world, pk=guide.pk) in text
        assert "不相关的指南" not in text


def test_the_handbook_pdf_holds_every_guide_and_is_rendered_again_after_a_change(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    guide = service_guide(world.items.dibao, name="最低生活保障申请")
    service_guide(world.items.schools, name="义务教育新生入学登记")
    response = client.get(_url("services_handbook", world))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).replace("\n", "")
    assert "办事一本通" in text and "最低生活保障申请" in text and "义务教育新生入学登记" in text
    assert "低保申请书" in text and "部分网办" in text
    stored = list((tmp_path / "rendered" / "handbook" / str(world.county.pk) / "pdf").iterdir())
    assert len(stored) == 1
    services.service_guide_change(actor=world.users.officer, guide=guide, name="城乡最低生活保障申请")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        client.get(_url("services_handbook", world)).content)).pages).replace("\n", "")
    assert "城乡最低生活保障申请" in text
    assert len(list((tmp_path / "rendered" / "handbook" / str(world.county.pk) / "pdf").iterdir())) == 1


def test_zones_with_their_checklist(client, world, django_assert_max_num_queries):
    ServiceZoneFactory(jurisdiction=world.county, name="大祥区政务服务中心政务公开专区",
                       checks={"统一标识": {"done": True, "note": "门头标识已更换"}})
    with django_assert_max_num_queries(10):
        text = client.get(_url("zones", world)).content.decode()
    assert "大祥区政务服务中心政务公开专区" in text and "已落实</span> 统一标识：门头标识已更换" in text
    assert "未落实</span> 统一管理" in text
    home = client.get(_url("jurisdiction", world)).content.decode()
    assert _url("zones", world) in home and _url("services", world) in home


def test_kiosk_mode_sets_its_cookie_and_renders_without_the_page_cache(client, world):
    response = client.get(reverse("portal:kiosk", kwargs={"code": world.county.code}) + "?idle=7")
    assert response.status_code == 302 and response["Location"] == _url("jurisdiction", world)
    assert client.cookies[preferences.KIOSK_COOKIE].value == f"{_url('jurisdiction', world)}|7"
    record = published_record(world.civil, title="低保名单", items=[world.items.dibao])
    text = client.get(_url("record", world, ref=record.index_number)).content.decode()
    assert 'id="gk-kiosk"' in text and 'data-idle="7"' in text and "kiosk.js" in text and "data-kiosk-print" in text
    assert 'class="portal kiosk"' in text
    assert "<script>" not in text  # strict CSP: no inline script
    home = client.get(_url("jurisdiction", world)).content.decode()
    assert 'class="portal kiosk"' in home
    client.get(reverse("portal:kiosk_exit"))
    assert 'id="gk-kiosk"' not in client.get(_url("jurisdiction", world)).content.decode()
    assert client.get(reverse("portal:kiosk", kwargs={"code": "999999999999"})).status_code == 404


def test_kiosk_idle_is_clamped(client, world):
    client.get(reverse("portal:kiosk", kwargs={"code": world.county.code}) + "?idle=abc")
    assert client.cookies[preferences.KIOSK_COOKIE].value.endswith("|120")
    client.get(reverse("portal:kiosk", kwargs={"code": world.county.code}) + "?idle=1")
    assert client.cookies[preferences.KIOSK_COOKIE].value.endswith("|5")
