"""通报: drafted from an inspection (units ranked, findings per unit, a deadline), edited, exported as docx and PDF
in the 公文 layout, published on the portal; only the office does it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from gongkai.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from gongkai.exchange.notices import notice_docx, notice_pdf
from gongkai.oversight.services import inspection_run, notice_draft, notice_publish, notice_update

TODAY = date(2026, 11, 20)


@pytest.fixture
def world(publishing_world):
    return publishing_world


@pytest.fixture
def inspected(world):
    world.inspection = inspection_run(actor=world.office, jurisdiction=world.tree["county"], today=TODAY)
    return world


def test_a_notice_is_drafted_from_the_inspection(inspected):
    notice = notice_draft(actor=inspected.office, inspection=inspected.inspection, deadline=date(2026, 12, 20))
    assert notice.title == "关于2026年11月大祥区基层政务公开检查情况的通报"
    assert notice.issuer == "区政务公开办" and notice.addressee == "大祥区各单位"
    body = notice.body
    assert "一、总体情况" in body and "二、存在的问题" in body and "三、整改要求" in body
    assert "（一）区教育局，问题2个。空白栏目：目录事项没有任何公开内容：“政策文件 / 义务教育学校名录”" in body
    assert "区教育局：75分，合格" in body and "于2026年12月20日前完成" in body


def test_deadline_and_self_checks_are_checked(inspected):
    with pytest.raises(ValidationFailed, match="整改期限应晚于检查日期"):
        notice_draft(actor=inspected.office, inspection=inspected.inspection, deadline=TODAY)
    own = inspection_run(actor=inspected.officer, today=TODAY, unit=inspected.unit)
    with pytest.raises(ValidationFailed, match="自查不能形成通报"):
        notice_draft(actor=inspected.office, inspection=own, deadline=date(2026, 12, 20))
    with pytest.raises(PermissionRefused):
        notice_draft(actor=inspected.officer, inspection=inspected.inspection, deadline=date(2026, 12, 20))


def test_the_docx_and_pdf_carry_the_official_document_layout(inspected):
    from docx import Document
    from pypdf import PdfReader

    notice = notice_draft(actor=inspected.office, inspection=inspected.inspection, deadline=date(2026, 12, 20),
                          number="大政务公开办〔2026〕5号")
    document = Document(io.BytesIO(notice_docx(notice)))
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["区政务公开办文件", "大政务公开办〔2026〕5号", notice.title]
    assert texts[-2:] == ["区政务公开办", "2026年11月20日"]
    masthead = document.paragraphs[0].runs[0]
    assert str(masthead.font.color.rgb) == "C00000"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(notice_pdf(notice))).pages)
    assert "大政务公开办〔2026〕5号" in text.replace(" ", "") and "整改要求" in text.replace(" ", "")


def test_publishing_needs_a_number_and_ends_editing(inspected, client):
    notice = notice_draft(actor=inspected.office, inspection=inspected.inspection, deadline=date(2026, 12, 20))
    code = inspected.tree["county"].code
    assert client.get(reverse("portal:notice", args=[code, notice.pk])).status_code == 404
    with pytest.raises(ValidationFailed, match="文号"):
        notice_publish(actor=inspected.office, notice=notice)
    notice_update(actor=inspected.office, notice=notice, number="大政务公开办〔2026〕5号")
    notice_publish(actor=inspected.office, notice=notice)
    page = client.get(reverse("portal:notice", args=[code, notice.pk])).content.decode()
    assert notice.title in page and "大政务公开办〔2026〕5号" in page
    assert notice.title in client.get(reverse("portal:notices", args=[code])).content.decode()
    with pytest.raises(TransitionNotAllowed):
        notice_update(actor=inspected.office, notice=notice, title="改标题")
    with pytest.raises(TransitionNotAllowed):
        notice_publish(actor=inspected.office, notice=notice)


def test_office_drafts_edits_and_publishes_from_the_screens(inspected, client):
    client.force_login(inspected.office)
    response = client.post(reverse("backoffice:oversight_notice_draft", args=[inspected.inspection.pk]),
                           {"deadline": "2026-12-20", "number": ""})
    assert response.status_code == 302
    url = response.url
    form = client.get(url).content.decode()
    assert "已根据本次检查起草通报" in form and "发布通报" in form
    data = {"issuer": "大祥区人民政府办公室", "number": "大政办〔2026〕9号", "title": "关于检查情况的通报",
            "addressee": "各单位", "body": "一、总体情况\n发现问题。", "deadline": "2026-12-20",
            "signed_by": "大祥区人民政府办公室", "dated": "2026-11-21"}
    assert client.post(url, {**data, "title": ""}).status_code == 400
    assert client.post(url, data).status_code == 302
    notice_pk = int(url.rstrip("/").split("/")[-1])
    assert client.post(reverse("backoffice:oversight_notice_publish", args=[notice_pk])).status_code == 302
    docx = client.get(reverse("backoffice:oversight_notice_download", args=[notice_pk, "docx"]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxml")


def test_officer_is_refused_the_notice_screens(inspected, client):
    notice = notice_draft(actor=inspected.office, inspection=inspected.inspection, deadline=date(2026, 12, 20))
    client.force_login(inspected.officer)
    assert client.get(reverse("backoffice:oversight_notices")).status_code == 403
    assert client.get(reverse("backoffice:oversight_notice", args=[notice.pk])).status_code == 404
