"""The 办事服务 demo on a stand-in of the demo county: guides under the items that have services, the 专区,
idempotent."""

import pytest

from gongkai.catalog.models import VersionStatus
from gongkai.demo import guides as demo_guides
from gongkai.guides.models import ServiceGuide, ServiceZone
from tests.factories import CatalogItemFactory, DomainFactory

pytestmark = pytest.mark.django_db


def test_demo_guides_and_zone_are_built_once(records_world):
    world = records_world
    assert world.county.code == demo_guides.COUNTY_CODE
    version = world.items.version
    assert version.status == VersionStatus.PUBLISHED
    huji = DomainFactory(slug="huji-guanli", name="户籍管理", order=9)
    CatalogItemFactory(version=version, domain=huji, topic="户口迁移", name="户口迁移办理", responsible_unit=world.civil)
    logs = []
    assert demo_guides.build(logs.append) == 4
    assert demo_guides.build(logs.append) == 0
    guides = {g.name: g for g in ServiceGuide.objects.all()}
    assert guides["最低生活保障申请"].item_key == world.items.dibao.key
    assert guides["义务教育阶段新生入学报名（小学一年级、初中一年级）"].unit == world.edu
    assert guides["户口迁移（投靠亲属迁入）"].online_mode == "full"
    zone = ServiceZone.objects.get()
    assert zone.checks["统一管理"] == {"done": False, "note": "管理制度待印发"}


def test_demo_guides_wait_for_a_published_catalog(db):
    logs = []
    assert demo_guides.build(logs.append) == 0
    assert "跳过" in logs[0]
