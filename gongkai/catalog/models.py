"""The national standard catalogs (read-only, versioned by guideline) and each jurisdiction's own
catalog (adopted, localised, versioned, approved by the level above, published)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.catalog import workflow
from gongkai.core.fields import UnicodeJSONField
from gongkai.core.models import TimeStampedModel
from gongkai.organizations.models import Jurisdiction, JurisdictionLevel, Unit


class Tier(models.TextChoices):
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")
    VILLAGE = "village", _("村级")


# A reference catalog's name after the tier of the catalogs taken from it.
REFERENCE_LABELS: dict[str, str] = {Tier.COUNTY: "县（市、区）参考目录", Tier.TOWNSHIP: "乡镇（街道）参考目录",
                    Tier.VILLAGE: "村（社区）参考目录"}
# The level of the jurisdictions that take their catalog from a reference of each tier.
ADOPTER_LEVEL: dict[str, str] = {Tier.COUNTY: JurisdictionLevel.COUNTY, Tier.TOWNSHIP: JurisdictionLevel.TOWNSHIP,
                 Tier.VILLAGE: JurisdictionLevel.VILLAGE}


class Completeness(models.TextChoices):
    COMPLETE = "complete", _("完整")
    PARTIAL = "partial", _("部分")


class Domain(models.Model):
    """One standard domain (领域): the 26 of 国办发〔2019〕54号 and those added later."""

    slug = models.SlugField(_("标识"), max_length=60, unique=True)
    name = models.CharField(_("领域名称"), max_length=60)
    full_name = models.CharField(_("领域全称"), max_length=120, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_pilot = models.BooleanField(_("26个试点领域"), default=True)
    aliases = UnicodeJSONField(_("别名"), default=list, blank=True, help_text=_("如 医疗卫生、环境保护"))

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("领域")
        verbose_name_plural = _("领域")

    def __str__(self) -> str:
        return self.name

    def current_guideline(self):
        return self.guidelines.filter(is_current=True).first()


class Guideline(TimeStampedModel):
    """A ministry's national standard guideline for one domain, one version of it."""

    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="guidelines", verbose_name=_("领域"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    is_current = models.BooleanField(_("现行版本"), default=True)
    name = models.CharField(_("指引名称"), max_length=200)
    issuer = models.CharField(_("发布部门"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    year = models.CharField(_("年份"), max_length=30, blank=True)
    issue_date = models.CharField(_("发布日期"), max_length=60, blank=True)
    completeness = models.CharField(_("完整程度"), max_length=10, choices=Completeness.choices)
    completeness_note = models.TextField(_("完整程度说明"), blank=True)
    provenance = models.TextField(_("来源说明"), blank=True)
    sources = UnicodeJSONField(_("官方来源地址"), default=list, blank=True)
    official_topics = UnicodeJSONField(_("官方一级事项清单"), default=list, blank=True)
    official_size = models.CharField(_("官方规模说明"), max_length=200, blank=True)
    notes = UnicodeJSONField(_("说明"), default=list, blank=True)
    verified = UnicodeJSONField(_("核实情况"), default=dict, blank=True)
    loaded_from = models.CharField(_("载入文件"), max_length=300, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    changes = UnicodeJSONField(_("与上一版本的差异"), default=dict, blank=True)

    class Meta:
        ordering = ["domain__order", "-version"]
        verbose_name = _("标准指引")
        verbose_name_plural = _("标准指引")
        constraints = [
            models.UniqueConstraint(fields=["domain", "version"], name="guideline_version_unique"),
            models.UniqueConstraint(
                fields=["domain"], condition=models.Q(is_current=True), name="one_current_guideline_per_domain"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class TimeLimitFields(models.Model):
    time_limit = models.TextField(_("公开时限"), blank=True)
    # Structured rule parsed by catalog.time_limits.parse_time_limit (kinds in time_limits.KINDS: working_days,
    # calendar_days, real_time, timely, fixed_date_each_year, period, other_law, compound, unparsed …); the
    # text is always kept verbatim and an unparsed one is flagged "parsed": false.
    time_limit_rule = UnicodeJSONField(_("公开时限规则"), default=dict, blank=True)

    class Meta:
        abstract = True


class ItemFields(TimeLimitFields):
    """What every catalog row carries, national or local."""

    topic = models.CharField(_("一级事项"), max_length=200)
    name = models.CharField(_("二级事项"), max_length=300)
    elements = UnicodeJSONField(_("公开内容（要素）"), default=list, blank=True)
    # [{"name": "学校名称", "type": "text", "required": true}, …] — types: text, date, number, money,
    # phone, address, url, file, choice (with "choices").
    schema = UnicodeJSONField(_("要素字段"), default=list, blank=True)
    basis = UnicodeJSONField(_("公开依据"), default=list, blank=True)
    subject = models.TextField(_("公开主体"), blank=True)
    channels = UnicodeJSONField(_("公开渠道和载体"), default=list, blank=True)
    audience = UnicodeJSONField(_("公开对象"), default=list, blank=True)
    manner = UnicodeJSONField(_("公开方式"), default=list, blank=True)
    tiers = UnicodeJSONField(_("公开层级"), default=list, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        abstract = True


class StandardItem(ItemFields):
    """A row of a guideline's standard catalog (national, read-only)."""

    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="items", verbose_name=_("标准指引"))
    order = models.PositiveIntegerField(_("序号"))
    code = models.CharField(_("事项编码"), max_length=40, blank=True)
    source = models.CharField(_("来源"), max_length=500, blank=True)

    class Meta:
        ordering = ["guideline", "order"]
        verbose_name = _("标准事项")
        verbose_name_plural = _("标准事项")
        constraints = [models.UniqueConstraint(fields=["guideline", "order"], name="standard_item_order_unique")]

    def __str__(self) -> str:
        return f"{self.topic} / {self.name}"


class DomainAssignment(TimeStampedModel):
    """Which unit answers for a domain in a jurisdiction (the editable domain-to-unit table)."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.CASCADE, related_name="domain_assignments", verbose_name=_("行政区划")
    )
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("领域"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="domain_assignments",
                             verbose_name=_("责任单位"))
    # 主管责任单位 / 指导单位: the department (of this jurisdiction or one above it) that guides the domain's
    # catalog work, and when that work is to be done (完成时间, as written, and the day it means).
    guiding_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="guided_domains",
                                     verbose_name=_("指导单位"))
    completion_text = models.CharField(_("完成时间"), max_length=60, blank=True, help_text=_("如 2020年9月底前"))
    completion_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["jurisdiction__code", "domain__order"]
        verbose_name = _("领域责任分工")
        verbose_name_plural = _("领域责任分工")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "domain"], name="one_responsible_unit_per_domain"),
        ]

    def __str__(self) -> str:
        return f"{self.domain} → {self.unit or '（未指定）'}"


class Catalog(TimeStampedModel):
    """A jurisdiction's disclosure catalog (公开事项目录) for one tier; its content lives in versions."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="catalogs", verbose_name=_("行政区划")
    )
    tier = models.CharField(_("层级"), max_length=10, choices=Tier.choices)
    title = models.CharField(_("目录名称"), max_length=200)
    # A reference catalog (参考目录) that the jurisdictions below take theirs from: its tier says whose — a
    # township's or county's village-tier reference for its villages and communities, a city's county-tier
    # reference (compiled from the national guidelines, 审定 by the city) for its counties.
    is_reference = models.BooleanField(_("参考目录"), default=False)

    class Meta:
        ordering = ["jurisdiction__code", "tier"]
        verbose_name = _("公开事项目录")
        verbose_name_plural = _("公开事项目录")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "tier", "is_reference"], name="one_catalog_per_jurisdiction_tier"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def published_version(self) -> "CatalogVersion | None":
        return self.versions.filter(status=VersionStatus.PUBLISHED).first()

    @property
    def reference_label(self) -> str:
        """What a reference catalog is called after whom it serves (村（社区）参考目录, 县（市、区）参考目录)."""
        return REFERENCE_LABELS.get(self.tier, "参考目录") if self.is_reference else ""


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已报送待审批")
    RETURNED = "returned", _("已退回修改")
    APPROVED = "approved", _("已审批")
    PUBLISHED = "published", _("已发布")
    SUPERSEDED = "superseded", _("已被新版本替代")


class CatalogVersion(TimeStampedModel):
    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="versions", verbose_name=_("目录"))
    label = models.CharField(_("版本"), max_length=40, help_text=_("如 2021版"))
    year = models.PositiveIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("基于版本")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("审批人"),
    )
    decision_comment = models.TextField(_("审批意见"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    # The reference version (a city's, a township's) this version was taken from, when it was: what the level
    # above compares it with.
    reference_version = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions",
        verbose_name=_("采用的参考目录版本"),
    )

    class Meta:
        ordering = ["catalog", "-year", "-id"]
        verbose_name = _("目录版本")
        verbose_name_plural = _("目录版本")
        constraints = [
            models.UniqueConstraint(fields=["catalog", "label"], name="catalog_version_label_unique"),
            models.UniqueConstraint(
                fields=["catalog"], condition=models.Q(status="published"), name="one_published_version_per_catalog"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.catalog.title}（{self.label}）"

    @property
    def is_editable(self) -> bool:
        return workflow.TABLE.is_editable(self.status)


class VersionTransition(models.Model):
    """The history of a version's workflow: one row per move, with who, when and the comment."""

    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=VersionStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=VersionStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "at", "id"]

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status} → {self.to_status}"


class CatalogDomain(models.Model):
    """Whether a domain applies to a catalog version; a domain that does not needs a written reason
    (未涉及领域事项说明)."""

    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="domains")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("领域"))
    guideline = models.ForeignKey(Guideline, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    applies = models.BooleanField(_("涉及本领域"), default=True)
    reason = models.TextField(_("未涉及领域事项说明"), blank=True)

    class Meta:
        ordering = ["version", "domain__order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "domain"], name="catalog_domain_unique"),
            models.CheckConstraint(
                condition=models.Q(applies=True) | ~models.Q(reason=""), name="not_applicable_domain_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return str(self.domain)


class CatalogItem(ItemFields):
    """One item of a jurisdiction's catalog version: adopted from a standard item (and maybe localised)
    or added locally."""

    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="items")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("领域"))
    standard_item = models.ForeignKey(
        StandardItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("标准事项")
    )
    # Stable across versions: the same item in 2020版 and 2021版 shares its key.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    order = models.PositiveIntegerField(_("序号"))
    responsible_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="catalog_items", verbose_name=_("责任单位")
    )
    # 落实到科（股）室、明确责任人: the section of the responsible unit, and the person — one of the unit's
    # accounts, or a name and phone for a unit that has no accounts (offline). The phone is personal data:
    # never shown on public pages.
    responsible_section = models.CharField(_("责任科室"), max_length=100, blank=True)
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("责任人"),
    )
    responsible_person_name = models.CharField(_("责任人姓名"), max_length=50, blank=True)
    responsible_person_phone = models.CharField(_("责任人电话"), max_length=40, blank=True)
    applicable = models.BooleanField(_("适用"), default=True)
    not_applicable_reason = models.TextField(_("不适用说明"), blank=True)
    # A local item taken from a local document (a county's or town's list, not a national guideline): the document
    # it was read in, shown on screens and in exports, and its address when it is an official (gov.cn) page.
    source_document = models.CharField(_("事项来源"), max_length=300, blank=True)
    source_url = models.CharField(_("来源地址"), max_length=500, blank=True)

    class Meta:
        ordering = ["version", "domain__order", "order"]
        verbose_name = _("目录事项")
        verbose_name_plural = _("目录事项")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="catalog_item_key_unique_in_version"),
            models.CheckConstraint(
                condition=models.Q(applicable=True) | ~models.Q(not_applicable_reason=""),
                name="not_applicable_item_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} / {self.name}"

    @property
    def is_local(self) -> bool:
        return self.standard_item_id is None


class ListKind(models.TextChoices):
    """The lists a catalog is built from (54号, 邵放组办字〔2020〕1号: 结合权责清单和公共服务事项清单, 结合负面清单)."""

    POWERS = "powers", _("权责清单")
    PUBLIC_SERVICES = "public_services", _("公共服务事项清单")
    NEGATIVE = "negative", _("负面清单")


class SourceList(TimeStampedModel):
    """A jurisdiction's list of one kind, as last imported (its version and import date); entries that
    disappeared in a re-import are kept, marked removed, so that the items linked to them are found."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="source_lists",
                                     verbose_name=_("行政区划"))
    kind = models.CharField(_("清单类型"), max_length=20, choices=ListKind.choices)
    version_label = models.CharField(_("清单版本"), max_length=60, blank=True, help_text=_("如 2023年版"))
    filename = models.CharField(_("导入文件"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("导入人"))

    class Meta:
        ordering = ["jurisdiction__code", "kind"]
        verbose_name = _("事项清单")
        verbose_name_plural = _("事项清单")
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "kind"], name="one_source_list_per_kind")]

    def __str__(self) -> str:
        return f"{self.jurisdiction.name}{self.get_kind_display()}"


class SourceListEntry(models.Model):
    """One row of a list: 序号, 事项名称, 事项类型/权力类型, 实施主体, 设定依据 (and 事项编码 when the list has one)."""

    source_list = models.ForeignKey(SourceList, on_delete=models.CASCADE, related_name="entries")
    order = models.PositiveIntegerField(_("顺序"))
    number = models.CharField(_("序号"), max_length=20, blank=True)
    code = models.CharField(_("事项编码"), max_length=60, blank=True)
    name = models.CharField(_("事项名称"), max_length=300)
    category = models.CharField(_("事项类型"), max_length=60, blank=True)
    body = models.CharField(_("实施主体"), max_length=200, blank=True)
    basis = models.TextField(_("设定依据"), blank=True)
    removed_at = models.DateTimeField(_("在重新导入时消失"), null=True, blank=True)

    class Meta:
        ordering = ["source_list", "order", "id"]
        verbose_name = _("清单事项")
        verbose_name_plural = _("清单事项")

    def __str__(self) -> str:
        return self.name


class SourceListLink(models.Model):
    """A catalog item covers a list entry. Kept by the item's stable key, so that it follows the item into the
    catalog's next versions."""

    entry = models.ForeignKey(SourceListEntry, on_delete=models.CASCADE, related_name="links")
    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="+")
    item_key = models.UUIDField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "catalog", "item_key"], name="source_list_link_unique")]

    def __str__(self) -> str:
        return f"{self.entry} ↔ {self.item_key}"
