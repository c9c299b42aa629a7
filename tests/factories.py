"""The factories of the whole suite (factory_boy), the builders made of them (records in every state, requests,
the cases an annual report counts) and invented data (applicants, ID numbers). The worlds built of these are
fixtures in tests/worlds.py."""

import datetime as dt
import io
import itertools
import uuid
from datetime import date, datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from gongkai.accounts.models import Membership, Role, User
from gongkai.catalog.models import (
    Catalog,
    CatalogDomain,
    CatalogItem,
    CatalogVersion,
    Completeness,
    Domain,
    DomainAssignment,
    Guideline,
    StandardItem,
    Tier,
)
from gongkai.consultations.models import Comment, Consultation
from gongkai.consultations.services import comment_digest
from gongkai.disclosure_requests import services as request_services
from gongkai.disclosure_requests.models import DisclosureRequest, IntakeChannel, Reply, Status
from gongkai.guides.models import ServiceGuide, ServiceZone
from gongkai.organizations.models import Jurisdiction, JurisdictionLevel, Unit, UnitKind
from gongkai.publishing.indexing import record_index
from gongkai.publishing.models import (
    Attachment,
    DisclosureAttribute,
    Entry,
    Record,
    RecordRevision,
    RecordStatus,
)
from gongkai.reports.models import AnnualReport

PASSWORD = "Gongkai-Test-2026"


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"43{n:010d}")
    name = factory.Sequence(lambda n: f"测试区划{n}")
    level = JurisdictionLevel.COUNTY
    parent = None


def county_tree():
    """邵阳市 > 大祥区 > 罗市镇, 中心路街道: enough of the real tree for scope tests."""
    province = JurisdictionFactory(code="430000000000", name="湖南省", level=JurisdictionLevel.PROVINCE)
    city = JurisdictionFactory(code="430500000000", name="邵阳市", level=JurisdictionLevel.CITY, parent=province)
    county = JurisdictionFactory(code="430503000000", name="大祥区", level=JurisdictionLevel.COUNTY, parent=city)
    town = JurisdictionFactory(code="430503100000", name="罗市镇", level=JurisdictionLevel.TOWNSHIP, parent=county)
    street = JurisdictionFactory(code="430503001000", name="中心路街道", level=JurisdictionLevel.TOWNSHIP, parent=county)
    other_county = JurisdictionFactory(code="430502000000", name="双清区", level=JurisdictionLevel.COUNTY, parent=city)
    return {"province": province, "city": city, "county": county, "town": town, "street": street,
            "other_county": other_county}


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = UnitKind.DEPARTMENT
    handle = factory.Sequence(lambda n: f"unit{n}@test")

    class Params:
        # `UnitFactory(disclosure_office=True, ...)`: a government's disclosure office (政务公开办).
        disclosure_office = factory.Trait(kind=UnitKind.GOVERNMENT, is_disclosure_office=True)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        obj.save()
        for role in extracted or []:
            Membership.objects.get_or_create(user=obj, unit=obj.unit, role=role)


def user_with_role(role: str, unit: Unit, **kwargs) -> User:
    return UserFactory(unit=unit, roles=[role], **kwargs)


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"domain-{n}")
    name = factory.Sequence(lambda n: f"领域{n}")
    order = factory.Sequence(lambda n: n)


class GuidelineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guideline

    domain = factory.SubFactory(DomainFactory)
    name = factory.LazyAttribute(lambda o: f"{o.domain.name}领域基层政务公开标准指引")
    issuer = "测试部"
    year = "2019"
    completeness = Completeness.PARTIAL


class StandardItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardItem

    guideline = factory.SubFactory(GuidelineFactory)
    order = factory.Sequence(lambda n: n + 1)
    topic = "政策文件"
    name = factory.Sequence(lambda n: f"事项{n}")
    elements = ["名称", "内容"]
    basis = ["《中华人民共和国政府信息公开条例》"]
    time_limit = "信息形成或者变更之日起20个工作日内"
    subject = "县级主管部门"
    channels = ["政府网站"]
    audience = ["全社会"]
    manner = ["主动"]
    tiers = ["县级"]


class CatalogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Catalog

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    tier = Tier.COUNTY
    title = factory.LazyAttribute(lambda o: f"{o.jurisdiction.name}基层政务公开事项目录")


class CatalogVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogVersion

    catalog = factory.SubFactory(CatalogFactory)
    label = "2021版"
    year = 2021


class CatalogItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogItem

    version = factory.SubFactory(CatalogVersionFactory)
    domain = factory.SubFactory(DomainFactory)
    order = factory.Sequence(lambda n: n + 1)
    topic = "政策文件"
    name = factory.Sequence(lambda n: f"本地事项{n}")


