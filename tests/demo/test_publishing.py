"""The publishing demo on a small stand-in of the demo county: idempotent, public surfaces right, the
beneficiary list masked."""

import pytest

from gongkai.accounts.models import Role
from gongkai.demo import publishing as demo_publishing
from gongkai.publishing import selectors
from gongkai.publishing.models import Attachment, Record
from gongkai.publishing.text_extraction import extract_text
from tests.factories import CatalogItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_build_is_idempotent_and_masks_the_beneficiary_list(publishing_world):
    UserFactory(username="jiaoyu.officer", unit=publishing_world.unit, roles=[Role.INFORMATION_OFFICER])
    UserFactory(username="jiaoyu.reviewer", unit=publishing_world.unit, roles=[Role.REVIEWER])
    for topic, name in [("招生管理", "招生政策"), ("民办学校信息", "日常监管信息"), ("教育概况", "教育统计数据"),
                        ("最低生活保障", "低保对象名单及相关信息")]:
        CatalogItemFactory(version=publishing_world.version, topic=topic, name=name)
    logs = []
    assert demo_publishing.build(logs.append) == 6
    assert demo_publishing.build(logs.append) == 0
    public = {r.title for r in selectors.published_records()}
    assert demo_publishing.LIST_TITLE in public and demo_publishing.POLICY_TITLE in public
    assert not any("内部" in t for t in public)
    assert [r.title for r in selectors.on_request_titles()] == ["大祥区2020年教育经费执行情况统计表（分校明细）"]
    schools = Record.objects.get(title="大祥区2021年义务教育学校名录")
    assert selectors.public_entries(schools).count() == len(demo_publishing.SCHOOLS)
    attachment = Attachment.objects.get()
    public_text = extract_text(attachment.public_file.read(), name=attachment.name)
    original_text = extract_text(attachment.original.read(), name=attachment.name)
    first_id = demo_publishing.fake_id(101)
    assert first_id in original_text and first_id not in public_text
    assert "430503********" in public_text and attachment.is_masked
