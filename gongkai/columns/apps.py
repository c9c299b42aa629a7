from django.apps import AppConfig


class ColumnsConfig(AppConfig):
    name = "gongkai.columns"
    label = "columns"
    verbose_name = "政府信息公开专栏"
