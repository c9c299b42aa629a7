"""The public request pages on a county's first day (issue 10): no dead links, the jurisdiction's header
and navigation on every page, one applicant section at a time, a grouped tracking code."""

import re

import pytest
from django.urls import reverse

from tests.factories import APPLICANT, UnitFactory

pytestmark = pytest.mark.django_db
COUNTY = "430503000000"


def _page(client, url, **kw) -> str:
    response = client.get(url, **kw)
    assert response.status_code == 200, url
    return response.content.decode()


def _hrefs(page: str) -> list[str]:
    return re.findall(r'href="(/[^"#]*)', page)


def test_no_link_to_a_jurisdiction_page_that_does_not_exist(client, portal):
    """邵阳市 has an office but no published catalog yet: its request form must not link to /j/430500000000/."""
    city = portal["city"]
    UnitFactory(jurisdiction=city, name="邵阳市人民政府办公室（公开）", is_disclosure_office=True, handle="gk@sy")
    page = _page(client, reverse("portal:request_new", args=[city.code]))
    for href in _hrefs(page):
        if href.startswith("/j/") or href.startswith("/requests/") or href.startswith("/search/"):
            assert client.get(href).status_code == 200, href
    assert f'href="/j/{city.code}/"' not in page


def _has_jurisdiction_frame(page: str) -> bool:
    return ('class="portal-nav"' in page and "portal-brand-name\">大祥区<" in page
            and f'href="/j/{COUNTY}/catalog/"' in page)


@pytest.mark.parametrize("name", ["search", "request_choose", "request_track"])
def test_pages_reached_from_a_jurisdiction_keep_its_header_and_navigation(client, portal, name):
    page = _page(client, reverse(f"portal:{name}") + f"?j={COUNTY}")
    assert _has_jurisdiction_frame(page), name


def test_search_results_keep_the_header_and_every_page_has_a_search_box(client, portal):
    page = _page(client, reverse("portal:search") + f"?j={COUNTY}&q=学区")
    assert _has_jurisdiction_frame(page)
    for url in (f"/j/{COUNTY}/", f"/j/{COUNTY}/catalog/", reverse("portal:request_new", args=[COUNTY])):
        assert 'role="search"' in _page(client, url), url


def _submit(client, code=COUNTY, **changes):
    response = client.post(reverse("portal:request_new", args=[code]), {**APPLICANT, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]
    return _page(client, response["Location"])


def test_submitted_and_tracking_pages_keep_the_jurisdiction_frame(client, portal):
    page = _submit(client)
    assert _has_jurisdiction_frame(page)
    track = re.search(r'href="(/requests/track/[^"]*)"', page).group(1).replace("&amp;", "&")
    assert _has_jurisdiction_frame(_page(client, track))


def test_tracking_code_is_grouped_with_copy_and_print_and_accepted_either_way(client, portal):
    page = _submit(client)
    grouped = re.search(r'class="portal-tracking-code"[^>]*>\s*<strong[^>]*>([A-Z0-9-]+)<', page).group(1)
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", grouped)
    assert "复制查询码" in page and "打印" in page
    plain = grouped.replace("-", "")
    for typed in (grouped, plain, plain.lower()):
        client.cookies.clear()
        result = client.post(reverse("portal:request_track"), {"code": typed}).content.decode()
        assert "查询结果" in result and grouped in result, typed


def _section(page: str, which: str) -> str:
    return re.search(rf'<div class="portal-applicant-section" data-applicant="{which}"([^>]*)>', page).group(1)


def test_request_form_shows_only_the_chosen_applicant_section(client, portal):
    url = reverse("portal:request_new", args=[COUNTY])
    page = _page(client, url)
    assert "hidden" not in _section(page, "person") and "hidden" in _section(page, "organisation")
    # Without JavaScript: choosing another type and pressing the choice button re-renders the form.
    response = client.post(url, {"applicant_type": "commercial", "choose_type": "1", "description": "保留我写的"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "hidden" in _section(page, "person") and "hidden" not in _section(page, "organisation")
    assert 'value="commercial" checked' in page or 'checked value="commercial"' in page or re.search(
        r'<input[^>]*value="commercial"[^>]*checked', page)
    assert "保留我写的" in page and "此项为必填项" not in page and "申请未能提交" not in page


def test_an_organisation_can_apply_with_only_its_section(client, portal):
    changes = {"applicant_type": "commercial", "applicant_name": "", "id_type": "", "id_number": "",
               "organisation_name": "某某科技有限公司", "credit_code": "91430500MA4L000000", "contact_name": "李某"}
    page = _submit(client, **changes)
    assert "查询码" in page


def test_annual_report_pages_keep_the_jurisdiction_header_and_navigation(client, portal):
    assert _has_jurisdiction_frame(_page(client, f"/j/{COUNTY}/reports/"))
