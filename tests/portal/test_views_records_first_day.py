"""Defects a county saw on its first day on the public pages (issue 10)."""

import pytest
from django.urls import reverse

from gongkai.publishing.models import Interpretation
from tests.factories import make_record

pytestmark = pytest.mark.django_db
CODE = "430503000000"


def test_interpretation_body_is_rendered_as_sanitised_html_not_as_text(client, records):
    """The 政策解读 of 大教发〔2021〕8号 showed `<p><strong>问：…` as text on the public page."""
    record = make_record(records["unit"], [records["items"][0]], title="义务教育招生入学工作实施方案",
                         document_number="大教发〔2021〕8号", is_policy_document=True)
    Interpretation.objects.create(
        record=record, kind="qa", title="问答解读",
        body='<p><strong>问：</strong>哪些学生可以入学？</p><script>alert(1)</script><p onclick="x()">答：学区内适龄儿童。</p>',
        published_at=record.published_at)
    text = client.get(reverse("portal:record", kwargs={"code": CODE, "ref": record.index_number})).content.decode()
    assert "<p><strong>问：</strong>哪些学生可以入学？</p>" in text
    assert "&lt;p&gt;" not in text and "&lt;strong&gt;" not in text
    assert "<script>alert" not in text and "onclick" not in text


def test_plain_text_interpretation_keeps_its_paragraphs(client, records):
    record = make_record(records["unit"], [records["items"][0]], title="政策文件", is_policy_document=True)
    Interpretation.objects.create(record=record, kind="text", title="文字解读", body="第一段 1<2\n\n第二段",
                                  published_at=record.published_at)
    text = client.get(reverse("portal:record", kwargs={"code": CODE, "ref": record.index_number})).content.decode()
    assert "<p>第一段 1&lt;2</p>" in text and "<p>第二段</p>" in text
