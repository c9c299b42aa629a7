import pytest
from django.urls import reverse

from gongkai.search.models import SearchDocument
from tests.factories import add_attachment, make_record, revise, withdraw

# Publishing's services index on commit; these tests read the index right after a service.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]
CODE = "430503000000"


def _record_url(record, ref=None):
    return reverse("portal:record", kwargs={"code": CODE, "ref": ref or record.index_number})


def test_record_page_shows_the_public_facts(client, records):
    """《条例》第十二条: 索引、名称、内容概述、生成日期 (with 文号, producing unit, attribute 主动公开)."""
    record = records["public"]
    response = client.get(_record_url(record))
    text = response.content.decode()
    assert response.status_code == 200
    for expected in ("关于强化学区划分管理的通知", record.index_number, "大民发〔2024〕1号", "2024-03-01",
                     "大祥区教育局", "主动公开", "招生范围", "各学校：现就强化学区划分管理通知如下。", "学区划分"):
        assert expected in text, expected
    assert response["Cache-Control"].startswith("public") or "max-age" in response["Cache-Control"]


def test_record_page_by_id(client, records):
    assert client.get(_record_url(records["public"], str(records["public"].pk))).status_code == 200


def test_revised_record_shows_the_current_revision_and_when_it_changed(client, records):
    record = revise(records["public"], title="关于强化学区划分管理的通知（修订）", body="<p>修订后的正文</p>")
    text = client.get(_record_url(record)).content.decode()
    assert "（修订）" in text and "修订后的正文" in text
    assert "更新于" in text and "第 2 版" in text
    assert SearchDocument.objects.get(object_id=str(record.pk)).title.endswith("（修订）")


def test_pending_revision_is_not_shown(client, records):
    """While a revision waits for review (status revised) the public sees the approved revision only."""
    record = records["public"]
    record.title, record.body, record.status = "未审核的新标题", "<p>未审核的新正文</p>", "revised"
    record.save()
    text = client.get(_record_url(record)).content.decode()
    assert "未审核" not in text
    assert "关于强化学区划分管理的通知" in text


def test_withdrawn_record_leaves_page_and_index(client, records):
    record = withdraw(records["public"])
    assert client.get(_record_url(record)).status_code == 404
    assert not SearchDocument.objects.filter(object_id=str(record.pk)).exists()


def test_body_is_sanitised_on_the_page(client, records):
    record = make_record(records["unit"], [records["items"][0]], title="带脚本的正文",
                         body='<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:x()">链接</a>')
    text = client.get(_record_url(record)).content.decode()
    assert "<script>alert" not in text and "onclick" not in text and "javascript:" not in text


def test_attachments_public_copy_only(client, records):
    """《条例》第十五条 (personal privacy): only the public (masked) copy listed in the public revision is
    downloadable (查阅、下载, 第二十四条); never the original."""
    record = records["public"]
    listed = add_attachment(record, "名单.pdf")
    unlisted = add_attachment(record, "内部.pdf", listed=False)
    no_public_copy = add_attachment(record, "原件.pdf", public=False)
    text = client.get(_record_url(record)).content.decode()
    assert "名单.pdf" in text and "内部.pdf" not in text and "原件.pdf" not in text
    url = reverse("portal:record_attachment", kwargs={"code": CODE, "ref": record.index_number,
                                                      "attachment_id": listed.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 masked public copy"
    for hidden in (unlisted, no_public_copy):
        assert client.get(reverse("portal:record_attachment", kwargs={
            "code": CODE, "ref": record.index_number, "attachment_id": hidden.pk})).status_code == 404


def test_item_page_lists_its_records(client, records):
    text = client.get(reverse("portal:item", kwargs={"code": CODE, "key": records["items"][0].key})).content.decode()
    assert "关于强化学区划分管理的通知" in text
    assert "城乡低保金发放情况公示" not in text
    assert client.get(reverse("portal:item", kwargs={
        "code": CODE, "key": "00000000-0000-0000-0000-000000000000"})).status_code == 404


def test_latest_lists_newest_first_with_pagination(client, records):
    for i in range(25):
        make_record(records["unit"], [records["items"][0]], title=f"第{i:02d}号通知")
    first = client.get(reverse("portal:latest", kwargs={"code": CODE})).content.decode()
    assert "第 1 / 2 页" in first
    second = client.get(reverse("portal:latest", kwargs={"code": CODE}) + "?page=2").content.decode()
    assert "关于强化学区划分管理的通知" in second or "城乡低保金" in second


def test_domain_column_shows_records_and_updates_on_publish(client, records):
    url = reverse("portal:domain", kwargs={"code": CODE, "slug": "shehui-jiuzhu"})
    text = client.get(url).content.decode()
    assert "城乡低保金发放情况公示" in text
    assert "关于强化学区划分管理的通知" not in text
    make_record(records["unit"], [records["items"][4]], title="低保对象认定条件（2025年）")
    assert "低保对象认定条件（2025年）" in client.get(url).content.decode()


def test_search_page(client, records):
    """《条例》第二十四条: the platform searches (检索) public records, by jurisdiction and domain."""
    text = client.get(reverse("portal:search") + "?q=学区").content.decode()
    assert "关于强化学区划分管理的通知" in text and "找到 1 条结果" in text
    text = client.get(reverse("portal:search") + "?q=低保&d=yiwu-jiaoyu").content.decode()
    assert "找到 0 条结果" in text
    text = client.get(reverse("portal:search") + "?q=低保&j=430502000000").content.decode()
    assert "找到 0 条结果" in text
    assert client.get(reverse("portal:search")).status_code == 200
    assert client.get(reverse("portal:search") + "?q=学区&page=x").status_code == 404  # not a page: 404 (issue 9)


def test_search_pagination(client, records):
    for i in range(15):
        make_record(records["unit"], [records["items"][0]], title=f"学区公告{i}")
    text = client.get(reverse("portal:search") + "?q=学区公告&page=2").content.decode()
    assert "第 2 / 2 页" in text and "上一页" in text


def test_pages_refuse_post(client, records):
    assert client.post(_record_url(records["public"])).status_code == 405
    assert client.post(reverse("portal:search")).status_code == 405


def test_a_beneficiary_list_is_masked_on_the_public_record_page(client):
    """Entries of a public list show on the record page, with personal data masked by default."""
    from gongkai.demo import build as demo
    from gongkai.demo import publishing as demo_publishing
    from gongkai.publishing.models import Entry

    demo.demo_build()
    demo_publishing.build(lambda line: None)
    entry = Entry.objects.filter(values__has_key="身份证号码").select_related("record").first()
    if entry is None:  # the demo list carries its names in an attachment; add one row of our own
        entry = Entry.objects.select_related("record").first()
    record = entry.record
    raw_id = demo_publishing.fake_id(7)
    values = dict(entry.values)
    values.update({"姓名": "王某某", "身份证号码": raw_id, "联系电话": "13807391234"})
    Entry.objects.filter(pk=entry.pk).update(values=values)
    url = f"/j/{record.unit.jurisdiction.code}/r/{record.index_number}/"
    page = client.get(url).content.decode()
    assert "具体内容" in page
    assert raw_id not in page and "13807391234" not in page
    assert "138****1234" in page and raw_id[:6] + "********" + raw_id[-4:] in page
