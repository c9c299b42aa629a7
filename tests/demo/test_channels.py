"""The channels demo on a small stand-in of the demo county: idempotent, one printed copy out of date."""

import pytest

from gongkai.accounts.models import Role
from gongkai.channels.models import ChannelPublication, NewMediaAccount, PrintedCopy
from gongkai.channels.printed_state import CopyState
from gongkai.core import clock
from gongkai.demo import channels as demo_channels
from gongkai.demo import publishing as demo_publishing
from tests.factories import CatalogItemFactory, UserFactory

pytestmark = pytest.mark.django_db

SCHEMA = [{"name": n, "type": t, "required": False} for n, t in
          [("学校名称", "text"), ("学校地址", "address"), ("办学层次", "text"), ("办学类型", "text"), ("办公电话", "phone")]]


@pytest.fixture
def demo_county(channels_world):
    world = channels_world
    from gongkai.catalog.models import VersionStatus

    assert (world.edu.handle, world.civil.handle) == (demo_publishing.EDUCATION_HANDLE, demo_publishing.CIVIL_HANDLE)
    version = world.item.version
    version.status = VersionStatus.PUBLISHED
    version.save()
    UserFactory(username="jiaoyu.officer", unit=world.edu, roles=[Role.INFORMATION_OFFICER])
    UserFactory(username="jiaoyu.reviewer", unit=world.edu, roles=[Role.REVIEWER])
    for topic, name in [("学校名录", "义务教育学校名录"), ("招生管理", "招生政策"), ("民办学校信息", "日常监管信息"),
                        ("教育概况", "教育统计数据"), ("最低生活保障", "低保对象名单及相关信息")]:
        CatalogItemFactory(version=version, topic=topic, name=name, responsible_unit=world.edu, schema=SCHEMA)
    return version


def test_demo_build_is_idempotent_and_shows_an_out_of_date_copy(demo_county):
    logs = []
    assert demo_publishing.build(logs.append) > 0
    assert demo_channels.build(logs.append) == 7  # 2 publications, 4 printed copies, the bureau's account
    assert demo_channels.build(logs.append) == 0
    assert ChannelPublication.objects.count() == 2
    account = NewMediaAccount.objects.get()  # the county office's unit is not in this world, so one account
    assert (account.name, (clock.today() - account.last_update_on).days) == ("大祥教育", 21)
    schools = {(c.board, c.revision_number, c.state) for c in
               PrintedCopy.objects.filter(record__title=demo_channels.SCHOOLS_TITLE)}
    assert schools == {
        ("中心路街道城西演示社区公示栏", 1, CopyState.OUT_OF_DATE),
        ("罗市镇演示村村务公开栏", 1, CopyState.REPLACED),
        ("罗市镇演示村村务公开栏", 2, CopyState.CURRENT),
    }
    dibao = PrintedCopy.objects.get(record__title=demo_publishing.LIST_TITLE)
    assert dibao.state == CopyState.CURRENT and dibao.printed_by_name == "命令行"
