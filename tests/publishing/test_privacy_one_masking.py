"""One masking for every public surface of a record: its portal page (具体内容), the CSV of its entries and the
printed bulletin show the same masked forms (publishing.privacy.public_mask through mask_table), and the full
name, identity number or mobile never appears on any of them. A column of names is masked in every row, not
only in the rows where an identity number stands beside the name."""

import io

import pytest
from pypdf import PdfReader

from gongkai.exchange import bulletins
from gongkai.publishing import privacy
from gongkai.publishing.models import Entry
from tests.factories import CatalogItemFactory, published_record
from tests.publishing.privacy_support import fake_id

pytestmark = pytest.mark.django_db

URL = "https://gongkai.example.cn/j/430503000000/r/1/"


@pytest.fixture
def world(channels_world):
    return channels_world


@pytest.fixture
def beneficiaries(world):
    item = CatalogItemFactory(
        version=world.item.version, topic="最低生活保障", name="低保对象公示",
        schema=[{"name": "户主姓名", "type": "text"}, {"name": "身份证号码", "type": "text"},
                {"name": "联系电话", "type": "text"}, {"name": "保障金额（元）", "type": "text"}],
    )
    record = published_record(world.civil, title="2026年第三季度城乡低保对象公示", items=[item])
    raw_id = fake_id()
    rows = [
        {"户主姓名": "李四", "身份证号码": raw_id, "联系电话": "13807391234", "保障金额（元）": "900"},
        {"户主姓名": "张三", "保障金额（元）": "600"},  # no number beside the name: masked all the same
        {"户主姓名": "欧阳小明", "保障金额（元）": "450"},
    ]
    for order, values in enumerate(rows, 1):
        Entry.objects.create(item=item, record=record, unit=world.civil, order=order, values=values)
    return record, raw_id


def _surfaces(client, record) -> dict[str, str]:
    base = f"/j/{record.unit.jurisdiction.code}/r/{record.index_number}/"
    page = client.get(base)
    assert page.status_code == 200
    export = client.get(base + "entries.csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    content = bulletins.bulletin_content(record)
    pdf = bulletins.bulletin_pdf(record, public_url=URL)
    return {
        "portal": page.content.decode(),
        "csv": export.content.decode("utf-8-sig"),
        "bulletin_html": bulletins.bulletin_html(content, public_url=URL, printed_on=record.formed_on),
        "bulletin_pdf": "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages),
    }


def test_every_public_surface_shows_the_same_masked_forms(client, beneficiaries):
    """《条例》第十五条 (个人隐私): page, CSV and bulletin mask alike; no full name or number on any."""
    record, raw_id = beneficiaries
    masked = ["李*", "张*", "欧**明", privacy.public_mask(privacy.ID_NUMBER, raw_id), "138****1234"]
    assert masked[3] == raw_id[:6] + "********" + raw_id[-4:]
    for surface, text in _surfaces(client, record).items():
        compact = text.replace(" ", "").replace("\n", "")
        for form in masked:
            assert form in compact, (surface, form)
        for full in ("李四", "张三", "欧阳小明", raw_id, "13807391234"):
            assert full not in compact, (surface, full)


def test_the_entries_csv_of_a_record_without_entries_is_not_found(client, world):
    record = world.record
    response = client.get(f"/j/{record.unit.jurisdiction.code}/r/{record.index_number}/entries.csv")
    assert response.status_code == 404
    assert "没有具体内容明细" in response.content.decode()


def test_the_entries_csv_of_a_record_not_public_is_not_found(client, beneficiaries):
    record, _ = beneficiaries
    record.status = "withdrawn"
    record.save()
    response = client.get(f"/j/{record.unit.jurisdiction.code}/r/{record.index_number}/entries.csv")
    assert response.status_code == 404
