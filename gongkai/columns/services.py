"""Writes of the 政府信息公开 column: the guide's versions (draft from the generated text, edit, publish), the 制度
documents, the office's 高频事项 marks — each asked of the policy (Action.MANAGE_DISCLOSURE_COLUMN: the disclosure
office over its subtree), in one transaction, audited — and the portal's view counters (not a person's act: no
audit event, one row per item and day bumped in place)."""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.db.models import Max

from gongkai.accounts.policies import Action, Actor, acting_user, require
from gongkai.catalog import selectors as catalog_selectors
from gongkai.columns import guide_text, selectors, signals
from gongkai.columns.models import GuideStatus, GuideVersion, HighFrequencyItem, ItemViewDay, RulesDocument
from gongkai.core import clock
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.organizations.models import Jurisdiction
from gongkai.publishing import attachments as attachment_rules

MAX_BODY = 50_000
MAX_TITLE = 200


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("请填写标题。")
    if len(title) > MAX_TITLE:
        raise ValidationFailed(f"标题不能超过{MAX_TITLE}个字（现有{len(title)}个字）。")
    return title


def _clean_body(body: str, *, required: bool = True) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if required and not body:
        raise ValidationFailed("请填写正文。")
    if len(body) > MAX_BODY:
        raise ValidationFailed(f"正文不能超过{MAX_BODY}个字（现有{len(body)}个字）。")
    return body


# --- the guide -------------------------------------------------------------------------------------------------

def guide_draft_create(*, actor: Actor, jurisdiction: Jurisdiction, from_current: bool = False) -> GuideVersion:
    """A new draft of the guide: the text generated from the jurisdiction's data, or (from_current) a copy of the
    published guide to revise. Refused while a draft exists."""
    require(actor, Action.MANAGE_DISCLOSURE_COLUMN, jurisdiction)
    with transaction.atomic():
        Jurisdiction.objects.select_for_update().filter(pk=jurisdiction.pk).first()
        if selectors.guide_draft(jurisdiction) is not None:
            raise ValidationFailed("已有一份指南草稿，请先编辑发布或删除该草稿。")
        current = next(iter(selectors.published_guides(jurisdiction)), None)
        if from_current and current is None:
            raise ValidationFailed("尚未发布过指南，请从本级数据生成草稿。")
        if from_current and current is not None:
            title, body, source = current.title, current.body, f"第{current.number}版"
        else:
            title = guide_text.guide_title(jurisdiction.name)
            body = guide_text.guide_text(selectors.guide_facts(jurisdiction))
            source = "本级数据生成"
        number = (GuideVersion.objects.filter(jurisdiction=jurisdiction).aggregate(n=Max("number"))["n"] or 0) + 1
        draft = GuideVersion.objects.create(jurisdiction=jurisdiction, number=number, title=title, body=body,
                                            created_by=acting_user(actor))
        record_event(actor=actor, action="column.guide_draft_create", target=draft,
                     data={"jurisdiction": jurisdiction.code, "number": number, "source": source})
    return draft


def _draft(version: GuideVersion) -> GuideVersion:
    locked = GuideVersion.objects.select_for_update().select_related("jurisdiction").get(pk=version.pk)
    if locked.status != GuideStatus.DRAFT:
        raise ValidationFailed(f"第{locked.number}版指南已发布，不能再修改；请新建草稿。")
    return locked


def guide_draft_update(*, actor: Actor, version: GuideVersion, title: str, body: str, note: str = "") -> GuideVersion:
    require(actor, Action.MANAGE_DISCLOSURE_COLUMN, version.jurisdiction)
    title, body, note = _clean_title(title), _clean_body(body), (note or "").strip()[:200]
    with transaction.atomic():
        draft = _draft(version)
        changed = [f for f, v in (("title", title), ("body", body), ("note", note)) if getattr(draft, f) != v]
        draft.title, draft.body, draft.note = title, body, note
        draft.save()
        record_event(actor=actor, action="column.guide_draft_update", target=draft,
                     data={"number": draft.number, "changed": changed})
    return draft


def guide_publish(*, actor: Actor, version: GuideVersion) -> GuideVersion:
    """The draft becomes the current guide (with its publication time); the earlier versions stay listed."""
    require(actor, Action.MANAGE_DISCLOSURE_COLUMN, version.jurisdiction)
    with transaction.atomic():
        draft = _draft(version)
        _clean_title(draft.title), _clean_body(draft.body)
        draft.status, draft.published_at, draft.published_by = GuideStatus.PUBLISHED, clock.now(), acting_user(actor)
        draft.save()
        record_event(actor=actor, action="column.guide_publish", target=draft,
                     data={"jurisdiction": draft.jurisdiction.code, "number": draft.number, "note": draft.note})
    return draft


