import pytest

from tests.portal.conftest import _empty_cache, portal  # noqa: F401
from tests.portal_records.factories import make_record


@pytest.fixture
def records(portal):  # noqa: F811
    """Records of 大祥区教育局 under 招生范围 (义务教育) and 低保对象认定条件 (社会救助): one public, and one in
    each state or attribute that must never show."""
    edu_unit = portal["items"][0].responsible_unit
    admission, relief = portal["items"][0], portal["items"][4]
    public = make_record(edu_unit, [admission], title="关于强化学区划分管理的通知",
                         body="<p>各学校：现就强化学区划分管理通知如下。</p>", summary="学区划分", keywords="学区 招生")
    relief_public = make_record(edu_unit, [relief], title="城乡低保金发放情况公示",
                                body="<p>2024年城乡低保金发放情况。</p>")
    hidden = {
        "draft": make_record(edu_unit, [admission], title="学区草稿隐藏信息", status="draft", public=False),
        "submitted": make_record(edu_unit, [admission], title="学区待审隐藏信息", status="submitted", public=False),
        "approved": make_record(edu_unit, [admission], title="学区待发布隐藏信息", status="approved", public=False),
        "scheduled": make_record(edu_unit, [admission], title="学区定时隐藏信息", status="scheduled", public=False),
        "withheld": make_record(edu_unit, [admission], title="学区不予公开隐藏信息", status="published",
                                attribute="withheld"),
        "on_request": make_record(edu_unit, [admission], title="学区依申请公开隐藏信息", status="published",
                                  attribute="on_request"),
        "withdrawn": make_record(edu_unit, [admission], title="学区已撤回隐藏信息", status="withdrawn"),
        "archived": make_record(edu_unit, [admission], title="学区已归档隐藏信息", status="archived"),
    }
    return {**portal, "unit": edu_unit, "public": public, "relief_public": relief_public, "hidden": hidden}


@pytest.fixture(autouse=True)
def _commit_hooks(commit_hooks_as_in_production):
    """Publishing's services index on commit; these tests read the index right after a service."""
