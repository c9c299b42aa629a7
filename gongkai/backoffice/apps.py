from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "gongkai.backoffice"
    label = "backoffice"