def guide_draft_discard(*, actor: Actor, version: GuideVersion) -> None:
    require(actor, Action.MANAGE_DISCLOSURE_COLUMN, version.jurisdiction)
    with transaction.atomic():
        draft = _draft(version)
        record_event(actor=actor, action="column.guide_draft_discard", target=draft,
                     data={"jurisdiction": draft.jurisdiction.code, "number": draft.number})
        draft.delete()


# --- 制度 ------------------------------------------------------------------------------------------------------

def _checked_file(upload: File[Any]) -> tuple[str, ContentFile[bytes], str]:
    data = upload.read()
    name = (getattr(upload, "name", "") or "附件").rsplit("/", 1)[-1][:200]
    try:
        kind = attachment_rules.check_attachment(name, data)
    except attachment_rules.AttachmentRefused as exc:
        raise ValidationFailed(exc.message) from exc
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else kind
    return f"rules.{extension}", ContentFile(data), name


def _rules_fields(title: str, document_number: str, issued_on: date | None, body: str) -> dict[str, Any]:
    if not isinstance(issued_on, date):
        raise ValidationFailed("请填写发布日期。")
    number = (document_number or "").strip()
    if len(number) > 100:
        raise ValidationFailed("文号不能超过100个字。")
    return {"title": _clean_title(title), "document_number": number, "issued_on": issued_on,
            "body": _clean_body(body, required=False)}


def rules_document_create(*, actor: Actor, jurisdiction: Jurisdiction, title: str, issued_on: date | None,
                          document_number: str = "", body: str = "", attachment: File[Any] | None = None) -> RulesDocument:
    """Publish a 制度 document on the jurisdiction's column: its text, an attachment (checked by its content), or both."""
    require(actor, Action.MANAGE_DISCLOSURE_COLUMN, jurisdiction)
    fields = _rules_fields(title, document_number, issued_on, body)
    if not fields["body"] and attachment is None:
        raise ValidationFailed("请填写正文或上传附件。")
    with transaction.atomic():
        document = RulesDocument(jurisdiction=jurisdiction, created_by=acting_user(actor), **fields)
        if attachment is not None:
            filename, content, name = _checked_file(attachment)
            document.attachment.save(filename, content, save=False)
            document.attachment_name = name
        document.save()
        record_event(actor=actor, action="column.rules_create", target=document,
                     data={"jurisdiction": jurisdiction.code, "title": document.title,
                           "document_number": document.document_number, "attachment": document.attachment_name})
    return document


def rules_document_update(*, actor: Actor, document: RulesDocument, title: str, issued_on: date | None,
                          document_number: str = "", body: str = "", attachment: File[Any] | None = None,
                          remove_attachment: bool = False) -> RulesDocument:
    require(actor, Action.MANAGE_DISCLOSURE_COLUMN, document.jurisdiction)
    fields = _rules_fields(title, document_number, issued_on, body)
    with transaction.atomic():
        document = RulesDocument.objects.select_for_update().select_related("jurisdiction").get(pk=document.pk)
        changes = {k: [str(getattr(document, k)), str(v)] for k, v in fields.items() if getattr(document, k) != v}
        for k, v in fields.items():
            setattr(document, k, v)
        if attachment is not None:
            filename, content, name = _checked_file(attachment)
            document.attachment.save(filename, content, save=False)
            changes["attachment"] = [document.attachment_name, name]
            document.attachment_name = name
        elif remove_attachment and document.attachment:
            changes["attachment"] = [document.attachment_name, ""]
            document.attachment, document.attachment_name = None, ""
        if not document.body and not document.attachment:
            raise ValidationFailed("请填写正文或上传附件。")
        document.save()
        record_event(actor=actor, action="column.rules_update", target=document, data={"changes": changes})
    return document