ALL_ROLES = [r.value for r in Role]



class CatalogDomainFactory(factory.django.DjangoModelFactory):
    """A domain as a catalog version handles it (or, `applies=False`, says why not)."""

    class Meta:
        model = CatalogDomain

    version = factory.SubFactory(CatalogVersionFactory)
    domain = factory.SubFactory(DomainFactory)


class DomainAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DomainAssignment

    domain = factory.SubFactory(DomainFactory)
    unit = factory.SubFactory(UnitFactory)
    jurisdiction = factory.LazyAttribute(lambda o: o.unit.jurisdiction)


# Publishing: records straight in the database, the way publishing's services leave them.

_record_serial = itertools.count(1)


class RecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Record

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"测试信息{n}")
    formed_on = dt.date(2026, 8, 1)
    index_sequence = factory.LazyFunction(lambda: next(_record_serial))
    index_year = factory.LazyAttribute(lambda o: o.formed_on.year)
    index_number = factory.LazyAttribute(lambda o: f"TEST-{o.index_year}-{o.index_sequence:05d}")
    disclosure_attribute = DisclosureAttribute.PROACTIVE


class RecordRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordRevision

    record = factory.SubFactory(RecordFactory)
    number = 1
    title = factory.LazyAttribute(lambda o: o.record.title)
    document_number = factory.LazyAttribute(lambda o: o.record.document_number)
    body = factory.LazyAttribute(lambda o: o.record.body)
    published_at = factory.LazyFunction(timezone.now)


class EntryFactory(factory.django.DjangoModelFactory):
    """One row (明细) of a record under a catalog item."""

    class Meta:
        model = Entry

    record = factory.SubFactory(RecordFactory)
    unit = factory.LazyAttribute(lambda o: o.record.unit)
    item = factory.SubFactory(CatalogItemFactory)
    values = factory.LazyFunction(dict)


_published_serial = itertools.count(1)


def published_record(unit, *, title="关于2026年秋季学期义务教育阶段学校招生范围的公告", items=(), **fields) -> Record:
    """A published record with its first public revision (the channels' and oversight's tests)."""
    n = next(_published_serial)
    now = timezone.now()
    defaults = {
        "document_number": "大教发〔2026〕12号", "body": "<p>现将招生范围公告如下。</p>",
        "formed_on": dt.date(2026, 8, 1), "index_number": f"{unit.jurisdiction.code[:6]}-T-2026-{n:04d}",
        "index_year": 2026, "index_sequence": n, "disclosure_attribute": DisclosureAttribute.PROACTIVE,
        "status": RecordStatus.PUBLISHED, "published_at": now,
    }
    defaults.update(fields)
    record = RecordFactory(unit=unit, title=title, **defaults)
    if items:
        record.items.set(items)
    if record.status in (RecordStatus.PUBLISHED, RecordStatus.REVISED, RecordStatus.WITHDRAWN,
                         RecordStatus.ARCHIVED):
        publish_revision(record, published_at=now)
    return record


