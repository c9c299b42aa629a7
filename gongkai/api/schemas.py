"""The typed shapes of every answer of /api/v1/: the OpenAPI schema is generated from these. Nothing
personal has a field here — no applicant, writer or commenter, no responsible person, no contact of a
person (offices' public telephone numbers only)."""

from __future__ import annotations

import datetime
import uuid
from typing import Generic, TypeVar

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class ErrorBody(Schema):
    code: str = Field(description="稳定的英文错误代码，如 not_found、bad_request、unauthorized")
    message: str = Field(description="中文说明")


class ErrorOut(Schema):
    """Every error of every status, under /api/."""

    error: ErrorBody


class Plain(BaseModel):
    """An answer the routes build as plain dicts and lists, validated by pydantic alone: ninja's `Schema` reads its
    input through an attribute reader of its own, field by field (for a list of twenty records, a third of the
    answer's time). For shapes read from model instances, use `Schema`."""

    model_config = ConfigDict(from_attributes=False)


class Page(Plain, Generic[T]):
    items: list[T]
    next: str | None = Field(description="下一页的游标（作为 cursor 参数传回）；没有下一页时为 null")


class Root(Schema):
    version: str
    openapi: str
    docs: str


class DomainOut(Schema):
    domain: str
    name: str
    guideline: str
    issuer: str
    document_number: str
    year: str = Field(description="指引的年份（原文，如 2020 或 2019—2020）")
    completeness: str
    topics: int
    items: int


class CatalogSummary(Schema):
    title: str
    version: str
    published_at: datetime.datetime | None


class JurisdictionOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent: str | None = Field(description="上级行政区划代码")


class JurisdictionDetail(JurisdictionOut):
    catalog: CatalogSummary | None = Field(description="现行公开事项目录；未发布时为 null")
    office: OfficeOut | None = Field(description="政务公开工作机构")


class OfficeOut(Schema):
    name: str
    phone: str = Field(description="办公电话（对外公开的单位电话，不是个人电话）")


class ItemOut(Schema):
    key: str
    domain: str
    topic: str
    name: str
    elements: list
    basis: list
    time_limit: str
    subject: str
    responsible_unit: str | None
    channels: list
    audience: list
    manner: list
    tiers: list
    local: bool


class CatalogDomainOut(Schema):
    domain: str
    name: str
    applies: bool
    reason: str
    items: int


class CatalogOut(Schema):
    jurisdiction: JurisdictionOut
    catalog: str
    version: str
    published_at: datetime.datetime | None
    domains: list[CatalogDomainOut]


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str = Field(description="公开文件（遮盖后的副本）的地址")


class EntryTable(Schema):
    columns: list[str]
    rows: list[list[str]] = Field(description="明细（个人信息已遮盖）")


class RecordOut(Plain):
    id: int
    index_number: str
    title: str
    document_number: str
    formed_on: datetime.date | None
    unit: str
    jurisdiction: str
    attribute: str
    published_at: datetime.datetime
    updated_at: datetime.datetime | None
    revision: int
    items: list[str]
    summary: str
    url: str


class RecordDetail(RecordOut):
    body: str
    attachments: list[AttachmentOut]
    entries: EntryTable


class SearchHit(Schema):
    kind: str
    id: str
    title: str
    url: str
    jurisdiction: str
    published_at: datetime.datetime | None
    excerpt: str


class SearchPage(Page[SearchHit]):
    total: int = Field(description="命中总数；total_exact 为 false 时表示“超过”此数")
    total_exact: bool = Field(description="总数是否精确（命中很多时只数到上限）")


class MapPlaceOut(Schema):
    code: str
    name: str
    kind: str
    published: bool
    items: int
    records: int
    last_update: datetime.date | None


class ReportOut(Schema):
    id: int
    title: str
    year: int
    kind: str
    unit: str
    published_at: datetime.datetime | None
    url: str


class ReportDetail(ReportOut):
    section_general: str
    section_problems: str
    section_other: str
    tables: dict


class GuideOut(Schema):
    number: int
    title: str
    body: str
    published_at: datetime.datetime | None
    url: str


class MessageOut(Schema):
    id: int
    subject: str
    body: str
    unit: str
    received_on: datetime.date
    answer: str
    answered_at: datetime.datetime | None
    published_at: datetime.datetime | None


class ConsultationOut(Schema):
    id: int
    title: str
    kind: str
    unit: str
    opens_on: datetime.date
    closes_on: datetime.date
    status: str
    published_at: datetime.datetime | None
    url: str


class CommentOut(Schema):
    body: str
    submitted_on: datetime.date
    reply: str


class ConsultationDetail(ConsultationOut):
    draft: str
    explanation: str
    summary: str
    comments: list[CommentOut] = Field(description="已审核公开的意见（只有内容和答复，没有姓名和联系方式）")


class ConcernResponseOut(Schema):
    kind: str = Field(description="回应方式，如 发布权威信息、新闻发布会")
    responded_at: datetime.datetime
    channel: str = Field(description="发布渠道")
    content: str
    link: str


class ConcernOut(Schema):
    id: int
    title: str = Field(description="关切事项")
    description: str = Field(description="舆情概况")
    level: str = Field(description="级别（决定回应时限）")
    unit: str = Field(description="责任单位")
    arose_at: datetime.datetime
    responses: list[ConcernResponseOut] = Field(description="已作出的回应，先回应的在前")


class RulesDocumentOut(Schema):
    id: int
    title: str
    document_number: str
    issued_on: datetime.date
    url: str = Field(description="门户网站上的页面")
    attachment_url: str | None = Field(description="附件下载地址；没有附件为 null")


class RulesDocumentDetail(RulesDocumentOut):
    body: str


class ServiceGuideOut(Schema):
    id: int
    name: str = Field(description="办事事项名称")
    domain: str
    unit: str = Field(description="办理单位")
    item_key: uuid.UUID = Field(description="对应公开事项的稳定标识（目录各版本不变）")
    item_name: str
    online_mode: str = Field(description="网办属性")
    url: str = Field(description="门户网站上的办事指南页面（我要办）")


class ServiceGuideDetail(ServiceGuideOut):
    basis: str
    conditions: str
    materials: str
    procedure: str
    time_limit: str
    fees: str
    place: str
    phone: str = Field(description="咨询电话（办理单位的，不是个人的）")
    office_hours: str
    online_url: str


class StaffRecordOut(Schema):
    id: int
    index_number: str
    title: str
    status: str
    attribute: str
    unit: str
    jurisdiction: str
    formed_on: datetime.date | None
    published_at: datetime.datetime | None
    updated_at: datetime.datetime


class RequestCounts(Schema):
    total: int
    by_status: dict[str, int]


JurisdictionDetail.model_rebuild()