def rules_document_set_public(*, actor: Actor, document: RulesDocument, is_public: bool) -> RulesDocument:
    """Take a document down from the portal (e.g. repealed), or put it back."""
    require(actor, Action.MANAGE_DISCLOSURE_COLUMN, document.jurisdiction)
    with transaction.atomic():
        document = RulesDocument.objects.select_for_update().select_related("jurisdiction").get(pk=document.pk)
        if document.is_public != is_public:
            document.is_public = is_public
            document.save(update_fields=["is_public", "updated_at"])
            record_event(actor=actor, action="column.rules_show" if is_public else "column.rules_hide",
                         target=document, data={"title": document.title})
    return document


# --- 高频事项 --------------------------------------------------------------------------------------------------

def high_frequency_set(*, actor: Actor, jurisdiction: Jurisdiction, item_keys: Iterable[str | UUID]) -> tuple[int, int]:
    """The office's 高频事项: exactly these items of the published catalog. Returns (added, removed)."""
    require(actor, Action.MANAGE_DISCLOSURE_COLUMN, jurisdiction)
    version = catalog_selectors.published_version(jurisdiction)
    if version is None:
        raise ValidationFailed(f"{jurisdiction.name}的公开事项目录尚未发布，不能设置高频事项。")
    wanted = {str(k) for k in item_keys}
    known = {str(k): k for k in catalog_selectors.effective_items(version).values_list("key", flat=True)}
    unknown = wanted - set(known)
    if unknown:
        raise ValidationFailed("所选事项不在已发布的公开事项目录中，请刷新页面后重新选择。")
    with transaction.atomic():
        current = {str(m.item_key): m for m in
                   HighFrequencyItem.objects.select_for_update().filter(jurisdiction=jurisdiction)}
        added = [known[k] for k in sorted(wanted - set(current))]
        removed = [k for k in current if k not in wanted]
        HighFrequencyItem.objects.bulk_create(
            [HighFrequencyItem(jurisdiction=jurisdiction, item_key=k, marked_by=acting_user(actor)) for k in added])
        HighFrequencyItem.objects.filter(jurisdiction=jurisdiction, item_key__in=removed).delete()
        if added or removed:
            record_event(actor=actor, action="column.high_frequency_set", target=jurisdiction,
                         data={"added": [str(k) for k in added], "removed": removed})
    if added or removed:
        signals.high_frequency_changed.send(sender=HighFrequencyItem, jurisdiction_code=jurisdiction.code)
    return len(added), len(removed)


# --- the portal's view counters ------------------------------------------------------------------------------
# A view is added up in the process, and pushed every COUNT_PUSH_SECONDS into the cache (one atomic increment on a
# key per item, day and kind: Redis when CACHE_URL names it, shared by every process; the local cache otherwise,
# each process its own; a process killed with SIGKILL loses at most those seconds of counts), never in the database
# on the request: with several workers on SQLite every write would wait for the others. item_counts_flush() moves the
# counts into ItemViewDay in one statement: each process after COUNT_FLUSH_SECONDS of its own counting (on its
# next count), and `gongkai flush-item-views` from cron (deploy/schedule.cron) for every process's counts in Redis.

logger = logging.getLogger("gongkai.columns")
COUNT_PREFIX = "gk:views:"
COUNT_LOCK = "gk:views-flush-lock"
COUNT_TTL = 3 * 24 * 3600  # longer than any pause between two flushes
_unpushed: dict[str, int] = {}  # counted in this process, not yet in the cache
_pushed_at: list[float] = []  # when this process last pushed its counts to the cache (empty: never)
_pending: set[str] = set()  # keys this process pushed to the cache, for its own flush
_pending_since: list[float] = []  # when this process counted the oldest of its unflushed views (empty: none)
_pending_lock = threading.Lock()


def _counter_cache() -> BaseCache:
    return caches["default"]


def item_counted(*, jurisdiction: Jurisdiction, item_key: UUID, day: date, search: bool = False) -> None:
    """Count one view of an item's page (or one search naming it) on `day`: added up in this process, pushed to the
    cache with its other counts every COUNT_PUSH_SECONDS (a page served from the cache then makes no round trip for
    its count), no database query (item_counts_flush writes the counts into ItemViewDay). A visitor's act, not a
    person's decision: no audit event."""
    key = f"{COUNT_PREFIX}{jurisdiction.pk}:{item_key.hex}:{day.isoformat()}:{'s' if search else 'v'}"
    now = time.monotonic()
    with _pending_lock:
        _unpushed[key] = _unpushed.get(key, 0) + 1
        if not _pending_since:
            _pending_since.append(now)
        if not _pushed_at:
            _pushed_at.append(now)
        push = now - _pushed_at[0] >= settings.GONGKAI_COUNT_PUSH_SECONDS
        due = now - _pending_since[0] >= settings.GONGKAI_COUNT_FLUSH_SECONDS
    if due:
        item_counts_flush()
    elif push:
        _push()


