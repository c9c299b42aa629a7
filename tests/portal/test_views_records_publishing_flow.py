"""Through publishing's own services: publish puts the record on its page, in search and in the feeds;
a pending revision changes nothing public until approved; withdrawal takes it off everywhere."""

import json

import pytest
from django.urls import reverse

from gongkai.publishing import services
from gongkai.search import services as search

# Publishing's services index on commit; these tests read the index right after a service.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]


def _feed_titles(client, code):
    feed = json.loads(client.get(reverse("portal:feed_jurisdiction_json", kwargs={"code": code})).content)
    return [i["title"] for i in feed["items"]]


def test_publish_revise_withdraw_follow_every_channel(client, publishing_world):
    world = publishing_world
    code = world.tree["county"].code
    record = world.record(title="关于强化学区划分管理的通知")
    assert [d.object_id for d in search.search("学区")] == []
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    assert [d.object_id for d in search.search("学区")] == []
    assert _feed_titles(client, code) == []

    services.record_publish(actor=world.reviewer, record=record)
    record.refresh_from_db()
    url = reverse("portal:record", kwargs={"code": code, "ref": record.index_number})
    assert client.get(url).status_code == 200
    assert [d.object_id for d in search.search("学区")] == [str(record.pk)]
    assert _feed_titles(client, code) == ["关于强化学区划分管理的通知"]

    services.record_update(actor=world.officer, record=record, title="关于调整学区的通知")
    assert [d.object_id for d in search.search("学区划分")] == [str(record.pk)]  # public copy unchanged
    assert "调整" not in client.get(url).content.decode()
    services.record_approve(actor=world.reviewer, record=record)
    assert [d.object_id for d in search.search("学区划分")] == []
    assert [d.object_id for d in search.search("调整学区")] == [str(record.pk)]
    assert "关于调整学区的通知" in client.get(url).content.decode()

    services.record_withdraw(actor=world.reviewer, record=record, reason="内容有误")
    assert client.get(url).status_code == 404
    assert [d.object_id for d in search.search("学区")] == []
    assert _feed_titles(client, code) == []


def test_withheld_record_published_in_the_back_office_never_reaches_the_index(client, publishing_world):
    world = publishing_world
    record = world.record(title="学区内部事务", disclosure_attribute="withheld", withholding_ground="internal_affairs",
                          next_review_on="2027-01-01")
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    services.record_publish(actor=world.reviewer, record=record)
    assert [d.object_id for d in search.search("学区")] == []
    assert client.get(reverse("portal:record", kwargs={"code": world.tree["county"].code,
                                                       "ref": str(record.pk)})).status_code == 404


def test_search_command_and_reindex(records, capsys):
    from django.core.management import call_command

    from gongkai.search.models import SearchDocument

    SearchDocument.objects.all().delete()
    call_command("search", reindex=True)
    assert SearchDocument.objects.count() == 2
    capsys.readouterr()
    call_command("search", "学区", json=True)
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 1 and out["results"][0]["title"] == "关于强化学区划分管理的通知"
