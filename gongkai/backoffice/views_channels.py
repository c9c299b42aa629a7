"""Channel screens of a record (公开渠道和载体): the other channels it went out on, recording a new one,
printing the A4 bulletin for a notice board, and the printed copies with their state (a copy whose record
changed after printing is marked 已过期). Views parse and render; the channels services decide."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse

from gongkai.accounts.backends import client_ip
from gongkai.accounts.policies import Action, can, unit_scope
from gongkai.backoffice.forms_channels import (
    ChannelPublicationForm,
    DeletePublicationForm,
    NewMediaAccountForm,
    NewMediaCloseForm,
    NewMediaUpdateForm,
    PrintBulletinForm,
)
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.channels import selectors, services
from gongkai.channels.models import KIND_BY_CATALOG_NAME, ChannelKind, ChannelPublication, NewMediaAccount
from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.core.paging import page_of
from gongkai.exchange import bulletins
from gongkai.publishing.models import Record

# The portal's public page of a record: /j/<jurisdiction code>/r/<index number, or id>/ (a stable path that
# QR codes on paper may rely on; see portal/urls_records.py).
PORTAL_RECORD_URL_NAME = "portal:record"


def _record(request, pk, *, write: bool) -> Record:
    record = get_object_or_404(
        Record.objects.select_related("unit__jurisdiction", "public_revision"), pk=pk)
    if write:
        services.require_record_channels(request.user, record, ip_address=client_ip(request))
    else:
        services.require_view_channels(request.user, record, ip_address=client_ip(request))
    return record


def public_url(request, record: Record) -> str:
    """The absolute address of the record's public page, for the QR code. GONGKAI_PUBLIC_BASE_URL (the
    portal's address as residents know it) wins over the host the back office was reached by."""
    try:
        path = reverse(PORTAL_RECORD_URL_NAME, kwargs={
            "code": record.unit.jurisdiction.code, "ref": record.index_number or str(record.pk)})
    except NoReverseMatch:
        raise ValidationFailed("门户网站还没有政府信息的公开页面，二维码无处可指，暂不能打印公告。") from None
    base = getattr(settings, "GONGKAI_PUBLIC_BASE_URL", "") or ""
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)


def record_url(record: Record) -> str | None:
    """The record's own back-office page, once the publishing screens give it one."""
    try:
        return reverse("backoffice:record", args=[record.pk])
    except NoReverseMatch:
        return None


def suggested_channels(record: Record) -> list[str]:
    """The channels the catalog asks for the record's items (公开渠道和载体), as kinds, in checklist order."""
    names = {name.split(":")[0].split("：")[0] for item in record.items.all() for name in (item.channels or [])}
    kinds = {KIND_BY_CATALOG_NAME[n] for n in names if n in KIND_BY_CATALOG_NAME}
    return [k for k in ChannelKind.values if k in kinds]


def _page(request, record: Record):
    publications = selectors.publications_for(request.user, record)
    copies = selectors.printed_copies_for(request.user, record)
    suggested = suggested_channels(record)
    done = {p.channel for p in publications}
    may_write = services.may_record_channels(request.user, record)
    return render(request, "backoffice/channels/record.html", {
        "record": record,
        "record_url": record_url(record),
        "publications": publications,
        "copies": copies,
        "suggested_missing": [str(ChannelKind(c).label) for c in suggested
                              if c not in done and c != ChannelKind.GOVERNMENT_WEBSITE],
        "may_write": may_write,
        "is_public": record.is_public and record.public_revision_id is not None,
        "print_form": PrintBulletinForm(),
        "needs_action": sum(1 for c in copies if c.needs_action),
    })


@backoffice_view
def record_channels(request, pk):
    record = _record(request, pk, write=False)
    return _page(request, record)


@backoffice_view
def publication_new(request, pk):
    record = _record(request, pk, write=True)
    form = ChannelPublicationForm(posted(request), suggested=suggested_channels(record),
                                  accounts=services.accounts_for_record(record))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        publication, ok = attempt(
            form, services.channel_publication_record, actor=request.user, record=record,
            channel=data["channel"], published_on=data["published_on"], where=data["where"],
            done_by=data["done_by"], link=data["link"], note=data["note"], account=data.get("account"))
        if ok:
            messages.success(request, f"已登记：{publication.get_channel_display()}"
                                      f"{'（' + publication.where + '）' if publication.where else ''}。")
            return redirect("backoffice:channels_record", record.pk)
    return render(request, "backoffice/channels/publication_new.html",
                  {"record": record, "record_url": record_url(record), "form": form},
                  status=400 if form.errors else 200)


@backoffice_view
def publication_delete(request, pk, publication_pk):
    record = _record(request, pk, write=True)
    publication = get_object_or_404(ChannelPublication, pk=publication_pk, record=record)
    form = DeletePublicationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        _, ok = attempt(form, services.channel_publication_delete, actor=request.user, publication=publication,
                        reason=form.cleaned_data["reason"])
        if ok:
            messages.success(request, "已删除该条渠道发布记录。")
            return redirect("backoffice:channels_record", record.pk)
    return render(request, "backoffice/channels/publication_delete.html",
                  {"record": record, "publication": publication, "form": form},
                  status=400 if form.errors else 200)


def _print_page(request, record: Record, form: PrintBulletinForm, status: int = 200):
    return render(request, "backoffice/channels/print.html", {
        "record": record, "record_url": record_url(record), "form": form,
        "is_public": record.is_public and record.public_revision_id is not None,
    }, status=status)


