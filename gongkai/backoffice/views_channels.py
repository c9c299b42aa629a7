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
from gongkai.backoffice.forms_channels import ChannelPublicationForm, DeletePublicationForm, PrintBulletinForm
from gongkai.backoffice.plumbing import attempt, backoffice_view, posted
from gongkai.channels import selectors, services
from gongkai.channels.models import KIND_BY_CATALOG_NAME, ChannelKind, ChannelPublication
from gongkai.core.errors import ValidationFailed
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
    form = ChannelPublicationForm(posted(request), suggested=suggested_channels(record))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        publication, ok = attempt(
            form, services.channel_publication_record, actor=request.user, record=record,
            channel=data["channel"], published_on=data["published_on"], where=data["where"],
            done_by=data["done_by"], link=data["link"], note=data["note"])
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
