"""Importing a catalog table into a catalog version: dry run first, then all or nothing.

`catalog_import` reads the file (catalog_table), decides each table's domain, checks everything and
reports totals — per outcome and per domain — with the sheet, row and column of every problem. Only
when asked (`dry_run=False`) and only when there is no problem at all does it hand the rows to
`catalog.services.catalog_version_replace_items`, which replaces the items of the domains present in
one transaction: any error leaves the version as it was.

The office's internal xlsx also carries 责任科室, 责任人 and 责任人电话. When the table has them, the section
is taken as written; the person is linked to the account of the item's responsible unit whose login name
or name it is, and otherwise kept as a name with its phone (a name with no phone is a problem at its row
and column). Without those columns the items keep the section and person they had."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.accounts.policies import Action, require
from gongkai.catalog.models import CatalogItem, CatalogVersion, Domain
from gongkai.catalog.services import catalog_version_replace_items, default_responsible_unit
from gongkai.exchange.catalog_table import (
    CatalogRow,
    ImportProblem,
    TableRead,
    normalise_label,
    read_catalog_file,
)

# Names real tables use for a domain besides those in the domain table (Domain.name / aliases /
# full_name): alias → the domain's slug.
BUILTIN_ALIASES = {
    "医疗卫生": "weisheng-jiankang",
    "卫生计生": "weisheng-jiankang",
    "环境保护": "shengtai-huanjing",
    "征地补偿": "nongcun-jiti-tudi-zhengshou",
    "农村集体土地征收": "nongcun-jiti-tudi-zhengshou",
    "国土空间规划": "chengxiang-guihua",
    "就业创业": "jiuye",
    "食品药品监督管理": "shipin-yaopin-jianguan",
    "市场监管": "shipin-yaopin-jianguan",
    "城市管理综合执法": "chengshi-zonghe-zhifa",
    "国有土地上房屋征收": "guoyou-tudi-fangwu-zhengshou",
    "财政预算决算": "caizheng-yujuesuan",
    "预决算": "caizheng-yujuesuan",
}
# Words around a domain name in titles: "义务教育领域基层政务公开标准目录" → "义务教育".
TITLE_NOISE = re.compile(r"(领域)?(基层)?(政务公开)?(标准(化)?)?(事项)?(目录|指引)(表)?$")


class DomainIndex:
    """Finds the domain a sheet name or a title names."""

    def __init__(self, domains):
        self.domains = list(domains)
        self.keys: dict[str, Domain] = {}
        by_slug = {d.slug: d for d in self.domains}
        for domain in self.domains:
            for key in (domain.name, domain.full_name, domain.slug, *(domain.aliases or [])):
                self._add(key, domain)
        for alias, slug in BUILTIN_ALIASES.items():
            if slug in by_slug:
                self._add(alias, by_slug[slug], overwrite=False)

    def _add(self, key: str, domain: Domain, overwrite: bool = True) -> None:
        key = normalise_label(key)
        if len(key) >= 2 and (overwrite or key not in self.keys):
            self.keys[key] = domain

    def match(self, text: str | None) -> tuple[Domain | None, list[Domain]]:
        """(the domain, []) when the text names exactly one; (None, candidates) when it names several
        or none."""
        if not text:
            return None, []
        label = normalise_label(text)
        stripped = TITLE_NOISE.sub("", label)
        for candidate in (label, stripped):
            if candidate in self.keys:
                return self.keys[candidate], []
        found = []
        for key, domain in self.keys.items():
            start = label.find(key)
            if start >= 0:
                found.append((start, start + len(key), domain))
        # A name found inside a longer name found at the same place is part of it, not a second domain.
        kept = [f for f in found if not any(o is not f and o[0] <= f[0] and f[1] <= o[1] and (o[1] - o[0]) >
                                           (f[1] - f[0]) for o in found)]
        domains = list({id(d): d for _, _, d in kept}.values())
        if len(domains) == 1:
            return domains[0], []
        return None, sorted(domains, key=lambda d: d.order)


@dataclass
class DomainTotals:
    slug: str
    name: str
    rows: int = 0
    topics: int = 0
    items: int = 0
    existing: int = 0  # items of this domain in the version now (replaced on commit)
    dropped: int = 0   # of those, not in the file: they go on commit

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class ImportReport:
    version: str = ""
    dry_run: bool = True
    committed: bool = False
    rows: int = 0
    topics: int = 0
    items: int = 0
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    domains: list[DomainTotals] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "rows": self.rows, "topics": self.topics, "items": self.items,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
            "domains": [d.as_dict() for d in self.domains],
            "version": self.version, "dry_run": self.dry_run, "committed": self.committed,
        }


def resolve_domains(read: TableRead, *, domain: Domain | None = None,
                    domains=None) -> tuple[list[tuple[Domain, CatalogRow]], list[ImportProblem]]:
    """Each row with its domain: from `domain` (a single-domain file), else from its sheet name, title
    row or 领域 column. A table whose domain cannot be told is one problem, at its first row."""
    index = DomainIndex(domains if domains is not None else Domain.objects.all())
    resolved: list[tuple[Domain, CatalogRow]] = []
    problems: list[ImportProblem] = []
    reported: set[tuple[str, str | None]] = set()
    for row in read.rows:
        found, candidates = index.match(row.domain_hint)
        if found is None and not candidates and row.title and row.title != row.domain_hint:
            found, candidates = index.match(row.title)
        if domain is not None:
            if found is not None and found.pk != domain.pk and (row.sheet, row.domain_hint) not in reported:
                reported.add((row.sheet, row.domain_hint))
                problems.append(ImportProblem(
                    row.sheet, row.row_number, "",
                    f"此表的名称或标题“{row.domain_hint}”指向“{found.name}”领域，与指定的“{domain.name}”领域不一致。"))
            resolved.append((domain, row))
            continue
        if found is None:
            if (row.sheet, row.domain_hint) not in reported:
                reported.add((row.sheet, row.domain_hint))
                problems.append(_unknown_domain(row, candidates))
            continue
        resolved.append((found, row))
    return resolved, problems


def _unknown_domain(row: CatalogRow, candidates: list[Domain]) -> ImportProblem:
    column = "A" if row.sheet == "CSV" else ""
    hint = row.domain_hint or row.title
    if candidates:
        names = "、".join(f"“{d.name}”" for d in candidates)
        message = f"“{hint}”同时对应{names}等领域，无法确定属于哪个领域。请每个领域单独一个工作表，或用 --domain 指定领域。"
    elif hint:
        message = f"无法从“{hint}”确定领域。请把工作表命名为领域名称（如“义务教育”），或在标题行写明“XX领域基层政务公开标准目录”，或用 --domain 指定领域。"
    else:
        message = "无法确定此表属于哪个领域：工作表没有领域名称，也没有标题行。请把工作表命名为领域名称，或用 --domain 指定领域。"
    return ImportProblem(row.sheet, row.row_number, column, message)


# 责任科室 / 责任人 / 责任人电话 cells → the item field whose length bounds them.
_LIMITS = (("responsible_section", "responsible_section", "责任科室"),
           ("responsible_person", "responsible_person_name", "责任人"),
           ("responsible_phone", "responsible_person_phone", "责任人电话"))


def _too_long(row: CatalogRow) -> list[ImportProblem]:
    problems = []
    for attribute, field_name, label in _LIMITS:
        value = getattr(row, attribute) or ""
        limit = getattr(CatalogItem._meta.get_field(field_name), "max_length", None)
        if limit is not None and len(value) > limit:
            problems.append(ImportProblem(row.sheet, row.row_number, row.responsible_columns[attribute],
                                          f"{label}过长（{len(value)}字），最多{limit}字。"))
    return problems


class _People:
    """The unit each item answers to (the existing item's, else the one an import assigns) and that unit's
    active accounts, each looked up once."""

    def __init__(self, version: CatalogVersion, domains: list[Domain]):
        self.version = version
        self.existing = {(i.domain_id, i.topic, i.name): i.responsible_unit
                         for i in version.items.filter(domain__in=domains).select_related("responsible_unit")}
        self.defaults: dict[int, object] = {}
        self.accounts: dict[int, list[User]] = {}

    def unit(self, domain: Domain, row: CatalogRow):
        key = (domain.pk, row.topic, row.name)
        if key in self.existing and self.existing[key] is not None:
            return self.existing[key]
        if domain.pk not in self.defaults:
            self.defaults[domain.pk] = default_responsible_unit(self.version, domain)
        return self.defaults[domain.pk]

    def matching(self, unit, name: str) -> list[User]:
        if unit is None:
            return []
        if unit.pk not in self.accounts:
            self.accounts[unit.pk] = list(User.objects.filter(unit=unit, is_active=True))
        accounts = self.accounts[unit.pk]
        by_login = [a for a in accounts if a.username == name]
        return by_login or [a for a in accounts if a.display_name == name]


def _resolve_people(version: CatalogVersion, people: list[tuple[Domain, CatalogRow, dict]]) -> list[ImportProblem]:
    """Fill each row's responsible person from its 责任人 / 责任人电话 cells: an account of the item's
    unit when the name is one, else the name and phone as written. Returns the problems."""
    problems: list[ImportProblem] = []
    if not people:
        return problems
    lookup = _People(version, list({d.pk: d for d, _, _ in people}.values()))
    for domain, row, fields in people:
        name = row.responsible_person or ""
        phone = row.responsible_phone or ""
        person_column = row.responsible_columns["responsible_person"]
        phone_column = row.responsible_columns.get("responsible_phone", person_column)
        fields.update(responsible_person=None, responsible_person_name="", responsible_person_phone="")
        if not name:
            if phone:
                problems.append(ImportProblem(row.sheet, row.row_number, phone_column,
                                              "填写了责任人电话，请同时在“责任人”列填写其姓名。"))
            continue
        unit = lookup.unit(domain, row)
        found = lookup.matching(unit, name)
        if len(found) == 1:
            fields["responsible_person"] = found[0]  # the account answers; its phone is the account's own
            continue
        if len(found) > 1:
            problems.append(ImportProblem(
                row.sheet, row.row_number, person_column,
                f"责任单位“{unit}”有{len(found)}个账号名为“{name}”，请改填其中一人的用户名。"))
            continue
        if not phone:
            where = f"责任单位“{unit}”" if unit is not None else "该事项（未指定责任单位）"
            problems.append(ImportProblem(
                row.sheet, row.row_number, phone_column,
                f"责任人“{name}”不是{where}的账号，请在“责任人电话”列填写其联系电话。"))
            continue
        fields.update(responsible_person_name=name, responsible_person_phone=phone)
    return problems


def catalog_import(*, actor, version: CatalogVersion, file, filename: str | None = None, dry_run: bool = True,
                   domain: Domain | None = None) -> ImportReport:
    """Read `file` (path or file object; xlsx, docx or csv) into `version`. With `dry_run` (the default)
    nothing is written; otherwise, when there is no problem, the items of every domain in the file are
    replaced in one transaction (other domains are left alone)."""
    require(actor, Action.IMPORT_CATALOG, version.catalog)
    report = ImportReport(version=str(version), dry_run=dry_run)
    if not version.is_editable:
        report.errors.append(ImportProblem(
            "", None, "",
            f"“{version}”当前为“{version.get_status_display()}”，不能导入。请先为该目录创建草稿版本，再导入。"))
    read = read_catalog_file(file, filename=filename)
    report.errors.extend(read.errors)
    report.warnings.extend(read.warnings)
    resolved, problems = resolve_domains(read, domain=domain)
    report.errors.extend(problems)

    seen: dict[tuple[int, str, str], CatalogRow] = {}
    rows: list[dict] = []
    totals: dict[int, DomainTotals] = {}
    topics: dict[int, set[str]] = {}
    people: list[tuple[Domain, CatalogRow, dict]] = []
    for found, row in resolved:
        key = (found.pk, row.topic, row.name)
        if key in seen:
            first = seen[key]
            report.errors.append(ImportProblem(
                row.sheet, row.row_number, "",
                f"“{row.topic} / {row.name}”在“{found.name}”领域中重复（已见于“{first.sheet}”第{first.row_number}行）。"))
            continue
        seen[key] = row
        totals.setdefault(found.pk, DomainTotals(found.slug, found.name))
        totals[found.pk].rows += 1
        totals[found.pk].items += 1
        topics.setdefault(found.pk, set()).add(row.topic)
        report.errors.extend(_too_long(row))
        rows.append({"domain": found, **row.item_fields()})
        if row.responsible_person is not None:
            people.append((found, row, rows[-1]))
    report.errors.extend(_resolve_people(version, people))
    for pk, total in totals.items():
        total.topics = len(topics[pk])
        existing = list(version.items.filter(domain_id=pk).values_list("topic", "name", "applicable"))
        total.existing = len(existing)
        # Items marked not applicable are left out of exports and kept by the import, with their reasons.
        dropped = [(t, n) for t, n, applicable in existing if applicable and (pk, t, n) not in seen]
        total.dropped = len(dropped)
        if dropped:
            report.warnings.append(ImportProblem(
                "", None, "",
                f"“{total.name}”领域现有{len(dropped)}个事项不在文件中，正式导入后将被删除。"))
    report.domains = sorted(totals.values(), key=lambda t: next(d.order for d, _ in resolved if d.slug == t.slug))
    report.rows = len(read.rows)
    report.items = len(rows)
    report.topics = sum(t.topics for t in report.domains)
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        report.summary = catalog_version_replace_items(actor=actor, version=version, rows=rows)
    report.committed = True
    return report
