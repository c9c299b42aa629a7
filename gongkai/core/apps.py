from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"

    def ready(self):
        from gongkai.core import checks  # noqa: F401 — registers the installation's system checks
