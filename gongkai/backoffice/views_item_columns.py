"""Adding columns to an item's entry schema from the entries screen: the office of the catalog's jurisdiction
gives an item whose 要素 are one sentence (义务教育学生资助政策) the columns its lists need (姓名, 学校, 资助金额).
The decision is `catalog.services.catalog_item_columns_add` (policy-checked, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from gongkai.accounts.policies import Action
from gongkai.backoffice.forms_publishing import EntryColumnForm
from gongkai.backoffice.plumbing import backoffice_view, guard
from gongkai.catalog import services
from gongkai.core.errors import ValidationFailed
from gongkai.publishing import selectors


@backoffice_view
@require_POST
def entry_columns_add(request, pk, item_pk):
    record = get_object_or_404(selectors.records_for(request.user), pk=pk)
    item = get_object_or_404(record.items.select_related("version__catalog"), pk=item_pk)
    guard(request, Action.EDIT_CATALOG, item.version.catalog)
    form = EntryColumnForm(request.POST)
    if form.is_valid():
        column = form.column()
        try:
            services.catalog_item_columns_add(actor=request.user, item=item, fields=[column])
        except ValidationFailed as exc:
            messages.error(request, f"未能增加列：{exc}")
        else:
            messages.success(request, f"已为“{item.name}”增加明细列“{column['name']}”；已填的明细不受影响。")
    else:
        errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"未能增加列：{errors}")
    return redirect("backoffice:record_entries", record.pk, item.pk)
