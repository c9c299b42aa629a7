"""The register of government new-media accounts (政务新媒体台账): the office registers, changes and closes; the
unit reports updates; publications on an account move its last update; who is refused; what the screens say."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.channels import services
from gongkai.channels.models import ChannelKind, NewMediaAccount
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
VALUES = {"platform": "wechat_official", "name": "大祥教育", "operator": "张某某", "operator_phone": "13800000000",
          "review_arrangement": "三审三校", "opened_on": date(2020, 1, 1)}


def register(world, **changes):
    return services.new_media_account_register(actor=world.users.office, unit=world.edu, today=TODAY,
                                               **(VALUES | changes))


def test_the_office_registers_changes_and_closes_an_account_each_audited_without_the_phone(world):
    account = register(world)
    assert account.is_open and account.unit == world.edu and account.last_update_on is None
    services.new_media_account_change(actor=world.users.office, account=account, operator="王某某",
                                      operator_phone="13900000000", today=TODAY)
    account.refresh_from_db()
    assert account.operator == "王某某"
    services.new_media_account_close(actor=world.users.office, account=account, closed_on=TODAY,
                                     reason="整合到“大祥发布”", today=TODAY)
    account.refresh_from_db()
    assert account.closed_on == TODAY and not account.is_open
    events = list(AuditEvent.objects.filter(action__startswith="new_media.").order_by("id"))
    assert [e.action for e in events] == ["new_media.registered", "new_media.changed", "new_media.closed"]
    assert all("13900000000" not in str(e.data) and "13800000000" not in str(e.data) for e in events)
    assert events[1].data["changed"]["operator_phone"] == "（已修改）"


def test_bad_input_is_refused_in_chinese_and_nothing_is_written(world):
    with pytest.raises(ValidationFailed, match="请填写管理人"):
        register(world, operator=" ")
    with pytest.raises(ValidationFailed, match="晚于今天"):
        register(world, opened_on=date(2026, 12, 1))
    with pytest.raises(ValidationFailed, match="请选择平台"):
        register(world, platform="myspace")
    register(world)
    with pytest.raises(ValidationFailed, match="已由大祥区教育局登记"):
        register(world)
    assert NewMediaAccount.objects.count() == 1


def test_the_unit_reports_updates_only_for_its_own_accounts(world):
    account = register(world)
    services.new_media_update_report(actor=world.users.officer, account=account, updated_on=date(2026, 11, 10),
                                     today=TODAY)
    services.new_media_update_report(actor=world.users.reviewer, account=account, updated_on=date(2026, 11, 3),
                                     today=TODAY)
    account.refresh_from_db()
    assert account.last_update_on == date(2026, 11, 10)  # an older report does not move it back
    with pytest.raises(ValidationFailed, match="晚于今天"):
        services.new_media_update_report(actor=world.users.officer, account=account, updated_on=date(2026, 11, 21),
                                         today=TODAY)
    for stranger in (world.users.civil_officer, world.users.other_office, world.users.admin, world.users.auditor):
        with pytest.raises(PermissionRefused):
            services.new_media_update_report(actor=stranger, account=account, updated_on=TODAY, today=TODAY)


def test_only_the_office_over_the_unit_registers_changes_or_closes(world):
    account = register(world)
    for stranger in (world.users.officer, world.users.reviewer, world.users.other_office, world.users.admin):
        with pytest.raises(PermissionRefused):
            services.new_media_account_register(actor=stranger, unit=world.edu, today=TODAY, **(VALUES | {"name": "X"}))
        with pytest.raises(PermissionRefused):
            services.new_media_account_change(actor=stranger, account=account, operator="某", today=TODAY)
        with pytest.raises(PermissionRefused):
            services.new_media_account_close(actor=stranger, account=account, closed_on=TODAY, reason="x",
                                             today=TODAY)


def test_a_publication_on_an_account_moves_its_last_update(world):
    account = register(world)
    services.channel_publication_record(actor=world.users.officer, record=world.record, channel=ChannelKind.NEW_MEDIA,
                                        published_on=TODAY, account=account, today=TODAY)
    account.refresh_from_db()
    assert account.last_update_on == TODAY
    assert account.publications.get().where == "微信公众号“大祥教育”"
    with pytest.raises(ValidationFailed, match="两微一端"):
        services.channel_publication_record(actor=world.users.officer, record=world.record,
                                            channel=ChannelKind.SERVICE_CENTER, where="大厅", published_on=TODAY,
                                            account=account, today=TODAY)


def test_an_account_of_another_county_cannot_carry_the_record(world):
    from tests.factories import UnitFactory

    elsewhere = UnitFactory(jurisdiction=world.tree["other_county"], name="双清区教育局", handle="jiaoyu@sqjczw")
    account = services.new_media_account_register(actor=world.users.other_office, unit=elsewhere, today=TODAY,
                                                  **(VALUES | {"name": "双清教育"}))
    with pytest.raises(ValidationFailed, match="不是该信息所在地区"):
        services.channel_publication_record(actor=world.users.officer, record=world.record,
                                            channel=ChannelKind.NEW_MEDIA, published_on=TODAY, account=account,
                                            today=TODAY)


# --- screens ------------------------------------------------------------------------------------------------


def test_the_register_screens_for_the_office_and_the_unit(client, world):
    account = register(world, opened_on=date(2020, 1, 1))
    client.force_login(world.users.office)
    listing = client.get(reverse("backoffice:new_media_accounts"))
    assert listing.status_code == 200 and "大祥教育" in listing.content.decode() and "登记账号" in listing.content.decode()
    response = client.post(reverse("backoffice:new_media_account_new"), {
        "unit": world.civil.pk, "platform": "douyin", "name": "", "operator": "李某某", "review_arrangement": "三审",
        "opened_on": "2021-01-01"})
    assert response.status_code == 400 and "李某某" in response.content.decode()  # what was typed stays
    response = client.post(reverse("backoffice:new_media_account_new"), {
        "unit": world.civil.pk, "platform": "douyin", "name": "大祥民政", "operator": "李某某",
        "review_arrangement": "三审", "opened_on": "2021-01-01"})
    assert response.status_code == 302 and NewMediaAccount.objects.filter(name="大祥民政").exists()

    client.force_login(world.users.officer)
    page = client.get(reverse("backoffice:new_media_account", args=[account.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "登记更新" in body and "关停账号" not in body
    response = client.post(reverse("backoffice:new_media_account", args=[account.pk]),
                           {"form": "update", "updated_on": "2026-11-01"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.last_update_on == date(2026, 11, 1)
    # the officer's list holds only its unit's accounts
    assert "大祥民政" not in client.get(reverse("backoffice:new_media_accounts")).content.decode()
    # and the officer cannot close it by posting the office's form
    refused = client.post(reverse("backoffice:new_media_account", args=[account.pk]),
                          {"form": "close", "closed_on": "2026-11-01", "reason": "试图关停"})
    assert refused.status_code == 403
    assert client.get(reverse("backoffice:new_media_account_new")).status_code == 403


def test_strangers_are_refused_the_account_page(client, world):
    account = register(world)
    for stranger in (world.users.civil_officer, world.users.other_office, world.users.admin):
        client.force_login(stranger)
        assert client.get(reverse("backoffice:new_media_account", args=[account.pk])).status_code == 403
    client.force_login(world.users.other_office)
    assert "大祥教育" not in client.get(reverse("backoffice:new_media_accounts")).content.decode()
    assert client.get(reverse("backoffice:new_media_account", args=[999999])).status_code == 404
