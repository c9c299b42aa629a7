import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.accounts.models import Role
from gongkai.core.audit import record_event, verify_chain
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NOT_AUDITORS = [Role.INFORMATION_OFFICER, Role.REVIEWER, Role.DISCLOSURE_OFFICE, Role.UPPER_APPROVER,
                Role.SYSTEM_ADMIN]


def urls(event_id):
    return [
        reverse("backoffice:audit"),
        reverse("backoffice:audit_detail", args=[event_id]),
        reverse("backoffice:audit_export", args=["csv"]),
        reverse("backoffice:audit_export", args=["xlsx"]),
        reverse("backoffice:audit_verify"),
    ]


@pytest.fixture
def some_events(people):
    officer = people[Role.INFORMATION_OFFICER]
    record_event(actor=officer, action="login.succeeded", target=officer, ip_address="10.1.1.1")
    record_event(actor_name="=HYPERLINK(\"http://evil\")", action="login.failed", data={"reason": "unknown_user"})
    return list(AuditEvent.objects.order_by("id"))


def test_auditor_sees_every_screen(client, auditor, some_events):
    client.force_login(auditor)
    for url in urls(some_events[0].pk):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("role", NOT_AUDITORS)
def test_every_other_role_is_refused_in_chinese_and_audited(client, people, role, some_events):
    user = people[role]
    client.force_login(user)
    for url in urls(some_events[0].pk):
        before = AuditEvent.objects.filter(action="permission.refused").count()
        response = client.get(url)
        assert response.status_code == 403, url
        assert "您没有权限" in response.content.decode()
        refusal = AuditEvent.objects.filter(action="permission.refused").order_by("-id").first()
        assert AuditEvent.objects.filter(action="permission.refused").count() == before + 1
        assert refusal.actor == user and refusal.data["action"] in ("view_audit", "export_audit")


def test_anonymous_is_sent_to_the_login_page(client, some_events):
    for url in urls(some_events[0].pk):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_list_shows_labels_in_chinese_and_filters(client, auditor, people, some_events):
    client.force_login(auditor)
    body = client.get(reverse("backoffice:audit")).content.decode()
    assert "登录成功" in body and "登录失败" in body
    body = client.get(reverse("backoffice:audit"), {"action": "login.failed"}).content.decode()
    assert "登录失败" in body and "10.1.1.1" not in body
    body = client.get(reverse("backoffice:audit"), {"actor": "officer"}).content.decode()
    assert "10.1.1.1" in body and "HYPERLINK" not in body
    body = client.get(reverse("backoffice:audit"), {"target": str(people[Role.INFORMATION_OFFICER].pk)}).content.decode()
    assert "10.1.1.1" in body
    today = timezone.localdate()
    body = client.get(reverse("backoffice:audit"), {"date_from": str(today + timedelta(days=1))}).content.decode()
    assert "没有符合条件的事件" in body
    body = client.get(reverse("backoffice:audit"), {"date_from": str(today), "date_to": str(today)}).content.decode()
    assert "10.1.1.1" in body
    body = client.get(reverse("backoffice:audit"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}).content.decode()
    assert "截止日期不能早于起始日期" in body
    # The calendar's ends are open ends (were server errors: no moment before 0001-01-01 00:00 UTC, no day after
    # 9999-12-31).
    for ends in ({"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}, {"date_from": "0001-01-01", "date_to": "9999-12-31"}):
        response = client.get(reverse("backoffice:audit"), ends)
        assert response.status_code == 200 and "10.1.1.1" in response.content.decode()
    assert "没有符合条件的事件" in client.get(reverse("backoffice:audit"), {"date_to": "0001-01-01"}).content.decode()


def test_list_paginates(client, auditor):
    for n in range(60):
        record_event(actor_name=f"bulk{n}", action="login.failed")
    client.force_login(auditor)
    page1 = client.get(reverse("backoffice:audit"), {"action": "login.failed"}).content.decode()
    assert "第 1 页，共 2 页" in page1 and "<td>bulk59</td>" in page1 and "<td>bulk0</td>" not in page1
    page2 = client.get(reverse("backoffice:audit"), {"action": "login.failed", "page": 2}).content.decode()
    assert "<td>bulk0</td>" in page2 and "<td>bulk59</td>" not in page2


def test_detail_shows_data_and_hash(client, auditor, some_events):
    client.force_login(auditor)
    body = client.get(reverse("backoffice:audit_detail", args=[some_events[1].pk])).content.decode()
    assert "unknown_user" in body and some_events[1].hash in body and "与内容相符" in body
    assert client.get(reverse("backoffice:audit_detail", args=[99999])).status_code == 404


def test_export_csv_is_filtered_and_safe_for_spreadsheets(client, auditor, some_events):
    client.force_login(auditor)
    response = client.get(reverse("backoffice:audit_export", args=["csv"]), {"action": "login.failed"})
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][:5] == ["编号", "时间", "操作人账号", "动作代码", "动作"]
    assert len(rows) == 2 and rows[1][4] == "登录失败"
    assert rows[1][2].startswith("'=")  # a formula typed at the login page stays text
    assert AuditEvent.objects.filter(action="audit.exported", actor=auditor).count() == 1


def test_export_xlsx(client, auditor, some_events):
    client.force_login(auditor)
    response = client.get(reverse("backoffice:audit_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "编号" and sheet.title == "审计日志"
    assert {v[3] for v in values[1:]} >= {"login.succeeded", "login.failed"}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_verify_view_reports_an_intact_chain(client, auditor, some_events):
    client.force_login(auditor)
    body = client.get(reverse("backoffice:audit_verify")).content.decode()
    assert "哈希链完整" in body


# --- The chain itself ---------------------------------------------------------------------------

def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_chain_detects_an_edited_row(client, auditor, some_events):
    edited = some_events[0]
    _raw("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["someone-else", edited.pk])
    report = verify_chain()
    assert not report.ok and report.first_broken_id == edited.pk and "修改" in report.reason
    client.force_login(auditor)
    body = client.get(reverse("backoffice:audit_verify")).content.decode()
    assert "已损坏" in body and f"<strong>{edited.pk}</strong>" in body
    body = client.get(reverse("backoffice:audit_detail", args=[edited.pk])).content.decode()
    assert "与内容不符" in body


def test_chain_detects_a_deleted_row(some_events):
    record_event(actor_name="third", action="logout")
    events = list(AuditEvent.objects.order_by("id"))
    _raw("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    report = verify_chain()
    assert not report.ok and report.first_broken_id == events[2].pk and "删除" in report.reason


def test_the_log_cannot_be_changed_through_the_orm(some_events):
    event = AuditEvent.objects.get(pk=some_events[0].pk)
    event.actor_name = "x"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert verify_chain().ok