def _push() -> None:
    """This process's counts into the cache (an atomic increment per item, day and kind, racing other processes),
    where every process's flush and `gongkai flush-item-views` find them."""
    with _pending_lock:
        counts = dict(_unpushed)
        _unpushed.clear()
        _pushed_at[:] = [time.monotonic()]
        _pending.update(counts)
    if not counts:
        return
    cache = _counter_cache()
    pushed: list[str] = []
    try:
        for key, n in counts.items():
            try:
                cache.incr(key, n)
            except ValueError:  # the day's first count of this item (or the cache lost it): create it, racing others
                if not cache.add(key, n, COUNT_TTL):
                    cache.incr(key, n)
            pushed.append(key)
    except Exception:
        # The cache is away: what was not pushed waits in the process for the next push (a visitor's page is not
        # an error because a counter could not be written).
        with _pending_lock:
            for key, n in counts.items():
                if key not in pushed:
                    _unpushed[key] = _unpushed.get(key, 0) + n
        logger.warning("高频事项计数未能写入缓存，稍后重试", exc_info=True)


atexit.register(_push)  # a worker stopped gracefully (gunicorn's max_requests, a deploy) leaves no count behind


def _shared_count_keys(cache: BaseCache) -> set[str]:
    """Every process's counter keys, when the cache is shared (Redis); none otherwise (a local cache is the
    process's own: each flushes its own)."""
    if not isinstance(cache, RedisCache):
        return set()
    base = cache.make_key("")
    client = cache._cache.get_client()
    found = client.scan_iter(match=cache.make_key(COUNT_PREFIX) + "*", count=1000)
    return {(raw.decode() if isinstance(raw, bytes) else raw)[len(base):] for raw in found}


def item_counts_flush(*, shared: bool = False) -> int:
    """Move the counted views into ItemViewDay in one statement (INSERT … ON CONFLICT DO UPDATE adding to the day's
    row, SQLite and PostgreSQL alike): this process's counts, and with `shared` every process's in Redis. Exact:
    each counter is lowered by what was read (increments meanwhile stay), one flush at a time (a lock in the
    cache), and given back if the write fails. Returns the number of rows written."""
    _push()
    cache = _counter_cache()
    if not cache.add(COUNT_LOCK, 1, 60):
        return 0  # another process is flushing; the counts wait for the next flush
    try:
        with _pending_lock:
            keys = set(_pending)
            _pending.clear()
            _pending_since.clear()
        if shared:
            keys |= _shared_count_keys(cache)
        found = {k: int(v) for k, v in cache.get_many(sorted(keys)).items() if v and int(v) > 0}
        if not found:
            return 0
        rows: dict[tuple[int, str, str], list[int]] = {}
        for k, n in found.items():
            jid, item, day, kind = k[len(COUNT_PREFIX):].split(":")
            rows.setdefault((int(jid), item, day), [0, 0])[0 if kind == "v" else 1] += n
        for k, n in found.items():
            cache.decr(k, n)
        try:
            _write_counts(rows)
        except Exception:
            for k, n in found.items():
                cache.incr(k, n)
            raise
        return len(rows)
    finally:
        cache.delete(COUNT_LOCK)


def _write_counts(rows: dict[tuple[int, str, str], list[int]]) -> None:
    meta = ItemViewDay._meta
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    key_field, day_field = meta.get_field("item_key"), meta.get_field("day")
    params: list[Any] = []
    for (jid, item, day), (views, searches) in sorted(rows.items()):
        params += [jid, key_field.get_db_prep_value(UUID(item), connection),
                   day_field.get_db_prep_value(date.fromisoformat(day), connection), views, searches]
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({qn('jurisdiction_id')}, {qn('item_key')}, {qn('day')}, {qn('views')}, "
            f"{qn('searches')}) VALUES {values} "
            f"ON CONFLICT ({qn('jurisdiction_id')}, {qn('item_key')}, {qn('day')}) "
            f"DO UPDATE SET {qn('views')} = {table}.{qn('views')} + excluded.{qn('views')}, "
            f"{qn('searches')} = {table}.{qn('searches')} + excluded.{qn('searches')}",
            params)
