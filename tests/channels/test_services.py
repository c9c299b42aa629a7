"""Channel services: who may record, what is refused, audit events, printed copies going out of date."""

import datetime

import pytest

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.channels import services
from gongkai.channels.models import ChannelKind, ChannelPublication, PrintedCopy
from gongkai.channels.printed_state import CopyState
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from gongkai.publishing.models import DisclosureAttribute, RecordStatus, WithholdingGround
from tests.factories import EntryFactory, publish_revision, published_record

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
URL = "https://gongkai.example.cn/j/430503000000/records/1/"


def _publish(world, actor=None, **kwargs):
    fields = {"channel": ChannelKind.NOTICE_BOARD, "where": "城西社区公示栏",
              "published_on": datetime.date(2026, 11, 20), "today": TODAY} | kwargs
    return services.channel_publication_record(actor=actor or world.users.officer, record=world.record, **fields)


def _print(world, actor=None, board="罗市镇新华村村务公开栏", **kwargs):
    record = world.record
    record.refresh_from_db()
    return services.printed_copy_record(actor=actor or world.users.officer, record=record,
                                        revision=record.public_revision, board=board, public_url=URL, **kwargs)


@pytest.mark.parametrize("who", ["officer", "reviewer"])
def test_the_units_officer_and_reviewer_record_a_channel_publication(world, who):
    user = getattr(world.users, who)
    publication = _publish(world, user, done_by="", note="村干部张贴")
    assert publication.revision == world.record.public_revision
    assert publication.done_by == user.display_name
    assert publication.recorded_by == user
    event = AuditEvent.objects.get(action="channel.published")
    assert event.actor == user
    assert event.target_id == str(world.record.pk)
    assert event.data["where"] == "城西社区公示栏"
    assert event.data["channel_label"] == "社区/企事业单位/村公示栏(电子屏)"


@pytest.mark.parametrize("who", ["civil_officer", "office", "other_office", "auditor", "admin"])
def test_others_are_refused_and_the_refusal_is_audited(world, who):
    with pytest.raises(PermissionRefused):
        _publish(world, getattr(world.users, who))
    with pytest.raises(PermissionRefused):
        _print(world, getattr(world.users, who))
    assert not ChannelPublication.objects.exists()
    assert not PrintedCopy.objects.exists()
    assert AuditEvent.objects.filter(action="permission.refused").count() == 2


def test_the_command_line_may_record(world):
    publication = _publish(world, COMMAND_LINE, done_by="张某某")
    assert publication.recorded_by is None
    assert AuditEvent.objects.get(action="channel.published").actor_name == "命令行"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"where": ""}, "发布位置"),
    ({"channel": ChannelKind.NEW_MEDIA, "where": " "}, "发布位置"),
    ({"channel": "fax"}, "渠道"),
    ({"published_on": datetime.date(2026, 11, 24)}, "晚于今天"),
    ({"published_on": datetime.date(2026, 7, 1)}, "早于该信息的形成日期"),
])
def test_bad_publications_are_refused_with_a_message(world, kwargs, message):
    with pytest.raises(ValidationFailed, match=message):
        _publish(world, **kwargs)
    assert not ChannelPublication.objects.exists()
    assert not AuditEvent.objects.filter(action="channel.published").exists()


def test_the_portal_channel_needs_no_place(world):
    publication = _publish(world, channel=ChannelKind.GOVERNMENT_WEBSITE, where="")
    assert publication.where == ""


@pytest.mark.parametrize("status", [RecordStatus.DRAFT, RecordStatus.IN_REVIEW, RecordStatus.APPROVED,
                                    RecordStatus.SCHEDULED, RecordStatus.WITHDRAWN, RecordStatus.ARCHIVED])
def test_a_record_not_online_gets_no_channel_publication_nor_bulletin(world, status):
    record = published_record(world.edu, status=status)
    with pytest.raises(ValidationFailed, match="不在网上公开"):
        services.channel_publication_record(actor=world.users.officer, record=record,
                                            channel=ChannelKind.NEW_MEDIA, where="大祥发布",
                                            published_on=TODAY, today=TODAY)
    if record.public_revision is not None:
        with pytest.raises(ValidationFailed, match="不在网上公开"):
            services.printed_copy_record(actor=world.users.officer, record=record,
                                         revision=record.public_revision, board="公示栏", public_url=URL)