def publish_revision(record: Record, *, title: str | None = None, published_at=None, attachments=()) -> RecordRevision:
    """What the publishing service does when a revision is approved: a new numbered revision becomes
    the public one."""
    number = (record.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    if title:
        record.title = title
    revision = RecordRevisionFactory(
        record=record, number=number, title=record.title, document_number=record.document_number,
        body=record.body, summary=record.summary, keywords=record.keywords, attachments=list(attachments),
        published_at=published_at or timezone.now(),
    )
    record.public_revision = revision
    record.changed_at = revision.published_at if number > 1 else None
    record.save()
    return revision


_portal_serial = itertools.count(1)


def make_record(unit, items=(), *, title="城乡低保金发放情况公示", body="<p>2024年第一季度城乡低保金已按时足额发放。</p>",
                document_number="大民发〔2024〕1号", status="published", attribute=DisclosureAttribute.PROACTIVE,
                published_at=None, summary="", keywords="", public=True, **extra) -> Record:
    """A record in any state for the public pages: a public one has status published/revised, 主动公开, a
    public revision and a publication time. Like the services, it ends by bringing the search index in step."""
    n = next(_portal_serial)
    fields = {}
    if attribute == DisclosureAttribute.WITHHELD:
        fields = {"withholding_ground": "state_secret", "next_review_on": dt.date(2027, 1, 1)}
    published_at = published_at or (timezone.now() - dt.timedelta(days=1) if status in ("published", "revised")
                                     else None)
    record = RecordFactory(
        unit=unit, title=title, body=body, document_number=document_number, formed_on=dt.date(2024, 3, 1),
        index_number=f"{unit.handle.split('@')[0].upper()}/2024-{n:05d}", index_year=2024, index_sequence=n,
        disclosure_attribute=attribute, status="draft", summary=summary, keywords=keywords, **fields, **extra)
    record.items.set(items)
    if public or status in ("published", "revised"):
        revision = RecordRevisionFactory(record=record, number=1, title=title, body=body,
                                         document_number=document_number, summary=summary,
                                         keywords=keywords, published_at=published_at)
        record.public_revision = revision
    record.status = status
    record.published_at = published_at
    record.save()
    record_index(record.pk)
    return record


def revise(record, *, title, body):
    """A published revision: the public revision moves on, changed_at is set."""
    number = record.revisions.count() + 1
    revision = RecordRevisionFactory(record=record, number=number, title=title, body=body,
                                     document_number=record.document_number, published_at=timezone.now())
    record.title, record.body = title, body
    record.public_revision = revision
    record.changed_at = timezone.now()
    record.status = "published"
    record.save()
    record_index(record.pk)
    return record


def withdraw(record, reason="信息有误"):
    record.status = "withdrawn"
    record.withdrawn_reason = reason
    record.save()
    record_index(record.pk)
    return record


def add_attachment(record, name="名单.pdf", *, public=True, listed=True):
    attachment = Attachment(record=record, name=name, kind="pdf", size=10, sha256="0" * 64)
    attachment.original.save(name, ContentFile(b"%PDF-1.4 original"), save=False)
    if public:
        attachment.public_file.save(name, ContentFile(b"%PDF-1.4 masked public copy"), save=False)
    attachment.save()
    if listed:
        revision = record.public_revision
        revision.attachments = [*revision.attachments, {"id": attachment.pk, "name": name, "kind": "pdf"}]
        revision.save()
    return attachment


def blank_pdf() -> bytes:
    """A real one-page PDF without text."""
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


# Requests: through the services, or straight in the database for what an annual report counts.

class DisclosureRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisclosureRequest

    receiving_unit = factory.SubFactory(UnitFactory)
    assigned_unit = factory.SelfAttribute("receiving_unit")
    jurisdiction = factory.LazyAttribute(lambda o: o.receiving_unit.jurisdiction)
    applicant_type = "natural_person"
    applicant_name = "张某某"
    description = "测试申请"
    intake_channel = IntakeChannel.IN_PERSON


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    request = factory.SubFactory(DisclosureRequestFactory)
    type = "disclosed"
    report_row = "三(一)"


def fake_id(serial: int = 1) -> str:
    """A checksum-valid invented resident ID number (born 1990-03-07), one per serial."""
    return resident_id(f"430503199003070{serial:02d}")


def applicant(**overrides) -> dict:
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "张某某",
        "id_type": "resident_id",
        "id_number": fake_id(1),
        "contact_phone": "13800000000",
        "contact_email": "zhang@example.invalid",
        "contact_address": "邵阳市大祥区某某路1号",
        "postal_code": "422000",
        "description": "2024年大祥区城乡低保资金发放情况",
        "delivery_form": "paper",
        "obtaining_method": "post",
    }
    data.update(overrides)
    return data


def at(day: str, hour: int = 10):
    return timezone.make_aware(datetime.fromisoformat(f"{day}T{hour:02d}:00"))


def received_request(world, *, day: str = "2025-03-03", assign: bool = True, **data):
    """An in-person request received on `day` (receipt day = submission day), assigned to 教育局
    (`world`: tests.worlds.requests_county)."""
    request = request_services.request_register(
        actor=world["office"], jurisdiction=world["county"], intake_channel="in_person", data=applicant(**data),
        submitted_at=at(day),
    )
    if assign:
        request = request_services.request_assign(actor=world["office"], request=request, unit=world["education"],
                                                  on=date.fromisoformat(day))
    return request


# Annual reports and the cases they count.

class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport

    unit = factory.SubFactory(UnitFactory)
    kind = "department"
    year = 2025
    title = factory.LazyAttribute(lambda o: f"{o.unit.name}{o.year}年政府信息公开工作年度报告")


def counted_record(unit, *, category: str, formed_on: dt.date, fee=None) -> Record:
    """A published record as 表二 of the annual report counts it (its category, its fee)."""
    return RecordFactory(
        unit=unit, formed_on=formed_on, status="published",
        published_at=timezone.make_aware(dt.datetime.combine(formed_on, dt.time(10))),
        report_category=category, fee_amount_yuan=fee,
    )


def counted_request(unit, *, received_on: dt.date, applicant_type="natural_person", replied_on=None,
                    reply_type="disclosed", row="三(一)") -> DisclosureRequest:
    """A request as 表三 counts it: received, and replied (`replied_on`) in a row of the table, or still open."""
    request = DisclosureRequestFactory(receiving_unit=unit, applicant_type=applicant_type, received_on=received_on,
                                       status=Status.REPLIED if replied_on else Status.IN_PROGRESS)
    if replied_on:
        ReplyFactory(request=request, type=reply_type, report_row=row, letter_date=replied_on)
    return request


