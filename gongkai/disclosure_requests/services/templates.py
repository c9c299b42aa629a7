"""Editable letter text per reply type and jurisdiction: an office sets its jurisdiction's (or, where the
policy lets it, a jurisdiction's below it) and reverts it to what the level above uses."""

from __future__ import annotations

from django.db import transaction
from django.template import TemplateSyntaxError

from gongkai.accounts.policies import Action, Actor, require
from gongkai.core.audit import record_event
from gongkai.core.errors import ValidationFailed
from gongkai.disclosure_requests import letter_templates
from gongkai.disclosure_requests.models import (
    ReplyTemplate,
    ReplyType,
)
from gongkai.disclosure_requests.services._common import (
    _user,
)
from gongkai.organizations.models import Jurisdiction


def reply_template_save(*, actor: Actor, jurisdiction: Jurisdiction, reply_type: str, title: str,
                        body: str) -> ReplyTemplate:
    """Set the letter text of a reply type for `jurisdiction` (its own row: created on the first save,
    edited after); the jurisdictions below that have none of their own use it."""
    require(actor, Action.EDIT_LETTER_TEMPLATES, jurisdiction)
    if reply_type not in ReplyType.values:
        raise ValidationFailed("答复类型无法识别。")
    if not (title or "").strip() or not (body or "").strip():
        raise ValidationFailed("模板的标题和正文都不能为空。")
    try:
        letter_templates.check(body)
    except TemplateSyntaxError as exc:
        raise ValidationFailed(f"模板语法有误：{exc}") from exc
    with transaction.atomic():
        template, created = ReplyTemplate.objects.update_or_create(
            jurisdiction=jurisdiction, reply_type=reply_type,
            defaults={"title": title.strip(), "body": body, "updated_by": _user(actor)},
        )
        record_event(actor=_user(actor), action="request.reply_template_saved", target=template,
                     data={"reply_type": reply_type, "jurisdiction": jurisdiction.code, "created": created,
                           "title": template.title, "body_chars": len(body)})
    return template


def reply_template_revert(*, actor: Actor, jurisdiction: Jurisdiction, reply_type: str) -> None:
    """Drop `jurisdiction`'s own text of a reply type: its letters use the level above's again (or the
    installation default)."""
    require(actor, Action.EDIT_LETTER_TEMPLATES, jurisdiction)
    with transaction.atomic():
        template = (ReplyTemplate.objects.select_for_update()
                    .filter(jurisdiction=jurisdiction, reply_type=reply_type).first())
        if template is None:
            raise ValidationFailed("本级没有自己的这份模板，已在沿用上级或系统默认的模板。")
        record_event(actor=_user(actor), action="request.reply_template_reverted", target=template,
                     data={"reply_type": reply_type, "jurisdiction": jurisdiction.code, "title": template.title})
        template.delete()
