"""The portal's footer (issue 12): the site's identification lines from settings, the office that answers
for the column, and robots.txt."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from gongkai.organizations.models import Unit
from tests.factories import UnitFactory

COUNTY = "430503000000"

SITE = {
    "GONGKAI_SITE_SPONSOR": "邵阳市大祥区人民政府办公室",
    "GONGKAI_SITE_ORGANISER": "邵阳市大祥区政务服务中心",
    "GONGKAI_SITE_ID_CODE": "4305030001",
    "GONGKAI_ICP_NUMBER": "湘ICP备12345678号-1",
    "GONGKAI_PSB_NUMBER": "湘公网安备 43050302000123号",
}


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def footer(client, path) -> str:
    text = page(client, path)
    return text[text.index('<footer class="portal-footer">'):]


def portal_paths(portal) -> list[str]:
    return ["/", reverse("portal:jurisdiction", kwargs={"code": COUNTY}),
            reverse("portal:catalog", kwargs={"code": COUNTY}),
            reverse("portal:jurisdiction", kwargs={"code": portal["town"].code}),
            reverse("portal:search"), reverse("portal:request_choose")]


def test_footer_shows_every_configured_line_on_every_portal_page(client, portal):
    with override_settings(**SITE):
        for path in portal_paths(portal):
            text = footer(client, path)
            assert "主办单位：邵阳市大祥区人民政府办公室" in text, path
            assert "承办单位：邵阳市大祥区政务服务中心" in text, path
            assert "网站标识码：4305030001" in text, path
            assert '<a href="https://beian.miit.gov.cn/" rel="noopener">湘ICP备12345678号-1</a>' in text, path
            assert ('<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=43050302000123" '
                    'rel="noopener">湘公网安备 43050302000123号</a>') in text, path


def test_footer_lines_without_a_value_are_not_shown(client, portal):
    # The test settings configure none of them: no line, no empty paragraph.
    text = footer(client, reverse("portal:jurisdiction", kwargs={"code": COUNTY}))
    for absent in ("主办单位", "承办单位", "网站标识码", "beian.miit.gov.cn", "beian.gov.cn", "portal-footer-site"):
        assert absent not in text, absent
    cache.clear()
    with override_settings(GONGKAI_SITE_SPONSOR="邵阳市大祥区人民政府办公室", GONGKAI_ICP_NUMBER="湘ICP备12345678号-1"):
        text = footer(client, reverse("portal:jurisdiction", kwargs={"code": COUNTY}))
    assert "主办单位：邵阳市大祥区人民政府办公室" in text and "湘ICP备12345678号-1" in text
    for absent in ("承办单位", "网站标识码", "beian.gov.cn/portal"):
        assert absent not in text, absent


def test_demo_settings_show_demo_values_marked_as_such():
    from gongkai.settings import local

    for name in SITE:
        value = getattr(local, name)
        assert value and "演示" in value, name


def test_contact_block_names_the_office_its_address_phone_hours_and_the_request_entrance(client, portal):
    Unit.objects.filter(pk=portal["office"].pk).update(address="邵阳市大祥区城南路1号", office_hours="工作日 8:00—12:00")
    text = footer(client, reverse("portal:catalog", kwargs={"code": COUNTY}))
    contact = text[text.index("咨询与建议"):text.index("</section>")]
    assert "本栏目由大祥区人民政府办公室负责解答" in contact
    assert "办公地址：邵阳市大祥区城南路1号" in contact
    assert "联系电话：0739-5555555" in contact
    assert "办公时间：工作日 8:00—12:00" in contact
    assert reverse("portal:request_new", kwargs={"code": COUNTY}) in contact


def test_contact_block_of_a_township_falls_back_to_the_county_office(client, portal):
    town = portal["town"]
    text = footer(client, reverse("portal:jurisdiction", kwargs={"code": town.code}))
    contact = text[text.index("咨询与建议"):text.index("</section>")]
    assert "本栏目由大祥区人民政府办公室负责解答" in contact
    assert reverse("portal:request_new", kwargs={"code": town.code}) in contact
    # Once the township has its own disclosure office, that office answers.
    UnitFactory(jurisdiction=town, name="罗市镇党政综合办公室", is_disclosure_office=True, phone="0739-5111111")
    cache.clear()
    text = footer(client, reverse("portal:jurisdiction", kwargs={"code": town.code}))
    assert "本栏目由罗市镇党政综合办公室负责解答" in text and "联系电话：0739-5111111" in text


def test_no_contact_block_without_a_jurisdiction_or_an_office(client, portal):
    assert "咨询与建议" not in footer(client, reverse("portal:search"))
    Unit.objects.filter(is_disclosure_office=True).update(is_disclosure_office=False)
    cache.clear()
    assert "咨询与建议" not in footer(client, reverse("portal:jurisdiction", kwargs={"code": COUNTY}))


# --- robots.txt ----------------------------------------------------------------------------------

def test_robots_txt_opens_the_portal_closes_staff_screens_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "public" in response["Cache-Control"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines and "Disallow: /accounts/" in lines
    assert "Allow: /" in lines and "Disallow: /" not in lines
    assert reverse("portal:sitemap") == "/sitemap.xml"
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@override_settings(GONGKAI_PUBLIC_BASE_URL="https://gongkai.example.gov.cn/")
def test_robots_txt_sitemap_uses_the_public_base_url(client, db):
    assert "Sitemap: https://gongkai.example.gov.cn/sitemap.xml" in client.get("/robots.txt").content.decode()


@pytest.mark.parametrize("method", ["post", "put"])
def test_robots_txt_is_read_only(client, db, method):
    assert getattr(client, method)("/robots.txt").status_code == 405
