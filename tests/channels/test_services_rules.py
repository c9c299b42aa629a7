"""The legal rules of the channels, each a test named after it (docs/legal-rules.md, 公开渠道与公示栏公告)."""

import datetime
import io

import pytest
from pypdf import PdfReader

from gongkai.channels import services
from gongkai.channels.models import ChannelKind, PrintedCopy
from gongkai.channels.printed_state import CopyState
from gongkai.core.errors import ValidationFailed
from gongkai.exchange import bulletins
from gongkai.publishing.models import DisclosureAttribute, RecordStatus, WithholdingGround
from tests.factories import EntryFactory, publish_revision, published_record

pytestmark = pytest.mark.django_db

URL = "https://gongkai.example.cn/j/430503000000/r/430503-T-2026-0001/"


def _print(world, record, board="中心路街道城西社区公示栏"):
    return services.printed_copy_record(actor=world.users.officer, record=record, revision=record.public_revision,
                                        board=board, public_url=URL)


def test_channels_are_the_catalogs_thirteen_with_place_date_and_person(world):
    """《条例》第二十三条 (政府公报、政府网站、新闻发布会、报刊、广播、电视等途径); the catalog's 公开渠道和载体
    (国办发〔2019〕54号 template): each other channel is recorded with where, when and who did it."""
    assert len(ChannelKind.values) == 13
    publication = services.channel_publication_record(
        actor=world.users.officer, record=world.record, channel=ChannelKind.BROADCAST, where="大祥区广播电视台",
        published_on=datetime.date(2026, 11, 20), done_by="张某某", today=datetime.date(2026, 11, 23))
    assert (publication.where, publication.published_on, publication.done_by) == (
        "大祥区广播电视台", datetime.date(2026, 11, 20), "张某某")


def test_a_change_to_the_record_makes_its_printed_copies_out_of_date(world):
    """《条例》第二十六条: information is published within 20 working days of being formed *or changed* — so a
    bulletin printed before the change no longer tells the public the truth and must be replaced."""
    copy = _print(world, world.record)
    publish_revision(world.record, title="招生范围公告（更正）")
    copy = PrintedCopy.objects.get(pk=copy.pk)
    assert copy.out_of_date and copy.state == CopyState.OUT_OF_DATE and copy.needs_action


@pytest.mark.parametrize("attribute", [DisclosureAttribute.ON_REQUEST, DisclosureAttribute.WITHHELD])
def test_only_proactively_published_records_reach_other_channels(world, attribute):
    """《条例》第十四条至第十六条 (不予公开), 第十九条、第二十条 (主动公开): 不予公开 and 依申请公开 records never reach
    a notice board or any other channel (issue 3: absent from every public surface)."""
    extra = {"withholding_ground": WithholdingGround.THIRD_PARTY_RIGHTS,
             "next_review_on": datetime.date(2027, 6, 30)} if attribute == DisclosureAttribute.WITHHELD else {}
    record = published_record(world.edu, disclosure_attribute=attribute, **extra)
    with pytest.raises(ValidationFailed):
        _print(world, record)
    with pytest.raises(ValidationFailed):
        services.channel_publication_record(actor=world.users.officer, record=record,
                                            channel=ChannelKind.NEW_MEDIA, where="大祥发布",
                                            published_on=datetime.date(2026, 11, 20),
                                            today=datetime.date(2026, 11, 23))


def test_a_withdrawn_record_must_come_off_the_notice_boards(world):
    """《条例》第二十六条 and issue 3 (withdrawn with a reason): a copy of a record no longer public is to be taken
    down."""
    copy = _print(world, world.record)
    world.record.status = RecordStatus.WITHDRAWN
    world.record.save()
    assert PrintedCopy.objects.get(pk=copy.pk).state == CopyState.WITHDRAWN


def test_personal_data_is_masked_on_printed_bulletins(world):
    """《条例》第十五条 (个人隐私): a list posted on a village board shows identity and phone numbers masked."""
    EntryFactory(item=world.item, record=world.record, unit=world.edu,
                 values={"学校名称": "大祥区翠园小学", "招生范围": "翠园社区", "联系电话": "13807391234"})
    pdf = bulletins.bulletin_pdf(world.record, public_url=URL)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "13807391234" not in text and "138****1234" in text


def test_the_bulletin_leads_to_the_online_original(world):
    """《条例》第二十四条 (政府信息公开平台 with 检索、查阅、下载): the paper copy carries a QR code and the address of
    the record online, where the full text, attachments and later changes are."""
    pdf = bulletins.bulletin_pdf(world.record, public_url=URL)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "").replace(" ", "")
    assert URL in text and "扫码查看网上原文" in text
    assert reader.pages[0].images
