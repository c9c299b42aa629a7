"""接口令牌 (backoffice/views_tokens.py): every staff member creates, sees and revokes their own staff API tokens;
whoever manages an account's unit does the same for that account. A new token is shown once, works on the staff
API at once, and stops working when revoked; anyone else's token is as if absent."""

import pytest
from django.urls import reverse

from gongkai.accounts import tokens
from gongkai.accounts.models import ApiToken
from gongkai.core.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

STAFF_API = "/api/v1/staff/records"


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def raw_of(response):
    page = response.content.decode()
    start = page.index('id="token-raw">') + len('id="token-raw">')
    return page[start:page.index("</code>", start)]


def test_an_officer_creates_a_token_sees_it_once_and_it_works_at_once(client, world):
    officer = world.users.officer
    client.force_login(officer)
    listed = client.get(reverse("backoffice:tokens"))
    assert listed.status_code == 200 and "还没有令牌" in listed.content.decode()
    response = client.post(reverse("backoffice:tokens"), {"name": "一体化政务服务平台", "days": "30", "password": PASSWORD})
    assert response.status_code == 200 and "只在此显示这一次" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    raw = raw_of(response)
    token = ApiToken.objects.get()
    assert token.owner == officer and token.digest == tokens.digest_of(raw) and token.created_by == officer
    assert (token.expires_at - token.created_at).days == 30
    assert AuditEvent.objects.filter(action="api_token.created", actor=officer).count() == 1
    # The staff API takes it at once.
    client.logout()
    assert client.get(STAFF_API, **bearer(raw)).status_code == 200
    # The list shows its name and first characters, never the token again.
    client.force_login(officer)
    page = client.get(reverse("backoffice:tokens")).content.decode()
    assert "一体化政务服务平台" in page and token.prefix in page and raw not in page and "有效" in page


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "", "days": "30"}, "请填写令牌名称"),
    ({"name": "平台", "days": "0"}, "有效期应为 1 至 366 天"),
    ({"name": "平台", "days": "400"}, "有效期应为 1 至 366 天"),
    ({"name": "平台", "days": "三十"}, "有效天数应为整数"),
    ({"name": "长" * 101, "days": "30"}, "令牌名称不能超过 100 个字"),
])
def test_bad_input_is_refused_in_chinese_keeping_what_was_typed(client, world, data, message):
    client.force_login(world.users.officer)
    response = client.post(reverse("backoffice:tokens"), {**data, "password": PASSWORD})
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert f'value="{data["days"]}"' in page and (not data["name"] or data["name"][:20] in page)
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_and_is_audited(client, world):
    officer = world.users.officer
    created = tokens.api_token_create(actor=officer, owner=officer, name="平台")
    client.force_login(officer)
    url = reverse("backoffice:token_revoke", args=[created.token.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:tokens")
    assert tokens.token_owner(created.raw) is None
    assert client.get(STAFF_API, **bearer(created.raw)).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1
    page = client.get(reverse("backoffice:tokens")).content.decode()
    assert "已吊销" in page
    again = client.post(url, follow=True)  # twice: a message, no second event
    assert "该令牌已吊销" in again.content.decode()
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


@pytest.mark.parametrize("who", ["reviewer", "other_office", "auditor", "admin"])
def test_someone_elses_token_is_as_if_absent(client, world, who):
    """The system administrator manages accounts too, but never an officer's (三员分立)."""
    officer = world.users.officer
    created = tokens.api_token_create(actor=officer, owner=officer, name="张信息员的对接令牌")
    client.force_login(getattr(world.users, who))
    assert client.post(reverse("backoffice:token_revoke", args=[created.token.pk])).status_code == 404
    assert tokens.token_owner(created.raw) == officer
    assert "张信息员的对接令牌" not in client.get(reverse("backoffice:tokens")).content.decode()


def test_the_office_manages_the_tokens_of_an_account_of_its_county(client, world):
    officer, office = world.users.officer, world.users.office
    client.force_login(office)
    url = reverse("backoffice:account_tokens", args=[officer.pk])
    assert reverse("backoffice:account_tokens", args=[officer.pk]) in client.get(
        reverse("backoffice:account_detail", args=[officer.pk])).content.decode()
    assert client.get(url).status_code == 200
    raw = raw_of(client.post(url, {"name": "政务服务平台", "days": "90", "password": PASSWORD}))
    token = ApiToken.objects.get()
    assert token.owner == officer and token.created_by == office and tokens.token_owner(raw) == officer
    assert office.username in client.get(url).content.decode()  # who created it, beside the date
    response = client.post(reverse("backoffice:token_revoke", args=[token.pk]))
    assert response["Location"] == url and tokens.token_owner(raw) is None


@pytest.mark.parametrize("who", ["other_office", "officer", "reviewer", "auditor", "admin"])
def test_an_accounts_tokens_are_refused_to_whoever_does_not_manage_it(client, world, who):
    target = world.users.reviewer if who == "officer" else world.users.officer
    client.force_login(getattr(world.users, who))
    url = reverse("backoffice:account_tokens", args=[target.pk])
    before = AuditEvent.objects.filter(action="permission.refused").count()
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "冒名", "days": "30", "password": PASSWORD}).status_code == 403
    assert not ApiToken.objects.exists()
    assert AuditEvent.objects.filter(action="permission.refused").count() == before + 2


def test_anonymous_people_are_sent_to_the_login_page(client, world):
    officer = world.users.officer
    created = tokens.api_token_create(actor=officer, owner=officer, name="平台")
    for method, url in (("get", reverse("backoffice:tokens")), ("post", reverse("backoffice:tokens")),
                        ("get", reverse("backoffice:account_tokens", args=[officer.pk])),
                        ("post", reverse("backoffice:token_revoke", args=[created.token.pk]))):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"], url
    assert tokens.token_owner(created.raw) == officer


