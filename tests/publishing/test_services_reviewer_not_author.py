"""Reviewer ≠ author: a record's confidentiality review and its approval are never made by the account that
drafted it or last changed its content (《条例》第十七条 保密审查; 等保 2.0 三级 权限分离). Played as the attacker:
one account holding both the officer's and the reviewer's role takes its own text past the privacy review.
With GONGKAI_REVIEWER_NOT_AUTHOR = "warn" it may, but the move is flagged on the record's history."""

import pytest
from django.urls import reverse

from gongkai.accounts.models import Membership, Role
from gongkai.core.errors import PermissionRefused
from gongkai.core.models import AuditEvent
from gongkai.publishing import selectors, services, workflow
from gongkai.publishing.models import Record, RecordTransition
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(world):
    """The officer who also holds the reviewer's role in the same unit."""
    Membership.objects.create(user=world.officer, unit=world.unit, role=Role.REVIEWER)
    return forget(world.officer)


def forget(user):
    for attr in ("_membership_cache", "_roles_cache"):
        user.__dict__.pop(attr, None)
    return user


def submitted(world, actor):
    record = world.record(actor=actor)
    services.record_submit(actor=actor, record=record)
    return Record.objects.get(pk=record.pk)


def test_the_author_cannot_start_the_confidentiality_review_of_his_own_record(world, both):
    record = submitted(world, both)
    before = AuditEvent.objects.filter(action="permission.refused").count()
    with pytest.raises(PermissionRefused) as exc:
        services.record_review(actor=both, record=record)
    assert "起草与审核分离" in exc.value.message
    assert Record.objects.get(pk=record.pk).status == workflow.SUBMITTED
    assert AuditEvent.objects.filter(action="permission.refused").count() == before + 1
    assert workflow.START_REVIEW not in selectors.moves_for(both, record)
    assert workflow.START_REVIEW in selectors.moves_for(world.reviewer, record)
    # another reviewer of the unit may
    services.record_review(actor=world.reviewer, record=record)
    assert Record.objects.get(pk=record.pk).status == workflow.IN_REVIEW


def test_the_author_cannot_approve_after_someone_else_reviewed(world, both):
    record = submitted(world, both)
    services.record_review(actor=world.reviewer, record=record)
    for finding in record.privacy_findings.all():
        services.finding_fix(actor=world.reviewer, finding=finding)
    record.refresh_from_db()
    assert workflow.APPROVE in selectors.moves_for(world.reviewer, record)
    assert workflow.APPROVE not in selectors.moves_for(both, record)
    with pytest.raises(PermissionRefused):
        services.record_approve(actor=both, record=record)
    assert Record.objects.get(pk=record.pk).status == workflow.IN_REVIEW


def test_the_last_changer_is_an_author_too(world, both):
    """A reviewer who edits someone else's draft cannot then review what he wrote."""
    second = user_with_role(Role.INFORMATION_OFFICER, world.unit)
    record = world.record(actor=second)
    services.record_update(actor=both, record=record, body="<p>由兼任审核员的信息员改写的正文。</p>")
    services.record_submit(actor=second, record=record)
    with pytest.raises(PermissionRefused):
        services.record_review(actor=both, record=record)
    assert Record.objects.get(pk=record.pk).last_changed_by == both


def test_an_entry_changed_by_the_reviewer_makes_him_an_author(world):
    from tests.factories import CatalogItemFactory

    item = CatalogItemFactory(version=world.version, name="名单", responsible_unit=world.unit,
                              schema=[{"name": "名称", "type": "text", "required": True}])
    Membership.objects.create(user=world.reviewer, unit=world.unit, role=Role.INFORMATION_OFFICER)
    forget(world.reviewer)
    record = world.record(items=[item])
    services.entry_create(actor=world.reviewer, item=item, record=record, values={"名称": "某某合作社"})
    services.record_submit(actor=world.officer, record=record)
    with pytest.raises(PermissionRefused):
        services.record_review(actor=world.reviewer, record=record)


def test_the_review_page_says_why_and_offers_no_review_to_the_author(client, world, both):
    record = submitted(world, both)
    client.force_login(both)
    body = client.get(reverse("backoffice:record_review", args=[record.pk])).content.decode()
    assert "起草与审核分离" in body
    assert reverse("backoffice:record_start", args=[record.pk]) not in body
    client.post(reverse("backoffice:record_start", args=[record.pk]))
    assert Record.objects.get(pk=record.pk).status == workflow.SUBMITTED


def test_warn_mode_lets_the_author_through_with_a_visible_flag(client, world, both, settings):
    settings.GONGKAI_REVIEWER_NOT_AUTHOR = "warn"
    record = submitted(world, both)
    assert workflow.START_REVIEW in selectors.moves_for(both, record)
    services.record_review(actor=both, record=record)
    for finding in record.privacy_findings.all():
        services.finding_fix(actor=both, finding=finding)
    services.record_approve(actor=both, record=record)
    flagged = RecordTransition.objects.filter(record=record, by_author=True)
    assert sorted(flagged.values_list("move", flat=True)) == [workflow.APPROVE, workflow.START_REVIEW]
    assert AuditEvent.objects.filter(action="record.approve", data__by_author=True).exists()
    client.force_login(both)
    body = client.get(reverse("backoffice:record", args=[record.pk])).content.decode()
    assert "起草人本人审核" in body


def test_an_unknown_setting_refuses(world, both, settings):
    settings.GONGKAI_REVIEWER_NOT_AUTHOR = "allow"
    record = submitted(world, both)
    with pytest.raises(PermissionRefused):
        services.record_review(actor=both, record=record)


def test_the_reviewer_who_did_not_write_it_is_unaffected(world):
    record = world.published()
    assert record.status == workflow.PUBLISHED
    assert not RecordTransition.objects.filter(record=record, by_author=True).exists()
