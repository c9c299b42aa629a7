"""The public portal: what each page shows, what it must never show, caching and 404s."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from gongkai.catalog import services
from gongkai.catalog.models import CatalogDomain
from tests.factories import (
    CatalogFactory,
    CatalogItemFactory,
    CatalogVersionFactory,
    DomainFactory,
    JurisdictionFactory,
)

pytestmark = pytest.mark.django_db

COUNTY = "430503000000"


def url(name, **kwargs):
    return reverse(f"portal:{name}", kwargs=kwargs)


def html(response) -> str:
    return response.content.decode()


def main(response) -> str:
    """The main landmark as served: what a reader without JavaScript gets."""
    text = html(response)
    return text[text.index('<main id="main"'):text.index("</main>")]


def public_urls(code=COUNTY, slugs=("yiwu-jiaoyu", "shehui-jiuzhu", "lvyou")):
    return ["/", url("jurisdiction", code=code), url("catalog", code=code), url("versions", code=code),
            *[url("domain", code=code, slug=s) for s in slugs]]


# --- pages ---------------------------------------------------------------------------------------

def test_home_is_the_county_home_when_one_county_publishes(client, portal):
    response = client.get("/")
    assert response.status_code == 200
    body = main(response)
    assert "大祥区基层政务公开标准目录" in body
    assert "义务教育" in body and "社会救助" in body


def test_home_lists_jurisdictions_when_several_counties_publish(client, portal):
    CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=portal["other_county"]), status="published")
    body = main(client.get("/"))
    assert url("jurisdiction", code=COUNTY) in body
    assert url("jurisdiction", code=portal["other_county"].code) in body
    assert "双清区" in body and "罗市镇" in body


def test_home_without_any_published_catalog(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "还没有已发布的公开事项目录" in html(response)


def test_jurisdiction_home(client, portal):
    response = client.get(url("jurisdiction", code=COUNTY))
    assert response.status_code == 200
    body = main(response)
    page = html(response)
    assert "<h1" in body and "大祥区基层政务公开标准目录" in body
    assert "2021版" in body and "2021年6月30日" in body
    assert "经邵阳市审批" in body
    # Tiles with counts: 义务教育 has 3 applicable items in 2 topics; the not-applicable item is not counted.
    assert re.search(r"义务教育</span>\s*<span[^>]*>2 个一级事项 · 3 个公开事项", body)
    assert url("domain", code=COUNTY, slug="yiwu-jiaoyu") in body
    # The domain the county does not handle, with its reason.
    assert "本区无A级旅游景区" in body
    # Disclosure map grouped into townships and streets.
    town_at, street_at = body.index("罗市镇"), body.index("中心路街道")
    assert body.index("<h3>乡镇</h3>") < town_at < body.index("<h3>街道</h3>") < street_at
    for fmt in ("xlsx", "docx", "csv"):
        assert url("download", code=COUNTY, fmt=fmt) in body
    # Frame: header with the jurisdiction's name, breadcrumb, footer with the answering office, skip link.
    assert "政务公开" in page and 'class="portal-brand-name">大祥区<' in page
    assert 'aria-label="当前位置"' in page
    assert "本栏目由大祥区人民政府办公室负责解答" in page
    assert 'href="#main"' in page


def test_township_page_has_breadcrumb_up_to_the_county(client, portal):
    response = client.get(url("jurisdiction", code=portal["town"].code))
    assert response.status_code == 200
    page = html(response)
    assert "罗市镇基层政务公开标准目录" in page
    crumbs = page[page.index('aria-label="当前位置"'):]
    assert url("jurisdiction", code=COUNTY) in crumbs[:crumbs.index("</nav>")]
    # The township has no office of its own: the county's office answers for it.
    assert "本栏目由大祥区人民政府办公室负责解答" in page


def test_domain_column_groups_items_by_topic_with_every_field(client, portal):
    response = client.get(url("domain", code=COUNTY, slug="yiwu-jiaoyu"))
    assert response.status_code == 200
    body = main(response)
    assert '<a href="#t1">招生管理</a>' in body  # the list of topics at the top
    body = body[body.index('class="portal-topic"'):]
    assert body.index("招生管理") < body.index("招生范围") < body.index("招生计划") < body.index("学校管理") \
        < body.index("义务教育学校名录")
    for text in ("学校名称、学区范围", "《中华人民共和国义务教育法》", "信息形成或者变更之日起20个工作日内", "区教育局",
                 "责任单位：大祥区教育局", "政府网站、公开查阅点", "全社会", "主动", "县级", "公开依据", "公开层级"):
        assert text in body, text
    assert "低保对象认定条件" not in body
    # An item the county marked not applicable is listed apart, with its reason.
    assert "本地不适用的事项" in body and "本区无民办义务教育学校" in body


def test_domain_not_handled_shows_its_explanation(client, portal):
    response = client.get(url("domain", code=COUNTY, slug="lvyou"))
    assert response.status_code == 200
    body = main(response)
    assert "未涉及领域事项说明" in body and "本区无A级旅游景区，不涉及旅游领域事项" in body


def test_catalog_table_in_the_template_layout(client, portal):
    response = client.get(url("catalog", code=COUNTY))
    assert response.status_code == 200
    body = main(response)
    headers = ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
               "公开对象", "公开方式", "公开层级"]
    thead = body[body.index("<thead>"):body.index("</thead>")]
    positions = [thead.index(f">{h}</th>") for h in headers]
    assert positions == sorted(positions)
    # Grouped by domain, in the domains' order; consecutive rows of one topic share one cell.
    assert body.index('id="d-yiwu-jiaoyu"') < body.index('id="d-shehui-jiuzhu"') < body.index('id="d-lvyou"')
    assert '<td rowspan="2">招生管理</td>' in body
    assert "低保对象认定条件" in body and "民办学校收费" not in body
    assert "未涉及领域事项说明：本区无A级旅游景区" in body
    # Printable: the page asks for the landscape print layout.
    assert "portal-print-landscape" in html(response)


def test_versions_and_superseded_version_pages(client, portal):
    old = CatalogVersionFactory(catalog=portal["catalog"], label="2020版", year=2020, status="superseded",
                                published_at=portal["version"].published_at.replace(year=2020))
    CatalogItemFactory(version=old, domain=portal["education"], topic="招生管理", name="旧版独有事项")
    history = main(client.get(url("versions", code=COUNTY)))
    assert "2021版" in history and "2020版" in history and "已被替代" in history and "现行有效" in history
    assert url("version", code=COUNTY, label="2020版") in history

    response = client.get(url("version", code=COUNTY, label="2020版"))
    assert response.status_code == 200
    body = main(response)
    assert "已被替代" in body and "旧版独有事项" in body and "被2021版替代" in body
    assert url("catalog", code=COUNTY) in body
    # The superseded version's items appear nowhere else.
    for path in public_urls():
        assert "旧版独有事项" not in html(client.get(path)), path
    # The published label lives at the catalog page.
    response = client.get(url("version", code=COUNTY, label="2021版"))
    assert response.status_code == 302 and response["Location"] == url("catalog", code=COUNTY)


# --- only published versions ---------------------------------------------------------------------

@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "approved"])
def test_unpublished_versions_never_reach_the_portal(client, portal, status):
    secret_domain = DomainFactory(slug=f"secret-{status}", name=f"未发布领域{status}", order=50)
    version = CatalogVersionFactory(catalog=portal["catalog"], label=f"2022版{status}", year=2022, status=status)
    CatalogItemFactory(version=version, domain=portal["education"], topic="招生管理", name=f"未发布事项{status}")
    CatalogItemFactory(version=version, domain=secret_domain, topic="机密", name=f"未发布领域事项{status}")
    CatalogDomain.objects.create(version=version, domain=portal["tourism"], applies=False, reason=f"未发布说明{status}")
    # A township whose only catalog is not published has no page and no place on the map.
    village = JurisdictionFactory(code="430503101000", name="未发布村", level="township", parent=portal["town"])
    CatalogItemFactory(version=CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=village), status=status),
                       domain=portal["education"], name=f"未发布村事项{status}")

    county_paths = public_urls(slugs=("yiwu-jiaoyu", "shehui-jiuzhu", "lvyou", secret_domain.slug))
    county_paths += [url("version", code=COUNTY, label=f"2022版{status}"), url("jurisdiction", code=portal["town"].code)]
    village_paths = [url("jurisdiction", code=village.code), url("catalog", code=village.code),
                     url("versions", code=village.code)]
    secrets = [f"未发布事项{status}", f"未发布领域事项{status}", f"未发布说明{status}", f"2022版{status}",
               f"未发布村事项{status}"]
    for path in county_paths + village_paths:
        page = html(client.get(path))
        for secret in secrets + (["未发布村"] if path in county_paths else []):
            assert secret not in page, (path, secret)
    assert client.get(url("domain", code=COUNTY, slug=secret_domain.slug)).status_code == 404
    assert client.get(url("version", code=COUNTY, label=f"2022版{status}")).status_code == 404
    assert client.get(url("jurisdiction", code=village.code)).status_code == 404


def test_no_personal_data_on_any_page(client, portal):
    """The disclosure office's own phone is public (《条例》第二十条第（二）项, the footer's contact block);
    people's names, accounts, e-mails and phones, and the office's sign-in handle, are not."""
    approver = portal["approver"]
    for path in public_urls():
        page = html(client.get(path))
        for personal in (approver.display_name, approver.username, approver.email, approver.phone,
                         portal["publisher"].username, portal["office"].handle):
            assert personal not in page, (path, personal)


# --- without JavaScript, accessible --------------------------------------------------------------

def test_pages_need_no_script_and_carry_no_inline_script_or_style(client, portal):
    for path in public_urls() + [url("versions", code=COUNTY)]:
        page = html(client.get(path))
        assert "<h1" in main(client.get(path)), path
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path  # no inline script (CSP)
        assert " style=" not in page, path
        assert '<html lang="zh-CN">' in page


# --- 长者模式 (适老化) -----------------------------------------------------------------------------

def test_elder_mode_switch_sets_a_cookie_and_goes_back_to_next(client, portal):
    catalog = url("catalog", code=COUNTY)
    page = html(client.get(catalog))
    assert 'class="portal portal-print-landscape"' in page
    assert f'href="/elder-mode/?next={catalog}">长者模式' in page
    response = client.get(url("elder_mode") + f"?next={catalog}")
    assert response.status_code == 302 and response["Location"] == catalog
    assert response.cookies["gk_elder"].value == "1" and response.cookies["gk_elder"]["httponly"]
    assert "no-store" in response["Cache-Control"]


def test_elder_mode_holds_on_every_following_page_and_switches_back(client, portal):
    client.get(url("elder_mode") + "?next=/")
    for path in public_urls():
        page = html(client.get(path))
        assert re.search(r'<body class="portal[^"]* elder">', page), path
        assert ">标准模式<" in page, path
    search = html(client.get(url("search") + f"?q=学区&j={COUNTY}"))  # not a cached page: back to the same search
    assert ' elder">' in search and "next=/search/%3Fq%3D" in search
    response = client.get(url("elder_mode") + "?next=/")
    assert response["Location"] == "/" and response.cookies["gk_elder"].value == ""
    client.cookies.pop("gk_elder")
    assert ' elder">' not in html(client.get(url("catalog", code=COUNTY)))


def test_elder_mode_and_standard_pages_are_cached_apart(client, portal):
    catalog = url("catalog", code=COUNTY)
    client.cookies["gk_elder"] = "1"
    assert ' elder">' in html(client.get(catalog + "?from=someone"))
    client.cookies.pop("gk_elder")
    standard = client.get(catalog)
    assert ' elder">' not in html(standard) and "长者模式" in html(standard)
    client.cookies["gk_elder"] = "1"
    elder = html(client.get(catalog))  # from the cache, with the switch back to the path, never a visitor's query
    assert ' elder">' in elder and f'href="/elder-mode/?next={catalog}">标准模式' in elder
    assert "Cookie" in standard["Vary"]  # browsers and proxies keep one answer per mode too


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/j/", "javascript:alert(1)"])
def test_elder_mode_switch_refuses_another_site_as_next(client, portal, target):
    response = client.get(url("elder_mode"), {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["gk_elder"].value == "1"


def test_elder_mode_switch_without_next_goes_home_and_refuses_writes(client, portal):
    assert client.get(url("elder_mode"))["Location"] == "/"
    assert client.post(url("elder_mode")).status_code == 405


# --- caching -------------------------------------------------------------------------------------

def test_pages_are_cacheable(client, portal):
    response = client.get(url("catalog", code=COUNTY))
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control


def test_a_visitor_with_a_session_cookie_gets_a_private_answer(client, portal):
    client.cookies[settings.SESSION_COOKIE_NAME] = "whatever"
    cache_control = client.get(url("jurisdiction", code=COUNTY))["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control


def test_cached_page_is_served_from_the_cache(client, portal, django_assert_max_num_queries):
    first = client.get(url("catalog", code=COUNTY))
    with django_assert_max_num_queries(3):
        second = client.get(url("catalog", code=COUNTY))
    assert first.content == second.content


def test_publishing_a_new_version_shows_at_once(client, portal):
    publisher, old = portal["publisher"], portal["version"]
    assert "2021版" in main(client.get(url("catalog", code=COUNTY)))
    assert "2021版" in main(client.get("/"))
    new = services.catalog_version_create(actor=publisher, catalog=portal["catalog"], label="2022版", year=2022)
    services.catalog_item_add_local(actor=publisher, version=new, domain=portal["education"], topic="招生管理",
                                    name="2022年新增事项")
    new.status = "approved"  # approval by the level above is tested in tests/catalog
    new.save(update_fields=["status"])
    # Approved but not yet published: still the old version, from the cache or not.
    assert "2022年新增事项" not in html(client.get(url("catalog", code=COUNTY)))
    services.catalog_version_publish(actor=publisher, version=new)
    for path in (url("catalog", code=COUNTY), url("jurisdiction", code=COUNTY), "/"):
        body = main(client.get(path))
        assert "2022版" in body, path
    assert "2022年新增事项" in main(client.get(url("domain", code=COUNTY, slug="yiwu-jiaoyu")))
    history = main(client.get(url("versions", code=COUNTY)))
    assert "已被替代" in history and url("version", code=COUNTY, label=old.label) in history


# --- refusals ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/j/999999999999/",
    "/j/430502000000/",  # 双清区 exists but has published nothing
    "/j/430502000000/catalog/",
    "/j/430503000000/d/no-such-domain/",
    "/j/430503000000/v/1999版/",
    "/j/430503000000/nothing-here/",
    "/j/12345/",
])
def test_unknown_or_unpublished_is_a_chinese_404(client, portal, path):
    response = client.get(path)
    assert response.status_code == 404
    page = html(response)
    assert "页面不存在" in page and 'lang="zh-CN"' in page


def test_a_domain_of_another_jurisdiction_is_a_404(client, portal):
    assert client.get(url("domain", code=portal["town"].code, slug="yiwu-jiaoyu")).status_code == 404


def test_portal_refuses_writes(client, portal):
    for path in public_urls()[:3]:
        assert client.post(path).status_code == 405


def test_disclosure_map_of_a_township_lists_its_villages_and_communities(client, portal):
    for code, name in (("430503100201", "罗市村"), ("430503100001", "罗市社区")):
        village = JurisdictionFactory(code=code, name=name, level="village", parent=portal["town"])
        CatalogVersionFactory(catalog=CatalogFactory(jurisdiction=village, tier="village"), status="published")
    town_body = main(client.get(url("jurisdiction", code=portal["town"].code)))
    assert town_body.index("<h3>村</h3>") < town_body.index("罗市村") < town_body.index("<h3>社区</h3>") \
        < town_body.index("罗市社区")
    county_body = main(client.get(url("jurisdiction", code=COUNTY)))
    assert county_body.index("罗市镇") < county_body.index("罗市村") < county_body.index("<h3>街道</h3>")


def test_domain_column_shows_the_responsible_section_but_never_the_person_or_phone(client, portal):
    from gongkai.catalog.models import CatalogItem

    CatalogItem.objects.filter(name="招生范围").update(
        responsible_section="基础教育股", responsible_person_name="李责任", responsible_person_phone="13900001111")
    CatalogItem.objects.filter(name="招生计划").update(responsible_section="招生办", responsible_person=portal["approver"])
    body = html(client.get(url("domain", code=COUNTY, slug="yiwu-jiaoyu")))
    assert "责任科室：基础教育股" in body and "责任科室：招生办" in body
    assert "李责任" not in body and "13900001111" not in body and "张审批" not in body


def test_guiding_department_shown_on_the_domain_column_and_the_catalog(client, portal):
    """Issue 14: each domain names the department that guides it (主管责任单位/指导单位); a change shows at once,
    the cached pages following the domain table."""
    from gongkai.catalog.models import DomainAssignment

    edu_unit = portal["items"][0].responsible_unit
    assert "指导单位" not in main(client.get(url("domain", code=COUNTY, slug="yiwu-jiaoyu")))
    DomainAssignment.objects.create(jurisdiction=portal["version"].catalog.jurisdiction, domain=portal["education"],
                                    guiding_unit=edu_unit, completion_text="2020年9月底前")
    assert "指导单位：大祥区教育局" in main(client.get(url("domain", code=COUNTY, slug="yiwu-jiaoyu")))
    body = main(client.get(url("catalog", code=COUNTY)))
    section = body[body.index('id="d-yiwu-jiaoyu"'):body.index('id="d-shehui-jiuzhu"')]
    assert "指导单位：大祥区教育局" in section
    assert "指导单位" not in body[body.index('id="d-shehui-jiuzhu"'):]
