"""Channel screens of a record: who may see, who may record or print, who is refused (the Chinese 403
page), and what the screens show."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from gongkai.backoffice import views_channels
from gongkai.channels import services
from gongkai.channels.models import ChannelKind, ChannelPublication, PrintedCopy
from gongkai.core.models import AuditEvent
from gongkai.publishing.models import RecordStatus
from tests.factories import publish_revision, published_record

pytestmark = pytest.mark.django_db

URL = "https://gongkai.example.cn/j/430503000000/r/430503-T-2026-0001/"


@pytest.fixture
def world(channels_world):
    return channels_world


@pytest.fixture
def fixed_public_url(monkeypatch):
    monkeypatch.setattr(views_channels, "public_url", lambda request, record: URL)


def _urls(world, publication_pk=1):
    pk = world.record.pk
    return {
        "record": reverse("backoffice:channels_record", args=[pk]),
        "new": reverse("backoffice:channels_publication_new", args=[pk]),
        "delete": reverse("backoffice:channels_publication_delete", args=[pk, publication_pk]),
        "print": reverse("backoffice:channels_print", args=[pk]),
        "boards": reverse("backoffice:channels_boards"),
    }


def _publication(world):
    return ChannelPublication.objects.create(
        record=world.record, revision=world.record.public_revision, channel=ChannelKind.NEW_MEDIA,
        where="“大祥发布”微信公众号", published_on=datetime.date(2026, 11, 20), done_by="张某某")


@pytest.mark.parametrize("who", ["officer", "reviewer", "office"])
def test_the_unit_and_its_office_see_the_channels_of_a_record(client, world, who):
    _publication(world)
    client.force_login(getattr(world.users, who))
    response = client.get(_urls(world)["record"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "“大祥发布”微信公众号" in page
    assert ("打印公告" in page) == (who != "office")  # the office oversees, it does not record


@pytest.mark.parametrize("who", ["civil_officer", "other_office", "auditor", "admin"])
def test_everyone_else_is_refused_every_channel_screen(client, world, who):
    publication = _publication(world)
    urls = _urls(world, publication.pk)
    client.force_login(getattr(world.users, who))
    for name in ("record", "new", "delete", "print"):
        response = client.get(urls[name])
        assert response.status_code == 403, name
        assert "无权" in response.content.decode() or "权限" in response.content.decode()
    assert client.post(urls["new"], {"channel": "new_media", "where": "x", "published_on": "2026-11-20"}
                       ).status_code == 403
    assert client.post(urls["delete"], {"reason": "x"}).status_code == 403
    assert client.post(urls["print"], {"board": "城西社区公示栏", "copies": 1}).status_code == 403
    assert ChannelPublication.objects.count() == 1
    assert not PrintedCopy.objects.exists()


def test_the_office_may_look_but_not_record_or_print(client, world):
    publication = _publication(world)
    urls = _urls(world, publication.pk)
    client.force_login(world.users.office)
    assert client.get(urls["new"]).status_code == 403
    assert client.get(urls["print"]).status_code == 403
    assert client.post(urls["print"], {"board": "城西社区公示栏", "copies": 1}).status_code == 403
    assert client.post(urls["delete"], {"reason": "x"}).status_code == 403


def test_the_office_sees_its_subtrees_stale_boards_and_another_countys_office_does_not(client, world):
    """The disclosure office reads the notice boards to visit in its subtree (read only); the office of another
    county sees none of them."""
    services.printed_copy_record(actor=world.users.officer, record=world.record, revision=world.record.public_revision,
                                 board="城西社区公示栏", public_url="https://gongkai.example.cn/j/430503000000/r/1/")
    publish_revision(world.record)
    client.force_login(world.users.office)
    page = client.get(_urls(world)["boards"])
    assert page.status_code == 200 and "城西社区公示栏" in page.content.decode()
    client.force_login(world.users.other_office)
    page = client.get(_urls(world)["boards"])
    assert "城西社区公示栏" not in page.content.decode()


def test_anonymous_people_are_sent_to_the_login_page(client, world):
    for name, url in _urls(world).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert "login" in response["Location"]


def test_recording_a_publication(client, world):
    client.force_login(world.users.officer)
    urls = _urls(world)
    form = client.get(urls["new"]).content.decode()
    assert "两微一端" in form and "目录要求的渠道" in form
    response = client.post(urls["new"], {
        "channel": ChannelKind.NOTICE_BOARD, "where": "中心路街道城西社区公示栏", "published_on": "2026-11-20",
        "done_by": "", "note": "社区网格员张贴"})
    assert response.status_code == 302
    publication = ChannelPublication.objects.get()
    assert publication.done_by == "张信息员" and publication.recorded_by == world.users.officer
    page = client.get(urls["record"]).content.decode()
    assert "中心路街道城西社区公示栏" in page and "社区网格员张贴" in page
    assert AuditEvent.objects.filter(action="channel.published").count() == 1


def test_a_bad_publication_keeps_what_was_typed_and_says_why_in_chinese(client, world):
    client.force_login(world.users.officer)
    response = client.post(_urls(world)["new"], {
        "channel": ChannelKind.NOTICE_BOARD, "where": "", "published_on": "2026-11-20", "note": "留着的备注"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写发布位置" in page and "留着的备注" in page
    assert not ChannelPublication.objects.exists()


def test_the_page_lists_catalog_channels_not_yet_recorded(client, world):
    client.force_login(world.users.officer)
    page = client.get(_urls(world)["record"]).content.decode()
    assert "目录要求的渠道尚未登记：两微一端、社区/企事业单位/村公示栏(电子屏)" in page
    _publication(world)
    page = client.get(_urls(world)["record"]).content.decode()
    assert "目录要求的渠道尚未登记：社区/企事业单位/村公示栏(电子屏)" in page


def test_printing_a_bulletin_downloads_the_pdf_and_records_the_copy(client, world, fixed_public_url):
    client.force_login(world.users.reviewer)
    response = client.post(_urls(world)["print"], {"board": "罗市镇新华村村务公开栏", "copies": "2"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).replace("\n", "")
    assert "义务教育阶段学校招生范围" in text
    assert URL in text.replace("\n", "").replace(" ", "")
    copy = PrintedCopy.objects.get()
    assert copy.board == "罗市镇新华村村务公开栏" and copy.copies == 2 and copy.public_url == URL
    assert copy.printed_by == world.users.reviewer and copy.revision_number == 1
    page = client.get(_urls(world)["record"]).content.decode()
    assert "罗市镇新华村村务公开栏" in page and "现行" in page


def test_a_changed_record_marks_its_printed_copies_out_of_date(client, world, fixed_public_url):
    client.force_login(world.users.officer)
    client.post(_urls(world)["print"], {"board": "城西社区公示栏", "copies": "1"})
    publish_revision(world.record, title="招生范围公告（更正）")
    page = client.get(_urls(world)["record"]).content.decode()
    assert "已过期（原文已修改）" in page
    assert "请打印新版公告" in page
    boards = client.get(_urls(world)["boards"]).content.decode()
    assert "城西社区公示栏" in boards and "已过期（原文已修改）" in boards and "现为第2版" in boards
    # the new print replaces the old copy on that board, and the to-do list empties
    client.post(_urls(world)["print"], {"board": "城西社区公示栏", "copies": "1"})
    page = client.get(_urls(world)["record"]).content.decode()
    assert "已更换为新版" in page and "现行" in page
    assert "所有已张贴的公告都与网上原文一致" in client.get(_urls(world)["boards"]).content.decode()


def test_printing_a_record_that_is_not_online_is_refused_with_a_message(client, world, fixed_public_url):
    record = published_record(world.edu, status=RecordStatus.WITHDRAWN)
    client.force_login(world.users.officer)
    response = client.post(reverse("backoffice:channels_print", args=[record.pk]), {"board": "公示栏", "copies": 1})
    assert response.status_code == 400
    assert "只有已发布的主动公开信息才能打印公告" in response.content.decode()
    assert not PrintedCopy.objects.exists()


def test_a_print_form_without_a_board_says_so(client, world, fixed_public_url):
    client.force_login(world.users.officer)
    response = client.post(_urls(world)["print"], {"board": "", "copies": 1})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert not PrintedCopy.objects.exists()


def test_the_print_page_asks_for_the_board(client, world):
    client.force_login(world.users.officer)
    page = client.get(_urls(world)["print"]).content.decode()
    assert "张贴的公示栏" in page and "第1版" in page
    assert not PrintedCopy.objects.exists()


def test_the_print_page_of_a_record_not_online_says_why(client, world):
    record = published_record(world.edu, status=RecordStatus.ARCHIVED)
    client.force_login(world.users.officer)
    page = client.get(reverse("backoffice:channels_print", args=[record.pk])).content.decode()
    assert "不能打印公告" in page and "张贴的公示栏" not in page


def test_the_qr_code_points_at_the_portal_page_of_the_record(rf, world, settings):
    request = rf.get("/")
    path = f"/j/430503000000/r/{world.record.index_number}/"
    assert views_channels.public_url(request, world.record) == f"http://testserver{path}"
    settings.GONGKAI_PUBLIC_BASE_URL = "https://gongkai.dxq.gov.cn/"
    assert views_channels.public_url(request, world.record) == f"https://gongkai.dxq.gov.cn{path}"


def test_deleting_a_mistaken_publication(client, world):
    publication = _publication(world)
    client.force_login(world.users.reviewer)
    url = _urls(world, publication.pk)["delete"]
    assert "删除理由" in client.get(url).content.decode()
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "登记错了信息"}).status_code == 302
    assert not ChannelPublication.objects.exists()