# A request's applicant (obviously invented: 张某某, a checksum-valid made-up ID number).

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


# Consultations (征求意见).

class ConsultationFactory(factory.django.DjangoModelFactory):
    """A published major-decision consultation, open 2026-09-01 … 2026-10-01 (30 days)."""

    class Meta:
        model = Consultation

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"关于征求《大祥区测试办法{n}（征求意见稿）》意见的公告")
    kind = "major_decision"
    draft = "第一条 为了规范……制定本办法。"
    explanation = "一、起草背景。二、主要内容。"
    opens_on = date(2026, 9, 1)
    closes_on = date(2026, 10, 1)
    status = "open"
    published_at = factory.LazyFunction(lambda: timezone.make_aware(datetime(2026, 9, 1, 9, 0)))


class ConsultationCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    name = "张某某"
    contact = "13800000000"
    body = factory.Sequence(lambda n: f"建议第三条增加公示期的规定（{n}）。")
    digest = factory.LazyAttribute(lambda c: comment_digest(c.body))
    submitted_at = factory.LazyFunction(lambda: timezone.make_aware(datetime(2026, 9, 2, 10, 0)))


# --- interaction -----------------------------------------------------------------------------------------------

MESSAGE_TEXT = {"subject": "城西小学招生范围咨询",
                "body": "请问城西小学今年的招生范围包括哪些小区？我叫张三丰，电话13812345678。",
                "writer_name": "张三丰", "writer_phone": "13812345678"}


def written_message(unit, *, at=None, **overrides):
    """A citizen's message to `unit` through the service, as the portal writes it (invented person)."""
    from gongkai.interaction import services

    values = {"jurisdiction": unit.jurisdiction} | MESSAGE_TEXT | overrides
    return services.message_submit(unit=unit, at=at, **values)


# --- 办事指南 and 政务公开专区 --------------------------------------------------------------------------

GUIDE_VALUES = {
    "name": "最低生活保障申请", "basis": "《社会救助暂行办法》第九条至第十一条", "conditions": "共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合财产状况规定。",
    "materials": "1. 低保申请书\n2. 户口簿、居民身份证复印件\n3. 家庭收入和财产状况说明", "procedure": "申请 → 乡镇（街道）受理 → 入户调查 → 民主评议 → 审核公示 → 县级审批",
    "time_limit": "自受理之日起30个工作日", "fees": "不收费", "place": "户籍所在地乡镇人民政府（街道办事处）社会救助窗口",
    "phone": "0739-5000000", "office_hours": "工作日 8:30-12:00，14:30-17:30", "online_mode": "partial",
    "online_url": "https://zwfw.hunan.gov.cn/example/dibao",
}


class ServiceGuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceGuide

    jurisdiction = factory.LazyAttribute(lambda o: o.unit.jurisdiction)
    unit = factory.SubFactory(UnitFactory)
    domain = factory.SubFactory(DomainFactory)
    item_key = factory.LazyFunction(uuid.uuid4)
    item_name = "城乡低保对象名单"
    name = factory.Sequence(lambda n: f"最低生活保障申请{n}")
    basis = GUIDE_VALUES["basis"]
    conditions = GUIDE_VALUES["conditions"]
    materials = GUIDE_VALUES["materials"]
    procedure = GUIDE_VALUES["procedure"]
    time_limit = GUIDE_VALUES["time_limit"]
    fees = GUIDE_VALUES["fees"]
    place = GUIDE_VALUES["place"]
    phone = GUIDE_VALUES["phone"]
    office_hours = GUIDE_VALUES["office_hours"]
    online_mode = "partial"
    online_url = GUIDE_VALUES["online_url"]


def service_guide(item, **fields):
    """A 办事指南 under a catalog item (its jurisdiction, unit and domain)."""
    fields.setdefault("unit", item.responsible_unit)
    return ServiceGuideFactory(jurisdiction=item.version.catalog.jurisdiction, domain=item.domain, item_key=item.key,
                               item_name=item.name, **fields)


class ServiceZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceZone

    jurisdiction = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"政务服务中心政务公开专区{n}")
    place = "区政务服务中心一楼大厅东侧"
    address = "湖南省邵阳市大祥区演示路1号"
    hours = "工作日 8:30-17:30"
    equipment = "政府信息查询电脑2台、自助查询机1台"
    person_in_charge = "刘某某"
    phone = "0739-5000001"
    checks = factory.LazyFunction(lambda: {"统一标识": {"done": True, "note": "门头标识已更换"}})
