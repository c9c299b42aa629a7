from django.apps import AppConfig


class OversightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.oversight"
    verbose_name = "监测检查"
