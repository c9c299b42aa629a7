"""Editable letter text per reply type."""

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


def reply_template_save(*, actor: Actor, reply_type: str, title: str, body: str) -> ReplyTemplate:
    """Edit the letter text of a reply type (the disclosure office)."""
    require(actor, Action.APPROVE_EXTENSION)
    if reply_type not in ReplyType.values:
        raise ValidationFailed("答复类型无法识别。")
    if not (title or "").strip() or not (body or "").strip():
        raise ValidationFailed("模板的标题和正文都不能为空。")
    try:
        letter_templates.check(body)
    except TemplateSyntaxError as exc:
        raise ValidationFailed(f"模板语法有误：{exc}") from exc
    with transaction.atomic():
        template, _ = ReplyTemplate.objects.update_or_create(
            reply_type=reply_type, defaults={"title": title.strip(), "body": body, "updated_by": _user(actor)},
        )
        record_event(actor=_user(actor), action="request.reply_template_saved", target=template,
                     data={"reply_type": reply_type})
    return template
