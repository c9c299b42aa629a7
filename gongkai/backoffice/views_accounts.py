"""Account management for the disclosure office (and the system administrator): list, create, roles,
deactivate, reset password, bulk import. Views parse and render; accounts.services decide."""

from __future__ import annotations

from dataclasses import asdict

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts import selectors, services
from gongkai.accounts.backends import client_ip
from gongkai.accounts.models import User
from gongkai.accounts.policies import Action, jurisdiction_scope
from gongkai.backoffice.forms_accounts import (
    AccountCreateForm,
    AccountFilterForm,
    AccountImportForm,
    AccountRolesForm,
    PasswordResetForm,
    top_jurisdictions,
)
from gongkai.backoffice.plumbing import backoffice_view, guard
from gongkai.core.errors import GongkaiError, PermissionRefused
from gongkai.core.paging import page_of
from gongkai.exchange import accounts_table
from gongkai.organizations.models import Jurisdiction

PAGE_SIZE = 50
IMPORT_SESSION_KEY = "gongkai_accounts_import"
PASSWORDS_SESSION_KEY = "gongkai_accounts_import_passwords"


def _account(request, pk: int) -> User:
    account = get_object_or_404(User.objects.select_related("unit__jurisdiction"), pk=pk)
    guard(request, Action.MANAGE_ACCOUNTS, account)
    return account


def _run(form, call, **kwargs):
    """A service call whose domain error becomes the form's message; refusals go on to the 403 page."""
    try:
        return call(**kwargs)
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        form.add_error(None, exc.message)
        return None


@backoffice_view
def account_list(request):
    guard(request, Action.MANAGE_ACCOUNTS)
    form = AccountFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    accounts = selectors.account_list(
        user=request.user, q=(filters.get("q") or "").strip(),
        unit_id=filters["unit"].pk if filters.get("unit") else None, status=filters.get("status") or "",
    )
    page = page_of(accounts, PAGE_SIZE, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "backoffice/accounts/list.html",
                  {"form": form, "page": page, "query": query.urlencode()})


@backoffice_view
def account_create(request):
    guard(request, Action.MANAGE_ACCOUNTS)
    form = AccountCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _run(
            form, services.account_create, actor=request.user, username=data["username"], unit=data["unit"],
            roles=data["roles"], display_name=data["display_name"], phone=data["phone"].strip(),
            password=data["password1"], ip_address=client_ip(request),
        )
        if created is not None:
            return render(request, "backoffice/accounts/password_shown.html",
                          {"account": created.user, "created": created, "title": "账号已开设"})
    return render(request, "backoffice/accounts/create.html", {"form": form})


@backoffice_view
def account_detail(request, pk: int):
    account = _account(request, pk)
    form = AccountRolesForm(request.POST or None, user=request.user, initial={"roles": sorted(account.roles)})
    if request.method == "POST" and form.is_valid():
        done = _run(form, services.account_update_roles, actor=request.user, user=account,
                    roles=form.cleaned_data["roles"], ip_address=client_ip(request))
        if done is not None:
            messages.success(request, "角色已更新。")
            return redirect("backoffice:account_detail", pk=account.pk)
    return render(request, "backoffice/accounts/detail.html", {"account": account, "form": form})


@backoffice_view
def account_deactivate(request, pk: int):
    account = _account(request, pk)
    error = ""
    if request.method == "POST":
        try:
            services.account_deactivate(actor=request.user, user=account, ip_address=client_ip(request))
        except PermissionRefused:
            raise
        except GongkaiError as exc:
            error = exc.message
        else:
            messages.success(request, f"账号 {account.username} 已停用。")
            return redirect("backoffice:account_detail", pk=account.pk)
    return render(request, "backoffice/accounts/deactivate.html", {"account": account, "error": error})


@backoffice_view
def account_reset_password(request, pk: int):
    account = _account(request, pk)
    form = PasswordResetForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        reset = _run(form, services.account_reset_password, actor=request.user, user=account,
                     password=form.cleaned_data["password1"], ip_address=client_ip(request))
        if reset is not None:
            return render(request, "backoffice/accounts/password_shown.html",
                          {"account": account, "created": reset, "title": "密码已重置"})
    return render(request, "backoffice/accounts/reset_password.html", {"account": account, "form": form})


# --- Bulk import --------------------------------------------------------------------------------------


def _import_form(request, data=None, files=None):
    scope = jurisdiction_scope(request.user, Action.MANAGE_ACCOUNTS)
    roots = top_jurisdictions(scope)
    return AccountImportForm(data, files, jurisdictions=Jurisdiction.objects.filter(pk__in=[j.pk for j in roots]))


@backoffice_view
def account_import(request):
    """Upload → dry-run report. Nothing is written until the report is confirmed."""
    guard(request, Action.MANAGE_ACCOUNTS)
    if request.method != "POST":
        return render(request, "backoffice/accounts/import.html", {"form": _import_form(request)})
    form = _import_form(request, request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "backoffice/accounts/import.html", {"form": form})
    jurisdiction = form.cleaned_data["jurisdiction"]
    upload = form.cleaned_data["file"]
    try:
        rows = accounts_table.read_accounts_table(
            upload.read(settings.GONGKAI_MAX_UPLOAD_BYTES + 1), max_bytes=settings.GONGKAI_MAX_UPLOAD_BYTES,
            filename=upload.name,
        )
        result = services.accounts_import(actor=request.user, jurisdiction=jurisdiction, rows=rows, dry_run=True,
                                          ip_address=client_ip(request))
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        form.add_error("file", exc.message)
        return render(request, "backoffice/accounts/import.html", {"form": form})
    if result.ok:
        request.session[IMPORT_SESSION_KEY] = {
            "jurisdiction": jurisdiction.pk, "filename": upload.name, "rows": [asdict(r) for r in rows],
        }
    else:
        request.session.pop(IMPORT_SESSION_KEY, None)
    return render(request, "backoffice/accounts/import_report.html",
                  {"result": result, "jurisdiction": jurisdiction, "filename": upload.name})


@require_POST
@backoffice_view
def account_import_confirm(request):
    guard(request, Action.MANAGE_ACCOUNTS)
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending:
        messages.error(request, "没有待确认的导入，请重新上传账号表。")
        return redirect("backoffice:account_import")
    jurisdiction = get_object_or_404(Jurisdiction, pk=pending["jurisdiction"])
    rows = [services.AccountRow(**r) for r in pending["rows"]]
    try:
        result = services.accounts_import(actor=request.user, jurisdiction=jurisdiction, rows=rows, dry_run=False,
                                          ip_address=client_ip(request))
    except PermissionRefused:
        raise
    except GongkaiError as exc:
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.error(request, exc.message)
        return redirect("backoffice:account_import")
    request.session.pop(IMPORT_SESSION_KEY, None)
    if result.committed:
        # The passwords leave the server once: on this page, and as one CSV download.
        request.session[PASSWORDS_SESSION_KEY] = accounts_table.initial_passwords_csv(result.created).decode("utf-8")
    return render(request, "backoffice/accounts/import_report.html",
                  {"result": result, "jurisdiction": jurisdiction, "filename": pending.get("filename", "")})


@backoffice_view
def account_import_passwords(request):
    guard(request, Action.MANAGE_ACCOUNTS)
    content = request.session.pop(PASSWORDS_SESSION_KEY, None)
    if content is None:
        return render(request, "backoffice/accounts/passwords_gone.html", status=410)
    response = HttpResponse(content.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="initial-passwords.csv"'
    response["Cache-Control"] = "no-store"
    return response