def test_no_token_for_a_deactivated_account(client, world):
    officer = world.users.officer
    officer.is_active = False
    officer.save()
    client.force_login(world.users.office)
    url = reverse("backoffice:account_tokens", args=[officer.pk])
    assert "该账号已停用，不能创建令牌" in client.get(url).content.decode()
    response = client.post(url, {"name": "平台", "days": "30", "password": PASSWORD})
    assert "该账号已停用" in response.content.decode() and not ApiToken.objects.exists()


def test_every_back_office_page_links_to_the_own_tokens(client, world):
    client.force_login(world.users.reviewer)
    assert reverse("backoffice:tokens") in client.get(reverse("backoffice:dashboard")).content.decode()


def test_the_office_cannot_touch_the_auditors_or_administrators_tokens(client, world):
    """三员分立: the office manages its county's content accounts, not the auditor's or the administrator's."""
    for owner in (world.users.auditor, world.users.admin):
        created = tokens.api_token_create(actor=owner, owner=owner, name="本人令牌")
        client.force_login(world.users.office)
        assert client.post(reverse("backoffice:token_revoke", args=[created.token.pk])).status_code == 404
        assert client.get(reverse("backoffice:account_tokens", args=[owner.pk])).status_code == 403
        assert tokens.token_owner(created.raw) == owner


def test_the_administrator_manages_the_auditors_tokens(client, world):
    auditor = world.users.auditor
    client.force_login(world.users.admin)
    url = reverse("backoffice:account_tokens", args=[auditor.pk])
    raw = raw_of(client.post(url, {"name": "审计对接", "days": "30", "password": PASSWORD}))
    assert tokens.token_owner(raw) == auditor


def test_the_own_account_page_is_the_own_token_page(client, world):
    officer = world.users.officer
    client.force_login(officer)
    assert client.get(reverse("backoffice:account_tokens", args=[officer.pk])).status_code == 200


def test_creating_a_token_asks_for_the_creators_own_password(client, world):
    """A token outlives its session: a stolen session cannot make one without the password, and a wrong one
    counts as a failed login from that address (the same lockout as the login page)."""
    officer = world.users.officer
    client.force_login(officer)
    for password, message in (("", "请输入您的登录密码"), ("wrong-password-1", "登录密码不正确")):
        response = client.post(reverse("backoffice:tokens"), {"name": "平台", "days": "30", "password": password})
        page = response.content.decode()
        assert response.status_code == 200 and message in page and 'value="平台"' in page
        assert "wrong-password-1" not in page  # a password is never shown back
    assert not ApiToken.objects.exists()
    # The office creating an officer's token gives its own password, not the officer's.
    client.force_login(world.users.office)
    url = reverse("backoffice:account_tokens", args=[officer.pk])
    officer.set_password("Officer-Only-2026")
    officer.save()
    assert "登录密码不正确" in client.post(url, {"name": "平台", "days": "30",
                                             "password": "Officer-Only-2026"}).content.decode()
    assert tokens.token_owner(raw_of(client.post(url, {"name": "平台", "days": "30", "password": PASSWORD}))) == officer


def test_wrong_confirmations_lock_the_address_like_failed_logins(client, world, settings):
    settings.GONGKAI_IP_LOCKOUT_THRESHOLD = 3
    client.force_login(world.users.officer)
    statuses = [client.post(reverse("backoffice:tokens"), {"name": "平台", "days": "30", "password": f"wrong-{n}"},
                            REMOTE_ADDR="203.0.113.9").status_code for n in range(4)]
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
    assert AuditEvent.objects.filter(action="login.ip_locked").count() == 1
    assert not ApiToken.objects.exists()


def test_a_password_reset_revokes_the_accounts_tokens_and_says_so(client, world):
    """A reset is what the office does when an account may be in other hands: its sessions end, and its tokens
    stop working too (each revocation audited with the reason); other accounts' tokens are untouched."""
    officer, office = world.users.officer, world.users.office
    first = tokens.api_token_create(actor=officer, owner=officer, name="一体化政务服务平台")
    second = tokens.api_token_create(actor=officer, owner=officer, name="数据共享")
    other = tokens.api_token_create(actor=world.users.reviewer, owner=world.users.reviewer, name="审核用")
    assert client.get(STAFF_API, **bearer(first.raw)).status_code == 200
    client.force_login(office)
    assert "接口访问令牌全部吊销" in client.get(reverse("backoffice:account_reset_password", args=[officer.pk])).content.decode()
    response = client.post(reverse("backoffice:account_reset_password", args=[officer.pk]), {"password1": "", "password2": ""})
    assert "该账号的 2 个接口访问令牌已一并吊销" in response.content.decode()
    client.logout()
    for created in (first, second):
        assert client.get(STAFF_API, **bearer(created.raw)).status_code == 401
    assert client.get(STAFF_API, **bearer(other.raw)).status_code == 200
    events = AuditEvent.objects.filter(action="api_token.revoked", actor=office)
    assert events.count() == 2 and all(e.data["reason"] == "密码重置" for e in events)
    # A reset of an account with no live token says nothing about tokens.
    client.force_login(office)
    again = client.post(reverse("backoffice:account_reset_password", args=[officer.pk]), {"password1": "", "password2": ""})
    assert "密码已重置" in again.content.decode() and "接口访问令牌已一并吊销" not in again.content.decode()
