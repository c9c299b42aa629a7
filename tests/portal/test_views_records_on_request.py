"""依申请公开 records in the public catalog by title only, where the office chooses (issue 3; 《条例》第二十七条:
the public may ask for them). The item page and the domain column list title, index number, formed-on date
and producing unit with a link to the request entrance — never the body, the attachments, or a record page."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from gongkai.accounts.policies import COMMAND_LINE
from gongkai.core.errors import ValidationFailed
from gongkai.publishing import services
from tests.factories import add_attachment, make_record

# Publishing's services index on commit; these tests read the index right after a service.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]
CODE = "430503000000"
HEADING = "依申请公开的信息（可依申请获取）"
BODY = "这是依申请公开信息的正文，不得出现在公开页面"


@pytest.fixture
def world(portal):
    unit = portal["items"][0].responsible_unit
    admission = portal["items"][0]
    shown = make_record(unit, [admission], title="学区划分论证会议纪要", body=f"<p>{BODY}</p>",
                        attribute="on_request")
    services.record_set_title_shown(actor=COMMAND_LINE, record=shown, shown=True, comment="办公室同意列出标题")
    add_attachment(shown, name="会议纪要附件.pdf")
    not_chosen = make_record(unit, [admission], title="学区调整内部请示", attribute="on_request")
    withheld = make_record(unit, [admission], title="学区不予公开的涉密文件", attribute="withheld")
    return {**portal, "unit": unit, "item": admission, "shown": shown, "not_chosen": not_chosen,
            "withheld": withheld}


def _item_url(world):
    return reverse("portal:item", kwargs={"code": CODE, "key": world["item"].key})


def _domain_url():
    return reverse("portal:domain", kwargs={"code": CODE, "slug": "yiwu-jiaoyu"})


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_on_request_title_shown_when_the_office_chose_it(client, world):
    """Issue 3: a 依申请公开 record appears by title, index number, formed-on date and unit, with the way to
    ask for it (《条例》第二十七条), on the item page and the domain column."""
    shown = world["shown"]
    request_url = reverse("portal:request_new", kwargs={"code": CODE})
    for url in (_item_url(world), _domain_url()):
        text = _page(client, url)
        assert HEADING in text, url
        assert "学区划分论证会议纪要" in text, url
        assert shown.index_number in text, url
        assert "2024-03-01" in text, url
        assert "大祥区教育局" in text, url
        assert f'href="{request_url}"' in text, url
        # title only: no body, no attachment, no link to a record page
        assert BODY not in text, url
        assert "会议纪要附件" not in text, url
        record_url = reverse("portal:record", kwargs={"code": CODE, "ref": shown.index_number})
        assert record_url not in text, url
        assert f"/r/{shown.pk}/" not in text, url


def test_on_request_title_absent_when_not_chosen(client, world):
    for url in (_item_url(world), _domain_url()):
        text = _page(client, url)
        assert "学区调整内部请示" not in text, url
        assert world["not_chosen"].index_number not in text, url


def test_no_block_when_nothing_is_listed(client, world):
    services.record_set_title_shown(actor=COMMAND_LINE, record=world["shown"], shown=False)
    for url in (_item_url(world), _domain_url()):
        assert HEADING not in _page(client, url), url


def test_on_request_record_page_stays_404(client, world):
    """A listed title is not a published record: its page, attachments and API entry stay not found."""
    for key in ("shown", "not_chosen"):
        record = world[key]
        for ref in (record.index_number, str(record.pk)):
            response = client.get(reverse("portal:record", kwargs={"code": CODE, "ref": ref}))
            assert response.status_code == 404, (key, ref)
            assert BODY not in response.content.decode()
        assert client.get(f"/api/v1/records/{record.pk}").status_code == 404
    attachment = world["shown"].attachments.get()
    response = client.get(reverse("portal:record_attachment", kwargs={
        "code": CODE, "ref": world["shown"].index_number, "attachment_id": attachment.pk}))
    assert response.status_code == 404


def test_withheld_record_never_listed_even_if_flagged(client, world):
    """《条例》第十四至十六条: a 不予公开 record never reaches a public surface, whatever the flag says."""
    withheld = world["withheld"]
    with pytest.raises(ValidationFailed):
        services.record_set_title_shown(actor=COMMAND_LINE, record=withheld, shown=True)
    withheld.show_title_publicly = True  # even a flag set behind the service's back
    withheld.save()
    for url in (_item_url(world), _domain_url(), reverse("portal:latest", kwargs={"code": CODE})):
        text = _page(client, url)
        assert "学区不予公开的涉密文件" not in text, url
        assert withheld.index_number not in text, url


def test_unpublished_on_request_record_not_listed(client, world):
    draft = make_record(world["unit"], [world["item"]], title="学区草稿依申请信息", attribute="on_request",
                        status="draft", public=False, show_title_publicly=True)
    for url in (_item_url(world), _domain_url()):
        assert "学区草稿依申请信息" not in _page(client, url), url
    assert draft.index_number


def test_cached_domain_page_follows_the_flag(client, world):
    """The domain column is cached; choosing or un-choosing a title clears it at once."""
    url = _domain_url()
    assert "学区划分论证会议纪要" in _page(client, url)
    services.record_set_title_shown(actor=COMMAND_LINE, record=world["shown"], shown=False)
    assert "学区划分论证会议纪要" not in _page(client, url)
    services.record_set_title_shown(actor=COMMAND_LINE, record=world["not_chosen"], shown=True)
    text = _page(client, url)
    assert "学区调整内部请示" in text
    assert world["not_chosen"].index_number in text


def test_on_request_titles_are_bounded(client, world, monkeypatch):
    """A page lists the newest ON_REQUEST_SHOWN titles, never all of them (issue 13: no page reads a whole
    table), and says that older ones exist."""
    from gongkai.portal import selectors_records

    monkeypatch.setattr(selectors_records, "ON_REQUEST_SHOWN", 2)
    for i in range(2):
        newer = make_record(world["unit"], [world["item"]], title=f"学区论证补充纪要第{i}号", attribute="on_request")
        services.record_set_title_shown(actor=COMMAND_LINE, record=newer, shown=True)
    for url in (_item_url(world), _domain_url()):
        text = _page(client, url)
        assert text.count("索引号 ") == 2, url
        assert "以上是最新的 2 条，更早的未列出。" in text, url
    monkeypatch.setattr(selectors_records, "ON_REQUEST_SHOWN", 3)
    for cache in caches.all():  # the pages above are kept; a new limit is not a publication
        cache.clear()
    for url in (_item_url(world), _domain_url()):
        text = _page(client, url)
        assert text.count("索引号 ") == 3, url
        assert "更早的未列出" not in text, url
