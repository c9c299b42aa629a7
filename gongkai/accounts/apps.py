from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    label = "accounts"

    def ready(self):
        from gongkai.accounts import signals  # noqa: F401  (connects the audit receivers)
