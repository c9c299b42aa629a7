"""Factories and helpers for publishing tests."""

from __future__ import annotations

import datetime as dt

from gongkai.accounts.models import Role
from gongkai.catalog.models import VersionStatus
from gongkai.publishing import services
from tests.factories import (
    CatalogFactory,
    CatalogItemFactory,
    CatalogVersionFactory,
    UnitFactory,
    county_tree,
    user_with_role,
)


def blank_pdf() -> bytes:
    """A real one-page PDF without text."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


SCHOOL_SCHEMA = [
    {"name": "学校名称", "type": "text", "required": True},
    {"name": "地址", "type": "address", "required": True},
    {"name": "学段", "type": "choice", "choices": ["小学", "初中", "九年一贯制"], "required": True},
    {"name": "办学性质", "type": "choice", "choices": ["公办", "民办"]},
    {"name": "联系电话", "type": "phone"},
    {"name": "建校日期", "type": "date"},
    {"name": "在校学生数", "type": "number"},
    {"name": "生均经费", "type": "money"},
    {"name": "学校网址", "type": "url"},
]


class World:
    """A county with a published catalog, an education bureau with its officer and reviewer, the office,
    and a second unit whose people must be refused."""

    def __init__(self):
        self.tree = county_tree()
        county = self.tree["county"]
        self.unit = UnitFactory(jurisdiction=county, name="区教育局", handle="jiaoyu@dxjczw")
        self.other_unit = UnitFactory(jurisdiction=county, name="区民政局", handle="minzheng@dxjczw")
        self.office_unit = UnitFactory(jurisdiction=county, name="区政务公开办", handle="office@dxjczw",
                                       is_disclosure_office=True)
        self.officer = user_with_role(Role.INFORMATION_OFFICER, self.unit)
        self.reviewer = user_with_role(Role.REVIEWER, self.unit)
        self.other_officer = user_with_role(Role.INFORMATION_OFFICER, self.other_unit)
        self.other_reviewer = user_with_role(Role.REVIEWER, self.other_unit)
        self.office = user_with_role(Role.DISCLOSURE_OFFICE, self.office_unit)
        catalog = CatalogFactory(jurisdiction=county)
        self.version = CatalogVersionFactory(catalog=catalog, status=VersionStatus.PUBLISHED)
        self.item = CatalogItemFactory(version=self.version, name="义务教育学校名录", schema=SCHOOL_SCHEMA,
                                       responsible_unit=self.unit)
        self.policy_item = CatalogItemFactory(version=self.version, name="政策文件", responsible_unit=self.unit)
        draft_version = CatalogVersionFactory(catalog=catalog, label="2022版", year=2022)
        self.draft_item = CatalogItemFactory(version=draft_version, name="草稿目录事项")

    def record(self, **kwargs):
        defaults = {
            "actor": self.officer, "unit": self.unit, "items": [self.policy_item],
            "title": "关于做好2021年秋季义务教育招生工作的通知", "formed_on": dt.date(2021, 7, 1),
            "disclosure_attribute": "proactive", "document_number": "大教发〔2021〕12号",
            "body": "<p>各中小学：</p><p>现就秋季招生工作通知如下。</p>",
        }
        defaults.update(kwargs)
        return services.record_create(**defaults)

    def published(self, **kwargs):
        record = self.record(**kwargs)
        services.record_submit(actor=self.officer, record=record)
        services.record_review(actor=self.reviewer, record=record)
        services.record_approve(actor=self.reviewer, record=record)
        services.record_publish(actor=self.reviewer, record=record)
        record.refresh_from_db()
        return record
