"""Staff endpoints with tokens (accounts.tokens, api/routes_staff.py): a token is kept hashed, shown once,
audited, acts with exactly its owner's rights, and is refused when absent, unknown, revoked or expired."""

import datetime as dt

import pytest
from django.core.management import call_command

from gongkai.accounts import tokens
from gongkai.accounts.models import ApiToken
from gongkai.core.errors import PermissionRefused, ValidationFailed
from gongkai.core.models import AuditEvent
from tests.factories import DisclosureRequestFactory, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_world(records_world):
    world = records_world
    world.own = make_record(world.civil, [], title="民政局草稿", status="draft", public=False)
    world.published = make_record(world.civil, [], title="民政局已发布")
    world.foreign = make_record(world.other_unit, [], title="双清区民政局草稿", status="draft", public=False)
    world.edu_record = make_record(world.edu, [], title="教育局草稿", status="draft", public=False)
    return world


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_token_is_stored_hashed_shown_once_and_audited(staff_world):
    officer = staff_world.users.officer
    created = tokens.api_token_create(actor=officer, owner=officer, name="一体化政务服务平台", days=30)
    stored = ApiToken.objects.get()
    assert created.raw.startswith("gk_") and created.raw not in (stored.digest, stored.prefix)
    assert stored.digest == tokens.digest_of(created.raw) and len(stored.digest) == 64
    assert created.raw[:10] == stored.prefix
    event = AuditEvent.objects.filter(action="api_token.created").get()
    assert created.raw not in str(event.data) and event.data["owner"] == officer.username
    tokens.api_token_revoke(actor=officer, token=stored)
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1
    with pytest.raises(ValidationFailed):
        tokens.api_token_revoke(actor=officer, token=stored)


def test_only_the_owner_or_their_account_manager_creates_a_token(staff_world):
    officer, other = staff_world.users.officer, staff_world.users.other_officer
    with pytest.raises(PermissionRefused):
        tokens.api_token_create(actor=other, owner=officer, name="冒名")
    with pytest.raises(PermissionRefused):
        tokens.api_token_create(actor=staff_world.users.reviewer, owner=officer, name="同单位也不行")
    with pytest.raises(ValidationFailed):
        tokens.api_token_create(actor=officer, owner=officer, name=" ")
    with pytest.raises(ValidationFailed):
        tokens.api_token_create(actor=officer, owner=officer, name="太久", days=400)
    assert not ApiToken.objects.exists()
    assert AuditEvent.objects.filter(action="permission.refused").count() >= 2


def test_the_command_creates_lists_and_revokes(staff_world, capsys):
    call_command("api_token", "create", staff_world.users.officer.username, "--name", "政务服务平台")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert tokens.token_owner(raw) == staff_world.users.officer
    call_command("api_token", "list")
    assert "政务服务平台" in capsys.readouterr().out
    call_command("api_token", "revoke", str(ApiToken.objects.get().pk))
    assert tokens.token_owner(raw) is None


def test_staff_records_are_the_owners_scope(client, staff_world):
    raw = tokens.api_token_create(actor=staff_world.users.officer, owner=staff_world.users.officer, name="平台").raw
    response = client.get("/api/v1/staff/records", **bearer(raw))
    assert response.status_code == 200
    titles = {r["title"] for r in response.json()["items"]}
    assert titles == {"民政局草稿", "民政局已发布"}
    assert response["Cache-Control"] == "private, no-cache" and "Authorization" in response["Vary"]
    assert client.get(f"/api/v1/staff/records/{staff_world.own.pk}", **bearer(raw)).json()["status"] == "草稿"
    for record in (staff_world.foreign, staff_world.edu_record):  # another unit's record: as if absent
        refused = client.get(f"/api/v1/staff/records/{record.pk}", **bearer(raw))
        assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"


def test_staff_request_counts_are_the_owners_scope(client, staff_world):
    for _ in range(2):
        DisclosureRequestFactory(receiving_unit=staff_world.civil)
    DisclosureRequestFactory(receiving_unit=staff_world.other_unit)
    office, other = staff_world.users.office, staff_world.users.other_office
    mine = tokens.api_token_create(actor=office, owner=office, name="平台").raw
    theirs = tokens.api_token_create(actor=other, owner=other, name="平台").raw
    assert client.get("/api/v1/staff/requests", **bearer(mine)).json()["total"] == 2
    assert client.get("/api/v1/staff/requests", **bearer(theirs)).json()["total"] == 1
    officer = staff_world.users.edu_officer  # 教育局: none assigned
    raw = tokens.api_token_create(actor=officer, owner=officer, name="平台").raw
    assert client.get("/api/v1/staff/requests", **bearer(raw)).json() == {"total": 0, "by_status": {}}


def test_who_manages_an_account_creates_its_tokens_under_the_separation_of_duties(staff_world):
    """三员分立, as for a password reset: the office creates an officer's token, the administrator an auditor's,
    never the other way round (a token carries its owner's rights)."""
    users = staff_world.users
    created = tokens.api_token_create(actor=users.office, owner=users.officer, name="平台")
    assert created.token.owner == users.officer and created.token.created_by == users.office
    assert tokens.api_token_create(actor=users.admin, owner=users.auditor, name="平台").token.owner == users.auditor
    for actor, owner in ((users.admin, users.officer), (users.admin, users.office), (users.office, users.auditor)):
        with pytest.raises(PermissionRefused):
            tokens.api_token_create(actor=actor, owner=owner, name="平台")


@pytest.mark.parametrize("case", ["none", "not_bearer", "unknown", "revoked", "expired", "inactive_owner"])
def test_refusals(client, staff_world, case, clock):
    officer = staff_world.users.officer
    created = tokens.api_token_create(actor=officer, owner=officer, name="平台", days=30)
    headers = bearer(created.raw)
    if case == "none":
        headers = {}
    elif case == "not_bearer":
        headers = {"HTTP_AUTHORIZATION": f"Token {created.raw}"}
    elif case == "unknown":
        headers = bearer("gk_" + "x" * 43)
    elif case == "revoked":
        tokens.api_token_revoke(actor=officer, token=created.token)
    elif case == "expired":
        clock.set(created.token.expires_at + dt.timedelta(minutes=1))
    elif case == "inactive_owner":
        officer.is_active = False
        officer.save()
    for url in ("/api/v1/staff/records", f"/api/v1/staff/records/{staff_world.own.pk}", "/api/v1/staff/requests"):
        response = client.get(url, **headers)
        assert response.status_code == 401, (case, url)
        error = response.json()["error"]
        assert error["code"] == "unauthorized" and "令牌" in error["message"]
        assert response["WWW-Authenticate"].startswith("Bearer")
