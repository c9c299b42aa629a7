"""`insert_many`: the rows an import writes at once are the rows `bulk_create` would write (COPY on PostgreSQL)."""

import pytest
from django.forms.models import model_to_dict

from gongkai.catalog.models import CatalogItem
from gongkai.core.bulk import insert_many
from tests.factories import CatalogVersionFactory, DomainFactory

pytestmark = pytest.mark.django_db


def _items(version, domain, prefix):
    return [CatalogItem(version=version, domain=domain, order=n, topic="义务教育", name=f"{prefix}学校名录{n}",
                        elements="学校名称、地址、电话", basis="《中华人民共和国义务教育法》", channels=["政府网站", "公开栏"],
                        audience=["all"], schema=[{"name": "学校名称", "type": "text"}], time_limit="20个工作日内")
            for n in range(1, 4)]


def _stored(version, prefix):
    ignored = {"id", "key", "name"}
    return [{k: v for k, v in model_to_dict(i).items() if k not in ignored} | {"name": i.name.removeprefix(prefix)}
            for i in CatalogItem.objects.filter(version=version, name__startswith=prefix).order_by("order")]


def test_inserted_rows_are_those_bulk_create_writes():
    version, domain = CatalogVersionFactory(), DomainFactory()
    CatalogItem.objects.bulk_create(_items(version, domain, "甲"))
    made = _items(version, domain, "乙")
    insert_many(made)
    assert _stored(version, "乙") == _stored(version, "甲") and len(_stored(version, "乙")) == 3
    keys = set(CatalogItem.objects.filter(version=version).values_list("key", flat=True))
    assert {i.key for i in made} <= keys and len(keys) == 6  # the key made with each object, every one distinct


def test_nothing_to_insert_writes_nothing():
    insert_many([])
    assert not CatalogItem.objects.exists()


def test_rows_beyond_one_batch_all_go_in():
    version, domain = CatalogVersionFactory(), DomainFactory()
    insert_many(_items(version, domain, "丙"), batch_size=2)
    assert [i["order"] for i in _stored(version, "丙")] == [1, 2, 3]
