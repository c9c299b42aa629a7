"""Issue 14's done-when: the demo county's units name their responsible leader, and its items (on the draft it
adopted from the city's reference) their responsible section and person — an account of the unit, or a name
and phone — shown in the back office's own xlsx, never in the portal's."""

import io

import pytest
from openpyxl import load_workbook

from gongkai.catalog.models import CatalogItem, VersionStatus
from gongkai.demo.build import demo_build
from gongkai.exchange.catalog_export import export_catalog
from gongkai.organizations.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_names_leaders_sections_and_people_once():
    demo_build()
    assert Unit.objects.get(handle="jiaoyu@dxjczw").responsible_leader == "刘建国"
    named = CatalogItem.objects.filter(version__catalog__jurisdiction__code="430503000000",
                                       version__status=VersionStatus.DRAFT).exclude(responsible_section="")
    by_name = {item.name: item for item in named.select_related("responsible_person")}
    assert by_name["招生范围"].responsible_section == "基础教育股"
    assert by_name["招生范围"].responsible_person.username == "jiaoyu.officer"
    assert (by_name["义务教育学校名录"].responsible_person_name,
            by_name["义务教育学校名录"].responsible_person_phone) == ("罗晓红", "0739-5201234")
    version = by_name["招生范围"].version
    internal = load_workbook(io.BytesIO(export_catalog(version, "xlsx", internal=True)), read_only=True)
    public = load_workbook(io.BytesIO(export_catalog(version, "xlsx")), read_only=True)
    internal_text = {str(c) for ws in internal for row in ws.iter_rows(values_only=True) for c in row if c}
    public_text = {str(c) for ws in public for row in ws.iter_rows(values_only=True) for c in row if c}
    assert {"基础教育股", "罗晓红"} <= internal_text and not {"基础教育股", "罗晓红"} & public_text
    count = named.count()
    demo_build()
    assert named.count() == count
