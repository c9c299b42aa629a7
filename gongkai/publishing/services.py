"""Writes of publishing: records and their workflow, revisions, attachments, entries, interpretations,
privacy findings. Each service: `require` first, then one transaction with its audit event inside."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.accounts.policies import Action, Actor, acting_user, require, require_not_author
from gongkai.calendars.selectors import workday_calendar
from gongkai.catalog.models import CatalogItem, VersionStatus
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import TransitionNotAllowed, ValidationFailed
from gongkai.organizations.models import Unit
from gongkai.publishing import (
    attachment_text,
    entry_values,
    index_numbers,
    indexing,
    interpretations,
    masking,
    privacy,
    scanning,
    text_extraction,
    workflow,
)
from gongkai.publishing import attachments as attachment_rules
from gongkai.publishing.models import (
    Attachment,
    DisclosureAttribute,
    Entry,
    FindingStatus,
    Interpretation,
    InterpretationKind,
    PrivacyFinding,
    Record,
    RecordRevision,
    RecordTransition,
    ReportCategory,
    ReviewOverride,
    TextStatus,
    WithholdingGround,
)
from gongkai.publishing.sanitising import plain_text, sanitise_html

# --- settings -------------------------------------------------------------------------------------


def index_number_format() -> str:
    return getattr(settings, "GONGKAI_INDEX_NUMBER_FORMAT", None) or index_numbers.DEFAULT_FORMAT


def interpretation_lag_workdays() -> int:
    return int(getattr(settings, "GONGKAI_INTERPRETATION_LAG_WORKDAYS", 0) or 0)


def attachment_limits() -> attachment_rules.Limits:
    default_max = getattr(settings, "GONGKAI_MAX_UPLOAD_BYTES", attachment_rules.DEFAULT_MAX_BYTES)
    return attachment_rules.Limits(
        max_bytes=int(getattr(settings, "GONGKAI_MAX_ATTACHMENT_BYTES", default_max)),
        max_uncompressed_bytes=int(getattr(settings, "GONGKAI_MAX_UNCOMPRESSED_BYTES",
                                           attachment_rules.DEFAULT_MAX_UNCOMPRESSED_BYTES)),
        max_ratio=int(getattr(settings, "GONGKAI_MAX_COMPRESSION_RATIO", attachment_rules.DEFAULT_MAX_RATIO)),
    )


def _actor_or_none(actor: Actor | None) -> User | None:
    return acting_user(actor)


def _actor_name(actor: Actor) -> str:
    return getattr(actor, "username", "") or "system"


# --- attribute and items --------------------------------------------------------------------------

RECORD_FIELDS = (
    "title", "document_number", "body", "formed_on", "keywords", "summary", "disclosure_attribute",
    "withholding_ground", "next_review_on", "show_title_publicly", "is_policy_document", "report_category",
    "fee_amount_yuan",
)
CONTENT_FIELDS = ("title", "document_number", "body", "summary", "keywords")


def validate_attribute(attribute: str, ground: str, next_review_on: date | None) -> None:
    """The attribute at the source (《条例》第十三条 to 第十六条, 第十八条): mandatory; 不予公开 needs one of the
    eight grounds and a next-review date; the other attributes carry no ground."""
    if not attribute:
        raise ValidationFailed("请选择公开属性：主动公开、依申请公开或不予公开。")
    if attribute not in DisclosureAttribute.values:
        raise ValidationFailed(f"公开属性“{attribute}”无效，只能是主动公开、依申请公开或不予公开。")
    if attribute == DisclosureAttribute.WITHHELD:
        if not ground:
            raise ValidationFailed("不予公开的信息必须选择不予公开的法定理由（《条例》第十四条至第十六条）。")
        if ground not in WithholdingGround.values:
            raise ValidationFailed(f"不予公开理由“{ground}”无效。")
        if not next_review_on:
            raise ValidationFailed("不予公开的信息必须填写下次评估日期（《条例》第十八条：定期评估审查）。")
    elif ground:
        raise ValidationFailed("只有不予公开的信息才填写不予公开理由。")


def _clean_items(unit: Unit, items: Iterable[CatalogItem]) -> list[CatalogItem]:
    items = list(items)
    if not items:
        raise ValidationFailed("请至少选择一个公开事项目录中的事项。")
    for item in items:
        version = item.version
        if version.status != VersionStatus.PUBLISHED:
            raise ValidationFailed(f"事项“{item.name}”所在的目录版本（{version.label}）尚未发布，不能在其下发布信息。")
        if not item.applicable:
            raise ValidationFailed(f"事项“{item.name}”已标为不适用，不能在其下发布信息。")
        if version.catalog.jurisdiction_id != unit.jurisdiction_id:
            raise ValidationFailed(f"事项“{item.name}”不属于{unit.name}所在行政区划的目录。")
    return items


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(fields)
    for key in ("title", "document_number", "keywords", "summary"):
        if key in cleaned and cleaned[key] is not None:
            cleaned[key] = str(cleaned[key]).strip()
    if "body" in cleaned:
        cleaned["body"] = sanitise_html(cleaned["body"] or "")
    if "title" in cleaned and not cleaned["title"]:
        raise ValidationFailed("请填写标题。")
    if "withholding_ground" in cleaned and cleaned["withholding_ground"] is None:
        cleaned["withholding_ground"] = ""
    category = cleaned.get("report_category")
    if category and category not in ReportCategory.values:
        raise ValidationFailed(f"年度报告统计类别“{category}”无效。")
    if category is None and "report_category" in cleaned:
        cleaned["report_category"] = ""
    return cleaned


def _check_record(record: Record) -> None:
    validate_attribute(record.disclosure_attribute, record.withholding_ground, record.next_review_on)
    if not record.formed_on:
        raise ValidationFailed("请填写形成日期（《条例》第二十六条：自形成之日起20个工作日内公开）。")
    if record.report_category == ReportCategory.FEE and record.fee_amount_yuan is None:
        raise ValidationFailed("统计类别为行政事业性收费时，请填写收费金额（元）。")
    if record.disclosure_attribute != DisclosureAttribute.ON_REQUEST:
        record.show_title_publicly = False


# --- index numbers and revisions ------------------------------------------------------------------

def _assign_index_number(record: Record, items: list[CatalogItem]) -> None:
    year = record.formed_on.year
    # Serialise numbering per unit (PostgreSQL row lock; SQLite transactions are IMMEDIATE already).
    list(Unit.objects.select_for_update().filter(pk=record.unit_id).values_list("pk", flat=True))
    last = Record.objects.filter(unit=record.unit, index_year=year).aggregate(m=Max("index_sequence"))["m"] or 0
    sequence = last + 1
    fmt = index_number_format()
    while True:
        try:
            number = index_numbers.format_index_number(
                fmt, unit_code=index_numbers.unit_code_from_handle(record.unit.handle),
                jurisdiction_code=record.unit.jurisdiction.code, year=year,
                item=items[0].order if items else 0, sequence=sequence,
            )
        except index_numbers.IndexFormatError as exc:
            raise ValidationFailed(str(exc)) from exc
        if not Record.objects.filter(index_number=number).exists():
            break
        sequence += 1
    record.index_year, record.index_sequence, record.index_number = year, sequence, number


def _attachment_list(record: Record) -> list[dict[str, Any]]:
    return [{"id": a.pk, "name": a.name, "kind": a.kind, "sha256": a.public_sha256 or a.sha256,
             "masked": a.is_masked} for a in record.attachments.all()]


def _new_revision(record: Record, actor: Actor | None) -> RecordRevision:
    """The revision that will be published next. Editions are what the public sees: the first publication
    is 第1版 however often the draft was saved, so a revision never published is the working copy and is
    brought up to date in place; a new number starts only after the last one was published."""
    last = record.revisions.order_by("-number").first()
    content = {"title": record.title, "document_number": record.document_number, "body": record.body,
               "summary": record.summary, "keywords": record.keywords, "attachments": _attachment_list(record)}
    if last is not None and last.published_at is None:
        for key, value in content.items():
            setattr(last, key, value)
        last.created_by = _actor_or_none(actor) or last.created_by
        last.save()
        return last
    return RecordRevision.objects.create(
        record=record, number=(last.number if last else 0) + 1, created_by=_actor_or_none(actor), **content)


def _latest_revision(record: Record) -> RecordRevision:
    revision = record.revisions.order_by("-number").first()
    if revision is None or _revision_stale(record, revision):
        revision = _new_revision(record, None)
    return revision


def _revision_stale(record: Record, revision: RecordRevision) -> bool:
    return any(getattr(record, f) != getattr(revision, f) for f in CONTENT_FIELDS) or (
        revision.attachments != _attachment_list(record))


# --- moves ----------------------------------------------------------------------------------------

def _move(*, actor: Actor, record: Record, move: str, comment: str = "", data: dict[str, Any] | None = None,
          by_author: bool = False) -> Record:
    """Apply one move of the table (inside the caller's transaction): status, history row, audit event.
    `by_author` flags a review or approval the record's own author made (setting "warn")."""
    new_status = workflow.TABLE.next_status(record.status, move)
    old = record.status
    record.status = new_status
    record.save(update_fields=["status", "updated_at"])
    RecordTransition.objects.create(record=record, from_status=old, to_status=new_status, move=move,
                                    actor=_actor_or_none(actor), actor_name=_actor_name(actor), comment=comment,
                                    by_author=by_author)
    extra = {"by_author": True} if by_author else {}
    record_event(actor=actor, action=f"record.{move}", target=record,
                 data={"from": old, "to": new_status, "comment": comment, **(data or {}), **extra})
    return record


def _changed_by(record: Record, actor: Actor, *, save: bool = False) -> None:
    """Remember who last changed the record's content (saved by the caller unless `save`): that account may
    not review or approve it. A reviewer's masking is no authorship and does not come here."""
    author = _actor_or_none(actor)
    if author is not None:
        record.last_changed_by = author
        if save:
            record.save(update_fields=["last_changed_by", "updated_at"])


def _check_move(record: Record, move: str) -> None:
    workflow.TABLE.next_status(record.status, move)


def _lock(record: Record) -> Record:
    return Record.objects.select_for_update().select_related("unit__jurisdiction").get(pk=record.pk)


# --- records --------------------------------------------------------------------------------------

def record_create(*, actor: Actor, unit: Unit, items: Iterable[CatalogItem], title: str, formed_on: date,
                  disclosure_attribute: str, withholding_ground: str = "", next_review_on: date | None = None,
                  document_number: str = "", body: str = "", keywords: str = "", summary: str = "",
                  show_title_publicly: bool = False, is_policy_document: bool = False,
                  report_category: str = "", fee_amount_yuan: Decimal | int | None = None) -> Record:
    """A draft record of the officer's own unit, with its index number and first revision."""
    require(actor, Action.DRAFT_RECORD, unit)
    fields = _clean_fields({
        "title": title, "document_number": document_number, "body": body, "keywords": keywords,
        "summary": summary, "withholding_ground": withholding_ground, "report_category": report_category,
    })
    items = _clean_items(unit, items)
    record = Record(unit=unit, formed_on=formed_on, disclosure_attribute=disclosure_attribute,
                    next_review_on=next_review_on, show_title_publicly=show_title_publicly,
                    is_policy_document=is_policy_document, fee_amount_yuan=fee_amount_yuan,
                    created_by=_actor_or_none(actor), **fields)
    _check_record(record)
    with transaction.atomic():
        _assign_index_number(record, items)
        record.save()
        record.items.set(items)
        _new_revision(record, actor)
        RecordTransition.objects.create(record=record, from_status="", to_status=record.status, move="create",
                                        actor=_actor_or_none(actor), actor_name=_actor_name(actor))
        record_event(actor=actor, action="record.created", target=record,
                     data={"index_number": record.index_number, "attribute": record.disclosure_attribute,
                           "items": [i.pk for i in items]})
    return record


def record_update(*, actor: Actor, record: Record, items: Iterable[CatalogItem] | None = None, comment: str = "",
                  **fields: Any) -> Record:
    """Edit a draft in place; edit a published record into a pending revision (status revised: the public
    keeps the last published revision until the reviewer approves the new one). Records under review or
    approved are returned to the officer first."""
    require(actor, Action.DRAFT_RECORD, record)
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise ValidationFailed(f"不能修改这些字段：{'、'.join(sorted(unknown))}。")
    cleaned = _clean_fields(fields)
    with transaction.atomic():
        record = _lock(record)
        if record.status not in workflow.CHANGEABLE:
            raise TransitionNotAllowed(
                f"该政府信息当前为“{workflow.TABLE.status_label(record.status)}”，不能修改；请审核人退回后再修改。")
        before = {k: str(getattr(record, k)) for k in cleaned}
        for key, value in cleaned.items():
            setattr(record, key, value)
        _check_record(record)
        if record.status in workflow.REVISABLE and "disclosure_attribute" in cleaned \
                and record.disclosure_attribute != before["disclosure_attribute"]:
            # The public selectors read the attribute: a change must not take effect before review.
            raise ValidationFailed("已发布的信息不能直接更改公开属性，请先撤回，再以新的公开属性重新起草、审查和发布。")
        _changed_by(record, actor)
        record.save()
        if items is not None:
            record.items.set(_clean_items(record.unit, items))
            if record.status in workflow.PUBLIC_STATUSES:
                indexing.record_index_on_commit(record)  # the items decide the domain it is found under
        changed = {k: {"from": before[k], "to": str(getattr(record, k))} for k in cleaned
                   if before[k] != str(getattr(record, k))}
        if any(k in CONTENT_FIELDS for k in changed) or record.revisions.count() == 0:
            _new_revision(record, actor)
        record_event(actor=actor, action="record.updated", target=record,
                     data={"changed": sorted(changed), "comment": comment})
        if record.status in workflow.REVISABLE and changed:
            _move(actor=actor, record=record, move=workflow.REVISE, comment=comment or "修订已发布的信息")
    return record


def record_set_title_shown(*, actor: Actor, record: Record, shown: bool, comment: str = "") -> Record:
    """The disclosure office (or the unit's reviewer) chooses whether a 依申请公开 record's title appears in
    the public catalog."""
    require(actor, Action.SHOW_RECORD_TITLE, record)
    with transaction.atomic():
        record = _lock(record)
        if record.disclosure_attribute != DisclosureAttribute.ON_REQUEST:
            raise ValidationFailed("只有依申请公开的信息才能选择是否在公开目录中显示标题。")
        record.show_title_publicly = bool(shown)
        record.save(update_fields=["show_title_publicly", "updated_at"])
        indexing.record_index_on_commit(record)  # the public catalog lists the title or stops listing it
        record_event(actor=actor, action="record.title_shown" if shown else "record.title_hidden", target=record,
                     data={"comment": comment})
    return record


def record_submit(*, actor: Actor, record: Record, comment: str = "") -> Record:
    require(actor, Action.DRAFT_RECORD, record)
    with transaction.atomic():
        record = _lock(record)
        _check_record(record)
        return _move(actor=actor, record=record, move=workflow.SUBMIT, comment=comment)


# Where a hit stands in the record's own text, and the field that holds it.
FIELD_OF_LOCATION = {"标题": "title", "内容概述": "summary", "正文": "body"}


def _entry_rows(record: Record) -> list[tuple[str, Entry, list[str]]]:
    """The 明细 rows filed under the record, each with the location a finding names and its columns (the
    values given), in the order the scan numbers them."""
    rows = []
    for number, entry in enumerate(record.entries.select_related("item").order_by("item_id", "order", "id"), 1):
        columns = [c for c, v in (entry.values or {}).items() if v not in (None, "")]
        rows.append((f"明细“{entry.item.name}”第{number}行", entry, columns))
    return rows


def _scan_record(record: Record, texts: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Hits of the configured privacy scanner (publishing.scanning) on title, summary, body, every 明细 row
    filed under the record, and each attachment's name and contents (its public copy where there is one).
    `texts` stands in for the record's own title, summary or body (what an officer has typed, not saved)."""
    scanner = scanning.configured_scanner()
    hits: list[dict[str, Any]] = []
    texts = texts or {}
    parts = [("标题", texts.get("title", record.title)), ("内容概述", texts.get("summary", record.summary)),
             ("正文", plain_text(sanitise_html(texts["body"]) if "body" in texts else record.body))]
    for location, text in parts:
        for hit in scanner.scan_text(text or "", location=location):
            hits.append({"kind": hit.kind, "location": location, "text": hit.text, "start": hit.start,
                         "end": hit.end, "proposed_masking": hit.masked, "attachment": None})
    # 明细 rows: each row read as one line "列：值　列：值", as the public table shows it, so that a name
    # beside an ID number is judged by its neighbours (publishing.privacy.mask_row reads rows the same way).
    for where, entry, columns in _entry_rows(record):
        line, _ = privacy.row_line(columns, [str(entry.values[c]) for c in columns])
        for hit in scanner.scan_text(line, location=where):
            hits.append({"kind": hit.kind, "location": where, "text": hit.text, "start": None, "end": None,
                         "proposed_masking": hit.masked, "attachment": None})
    for attachment in record.attachments.all():
        label = f"附件“{attachment.name}”"
        file_hits, problem = _attachment_hits(scanner, attachment)
        if problem:
            hits.append({"kind": problem[0], "location": label, "text": problem[1],
                         "start": None, "end": None, "proposed_masking": "", "attachment": attachment})
            continue
        for hit in file_hits:
            where = f"{label}{hit.location}" if hit.location else label
            hits.append({"kind": hit.kind, "location": where, "text": hit.text, "start": hit.start,
                         "end": hit.end, "proposed_masking": hit.masked, "attachment": attachment})
    return hits


def _attachment_hits(scanner: scanning.Scanner, attachment: Attachment) -> tuple[list[Any], tuple[str, str] | None]:
    """The scanner's hits in an attachment, from the text the background job kept (publishing.attachment_text);
    before it is there, from what can be read without OCR. (hits, None), or ([], (kind, why)) when the text cannot be
    judged: unreadable, or OCR not done yet — a finding the scan after OCR closes."""
    kept = attachment_text.text_of(attachment)
    if kept is not None:
        return scanner.scan_extracted(kept), None
    if attachment.text_status == TextStatus.FAILED and attachment.text_sha256 == attachment_text.current_digest(
            attachment):
        return [], ("unreadable", "无法提取文字，请人工审查该附件")
    source = attachment.public_file or attachment.original
    try:
        with source.open("rb") as handle:
            data = handle.read()
        return scanner.scan_extracted(text_extraction.extract(data, name=attachment.name, ocr=False)), None
    except text_extraction.OcrNeeded:
        state = TextStatus(attachment.text_status).label if attachment.text_status != TextStatus.DONE else "待识别"
        return [], (attachment_text.OCR_PENDING, f"文字识别未完成（{state}），识别后自动复查")
    except Exception:  # noqa: BLE001 - an unreadable attachment is a finding, not a crash
        return [], ("unreadable", "无法提取文字，请人工审查该附件")


def record_scan_after_text_read(*, record: Record) -> dict[str, Any] | None:
    """The privacy scan again once the background job has read an attachment's text (no person acts: the audit
    log names the worker). Only while the review can still act on findings; None otherwise."""
    record = Record.objects.get(pk=record.pk)
    if record.status not in attachment_text.RESCANNED_STATUSES:
        return None
    hits = _scan_record(record)
    with transaction.atomic():
        result = _store_findings(record, hits, None)
        record_event(action="record.scanned", target=record, data={**result, "after": "text_extraction"},
                     actor_name=attachment_text.WORKER_NAME)
    return result


def record_scan_after_text_read_received(sender: object, record_id: int, **kwargs: object) -> None:
    """Receiver of publishing.signals.attachment_text_read (connected in publishing.apps)."""
    record_scan_after_text_read(record=Record(pk=record_id))


def _store_findings(record: Record, hits: list[dict[str, Any]], actor: Actor | None) -> dict[str, Any]:
    """Replace the record's findings with the current hits: a hit seen before keeps its status (an
    override stays); a finding no longer found is marked fixed."""
    existing = {(f.kind, f.location, f.text, f.attachment_id): f for f in record.privacy_findings.all()}
    seen = set()
    created = 0
    for hit in hits:
        key = (hit["kind"], hit["location"], hit["text"][:500], getattr(hit["attachment"], "pk", None))
        seen.add(key)
        if key in existing:
            continue
        PrivacyFinding.objects.create(
            record=record, attachment=hit["attachment"], kind=hit["kind"], location=hit["location"][:300],
            text=hit["text"][:500], start=hit["start"], end=hit["end"],
            proposed_masking=(hit["proposed_masking"] or "")[:500],
        )
        created += 1
    fixed = 0
    for key, finding in existing.items():
        if key not in seen and finding.status == FindingStatus.OPEN:
            finding.status = FindingStatus.FIXED
            finding.resolved_by = _actor_or_none(actor)
            finding.resolved_at = clock.now()
            finding.save(update_fields=["status", "resolved_by", "resolved_at"])
            fixed += 1
    return {"new": created, "fixed": fixed}


def record_scan(*, actor: Actor, record: Record) -> dict[str, Any]:
    """Run the privacy scan and store its findings (reviewer or drafting officer of the unit)."""
    require(actor, Action.MASK_PERSONAL_DATA, record)
    record = Record.objects.get(pk=record.pk)
    hits = _scan_record(record)
    with transaction.atomic():
        result = _store_findings(record, hits, actor)
        record_event(actor=actor, action="record.scanned", target=record, data=result)
    return result


def record_privacy_check(*, actor: Actor, record: Record, title: str | None = None, summary: str | None = None,
                         body: str | None = None) -> list[dict[str, Any]]:
    """The privacy scan of what the officer has typed (title, summary, body; the saved ones where None) with
    the record's 明细 and attachments, before submitting. A read: nothing is stored, the record keeps its
    status and its findings."""
    require(actor, Action.MASK_PERSONAL_DATA, record)
    typed = {k: v for k, v in (("title", title), ("summary", summary), ("body", body)) if v is not None}
    return _scan_record(Record.objects.get(pk=record.pk), typed)


@dataclass
class MaskOutcome:
    """What 按建议遮盖 did: how many findings it masked, and those it could not (with why, in Chinese)."""

    masked: int = 0
    left: list[str] = field(default_factory=list)


def _mask_text_findings(record: Record, findings: list[PrivacyFinding], outcome: MaskOutcome) -> list[PrivacyFinding]:
    done = []
    for finding in findings:
        name = FIELD_OF_LOCATION[finding.location]
        text = getattr(record, name) or ""
        if finding.text not in text:
            outcome.left.append(f"{finding.location}中找不到该处原文（正文可能有格式分隔），请退回信息员修改")
            continue
        setattr(record, name, text.replace(finding.text, finding.proposed_masking))
        done.append(finding)
    return done


def _mask_entry_findings(actor: Actor, record: Record, findings: list[PrivacyFinding],
                         outcome: MaskOutcome) -> list[PrivacyFinding]:
    """Each 明细 row with open findings: the row read as the scan read it, the hits of those findings masked
    in their cells (privacy.public_mask through the scanner's proposals)."""
    scanner = scanning.configured_scanner()
    by_location: dict[str, list[PrivacyFinding]] = {}
    for finding in findings:
        by_location.setdefault(finding.location, []).append(finding)
    done = []
    for where, entry, columns in _entry_rows(record):
        wanted = by_location.pop(where, [])
        if not wanted:
            continue
        cells = [str(entry.values[c]) for c in columns]
        line, spans = privacy.row_line(columns, cells)
        texts = {f.text for f in wanted}
        hits = [h for h in scanner.scan_text(line) if h.text in texts
                and any(start <= h.start and h.end <= end for start, end in spans)]
        masked = privacy.mask_cells(line, spans, cells, hits)
        found = {h.text for h in hits}
        done += [f for f in wanted if f.text in found]
        outcome.left += [f"{where}中找不到该处原文，请退回信息员修改" for f in wanted if f.text not in found]
        changed = {c: b for c, a, b in zip(columns, cells, masked, strict=True) if a != b}
        if changed:
            before = entry.values
            entry.values = {**before, **changed}
            entry.save(update_fields=["values", "updated_at"])
            record_event(actor=actor, action="entry.updated", target=entry,
                         data={"changed": sorted(changed),
                               "masked_as_suggested": True, "before": _entry_fingerprint(before)["values_sha256"],
                               **_entry_fingerprint(entry.values)})
    outcome.left += [f"{where}已不存在，请重新扫描" for where in by_location]
    return done


def _mask_attachment_findings(actor: Actor, record: Record, findings: list[PrivacyFinding],
                              outcome: MaskOutcome) -> list[PrivacyFinding]:
    """A masked public copy of each attachment with open findings (publishing.masking); the original stays
    private. A file name cannot be masked this way (the officer renames the file)."""
    done = []
    by_attachment: dict[Attachment, list[PrivacyFinding]] = {}
    for finding in findings:
        attachment = finding.attachment
        if attachment is None or finding.location == f"附件“{attachment.name}”文件名" \
                or not finding.proposed_masking:
            outcome.left.append(f"{finding.location}：请退回信息员修改，或说明理由后保留")
            continue
        by_attachment.setdefault(attachment, []).append(finding)
    for attachment, attachment_findings in by_attachment.items():
        try:
            with attachment.original.open("rb") as handle:
                data = masking.mask_file(handle.read(), name=attachment.name).data
        except Exception:  # noqa: BLE001 - a file the masking cannot rewrite is told, not a crash
            outcome.left.append(f"附件“{attachment.name}”无法自动遮盖，请上传遮盖后的公开文件")
            continue
        digest = hashlib.sha256(data).hexdigest()
        note = "按建议遮盖：" + "、".join(f"{f.location}{privacy.KIND_LABELS.get(f.kind, f.kind)}→{f.proposed_masking}"
                                        for f in attachment_findings)
        attachment.public_file.save(attachment.name, ContentFile(data), save=False)
        attachment.public_sha256 = digest
        attachment.is_masked = True
        attachment.masked_by = _actor_or_none(actor)
        attachment.masked_at = clock.now()
        attachment.masking_note = note[:2000]
        attachment.save()
        record_event(actor=actor, action="record.attachment_masked", target=record,
                     data={"attachment": attachment.pk, "name": attachment.name, "public_sha256": digest,
                           "note": note[:2000]})
        done += attachment_findings
    return done


def record_mask_as_suggested(*, actor: Actor, record: Record, comment: str = "") -> MaskOutcome:
    """按建议遮盖 during the confidentiality review (《条例》第十五条 个人隐私, 第十七条 保密审查): the reviewer
    applies the scanner's proposed masking of every open finding — in the title, summary and body, in the 明细
    rows, and as a masked public copy of each attachment — without returning the record, which stays under
    review; each finding so masked is fixed, and the reviewer may then approve.

    Separation of duties: the reviewer of the unit only, never the record's author (as for the review itself).
    The masking is the scanner's proposal, not text of the reviewer's: it does not make the reviewer the
    record's last changer (`last_changed_by` stays the officer's), so the reviewer may still approve, and the
    officer still may not. The move's history row and audit event name the reviewer and what was masked
    (kinds, places and masked forms — never the original)."""
    require(actor, Action.MASK_IN_REVIEW, record)
    by_author = require_not_author(actor, Record.objects.get(pk=record.pk))
    outcome = MaskOutcome()
    with transaction.atomic():
        record = _lock(record)
        _check_move(record, workflow.MASK_AS_SUGGESTED)
        findings = list(open_findings(record).select_related("attachment").order_by("id"))
        if not findings:
            raise ValidationFailed("没有待处理的审查发现，无需遮盖。")
        in_text = [f for f in findings if f.attachment_id is None and f.location in FIELD_OF_LOCATION
                   and f.proposed_masking]
        in_entries = [f for f in findings if f.attachment_id is None and f.location.startswith("明细")
                      and f.proposed_masking]
        in_files = [f for f in findings if f.attachment_id is not None]
        outcome.left += [f"{f.location}：请退回信息员修改，或说明理由后保留" for f in findings
                         if f not in in_text and f not in in_entries and f not in in_files]
        done = _mask_text_findings(record, in_text, outcome)
        if done:
            record.save(update_fields=[FIELD_OF_LOCATION[loc] for loc in {f.location for f in done}]
                        + ["updated_at"])
        done += _mask_entry_findings(actor, record, in_entries, outcome)
        done += _mask_attachment_findings(actor, record, in_files, outcome)
        if not done:
            raise ValidationFailed("未能按建议遮盖任何一处：" + "；".join(outcome.left))
        now = clock.now()
        for finding in done:
            finding.status = FindingStatus.FIXED
            finding.resolved_by = _actor_or_none(actor)
            finding.resolved_at = now
            finding.save(update_fields=["status", "resolved_by", "resolved_at"])
        # the working copy (never the published one) follows; its author stays the officer's
        _new_revision(record, None)
        outcome.masked = len(done)
        _move(actor=actor, record=record, move=workflow.MASK_AS_SUGGESTED,
              comment=comment or f"审核人按建议遮盖 {len(done)} 处",
              data={"masked": [{"finding": f.pk, "kind": f.kind, "location": f.location,
                                "masked": f.proposed_masking} for f in done],
                    "left": len(outcome.left)},
              by_author=by_author)
    return outcome


def record_store_findings(*, actor: Actor, record: Record, hits: list[dict[str, Any]]) -> dict[str, Any]:
    """Store findings given by a caller (dicts with kind, location, text, start, end, proposed_masking,
    attachment)."""
    require(actor, Action.REVIEW_RECORD, record)
    with transaction.atomic():
        normalised = [{"kind": h["kind"], "location": h.get("location", "正文"), "text": h["text"],
                       "start": h.get("start"), "end": h.get("end"),
                       "proposed_masking": h.get("proposed_masking", ""), "attachment": h.get("attachment")}
                      for h in hits]
        result = _store_findings(record, normalised, actor)
        record_event(actor=actor, action="record.scanned", target=record, data=result)
    return result


def record_review(*, actor: Actor, record: Record, comment: str = "") -> Record:
    """The reviewer takes up the confidentiality review (《条例》第十七条): submitted → in_review, and the
    privacy scan runs over the body and every attachment."""
    require(actor, Action.REVIEW_RECORD, record)
    record = Record.objects.get(pk=record.pk)
    by_author = require_not_author(actor, record)
    hits = _scan_record(record)
    with transaction.atomic():
        record = _lock(record)
        _move(actor=actor, record=record, move=workflow.START_REVIEW, comment=comment, by_author=by_author)
        result = _store_findings(record, hits, actor)
        record_event(actor=actor, action="record.scanned", target=record, data=result)
    return record


def record_return(*, actor: Actor, record: Record, comment: str) -> Record:
    require(actor, Action.REVIEW_RECORD, record)
    if not (comment or "").strip():
        raise ValidationFailed("退回修改时请写明退回意见。")
    with transaction.atomic():
        record = _lock(record)
        return _move(actor=actor, record=record, move=workflow.RETURN, comment=comment.strip())


def open_findings(record: Record) -> QuerySet[PrivacyFinding]:
    return record.privacy_findings.filter(status=FindingStatus.OPEN)


def finding_fix(*, actor: Actor, finding: PrivacyFinding, comment: str = "") -> PrivacyFinding:
    """Mark a finding fixed (the text was changed or the public copy masked)."""
    require(actor, Action.MASK_PERSONAL_DATA, finding.record)
    with transaction.atomic():
        finding.status = FindingStatus.FIXED
        finding.resolved_by = _actor_or_none(actor)
        finding.resolved_at = clock.now()
        finding.save(update_fields=["status", "resolved_by", "resolved_at"])
        record_event(actor=actor, action="record.finding_fixed", target=finding.record,
                     data={"finding": finding.pk, "kind": finding.kind, "comment": comment})
    return finding


def finding_override(*, actor: Actor, finding: PrivacyFinding, reason: str) -> PrivacyFinding:
    """The reviewer keeps a hit as it is, with a written reason; an audit event."""
    require(actor, Action.REVIEW_RECORD, finding.record)
    reason = (reason or "").strip()
    if finding.kind == attachment_text.OCR_PENDING:
        # Nobody has read the file's text yet: keeping it would publish what no scan has seen.
        raise ValidationFailed("附件的文字识别完成前不能保留此项：请等待识别完成（或点“重新识别”），识别后自动复查。")
    if len(reason) < 4:
        raise ValidationFailed("保留该处内容须写明理由（至少 4 个字），例如“系单位办公电话，依法应当公开”。")
    by_author = require_not_author(actor, Record.objects.get(pk=finding.record_id))
    with transaction.atomic():
        ReviewOverride.objects.update_or_create(
            finding=finding, defaults={"reason": reason, "actor": _actor_or_none(actor),
                                       "actor_name": _actor_name(actor)})
        finding.status = FindingStatus.OVERRIDDEN
        finding.resolved_by = _actor_or_none(actor)
        finding.resolved_at = clock.now()
        finding.save(update_fields=["status", "resolved_by", "resolved_at"])
        record_event(actor=actor, action="record.finding_overridden", target=finding.record,
                     data={"finding": finding.pk, "kind": finding.kind, "location": finding.location,
                           "text": finding.proposed_masking or finding.kind, "reason": reason,
                           **({"by_author": True} if by_author else {})})
    return finding


def _require_no_open_findings(record: Record) -> None:
    count = open_findings(record).count()
    if count:
        raise ValidationFailed(
            f"还有 {count} 处隐私或敏感内容审查发现未处理。每一处须修改（或遮盖），或写明理由后保留，才能审核通过。")


def record_approve(*, actor: Actor, record: Record, comment: str = "") -> Record:
    """Approve after the confidentiality review (in_review → approved), or approve a pending revision of a
    published record (revised → published, the new revision becomes the public one). Refused while any
    privacy finding is open."""
    require(actor, Action.REVIEW_RECORD, record)
    by_author = require_not_author(actor, Record.objects.get(pk=record.pk))
    with transaction.atomic():
        record = _lock(record)
        _require_no_open_findings(record)
        if record.status == workflow.REVISED:
            now = clock.now()
            revision = _latest_revision(record)
            revision.published_at = now
            revision.save(update_fields=["published_at"])
            record.public_revision = revision
            record.changed_at = now
            record.save(update_fields=["public_revision", "changed_at", "updated_at"])
            indexing.record_index_on_commit(record)
            return _move(actor=actor, record=record, move=workflow.APPROVE_REVISION, comment=comment,
                         data={"revision": revision.number}, by_author=by_author)
        return _move(actor=actor, record=record, move=workflow.APPROVE, comment=comment, by_author=by_author)


def record_discard_revision(*, actor: Actor, record: Record, comment: str = "") -> Record:
    """Drop a pending revision: the working copy goes back to the public revision."""
    require(actor, Action.REVIEW_RECORD, record)
    with transaction.atomic():
        record = _lock(record)
        if record.status == workflow.REVISED and record.public_revision_id:
            public = record.public_revision
            for key in CONTENT_FIELDS:
                setattr(record, key, getattr(public, key))
            record.save()
            _new_revision(record, actor)
        return _move(actor=actor, record=record, move=workflow.DISCARD_REVISION, comment=comment)


@dataclass
class PublishResult:
    record: Record
    warnings: list[str] = field(default_factory=list)

    @property
    def scheduled(self) -> bool:
        return self.record.status == workflow.SCHEDULED


def _publish_now(record: Record, actor: Actor, move: str, comment: str, now: datetime) -> None:
    revision = _latest_revision(record)
    revision.published_at = now
    revision.save(update_fields=["published_at"])
    record.public_revision = revision
    record.published_at = now
    record.scheduled_for = None
    record.save(update_fields=["public_revision", "published_at", "scheduled_for", "updated_at"])
    # 三同步: interpretations ready at publication go out with the document.
    record.interpretations.filter(published_at__isnull=True).update(published_at=now, updated_at=now)
    _move(actor=actor, record=record, move=move, comment=comment, data={"revision": revision.number})
    indexing.record_index_on_commit(record)


def interpretation_warning_for(record: Record, *, today: date | None = None) -> str | None:
    """The 三同步 warning for a published policy document (rules.md §8), or None."""
    if not record.is_policy_document or not record.published_at:
        return None
    local = timezone.localtime
    dates = [local(i.published_at).date() if i.published_at else None for i in record.interpretations.all()]
    return interpretations.interpretation_warning(
        title=record.title, published_on=local(record.published_at).date(), interpretation_dates=dates,
        lag_workdays=interpretation_lag_workdays(), calendar=workday_calendar(),
        today=today or clock.today(),
    )


def record_publish(*, actor: Actor, record: Record, at: datetime | None = None, comment: str = "") -> PublishResult:
    """Publish an approved record now, or schedule it for `at` (a time in the future). Only 主动公开
    records reach public surfaces; 依申请公开 and 不予公开 records are 'published' to the back office
    only (依申请公开 titles appear where the office chose). Returns warnings (三同步) without blocking."""
    require(actor, Action.REVIEW_RECORD, record)
    now = clock.now()
    with transaction.atomic():
        record = _lock(record)
        _check_move(record, workflow.SCHEDULE if at is not None and at > now else workflow.PUBLISH)
        _require_no_open_findings(record)
        if at is not None and at > now:
            record.scheduled_for = at
            record.save(update_fields=["scheduled_for", "updated_at"])
            _move(actor=actor, record=record, move=workflow.SCHEDULE, comment=comment,
                  data={"scheduled_for": at.isoformat()})
            return PublishResult(record=record)
        _publish_now(record, actor, workflow.PUBLISH, comment, now)
    warnings = []
    warning = interpretation_warning_for(record)
    if warning:
        warnings.append(warning)
    return PublishResult(record=record, warnings=warnings)


def record_unschedule(*, actor: Actor, record: Record, comment: str = "") -> Record:
    require(actor, Action.REVIEW_RECORD, record)
    with transaction.atomic():
        record = _lock(record)
        record.scheduled_for = None
        record.save(update_fields=["scheduled_for", "updated_at"])
        return _move(actor=actor, record=record, move=workflow.UNSCHEDULE, comment=comment)


def records_publish_due(*, actor: Actor, now: datetime | None = None) -> list[PublishResult]:
    """Publish every scheduled record whose time has come (run by a periodic command)."""
    now = now or clock.now()
    results = []
    for record in Record.objects.filter(status=workflow.SCHEDULED, scheduled_for__lte=now):
        require(actor, Action.REVIEW_RECORD, record)
        with transaction.atomic():
            locked = _lock(record)
            if locked.status != workflow.SCHEDULED:
                continue
            _publish_now(locked, actor, workflow.PUBLISH, "定时发布", now)
        warning = interpretation_warning_for(locked)
        results.append(PublishResult(record=locked, warnings=[warning] if warning else []))
    return results


def record_withdraw(*, actor: Actor, record: Record, reason: str) -> Record:
    """The unit's reviewer withdraws; so may the disclosure office over its subtree (oversight: a leak
    found by inspection must come down without waiting for the unit)."""
    require(actor, Action.WITHDRAW_RECORD, record)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("撤回已发布的信息须写明撤回理由。")
    with transaction.atomic():
        record = _lock(record)
        record.withdrawn_reason = reason
        record.scheduled_for = None
        record.save(update_fields=["withdrawn_reason", "scheduled_for", "updated_at"])
        indexing.record_index_on_commit(record)
        return _move(actor=actor, record=record, move=workflow.WITHDRAW, comment=reason)


def record_archive(*, actor: Actor, record: Record, comment: str = "") -> Record:
    require(actor, Action.REVIEW_RECORD, record)
    with transaction.atomic():
        record = _lock(record)
        indexing.record_index_on_commit(record)
        return _move(actor=actor, record=record, move=workflow.ARCHIVE, comment=comment)


def record_mark_nothing_to_publish(*, actor: Actor, unit: Unit, item: CatalogItem, period_start: date,
                                   period_end: date, note: str = "") -> Record:
    """本期无此类信息: a published statement that the item had nothing in the period, so that "nothing
    happened" is told apart from "neglected"."""
    require(actor, Action.DRAFT_RECORD, unit)
    if not period_start or not period_end or period_end < period_start:
        raise ValidationFailed("请填写正确的期间（起始日期不能晚于截止日期）。")
    items = _clean_items(unit, [item])
    if Record.objects.filter(items=item, unit=unit, is_nothing_to_publish=True, period_start=period_start,
                             period_end=period_end).exclude(status__in=[workflow.WITHDRAWN,
                                                                       workflow.ARCHIVED]).exists():
        raise ValidationFailed("该事项在这一期间已有“本期无此类信息”说明。")
    if Record.objects.filter(items=item, is_nothing_to_publish=False, status__in=workflow.PUBLIC_STATUSES,
                             formed_on__gte=period_start, formed_on__lte=period_end).exists():
        raise ValidationFailed("该事项在这一期间已发布信息，不能再说明“本期无此类信息”。")
    period = f"{period_start:%Y年%m月%d日}至{period_end:%Y年%m月%d日}"
    record = Record(
        unit=unit, title=f"{item.name}：本期无此类信息（{period}）", formed_on=period_end,
        body=sanitise_html(f"<p>{period}，本单位无“{item.name}”事项需公开的信息。</p>"
                           + (f"<p>{note}</p>" if note else "")),
        summary=f"{period}本期无此类信息", disclosure_attribute=DisclosureAttribute.PROACTIVE,
        is_nothing_to_publish=True, period_start=period_start, period_end=period_end,
        created_by=_actor_or_none(actor),
    )
    with transaction.atomic():
        _assign_index_number(record, items)
        record.save()
        record.items.set(items)
        _new_revision(record, actor)
        record_event(actor=actor, action="record.created", target=record,
                     data={"index_number": record.index_number, "nothing_to_publish": True})
        _publish_now(record, actor, workflow.DECLARE_NOTHING, note, clock.now())
    return record


# --- attachments ----------------------------------------------------------------------------------

def _require_content_editable(record: Record) -> None:
    if record.status not in workflow.CHANGEABLE:
        raise TransitionNotAllowed(
            f"该政府信息当前为“{workflow.TABLE.status_label(record.status)}”，不能修改附件；请审核人退回后再修改。")


def _after_content_change(record: Record, actor: Actor, comment: str) -> None:
    _new_revision(record, actor)
    if record.status in workflow.REVISABLE:
        _move(actor=actor, record=record, move=workflow.REVISE, comment=comment)


def attachment_add(*, actor: Actor, record: Record, name: str, data: bytes) -> Attachment:
    """Add a file, judged by its content (attachments.check_attachment). The original is stored privately;
    the public copy starts as the same file."""
    require(actor, Action.DRAFT_RECORD, record)
    name = (name or "").strip().replace("/", "_").replace("\\", "_")
    if not name:
        raise ValidationFailed("附件须有文件名。")
    try:
        kind = attachment_rules.check_attachment(name, data, attachment_limits())
    except attachment_rules.AttachmentRefused as exc:
        raise ValidationFailed(exc.message) from exc
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        record = _lock(record)
        _require_content_editable(record)
        order = (record.attachments.aggregate(m=Max("order"))["m"] or 0) + 1
        attachment = Attachment(record=record, name=name, kind=kind, size=len(data), sha256=digest,
                                public_sha256=digest, order=order, added_by=_actor_or_none(actor))
        attachment.original.save(name, ContentFile(data), save=False)
        attachment.public_file.save(name, ContentFile(data), save=False)
        attachment.save()
        attachment_text.text_queue_on_commit(attachment)
        record_event(actor=actor, action="record.attachment_added", target=record,
                     data={"attachment": attachment.pk, "name": name, "kind": kind, "size": len(data),
                           "sha256": digest})
        _changed_by(record, actor, save=True)
        _after_content_change(record, actor, f"新增附件“{name}”")
    return attachment


def attachment_replace_public_copy(*, actor: Actor, attachment: Attachment, data: bytes, note: str,
                                   name: str | None = None) -> Attachment:
    """Put a masked copy in public; the original stays private, with who masked what and when."""
    require(actor, Action.MASK_PERSONAL_DATA, attachment.record)
    note = (note or "").strip()
    if not note:
        raise ValidationFailed("请说明遮盖了哪些内容（如“遮盖身份证号中间8位和手机号中间4位”）。")
    public_name = (name or attachment.name).strip().replace("/", "_").replace("\\", "_")
    try:
        kind = attachment_rules.check_attachment(public_name, data, attachment_limits())
    except attachment_rules.AttachmentRefused as exc:
        raise ValidationFailed(exc.message) from exc
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        record = _lock(attachment.record)
        _require_content_editable(record)
        attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
        old_public = attachment.public_file.name
        attachment.public_file.save(public_name, ContentFile(data), save=False)
        attachment.public_sha256 = digest
        attachment.is_masked = True
        attachment.masked_by = _actor_or_none(actor)
        attachment.masked_at = clock.now()
        attachment.masking_note = note
        attachment_text.text_queue_on_commit(attachment)  # the review reads the new public copy
        attachment.save()
        record_event(actor=actor, action="record.attachment_masked", target=record,
                     data={"attachment": attachment.pk, "name": attachment.name, "public_kind": kind,
                           "public_sha256": digest, "note": note, "replaced": old_public})
        _after_content_change(record, actor, f"附件“{attachment.name}”公开文件已遮盖")
    return attachment


def attachment_remove(*, actor: Actor, attachment: Attachment) -> None:
    require(actor, Action.DRAFT_RECORD, attachment.record)
    with transaction.atomic():
        record = _lock(attachment.record)
        _require_content_editable(record)
        record_event(actor=actor, action="record.attachment_removed", target=record,
                     data={"attachment": attachment.pk, "name": attachment.name, "sha256": attachment.sha256})
        attachment.delete()  # files stay in storage: earlier revisions refer to them
        _changed_by(record, actor, save=True)
        _after_content_change(record, actor, f"删除附件“{attachment.name}”")


# --- entries --------------------------------------------------------------------------------------

def _entry_item(record: Record | None, item: CatalogItem) -> None:
    if not item.schema:
        raise ValidationFailed(f"事项“{item.name}”没有定义要素字段，不能填写明细。")
    if record is not None and not record.items.filter(pk=item.pk).exists():
        raise ValidationFailed(f"政府信息“{record.title}”不属于事项“{item.name}”。")


def validate_entry_values(item: CatalogItem, values: dict[str, Any]) -> dict[str, Any]:
    cleaned, errors = entry_values.clean_values(item.schema or [], values or {})
    if errors:
        raise ValidationFailed("；".join(e.message for e in errors))
    return cleaned


def entry_create(*, actor: Actor, item: CatalogItem, values: dict[str, Any], record: Record | None = None,
                 unit: Unit | None = None) -> Entry:
    unit = record.unit if record is not None else (unit or item.responsible_unit)
    if unit is None:
        raise ValidationFailed("请指定填报单位。")
    require(actor, Action.DRAFT_RECORD, unit)
    _entry_item(record, item)
    cleaned = validate_entry_values(item, values)
    with transaction.atomic():
        if record is not None:
            record = _lock(record)
            _require_content_editable(record)
            _changed_by(record, actor, save=True)
        order = (Entry.objects.filter(item=item, record=record).aggregate(m=Max("order"))["m"] or 0) + 1
        entry = Entry.objects.create(item=item, record=record, unit=unit, values=cleaned, order=order)
        record_event(actor=actor, action="entry.created", target=entry,
                     data={"item": item.pk, **_entry_fingerprint(cleaned)})
    return entry


def _entry_fingerprint(values: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of an entry's values: the element names and a hash of the values — a 明细
    row may be a person's name and ID number, which never enter the log; the hash lets an auditor holding
    a copy prove which values were there."""
    canonical = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
    return {"fields": sorted(values), "values_sha256": hashlib.sha256(canonical.encode("utf-8")).hexdigest()}


def entry_update(*, actor: Actor, entry: Entry, values: dict[str, Any]) -> Entry:
    require(actor, Action.DRAFT_RECORD, entry.unit)
    cleaned = validate_entry_values(entry.item, values)
    with transaction.atomic():
        if entry.record is not None:
            locked = _lock(entry.record)
            _require_content_editable(locked)
            _changed_by(locked, actor, save=True)
        before = entry.values
        entry.values = cleaned
        entry.save(update_fields=["values", "updated_at"])
        changed = sorted(k for k in set(before) | set(cleaned) if before.get(k) != cleaned.get(k))
        record_event(actor=actor, action="entry.updated", target=entry,
                     data={"changed": changed, "before": _entry_fingerprint(before)["values_sha256"],
                           **_entry_fingerprint(cleaned)})
    return entry


def entry_delete(*, actor: Actor, entry: Entry) -> None:
    require(actor, Action.DRAFT_RECORD, entry.unit)
    with transaction.atomic():
        if entry.record is not None:
            locked = _lock(entry.record)
            _require_content_editable(locked)
            _changed_by(locked, actor, save=True)
        record_event(actor=actor, action="entry.deleted", target=entry,
                     data={"item": entry.item_id, **_entry_fingerprint(entry.values)})
        entry.delete()


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}：{self.message}"


def entries_check(item: CatalogItem, rows: list[tuple[int, dict[str, Any]]]) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Validate rows (row number, values) for `item`: (cleaned values, every error by row and column)."""
    cleaned_rows: list[dict[str, Any]] = []
    errors: list[RowError] = []
    for number, values in rows:
        cleaned, problems = entry_values.clean_values(item.schema or [], values)
        if problems:
            errors.extend(RowError(number, p.field, p.message) for p in problems)
        else:
            cleaned_rows.append(cleaned)
    return cleaned_rows, errors


def entries_import(*, actor: Actor, item: CatalogItem, rows: list[tuple[int, dict[str, Any]]], record: Record | None = None,
                   unit: Unit | None = None, replace: bool = False, dry_run: bool = False) -> dict[str, Any]:
    """Import entries all or nothing: any error and nothing is written. With `replace`, the existing
    entries of the item (under the record) are replaced. Returns {"created", "deleted", "errors"}."""
    unit = record.unit if record is not None else (unit or item.responsible_unit)
    if unit is None:
        raise ValidationFailed("请指定填报单位。")
    require(actor, Action.DRAFT_RECORD, unit)
    _entry_item(record, item)
    cleaned_rows, errors = entries_check(item, rows)
    if not rows:
        errors.append(RowError(0, "", "表格中没有明细数据。"))
    if errors or dry_run:
        existing = Entry.objects.filter(item=item, record=record, unit=unit).count()
        return {"created": 0 if errors else len(cleaned_rows), "deleted": existing if replace and not errors else 0,
                "errors": errors, "dry_run": dry_run}
    with transaction.atomic():
        if record is not None:
            record = _lock(record)
            _require_content_editable(record)
            _changed_by(record, actor, save=True)
        deleted = 0
        if replace:
            deleted, _ = Entry.objects.filter(item=item, record=record, unit=unit).delete()
        start = Entry.objects.filter(item=item, record=record).aggregate(m=Max("order"))["m"] or 0
        Entry.objects.bulk_create([Entry(item=item, record=record, unit=unit, values=values, order=start + i)
                                   for i, values in enumerate(cleaned_rows, start=1)])
        record_event(actor=actor, action="entry.imported", target=record or item,
                     data={"item": item.pk, "created": len(cleaned_rows), "deleted": deleted})
    return {"created": len(cleaned_rows), "deleted": deleted, "errors": [], "dry_run": False}


# --- interpretations ------------------------------------------------------------------------------

def interpretation_create(*, actor: Actor, record: Record, kind: str, title: str, body: str = "",
                          url: str = "") -> Interpretation:
    """A 政策解读 of a policy document; published together with the document (or at once by the reviewer
    when the document is already public: interpretation_publish)."""
    require(actor, Action.DRAFT_RECORD, record)
    if not record.is_policy_document:
        raise ValidationFailed("只有政策文件才能添加政策解读。")
    if kind not in InterpretationKind.values:
        raise ValidationFailed("请选择解读形式：文字、图文、问答或视频。")
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("请填写解读标题。")
    if kind == InterpretationKind.VIDEO_LINK and not (url or "").startswith(("http://", "https://")):
        raise ValidationFailed("视频解读须填写以 http:// 或 https:// 开头的视频链接。")
    if kind != InterpretationKind.VIDEO_LINK and not plain_text(body or "").strip():
        raise ValidationFailed("请填写解读内容。")
    with transaction.atomic():
        interpretation = Interpretation.objects.create(
            record=record, kind=kind, title=title, body=sanitise_html(body or ""), url=url or "",
            created_by=_actor_or_none(actor))
        record_event(actor=actor, action="interpretation.created", target=record,
                     data={"interpretation": interpretation.pk, "kind": kind, "title": title})
    return interpretation


def interpretation_publish(*, actor: Actor, interpretation: Interpretation, at: datetime | None = None) -> Interpretation:
    require(actor, Action.REVIEW_RECORD, interpretation.record)
    if interpretation.record.status not in workflow.PUBLIC_STATUSES:
        raise TransitionNotAllowed("政策文件尚未发布；解读将随文件一同发布。")
    with transaction.atomic():
        interpretation.published_at = at or clock.now()
        interpretation.save(update_fields=["published_at", "updated_at"])
        record_event(actor=actor, action="interpretation.published", target=interpretation.record,
                     data={"interpretation": interpretation.pk})
        # The record's page and search document show its interpretations (and cached pages follow the index).
        indexing.record_index_on_commit(interpretation.record)
    return interpretation