@pytest.mark.parametrize("attribute", [DisclosureAttribute.ON_REQUEST, DisclosureAttribute.WITHHELD])
def test_records_not_proactively_public_never_reach_a_notice_board(world, attribute):
    extra = {"withholding_ground": WithholdingGround.INTERNAL_AFFAIRS,
             "next_review_on": datetime.date(2027, 1, 1)} if attribute == DisclosureAttribute.WITHHELD else {}
    record = published_record(world.edu, disclosure_attribute=attribute, **extra)
    with pytest.raises(ValidationFailed, match="不在网上公开"):
        services.printed_copy_record(actor=world.users.officer, record=record, revision=record.public_revision,
                                     board="城西社区公示栏", public_url=URL)


def test_a_revised_record_still_online_may_be_printed(world):
    world.record.status = RecordStatus.REVISED
    world.record.save()
    assert _print(world).state == CopyState.CURRENT


def test_a_printed_copy_goes_out_of_date_when_the_record_changes(world):
    copy = _print(world, copies=3, pdf=b"%PDF-1.7 test")
    assert copy.revision_number == 1
    assert copy.sha256 and copy.printed_by_name == "张信息员"
    assert copy.state == CopyState.CURRENT and not copy.out_of_date
    event = AuditEvent.objects.get(action="channel.bulletin_printed")
    assert event.data["board"] == "罗市镇新华村村务公开栏" and event.data["revision"] == 1

    publish_revision(world.record, title="关于2026年秋季学期义务教育阶段学校招生范围的公告（更正）")
    copy = PrintedCopy.objects.select_related("record__public_revision").get(pk=copy.pk)
    assert copy.out_of_date
    assert copy.state == CopyState.OUT_OF_DATE
    assert copy.state_label == "已过期（原文已修改）"
    assert copy.needs_action


def test_entries_changed_after_printing_mark_the_copy_out_of_date(world):

    entry = EntryFactory(item=world.item, record=world.record, unit=world.edu,
                         values={"学校名称": "大祥区翠园小学", "招生范围": "翠园社区"})
    copy = _print(world)
    assert PrintedCopy.objects.get(pk=copy.pk).state == CopyState.CURRENT
    entry.values = {"学校名称": "大祥区翠园小学", "招生范围": "翠园社区、城南社区"}
    entry.save()
    assert PrintedCopy.objects.get(pk=copy.pk).state == CopyState.OUT_OF_DATE


def test_a_withdrawn_record_marks_its_copies_for_taking_down(world):
    copy = _print(world)
    world.record.status = RecordStatus.WITHDRAWN
    world.record.save()
    copy = PrintedCopy.objects.get(pk=copy.pk)
    assert copy.state == CopyState.WITHDRAWN and copy.out_of_date and copy.needs_action


def test_printing_again_for_the_same_board_replaces_the_old_copy_only_there(world):
    first = _print(world, board="城西社区公示栏")
    elsewhere = _print(world, board="城南社区公示栏")
    publish_revision(world.record)
    second = _print(world, board=" 城西社区　公示栏")
    first.refresh_from_db()
    elsewhere.refresh_from_db()
    assert first.replaced_by == second
    assert first.state == CopyState.REPLACED and not first.needs_action
    assert elsewhere.replaced_by is None and elsewhere.state == CopyState.OUT_OF_DATE
    assert second.state == CopyState.CURRENT
    assert AuditEvent.objects.filter(action="channel.bulletin_printed").last().data["replaces"] == [first.pk]


def test_printing_a_revision_that_is_no_longer_public_is_refused(world):
    old = world.record.public_revision
    publish_revision(world.record)
    with pytest.raises(ValidationFailed, match="重新打印"):
        services.printed_copy_record(actor=world.users.officer, record=world.record, revision=old,
                                     board="城西社区公示栏", public_url=URL)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"board": "  "}, "公示栏"), ({"copies": 0}, "份数"), ({"copies": 201}, "份数"),
])
def test_bad_print_requests_are_refused(world, kwargs, message):
    with pytest.raises(ValidationFailed, match=message):
        _print(world, **kwargs)
    assert not PrintedCopy.objects.exists()


def test_a_mistaken_publication_is_deleted_with_a_reason_kept_in_the_audit_log(world):
    publication = _publish(world)
    with pytest.raises(ValidationFailed, match="删除理由"):
        services.channel_publication_delete(actor=world.users.reviewer, publication=publication, reason=" ")
    with pytest.raises(PermissionRefused):
        services.channel_publication_delete(actor=world.users.civil_officer, publication=publication,
                                            reason="错了")
    services.channel_publication_delete(actor=world.users.reviewer, publication=publication, reason="登记错了渠道")
    assert not ChannelPublication.objects.exists()
    event = AuditEvent.objects.get(action="channel.publication_deleted")
    assert event.data["reason"] == "登记错了渠道" and event.data["where"] == "城西社区公示栏"
