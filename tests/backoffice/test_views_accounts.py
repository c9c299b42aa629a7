import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.accounts.models import Role, User
from gongkai.core.models import AuditEvent
from tests.accounts.accounts_xlsx import xlsx
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

CANNOT_MANAGE = [Role.INFORMATION_OFFICER, Role.REVIEWER, Role.UPPER_APPROVER, Role.AUDITOR]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def town_officer(people):
    return people[Role.INFORMATION_OFFICER]


@pytest.fixture
def elsewhere(units):
    return user_with_role(Role.INFORMATION_OFFICER, units["other"], username="fagai@sqjczw")


def screens(account):
    return [
        ("get", reverse("backoffice:accounts")),
        ("get", reverse("backoffice:account_create")),
        ("get", reverse("backoffice:account_import")),
        ("get", reverse("backoffice:account_detail", args=[account.pk])),
        ("get", reverse("backoffice:account_deactivate", args=[account.pk])),
        ("get", reverse("backoffice:account_reset_password", args=[account.pk])),
        ("post", reverse("backoffice:account_import_confirm")),
        ("get", reverse("backoffice:account_import_passwords")),
    ]


def refusals():
    return AuditEvent.objects.filter(action="permission.refused").count()


@pytest.mark.parametrize("role", CANNOT_MANAGE)
def test_every_screen_refuses_roles_without_account_rights(client, people, town_officer, role):
    client.force_login(people[role])
    for method, url in screens(town_officer):
        before = refusals()
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert "您没有权限管理账号" in response.content.decode()
        assert refusals() == before + 1, url


def test_anonymous_is_sent_to_the_login_page(client, town_officer):
    for method, url in screens(town_officer):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_office_screens_open(client, office, town_officer):
    client.force_login(office)
    for method, url in screens(town_officer)[:6]:
        assert getattr(client, method)(url).status_code == 200, url


def test_office_lists_only_its_subtree(client, office, town_officer, elsewhere, people):
    client.force_login(office)
    body = client.get(reverse("backoffice:accounts")).content.decode()
    assert town_officer.username in body and "office" in body
    assert "fagai@sqjczw" not in body
    assert ">approver<" not in body  # 邵阳市 is above 大祥区


def test_list_filters(client, office, town_officer):
    client.force_login(office)
    body = client.get(reverse("backoffice:accounts"), {"q": "reviewer"}).content.decode()
    assert ">reviewer<" in body and ">officer<" not in body


@pytest.mark.parametrize("name", ["account_detail", "account_deactivate", "account_reset_password"])
def test_office_refused_on_an_account_outside_its_subtree(client, office, elsewhere, name):
    client.force_login(office)
    for method in ("get", "post"):
        response = getattr(client, method)(reverse(f"backoffice:{name}", args=[elsewhere.pk]))
        assert response.status_code == 403
    elsewhere.refresh_from_db()
    assert elsewhere.is_active
    assert refusals() == 2


def test_office_refused_on_the_auditor_account(client, office, auditor):
    client.force_login(office)
    assert client.post(reverse("backoffice:account_reset_password", args=[auditor.pk])).status_code == 403