@backoffice_view
def print_bulletin(request, pk):
    """GET: the print form. POST: render the bulletin of the record's public revision, record the printed
    copy, send the PDF."""
    record = _record(request, pk, write=True)
    if request.method != "POST":
        return _print_page(request, record, PrintBulletinForm())
    form = PrintBulletinForm(request.POST)
    if not form.is_valid():
        return _print_page(request, record, form, status=400)
    revision = record.public_revision
    try:
        if not record.is_public or revision is None:
            raise ValidationFailed("只有已发布的主动公开信息才能打印公告。")
        url = public_url(request, record)
        pdf = bulletins.bulletin_pdf(record, public_url=url, revision=revision)
        copy = services.printed_copy_record(
            actor=request.user, record=record, revision=revision, board=form.cleaned_data["board"],
            copies=form.cleaned_data["copies"], public_url=url, pdf=pdf)
    except ValidationFailed as exc:
        form.add_error(None, exc.message)
        return _print_page(request, record, form, status=400)
    filename = f"公告-{record.index_number or record.pk}-第{copy.revision_number}版.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@backoffice_view
def boards(request):
    """The notice boards to visit: printed copies that no longer match the record online."""
    services.require_board_list(request.user, ip_address=client_ip(request))
    copies = selectors.copies_needing_action(request.user)
    return render(request, "backoffice/channels/boards.html", {"copies": copies})


# --- The register of government new-media accounts (政务新媒体台账) ------------------------------------------


def _account(request, pk) -> NewMediaAccount:
    """An account the user may read (its unit's officers and reviewers, the offices above): else 404/403."""
    account = get_object_or_404(NewMediaAccount.objects.select_related("unit__jurisdiction"), pk=pk)
    guard(request, Action.REPORT_NEW_MEDIA_UPDATE, account)
    return account


@backoffice_view
def new_media_accounts(request):
    """The register: open accounts (or all, with 含已关停), each with its last update and how long ago."""
    guard(request, Action.REPORT_NEW_MEDIA_UPDATE)
    include_closed = request.GET.get("closed") == "1"
    page = page_of(selectors.new_media_accounts_for(request.user, include_closed=include_closed), 50,
                   request.GET.get("page"))
    today = clock.today()
    rows = []
    for account in page.object_list:
        since = account.last_update_on or account.opened_on
        silent = (today - since).days if account.closed_on is None else None
        rows.append({"account": account, "silent_days": silent, "silent": silent is not None and silent > 14})
    return render(request, "backoffice/channels/new_media_list.html", {
        "page": page, "rows": rows, "include_closed": include_closed,
        "may_register": can(request.user, Action.MANAGE_NEW_MEDIA),
    })


def _account_form_values(data) -> dict:
    return {f: data[f] for f in services.ACCOUNT_FIELDS if f in data}


@backoffice_view
def new_media_account_new(request):
    guard(request, Action.MANAGE_NEW_MEDIA)
    units = unit_scope(request.user, Action.MANAGE_NEW_MEDIA).select_related("jurisdiction").order_by(
        "jurisdiction__code", "name")
    form = NewMediaAccountForm(posted(request), units=units, initial={"opened_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account, ok = attempt(form, services.new_media_account_register, actor=request.user, unit=data["unit"],
                              **_account_form_values(data))
        if ok:
            messages.success(request, f"已登记{account}。")
            return redirect("backoffice:new_media_account", account.pk)
    return render(request, "backoffice/channels/new_media_form.html", {"form": form, "account": None},
                  status=400 if form.errors else 200)


@backoffice_view
def new_media_account(request, pk):
    """An account: what the register says (editable by the office), its last update (reportable by its unit),
    the records published on it, and closing it."""
    account = _account(request, pk)
    may_manage = can(request.user, Action.MANAGE_NEW_MEDIA, account)
    edit_form = NewMediaAccountForm(
        posted(request) if request.POST.get("form") == "edit" else None, fixed_unit=account.unit,
        initial={f: getattr(account, f) for f in services.ACCOUNT_FIELDS})
    update_form = NewMediaUpdateForm(posted(request) if request.POST.get("form") == "update" else None,
                                     initial={"updated_on": clock.today()})
    close_form = NewMediaCloseForm(posted(request) if request.POST.get("form") == "close" else None,
                                   initial={"closed_on": clock.today()})
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "edit" and edit_form.is_valid():
            guard(request, Action.MANAGE_NEW_MEDIA, account)
            _, ok = attempt(edit_form, services.new_media_account_change, actor=request.user, account=account,
                            **_account_form_values(edit_form.cleaned_data))
            if ok:
                messages.success(request, "已保存账号信息。")
                return redirect("backoffice:new_media_account", account.pk)
        elif which == "update" and update_form.is_valid():
            _, ok = attempt(update_form, services.new_media_update_report, actor=request.user, account=account,
                            updated_on=update_form.cleaned_data["updated_on"], note=update_form.cleaned_data["note"])
            if ok:
                messages.success(request, "已登记更新。")
                return redirect("backoffice:new_media_account", account.pk)
        elif which == "close" and close_form.is_valid():
            guard(request, Action.MANAGE_NEW_MEDIA, account)
            _, ok = attempt(close_form, services.new_media_account_close, actor=request.user, account=account,
                            closed_on=close_form.cleaned_data["closed_on"], reason=close_form.cleaned_data["reason"])
            if ok:
                messages.success(request, f"{account}已关停。")
                return redirect("backoffice:new_media_account", account.pk)
        elif which not in ("edit", "update", "close"):
            return HttpResponse("未知的操作。", status=400, content_type="text/plain; charset=utf-8")
    publications = list(account.publications.select_related("record").order_by("-published_on", "-pk")[:20])
    failed = request.method == "POST"
    return render(request, "backoffice/channels/new_media_account.html", {
        "account": account, "may_manage": may_manage, "edit_form": edit_form, "update_form": update_form,
        "close_form": close_form, "publications": publications,
    }, status=400 if failed else 200)
