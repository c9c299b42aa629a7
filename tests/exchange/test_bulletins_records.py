"""The bulletin of a publishing Record: its public revision, entries in the item's element order with
personal numbers masked, attachments by name."""

import io

import pytest
from pypdf import PdfReader

from gongkai.core.errors import ValidationFailed
from gongkai.exchange import bulletins
from gongkai.publishing import privacy
from gongkai.publishing.models import RecordStatus
from tests.factories import EntryFactory, publish_revision, published_record

pytestmark = pytest.mark.django_db

URL = "https://gongkai.example.cn/j/430503000000/records/1/"


@pytest.fixture
def world(channels_world):
    return channels_world


def test_the_bulletin_shows_the_public_revision_not_the_working_copy(world):
    record = world.record
    publish_revision(record, title="招生范围公告（第二版）",
                     attachments=[{"id": 1, "name": "学区划分图.pdf", "kind": "pdf", "sha256": "x"}])
    record.title = "还在修改、未经审核的标题"
    record.status = RecordStatus.REVISED
    record.save()
    content = bulletins.bulletin_content(record)
    assert content.title == "招生范围公告（第二版）"
    assert content.revision == 2
    assert content.unit == "大祥区教育局"
    assert content.jurisdiction == "大祥区"
    assert content.index_number == record.index_number
    assert content.attachments == ["学区划分图.pdf"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(bulletins.bulletin_pdf(record, public_url=URL))).pages)
    assert "第二版" in text and "未经审核" not in text


def test_entries_follow_the_items_elements_and_personal_numbers_are_masked(world):
    record = world.record
    EntryFactory(item=world.item, record=record, unit=world.edu, order=2,
                 values={"招生范围": "翠园社区", "学校名称": "大祥区翠园小学", "联系电话": "0739-5212345"})
    EntryFactory(item=world.item, record=record, unit=world.edu, order=1,
                 values={"学校名称": "大祥区第一实验小学", "招生范围": "城西社区", "联系电话": "13807391234",
                         "备注": "含外来务工人员子女"})
    content = bulletins.bulletin_content(record)
    assert content.entry_columns == ["学校名称", "招生范围", "联系电话", "备注"]
    assert content.entry_rows[0][:2] == ["大祥区第一实验小学", "城西社区"]
    assert content.entry_rows[0][2] == "138****1234"
    assert content.entry_rows[0][3] == "含外来务工人员子女"
    assert content.entry_rows[1][3] == ""
    assert "13807391234" not in bulletins.bulletin_html(content, public_url=URL, printed_on=record.formed_on)


def test_a_record_without_a_public_revision_has_no_bulletin(world):
    record = published_record(world.edu, status=RecordStatus.DRAFT)
    with pytest.raises(ValidationFailed, match="还没有公开版本"):
        bulletins.bulletin_pdf(record, public_url=URL)


def test_an_institutions_address_and_office_phone_stay_but_a_persons_data_is_masked():
    columns = ["学校名称", "学校地址", "办公电话"]
    assert privacy.mask_row(columns, ["大祥区演示路第一完全小学", "大祥区演示路1号", "0739-5200011"]) == [
        "大祥区演示路第一完全小学", "大祥区演示路1号", "0739-5200011"]
    columns = ["姓名", "住址", "联系电话", "保障金额（元）"]
    assert privacy.mask_row(columns, ["张某某", "罗市镇演示村3组12号", "13807391234", "720.00"]) == [
        "张某某", "罗市镇演示村***", "138****1234", "720.00"]
    from gongkai.demo.publishing import fake_id

    assert privacy.mask_row(["姓名", "身份证号码", "银行卡号"], ["李某某", fake_id(101), "6222021234567890128"]) == [
        "李某某", "430503********" + fake_id(101)[-4:], "6222***********0128"]
