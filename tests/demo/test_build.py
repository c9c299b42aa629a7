"""`gongkai demo` (gongkai/demo/build.py): the demonstration data set of 邵阳市大祥区, built on the
shipped division data."""

import json

import pytest
from django.core.management import call_command

from gongkai.accounts.models import Membership, Role, User
from gongkai.catalog.models import (
    Catalog,
    CatalogDomain,
    CatalogItem,
    CatalogVersion,
    DomainAssignment,
    Tier,
    VersionStatus,
)
from gongkai.core.audit import verify_chain
from gongkai.core.models import AuditEvent
from gongkai.demo.build import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_build
from gongkai.organizations.models import Jurisdiction, Unit, UnitKind

pytestmark = pytest.mark.django_db

MODELS = [Jurisdiction, Unit, User, Membership, DomainAssignment, Catalog, CatalogVersion, CatalogDomain, CatalogItem]


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def test_demo_builds_the_county_and_a_second_run_changes_nothing(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "演示数据已建立" in out and "gongkai demo --accounts" in out
    first = counts()
    stamps = {m.__name__: sorted(m.objects.values_list("pk", "updated_at")) for m in (Jurisdiction, Unit, CatalogVersion)}

    call_command("demo")
    assert "本次没有改动" in capsys.readouterr().out
    assert counts() == first
    assert {m.__name__: sorted(m.objects.values_list("pk", "updated_at"))
            for m in (Jurisdiction, Unit, CatalogVersion)} == stamps

    assert first["Jurisdiction"] == 115
    # 33 units of the notice + 区政务公开办 + 区公共资源交易中心 + 市政务公开办 + 3 village committees.
    assert first["Unit"] == 39
    assert first["User"] == len(DEMO_ACCOUNTS)
    assert first["DomainAssignment"] == 26
    assert verify_chain().ok
    assert AuditEvent.objects.filter(action="account.created", actor_name="命令行").count() == len(DEMO_ACCOUNTS)


def test_units_sit_in_their_jurisdictions():
    demo_build()
    county = Jurisdiction.objects.get(code="430503000000")
    fagai = Unit.objects.get(handle="fagai@dxjczw")
    assert (fagai.name, fagai.jurisdiction, fagai.kind) == ("区发改局", county, UnitKind.DEPARTMENT)
    assert Unit.objects.filter(jurisdiction=county, kind=UnitKind.DEPARTMENT).count() == 20
    town = Unit.objects.get(handle="lsz@dxjczw")
    assert (town.jurisdiction.code, town.kind) == ("430503101000", UnitKind.TOWNSHIP)
    street = Unit.objects.get(handle="zxljd@dxjczw")
    assert (street.jurisdiction.name, street.kind) == ("中心路街道", UnitKind.STREET)
    assert Unit.objects.filter(kind=UnitKind.TOWNSHIP).count() == 3
    assert Unit.objects.filter(kind=UnitKind.STREET).count() == 11
    office = Unit.objects.get(handle="zwgk@dxjczw")
    assert office.is_disclosure_office and office.jurisdiction == county
    assert Unit.objects.get(handle="zwgk@syzw").jurisdiction.code == "430500000000"
    village = Unit.objects.get(handle="lsz.hpc@dxjczw")
    assert (village.jurisdiction.name, village.kind) == ("和平村", UnitKind.VILLAGE)


def test_domain_table_follows_the_decisions():
    demo_build()
    by_slug = dict(DomainAssignment.objects.values_list("domain__slug", "unit__name"))
    assert by_slug["yiwu-jiaoyu"] == "区教育局"
    assert by_slug["huji-guanli"] == "市公安局大祥分局"
    assert by_slug["guoyou-tudi-fangwu-zhengshou"] == "区征收办"
    assert by_slug["baozhangxing-zhufang"] == "区住建局(人民防空办公室)"
    assert by_slug["gonggong-ziyuan-jiaoyi"] == "区公共资源交易中心"
    assert by_slug["fupin"] == "区乡村振兴局"
    assert by_slug["shengtai-huanjing"] == "市生态环境局大祥分局"


def test_domains_of_daxiang_have_guiding_departments_and_completion_dates():
    """Issue 14: the county plan's 指导责任分工表 names the department guiding each domain; the city plan sets 2020年9月底前."""
    demo_build()
    rows = {a.domain.slug: a for a in DomainAssignment.objects.filter(jurisdiction__code="430503000000")
            .select_related("domain", "guiding_unit", "unit")}
    assert len(rows) == 26 and all(a.guiding_unit is not None for a in rows.values())
    assert rows["yiwu-jiaoyu"].guiding_unit.name == "区教育局"
    house = rows["guoyou-tudi-fangwu-zhengshou"]
    assert (house.guiding_unit.name, house.unit.name) == ("区住建局(人民防空办公室)", "区征收办")
    assert {(a.completion_text, str(a.completion_on)) for a in rows.values()} == {("2020年9月底前", "2020-09-30")}
    # the office's own change is kept by a second run
    office_unit = Unit.objects.get(handle="zwgk@dxjczw")
    DomainAssignment.objects.filter(pk=house.pk).update(guiding_unit=office_unit)
    demo_build()
    assert DomainAssignment.objects.get(pk=house.pk).guiding_unit == office_unit


def test_both_catalogs_are_published_and_approved_by_the_level_above():
    demo_build()
    county = CatalogVersion.objects.get(catalog__jurisdiction__code="430503000000", catalog__tier=Tier.COUNTY,
                                        label="2021版")
    town = CatalogVersion.objects.get(catalog__jurisdiction__code="430503101000", catalog__tier=Tier.TOWNSHIP)
    assert (county.label, county.status, county.decided_by.username) == ("2021版", VersionStatus.PUBLISHED, "sy.approver")
    assert (town.label, town.status, town.decided_by.username) == ("2021版", VersionStatus.PUBLISHED, "dx.approver")
    assert county.items.exists() and town.items.exists()
    assert not county.items.filter(responsible_unit=None).exists()
    assert set(town.items.values_list("responsible_unit__handle", flat=True)) == {"lsz@dxjczw"}
    # Domains outside the 26 pilots are declared not covered, with a reason.
    assert county.domains.filter(applies=False).exclude(reason="").exists()
    assert not county.domains.filter(applies=False, reason="").exists()


def test_demo_accounts_log_in_with_the_printed_password(client, capsys):
    demo_build()
    call_command("demo", "--accounts")
    out = capsys.readouterr().out
    assert "账号" in out and "角色" in out and "单位" in out and "密码" in out
    for spec in DEMO_ACCOUNTS:
        line = next(line for line in out.splitlines() if line.startswith(spec.username + " "))
        assert DEMO_PASSWORD in line
        assert client.login(username=spec.username, password=DEMO_PASSWORD), spec.username
        client.logout()


def test_demo_accounts_hold_the_roles_asked_for():
    demo_build()
    roles = {(m.user.username, m.role, m.unit.handle) for m in Membership.objects.select_related("user", "unit")}
    assert ("dx.office", Role.DISCLOSURE_OFFICE, "zwgk@dxjczw") in roles
    assert ("dx.auditor", Role.AUDITOR, "zwgk@dxjczw") in roles
    assert ("dx.admin", Role.SYSTEM_ADMIN, "zwgk@dxjczw") in roles
    assert ("dx.approver", Role.UPPER_APPROVER, "zwgk@dxjczw") in roles
    assert ("sy.approver", Role.UPPER_APPROVER, "zwgk@syzw") in roles
    assert ("jiaoyu.officer", Role.INFORMATION_OFFICER, "jiaoyu@dxjczw") in roles
    assert ("jiaoyu.reviewer", Role.REVIEWER, "jiaoyu@dxjczw") in roles
    assert ("lsz.office", Role.DISCLOSURE_OFFICE, "lsz@dxjczw") in roles
    assert ("lsz.officer", Role.INFORMATION_OFFICER, "lsz@dxjczw") in roles
    assert ("lsz.reviewer", Role.REVIEWER, "lsz@dxjczw") in roles


def test_accounts_table_says_when_a_password_was_changed_or_nothing_is_built(capsys):
    call_command("demo", "--accounts")
    assert "请先运行 gongkai demo" in capsys.readouterr().out
    demo_build()
    user = User.objects.get(username="dx.office")
    user.set_password("Changed-2024-pw")
    user.save()
    call_command("demo", "--accounts", "--json")
    rows = {r["username"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["dx.office"]["state"] == "密码已修改" and rows["dx.office"]["password"] != DEMO_PASSWORD
    assert rows["dx.admin"]["password"] == DEMO_PASSWORD


def test_demo_completes_a_catalog_left_half_way():
    demo_build()
    version = CatalogVersion.objects.get(catalog__tier=Tier.TOWNSHIP)
    # As if an approver had returned it instead: the demo takes it forward again.
    CatalogVersion.objects.filter(pk=version.pk).update(status=VersionStatus.RETURNED)
    demo_build()
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED


def test_a_village_takes_its_catalog_from_the_township_reference():
    demo_build()
    reference = Catalog.objects.get(jurisdiction__name="罗市镇", is_reference=True)
    reference_version = reference.versions.get(status=VersionStatus.PUBLISHED)
    village = Catalog.objects.get(jurisdiction__code="430503101201", tier="village", is_reference=False)
    version = village.versions.get(status=VersionStatus.PUBLISHED)
    assert version.decided_by.username == "lsz.approver"  # the town approves its villages' catalogs
    assert version.items.count() == reference_version.items.count() > 0
    assert set(version.items.values_list("responsible_unit__name", flat=True)) == {"和平村村民委员会"}
    assert all(any("村" in t for t in tiers) for tiers in version.items.values_list("tiers", flat=True))


def test_the_city_rolls_out_its_reference_and_daxiang_adopts_it_with_differences():
    """Issue 14 (邵放组办字〔2020〕1号): 邵阳市's office compiles the reference catalog of the 26 pilot domains, the
    city's approver 审定s it, 大祥区 adopts it and localises it — the city sees the differences."""
    from gongkai.catalog import selectors

    demo_build()
    reference = Catalog.objects.get(jurisdiction__code="430500000000", is_reference=True)
    published = reference.versions.get(status=VersionStatus.PUBLISHED)
    assert (reference.tier, published.label, published.decided_by.username) == (Tier.COUNTY, "2020版", "sy.approver")
    assert published.items.filter(standard_item=None).count() == 2
    assert User.objects.get(username="sy.office").memberships.get().role == Role.DISCLOSURE_OFFICE
    [adoption] = [a for a in selectors.reference_adoptions(reference) if a.jurisdiction.code == "430503000000"]
    assert adoption.adopted and adoption.version.reference_version == published
    assert adoption.version.status == VersionStatus.DRAFT and adoption.published.label == "2021版"
    diff = adoption.diff
    assert [r["name"] for r in diff.added] == ["大祥区义务教育阶段助学金发放名单"]
    assert [r["name"] for r in diff.removed] == ["城区义务教育学校学区划分"]
    assert {f.label for c in diff.changed for f in c.changes} == {"公开时限", "适用"}
    versions = CatalogVersion.objects.count()
    demo_build()
    assert CatalogVersion.objects.count() == versions


def test_the_whole_demo_command_builds_every_area_once(capsys):
    """`gongkai demo` also builds records, channels, requests and the annual report; a second run adds nothing."""
    from gongkai.disclosure_requests.models import DisclosureRequest
    from gongkai.publishing.models import Record
    from gongkai.reports.models import AnnualReport

    call_command("demo")
    first = (Record.objects.count(), DisclosureRequest.objects.count(), AnnualReport.objects.count(), AuditEvent.objects.count())
    assert first[0] and first[1] and first[2]
    call_command("demo")
    second = (Record.objects.count(), DisclosureRequest.objects.count(), AnnualReport.objects.count(), AuditEvent.objects.count())
    assert second == first
    assert verify_chain().ok


def test_daxiang_has_a_power_list_some_entries_covered_some_not():
    """Issue 14: a 权责清单 of 大祥区 imported, linked to the catalog by name, its uncovered entries listed; once."""
    from gongkai.catalog import list_selectors
    from gongkai.catalog.models import SourceList, SourceListEntry

    demo_build()
    source_list = SourceList.objects.get(jurisdiction__code="430503000000", kind="powers")
    found = list_selectors.coverage(source_list)
    assert len(found.rows) == 30 and source_list.version_label
    assert 3 <= found.covered_count <= 20 and len(found.uncovered) >= 10
    assert "最低生活保障对象认定" in [r.entry.name for r in found.uncovered]
    demo_build()
    assert SourceListEntry.objects.count() == 30 and SourceList.objects.count() == 1
