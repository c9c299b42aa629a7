"""登录锁定: the accounts and source addresses locked out after failed logins, and lifting them
(accounts.lockouts; MANAGE_ACCOUNTS, audited)."""

from __future__ import annotations

import ipaddress

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts import lockouts
from gongkai.accounts.backends import client_ip
from gongkai.accounts.policies import Action
from gongkai.backoffice.plumbing import backoffice_view, guard


@backoffice_view
def lockout_list(request):
    guard(request, Action.MANAGE_ACCOUNTS)
    return render(request, "backoffice/accounts/lockouts.html", {
        "accounts": lockouts.locked_accounts(user=request.user),
        "addresses": lockouts.locked_addresses(user=request.user),
    })


@backoffice_view
@require_POST
def lockout_lift_account(request, pk: int):
    guard(request, Action.MANAGE_ACCOUNTS)
    account = get_object_or_404(lockouts.locked_accounts(user=request.user), pk=pk)
    lockouts.account_unlock(actor=request.user, user=account, ip_address=client_ip(request))
    messages.success(request, f"已解除账号 {account.username} 的登录锁定。")
    return redirect("backoffice:lockouts")


@backoffice_view
@require_POST
def lockout_lift_address(request):
    guard(request, Action.MANAGE_ACCOUNTS)
    address = request.POST.get("address", "").strip()
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise Http404("地址无效。")
    if address not in {a.address for a in lockouts.locked_addresses(user=request.user)}:
        raise Http404("该地址当前未被锁定。")
    lockouts.address_unlock(actor=request.user, address=address, ip_address=client_ip(request))
    messages.success(request, f"已解除来源地址 {address} 的登录锁定。")
    return redirect("backoffice:lockouts")
