"""Accounts (disclosure office, system administrator), API tokens (every staff member for their own account) and
the audit log (auditor)."""

from django.urls import path, re_path

from gongkai.backoffice import views_accounts as accounts
from gongkai.backoffice import views_audit as audit
from gongkai.backoffice import views_lockouts as lockouts
from gongkai.backoffice import views_tokens as tokens

urlpatterns = [
    path("accounts/", accounts.account_list, name="accounts"),
    path("accounts/new/", accounts.account_create, name="account_create"),
    path("accounts/import/", accounts.account_import, name="account_import"),
    path("accounts/import/confirm/", accounts.account_import_confirm, name="account_import_confirm"),
    path("accounts/import/initial-passwords.csv", accounts.account_import_passwords,
         name="account_import_passwords"),
    path("accounts/<int:pk>/", accounts.account_detail, name="account_detail"),
    path("accounts/<int:pk>/deactivate/", accounts.account_deactivate, name="account_deactivate"),
    path("accounts/<int:pk>/password/", accounts.account_reset_password, name="account_reset_password"),
    path("accounts/<int:pk>/tokens/", tokens.token_list, name="account_tokens"),
    path("accounts/lockouts/", lockouts.lockout_list, name="lockouts"),
    path("accounts/lockouts/account/<int:pk>/", lockouts.lockout_lift_account, name="lockout_lift_account"),
    path("accounts/lockouts/address/", lockouts.lockout_lift_address, name="lockout_lift_address"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("audit/", audit.audit_list, name="audit"),
    path("audit/verify/", audit.audit_verify, name="audit_verify"),
    re_path(r"^audit/export\.(?P<fmt>csv|xlsx)$", audit.audit_export, name="audit_export"),
    path("audit/<int:pk>/", audit.audit_detail, name="audit_detail"),
]