def test_create_account(client, office, units):
    client.force_login(office)
    response = client.post(reverse("backoffice:account_create"), {
        "username": "lsz2@dxjczw", "display_name": "李四", "unit": units["town"].pk,
        "roles": [Role.INFORMATION_OFFICER], "phone": "", "password1": "", "password2": "",
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "账号已开设" in body and "只在此显示一次" in body
    user = User.objects.get(username="lsz2@dxjczw")
    assert user.must_change_password and user.unit == units["town"]
    password = response.context["created"].password
    assert password in body and user.check_password(password)


def test_create_keeps_what_was_typed_on_error(client, office, units):
    client.force_login(office)
    response = client.post(reverse("backoffice:account_create"), {
        "username": "lsz2@dxjczw", "display_name": "李四", "unit": units["town"].pk,
        "roles": [Role.REVIEWER], "phone": "138", "password1": "Ab1-short", "password2": "Ab1-short",
    })
    body = response.content.decode()
    assert response.status_code == 200 and not User.objects.filter(username="lsz2@dxjczw").exists()
    assert "密码太短" in body and "手机号码应为 11 位数字" in body  # every mistake at once
    assert 'value="lsz2@dxjczw"' in body and 'value="李四"' in body and 'value="138"' in body
    assert f'value="{units["town"].pk}" selected' in body
    assert 'value="reviewer" id="id_roles_1" checked' in body


def test_create_offers_only_units_and_roles_the_office_may_give(client, office, units):
    client.force_login(office)
    body = client.get(reverse("backoffice:account_create")).content.decode()
    assert "罗市镇" in body and "双清区发改局" not in body
    assert "审计员" not in body and "系统管理员" not in body and "信息员" in body


def test_create_refuses_a_unit_outside_the_subtree(client, office, units):
    client.force_login(office)
    response = client.post(reverse("backoffice:account_create"), {
        "username": "x@sqjczw", "unit": units["other"].pk, "roles": [Role.REVIEWER],
    })
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not User.objects.filter(username="x@sqjczw").exists()


def test_duplicate_username_is_a_chinese_form_error(client, office, units, town_officer):
    client.force_login(office)
    response = client.post(reverse("backoffice:account_create"), {
        "username": town_officer.username, "unit": units["town"].pk, "roles": [Role.REVIEWER],
    })
    assert "已存在" in response.content.decode()


def test_edit_roles(client, office, town_officer):
    client.force_login(office)
    response = client.post(reverse("backoffice:account_detail", args=[town_officer.pk]),
                           {"roles": [Role.REVIEWER]})
    assert response.status_code == 302
    assert User.objects.get(pk=town_officer.pk).roles == {Role.REVIEWER}
    page = client.get(response["Location"]).content.decode()
    assert "角色已更新" in page


def test_deactivate(client, office, town_officer):
    client.force_login(office)
    page = client.get(reverse("backoffice:account_deactivate", args=[town_officer.pk])).content.decode()
    assert "确定停用" in page
    response = client.post(reverse("backoffice:account_deactivate", args=[town_officer.pk]))
    assert response.status_code == 302
    town_officer.refresh_from_db()
    assert not town_officer.is_active


def test_office_cannot_deactivate_itself(client, office):
    client.force_login(office)
    response = client.post(reverse("backoffice:account_deactivate", args=[office.pk]))
    assert "不能停用自己的账号" in response.content.decode()


def test_reset_password(client, office, town_officer):
    client.force_login(office)
    response = client.post(reverse("backoffice:account_reset_password", args=[town_officer.pk]),
                           {"password1": "", "password2": ""})
    assert "密码已重置" in response.content.decode()
    town_officer.refresh_from_db()
    assert town_officer.must_change_password
    assert town_officer.check_password(response.context["created"].password)


def test_reset_password_mismatch_is_refused(client, office, town_officer):
    client.force_login(office)
    response = client.post(reverse("backoffice:account_reset_password", args=[town_officer.pk]),
                           {"password1": "Abcdefgh-123", "password2": "Abcdefgh-124"})
    assert "两次输入的密码不一致" in response.content.decode()


# --- Import screens -------------------------------------------------------------------------------

def upload(client, data, name="accounts.xlsx", jurisdiction=None, tree=None):
    return client.post(reverse("backoffice:account_import"), {
        "jurisdiction": jurisdiction or tree["county"].pk,
        "file": SimpleUploadedFile(name, data, content_type=XLSX),
    })


def test_upload_dry_run_confirm_and_passwords_once(client, office, units, tree):
    client.force_login(office)
    response = upload(client, xlsx([("区发改局", "fagai@dxjczw"), ("罗市镇", "lsz@dxjczw")]), tree=tree)
    body = response.content.decode()
    assert "导入检查结果" in body and "可以导入 2 个账号" in body and "确认导入这 2 个账号" in body
    assert not User.objects.filter(username="fagai@dxjczw").exists()

    response = client.post(reverse("backoffice:account_import_confirm"))
    body = response.content.decode()
    assert "导入完成" in body
    fagai = User.objects.get(username="fagai@dxjczw")
    password = next(c.password for c in response.context["result"].created if c.user == fagai)
    assert password in body and fagai.check_password(password) and fagai.must_change_password

    csv_response = client.get(reverse("backoffice:account_import_passwords"))
    assert csv_response.status_code == 200 and password in csv_response.content.decode("utf-8-sig")
    again = client.get(reverse("backoffice:account_import_passwords"))
    assert again.status_code == 410 and "只能下载一次" in again.content.decode()
    # Confirming again imports nothing more.
    assert "没有待确认的导入" in client.post(reverse("backoffice:account_import_confirm"), follow=True).content.decode()


def test_problems_are_listed_and_cannot_be_confirmed(client, office, units, tree):
    client.force_login(office)
    body = upload(client, xlsx([("区不存在局", "x@dxjczw")]), tree=tree).content.decode()
    assert "未找到单位「区不存在局」" in body and "没有导入任何账号" in body and "确认导入" not in body
    response = client.post(reverse("backoffice:account_import_confirm"), follow=True)
    assert "没有待确认的导入" in response.content.decode()
    assert not User.objects.filter(username="x@dxjczw").exists()


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"a,b\n1,2\n", "accounts.csv", "不是 Excel 工作簿"),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 64, "accounts.xls", "旧版 Excel"),
    (b"", "accounts.xlsx", "上传的文件是空的"),
])
def test_upload_refuses_bad_files_in_chinese(client, office, tree, data, name, message):
    client.force_login(office)
    response = upload(client, data, name=name, tree=tree)
    assert response.status_code == 200 and message in response.content.decode()


def test_upload_refuses_a_file_over_the_limit(client, office, tree, settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 100
    client.force_login(office)
    response = upload(client, xlsx([("罗市镇", "lsz@dxjczw")]), tree=tree)
    assert "上限" in response.content.decode()


def test_upload_offers_only_the_office_jurisdiction(client, office, tree):
    client.force_login(office)
    body = client.get(reverse("backoffice:account_import")).content.decode()
    assert "大祥区" in body and "双清区" not in body
    response = upload(client, xlsx([("双清区发改局", "x@sqjczw")]), jurisdiction=tree["other_county"].pk, tree=tree)
    assert "选择一个有效的选项" in response.content.decode()
