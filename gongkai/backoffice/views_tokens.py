"""接口访问令牌: staff create, list and revoke the tokens of the staff API (/api/v1/staff/…) here, for their own
account or — with account management rights — for an account they may manage (Action.MANAGE_ACCOUNTS on that
account, with its 三员分立 rule). accounts.tokens decides who may (and audits every creation and revocation); a new token is shown once, on the answer to the POST, after its creator has entered their own password again."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts import tokens
from gongkai.accounts.backends import client_ip
from gongkai.accounts.models import ApiToken, User
from gongkai.accounts.policies import Action
from gongkai.backoffice.forms_tokens import TokenCreateForm
from gongkai.backoffice.plumbing import attempt, backoffice_view, guard, posted
from gongkai.core import clock
from gongkai.core.errors import ValidationFailed
from gongkai.core.paging import page_of

PAGE_SIZE = 50


def _owner(request, pk: int | None) -> User:
    if pk is None or pk == request.user.pk:
        return request.user
    account = get_object_or_404(User.objects.select_related("unit__jurisdiction"), pk=pk)
    if not tokens.may_manage(request.user, account):
        guard(request, Action.MANAGE_ACCOUNTS, account)  # the 403 page, and the refusal in the audit log
    return account


def _back(owner: User, request):
    if owner.pk == request.user.pk:
        return redirect("backoffice:tokens")
    return redirect("backoffice:account_tokens", pk=owner.pk)


@backoffice_view
def token_list(request, pk: int | None = None):
    owner = _owner(request, pk)
    form = TokenCreateForm(posted(request), actor=request.user, address=client_ip(request))
    if request.method == "POST" and form.is_valid():
        created, done = attempt(form, tokens.api_token_create, actor=request.user, owner=owner,
                                name=form.cleaned_data["name"], days=form.cleaned_data["days"],
                                ip_address=client_ip(request))
        if done:
            return render(request, "backoffice/tokens/shown.html", {"owner": owner, "created": created,
                                                                    "own": owner.pk == request.user.pk})
    return render(request, "backoffice/tokens/list.html", {
        "owner": owner, "own": owner.pk == request.user.pk, "form": form, "now": clock.now(),
        "page": page_of(tokens.tokens_of_owner(owner), PAGE_SIZE, request.GET.get("page")),
    })


@backoffice_view
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.select_related("owner__unit"), pk=pk)
    if not tokens.may_manage(request.user, token.owner):
        raise Http404("没有这个令牌。")  # another account's token: as if absent
    try:
        tokens.api_token_revoke(actor=request.user, token=token, ip_address=client_ip(request))
    except ValidationFailed as exc:  # already revoked; a refusal goes on to the 403 page
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已吊销令牌“{token.name}”，使用它的接口调用将被拒绝。")
    return _back(token.owner, request)
