"""The disclosure attribute printed on a record's documents (seed 002: "在文件上标注"): 此件主动公开 / 此件依申请公开 /
此件不予公开 under the date of the office's docx and PDF, on the notice-board bulletin, and on the public page."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from gongkai.exchange import bulletins, record_files
from gongkai.publishing.models import DisclosureAttribute, RecordStatus, WithholdingGround
from tests.factories import published_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(channels_world):
    return channels_world


def pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\n", "").replace(" ", "")


def test_the_office_docx_prints_the_attribute_under_the_date(world):
    paragraphs = [p.text for p in Document(io.BytesIO(record_files.record_docx(world.record))).paragraphs]
    assert paragraphs[:2] == ["大教发〔2026〕12号", world.record.title]
    assert paragraphs[-3:] == ["大祥区教育局", "2026年8月1日", "（此件主动公开）"]


def test_each_attribute_has_its_own_wording(world):
    on_request = published_record(world.edu, title="某项依申请公开的信息", status=RecordStatus.DRAFT,
                                  disclosure_attribute=DisclosureAttribute.ON_REQUEST)
    withheld = published_record(world.edu, title="某项不予公开的信息", status=RecordStatus.DRAFT,
                                disclosure_attribute=DisclosureAttribute.WITHHELD,
                                withholding_ground=WithholdingGround.choices[0][0],
                                next_review_on=datetime.date(2027, 8, 1))
    assert "（此件依申请公开）" in pdf_text(record_files.record_pdf(on_request))
    assert Document(io.BytesIO(record_files.record_docx(withheld))).paragraphs[-1].text == "（此件不予公开）"


def test_the_bulletin_and_the_public_page_show_it(client, world):
    pdf = bulletins.bulletin_pdf(world.record, public_url="https://gongkai.example.cn/j/430503000000/r/1/")
    assert "（此件主动公开）" in pdf_text(pdf)
    page = client.get(reverse("portal:record", kwargs={"code": world.record.unit.jurisdiction.code,
                                                       "ref": world.record.index_number}))
    assert page.status_code == 200 and "（此件主动公开）" in page.content.decode()


def test_the_documents_are_for_the_unit_and_the_office_only(client, world):
    url = reverse("backoffice:record_document", args=[world.record.pk, "docx"])
    client.force_login(world.users.officer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == record_files.DOCX_TYPE
    assert client.get(reverse("backoffice:record_document", args=[world.record.pk, "pdf"]))["Content-Type"] == \
        record_files.PDF_TYPE
    assert client.get(reverse("backoffice:record_document", args=[world.record.pk, "exe"])).status_code == 404
    client.force_login(world.users.office)
    assert client.get(url).status_code == 200
    for stranger in (world.users.civil_officer, world.users.other_office, world.users.admin):
        client.force_login(stranger)
        assert client.get(url).status_code == 403
