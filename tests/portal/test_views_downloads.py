"""Catalog downloads: the published version (and a superseded one from its history page) as xlsx, docx, csv,
made by the exchange exporter."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories import CatalogItemFactory, CatalogVersionFactory

pytestmark = pytest.mark.django_db

COUNTY = "430503000000"


@pytest.mark.parametrize("fmt, content_type", [
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("csv", "text/csv"),
])
def test_download_has_the_right_type_and_opens(client, portal, fmt, content_type):
    response = client.get(reverse("portal:download", kwargs={"code": COUNTY, "fmt": fmt}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "attachment" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    content = response.content
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content))
        text = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    elif fmt == "docx":
        import docx

        document = docx.Document(io.BytesIO(content))
        text = " ".join([p.text for p in document.paragraphs]
                        + [c.text for t in document.tables for r in t.rows for c in r.cells])
    else:
        text = " ".join(" ".join(row) for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert "招生范围" in text and "低保对象认定条件" in text


def test_superseded_version_downloads_from_its_history_page(client, portal):
    old = CatalogVersionFactory(catalog=portal["catalog"], label="2020版", year=2020, status="superseded")
    CatalogItemFactory(version=old, domain=portal["education"], topic="招生管理", name="旧版独有事项")
    response = client.get(reverse("portal:version_download", kwargs={"code": COUNTY, "label": "2020版",
                                                                     "fmt": "csv"}))
    assert response.status_code == 200
    assert "旧版独有事项" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "approved"])
def test_unpublished_version_cannot_be_downloaded(client, portal, status):
    CatalogVersionFactory(catalog=portal["catalog"], label="2022版", year=2022, status=status)
    response = client.get(reverse("portal:version_download", kwargs={"code": COUNTY, "label": "2022版",
                                                                     "fmt": "xlsx"}))
    assert response.status_code == 404


def test_download_of_an_unpublished_jurisdiction_is_a_404(client, portal):
    response = client.get(reverse("portal:download", kwargs={"code": "430502000000", "fmt": "csv"}))
    assert response.status_code == 404
