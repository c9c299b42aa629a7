"""The demo 政府信息公开 column of 大祥区: a published guide, two 制度 documents, 高频事项 marked; idempotent."""

import pytest

from gongkai.catalog.models import CatalogItem
from gongkai.columns import selectors
from gongkai.demo import columns
from gongkai.demo.build import demo_build
from gongkai.organizations.models import Jurisdiction

pytestmark = pytest.mark.django_db


def test_demo_column_is_built_once():
    demo_build()
    assert columns.build(log=lambda _line: None) > 0
    county = Jurisdiction.objects.get(code=columns.COUNTY_CODE)
    assert len(selectors.published_guides(county)) == 1
    assert selectors.public_rules_documents(county).count() == 2
    marked = CatalogItem.objects.filter(key__in=selectors.marked_keys(county), version__status="published")
    assert sorted(marked.values_list("name", flat=True)) == sorted(name for _slug, name in columns.HIGH_FREQUENCY)
    assert columns.build(log=lambda _line: None) == 0
