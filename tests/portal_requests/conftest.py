"""A county with a disclosure office and one department, and an applicant's invented details."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from gongkai.organizations.models import UnitKind
from tests.factories import UnitFactory, county_tree


def resident_id(body17: str) -> str:
    """A checksum-valid (invented) resident ID number from 17 digits."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights, strict=True)) % 11]
    return body17 + check


APPLICANT = {
    "applicant_type": "natural_person",
    "applicant_name": "张某某",
    "id_type": "resident_id",
    "id_number": resident_id("43050319900101123"),
    "contact_phone": "13800000000",
    "contact_email": "zhangmoumou@example.invalid",
    "contact_address": "湖南省邵阳市大祥区某某路1号",
    "postal_code": "422000",
    "description": "请公开2026年大祥区义务教育学校招生范围划分的文件",
    "document_number": "",
    "purpose": "",
    "delivery_form": "paper",
    "obtaining_method": "post",
}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def county(db):
    tree = county_tree()
    office = UnitFactory(jurisdiction=tree["county"], name="大祥区政务公开办", kind=UnitKind.GOVERNMENT,
                         handle="gkb@dxjczw", is_disclosure_office=True)
    edu = UnitFactory(jurisdiction=tree["county"], name="大祥区教育局", handle="jiaoyu@dxjczw")
    return SimpleNamespace(tree=tree, county=tree["county"], office=office, edu=edu)
