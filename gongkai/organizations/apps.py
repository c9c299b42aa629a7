from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "gongkai.organizations"
    label = "organizations"
