"""The privacy screens of issue 9: the officer's 检查隐私 on the record form (a normal POST that keeps what was
typed, or an htmx partial) stores nothing and changes no state; the reviewer's 按建议遮盖 on the review screen
masks and keeps the record in review. The officer of another unit and a non-reviewer are refused (403)."""

from datetime import date

import pytest
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.publishing import services, workflow
from gongkai.publishing.models import Record
from tests.publishing.privacy_support import fake_id

pytestmark = pytest.mark.django_db

ID_NUMBER = fake_id()
ID_MASKED = ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]


@pytest.fixture
def world(records_world):
    return records_world


def draft(world, body="<p>城乡低保标准每人每月提高30元。</p>"):
    return services.record_create(actor=world.users.officer, unit=world.civil, items=[world.items.dibao],
                                  title="2026年第一季度城乡低保对象名单", formed_on=date(2026, 3, 31),
                                  disclosure_attribute="proactive", body=body)


def typed(world, **changes):
    data = {"items": [world.items.dibao.pk], "title": "2026年第一季度城乡低保对象名单（改）",
            "formed_on": "2026-03-31", "disclosure_attribute": "proactive",
            "body": f"<p>户主：王小明，身份证号 {ID_NUMBER}。</p>", "check_privacy": "1"}
    data.update(changes)
    return data


def test_the_officer_checks_what_he_typed_without_saving(client, world):
    record = draft(world)
    client.force_login(world.users.officer)
    events = AuditEvent.objects.count()
    response = client.post(reverse("backoffice:record_edit", args=[record.pk]), typed(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert ID_MASKED in page and "王*明" in page and "发现 2 处个人信息" in page
    assert "2026年第一季度城乡低保对象名单（改）" in page  # what was typed stays in the form
    assert "field-error" not in page  # a check is no save: nothing is judged
    record.refresh_from_db()
    assert record.title == "2026年第一季度城乡低保对象名单" and ID_NUMBER not in record.body
    assert record.status == workflow.DRAFT and record.privacy_findings.count() == 0
    assert AuditEvent.objects.count() == events


def test_the_check_as_an_htmx_partial(client, world):
    record = draft(world)
    client.force_login(world.users.officer)
    response = client.post(reverse("backoffice:record_edit", args=[record.pk]),
                           typed(world, body="<p>本季度无新增。</p>"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section class="card" id="privacy-check"') and "<html" not in page
    assert "未发现个人信息或敏感表述" in page


@pytest.mark.parametrize("who", ["other_officer", "edu_officer", "reviewer"])
def test_the_check_is_refused_to_whoever_may_not_draft_the_record(client, world, who):
    record = draft(world)
    client.force_login(getattr(world.users, who))
    response = client.post(reverse("backoffice:record_edit", args=[record.pk]), typed(world))
    assert response.status_code == 403
    assert ID_MASKED not in response.content.decode()


def in_review(world):
    record = draft(world, body=f"<p>户主：王小明，身份证号 {ID_NUMBER}。</p>")
    services.record_submit(actor=world.users.officer, record=record)
    services.record_review(actor=world.users.reviewer, record=record)
    return Record.objects.get(pk=record.pk)


def test_the_reviewer_masks_as_suggested_on_the_review_screen(client, world):
    record = in_review(world)
    client.force_login(world.users.reviewer)
    review = reverse("backoffice:record_review", args=[record.pk])
    page = client.get(review).content.decode()
    assert 'data-move="mask_as_suggested"' in page and "按建议遮盖" in page
    response = client.post(reverse("backoffice:record_mask_in_review", args=[record.pk]), follow=True)
    assert response.redirect_chain[-1][0] == review
    page = response.content.decode()
    assert "已按建议遮盖 2 处，信息仍在保密审查中" in page and "未处理 0 处" in page
    record.refresh_from_db()
    assert record.status == workflow.IN_REVIEW and ID_MASKED in record.body and "王*明" in record.body


@pytest.mark.parametrize("who", ["officer", "other_reviewer", "edu_reviewer", "office"])
def test_masking_in_review_is_refused_to_others(client, world, who):
    record = in_review(world)
    client.force_login(getattr(world.users, who))
    response = client.post(reverse("backoffice:record_mask_in_review", args=[record.pk]))
    assert response.status_code == 403
    record.refresh_from_db()
    assert ID_NUMBER in record.body and record.privacy_findings.filter(status="open").count() == 2
