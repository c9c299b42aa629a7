"""Back-office annual report screens: the office's and reviewer's flows, and refusals for everyone else."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.exchange.annual_report_import import tables_to_xlsx
from gongkai.reports.models import AnnualReport, ReportStatus, ReviewLitigationCase
from tests.factories import PASSWORD, AnnualReportFactory
from tests.factories import counted_request as make_request
from tests.reports.samples import balanced

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reports_world):
    return reports_world


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_reviewer_creates_edits_and_publishes(client, world):
    make_request(world["edu"], received_on=datetime.date(2025, 3, 3), replied_on=datetime.date(2025, 3, 10))
    c = _login(client, world["reviewer"])
    assert c.get(reverse("backoffice:annual_reports")).status_code == 200
    r = c.post(reverse("backoffice:annual_reports"), {"unit": world["edu"].pk, "year": 2025})
    report = AnnualReport.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("backoffice:annual_report", args=[report.pk])
    page = c.get(r["Location"]).content.decode()
    assert "勾稽关系和行列合计均已通过" in page and "本列数据的勾稽关系为" in page
    # 表三 scrolls sideways in its own focusable region on a phone instead of squeezing its columns
    assert '<div class="report-table-wrap" role="region" aria-label="表3" tabindex="0"><table class="report-table report-table-3">' in page
    c.post(r["Location"], {"title": report.title, "section_general": "<p>全年新收政府信息公开申请1件。</p>",
                           "section_problems": "", "section_other": ""})
    c.post(reverse("backoffice:annual_report_publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert c.get(reverse("backoffice:annual_report_file", args=[report.pk, "docx"])).status_code == 200


def test_refused_users(client, world):
    report = AnnualReportFactory(unit=world["edu"], kind="department", year=2025, title="t", tables=balanced())
    c = _login(client, world["officer"])
    for url in (reverse("backoffice:annual_reports"), reverse("backoffice:annual_report", args=[report.pk]),
                reverse("backoffice:review_cases"), reverse("backoffice:annual_report_import"),
                reverse("backoffice:annual_report_file", args=[report.pk, "pdf"])):
        assert c.get(url).status_code == 403, url
    assert c.post(reverse("backoffice:annual_report_publish", args=[report.pk])).status_code == 403
    c.logout()
    c = _login(client, world["stranger"])
    assert c.get(reverse("backoffice:annual_report", args=[report.pk])).status_code == 403
    assert c.post(reverse("backoffice:annual_reports"), {"unit": world["edu"].pk, "year": 2025}).status_code == 200
    assert AnnualReport.objects.count() == 1
    c.logout()
    assert client.get(reverse("backoffice:annual_reports")).status_code == 302  # anonymous → login


def test_case_register(client, world):
    c = _login(client, world["office"])
    c.post(reverse("backoffice:review_cases"), {"unit": world["edu"].pk, "year": 2025, "kind": "review",
                                                "result": "pending", "case_number": "大复〔2025〕1号"})
    case = ReviewLitigationCase.objects.get()
    c.post(reverse("backoffice:review_case_result", args=[case.pk]), {"result": "upheld"})
    case.refresh_from_db()
    assert case.result == "upheld"


def test_import_dry_run_then_confirm(client, world, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path)}}}
    c = _login(client, world["office"])
    data = tables_to_xlsx(balanced("2019"), "大祥区教育局2020年政府信息公开工作年度报告")
    url = reverse("backoffice:annual_report_import")
    page = c.post(url, {"unit": world["edu"].pk, "file": SimpleUploadedFile("2020.xlsx", data)}).content.decode()
    assert "检查通过：2020年度，2019年版格式" in page and not AnnualReport.objects.exists()
    r = c.post(url, {"confirm": "1"})
    report = AnnualReport.objects.get()
    assert r.status_code == 302 and report.year == 2020 and report.format == "2019"
    bad = c.post(url, {"unit": world["edu"].pk, "file": SimpleUploadedFile("x.pdf", b"%PDF")}).content.decode()
    assert ".xlsx 或 .docx" in bad


def test_article_49_publish_move_not_offered_before_the_year_ends(client, world, clock):
    """《条例》第四十九条 on the screen: this year's draft shows why it cannot be published, offers no
    publish button, and a forged POST is refused with the same Chinese message."""
    clock.set(datetime.date(2026, 12, 2))
    c = _login(client, world["reviewer"])
    c.post(reverse("backoffice:annual_reports"), {"unit": world["edu"].pk, "year": 2026})
    report = AnnualReport.objects.get()
    c.post(reverse("backoffice:annual_report", args=[report.pk]), {
        "title": report.title, "section_general": "总体情况", "section_problems": "", "section_other": ""})
    page = c.get(reverse("backoffice:annual_report", args=[report.pk])).content.decode()
    assert "2026年度尚未结束" in page and "2027年1月1日起方可发布" in page
    assert "发布到门户网站" not in page and "保存正文" in page
    r = c.post(reverse("backoffice:annual_report_publish", args=[report.pk]), follow=True)
    assert "2026年度尚未结束" in r.content.decode()
    assert AnnualReport.objects.get().status == ReportStatus.DRAFT
    clock.set(datetime.date(2027, 1, 4))
    page = c.get(reverse("backoffice:annual_report", args=[report.pk])).content.decode()
    assert "发布到门户网站" in page and "尚未结束" not in page
