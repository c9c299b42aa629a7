"""Reply-letter templates render in a sandbox with a minimal context, played as an office editing a template
to print what it should not: the applicant's ID number through the request object, another template or
file through include/extends, the settings through debug, a tag library through load."""

from datetime import date

import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import ReplyTemplate
from gongkai.exchange.reply_letters import render_letter
from tests.factories import received_request
from tests.worlds import requests_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply():
    world = requests_county()
    request = received_request(world)
    request.id_number = "430503199001011236"
    request.save(update_fields=["id_number"])
    return services.request_reply(actor=world["officer"], request=request, type="partial", on=date(2025, 3, 20),
                                  reasons="涉及个人隐私", attachments=[("名单（已遮盖）.pdf", b"%PDF-1.4 fake", True)])


@pytest.mark.parametrize("body", [
    "{% include 'base.html' %}", "{% extends 'base.html' %}", "{% debug %}", "{% load static %}",
    "{% ssi '/etc/passwd' %}", "{% csrf_token %}",
])
def test_tags_outside_the_sandbox_are_refused_at_save(reply, body):
    with pytest.raises(ValidationFailed) as exc:
        services.reply_template_save(actor=reply.request.created_by, jurisdiction=reply.request.jurisdiction,
                                     reply_type="partial", title="答复书", body=f"{{{{ applicant }}}}：{body}")
    assert "不能使用" in exc.value.message
    assert not ReplyTemplate.objects.exists()


def test_the_request_object_is_not_in_the_context(reply):
    services.reply_template_save(
        actor=reply.request.created_by, jurisdiction=reply.request.jurisdiction, reply_type="partial", title="答复书",
        body="{{ applicant }}：[{{ request.id_number }}][{{ reply.request.id_number }}][{{ request.tracking_code }}]")
    text = render_letter(reply)["paragraphs"][0]
    assert "430503199001011236" not in text
    assert text == f"张某某：[][][{reply.request.tracking_code}]"


def test_a_template_stored_before_the_sandbox_is_refused_at_rendering(reply):
    from django.template import TemplateSyntaxError

    ReplyTemplate.objects.create(reply_type="partial", title="答复书", body="{% debug %}")
    with pytest.raises(TemplateSyntaxError):
        render_letter(reply)
