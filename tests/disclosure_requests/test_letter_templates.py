"""Reply letters as docx and PDF: title, number, applicant's name only, the article, the reasons, the
remedies, the agency and the date (《条例》第三十六条、第五十一条; rules.md §4)."""

import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from gongkai.disclosure_requests import services
from gongkai.exchange.reply_letters import (
    render_letter,
    reply_letter_docx,
    reply_letter_pdf,
)
from tests.factories import received_request
from tests.worlds import requests_county

pytestmark = pytest.mark.django_db

REASONS = "名单中的身份证号码和银行账号属于个人隐私"


@pytest.fixture
def reply():
    world = requests_county()
    request = received_request(world)
    return services.request_reply(
        actor=world["officer"], request=request, type="partial", on=date(2025, 3, 20), reasons=REASONS,
        attachments=[("低保名单（已遮盖）.pdf", b"%PDF-1.4 fake", True)],
    )


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def test_reply_letter_docx_has_article_reasons_and_remedies(reply):
    """rules.md §4: 答复书写明法律依据、理由、救济途径和日期."""
    text = _docx_text(reply_letter_docx(reply))
    assert "政府信息公开申请答复书" in text
    assert reply.letter_number in text
    assert "第三十七条" in text
    assert REASONS in text
    assert "行政复议" in text and "行政诉讼" in text
    assert "2025年3月20日" in text and "大祥区政务公开办" in text
    assert "张某某" in text
    assert reply.request.id_number not in text and "13800000000" not in text


def test_reply_letter_pdf_has_article_and_reasons(reply):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(reply_letter_pdf(reply))).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "第三十七条" in compact
    assert REASONS in compact
    assert "行政复议" in compact


def test_edited_template_is_used(reply):
    services.reply_template_save(actor=reply.request.created_by, jurisdiction=reply.request.jurisdiction,
                                 reply_type="partial", title="政府信息公开申请答复书", body="{{ applicant }}：本机关决定部分公开。{{ reply.reasons }}（自定义）")
    parts = render_letter(reply)
    assert parts["paragraphs"] == [f"张某某：本机关决定部分公开。{REASONS}（自定义）"]


def test_template_with_bad_syntax_is_refused(reply):
    from gongkai.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        services.reply_template_save(actor=reply.request.created_by, jurisdiction=reply.request.jurisdiction,
                                     reply_type="partial", title="答复书", body="{% if %}")
    assert "模板语法有误" in exc.value.message


def test_every_reply_type_has_a_default_template():
    from gongkai.disclosure_requests.models import ReplyType
    from gongkai.disclosure_requests.selectors import default_templates

    assert set(default_templates()) == set(ReplyType.values)
