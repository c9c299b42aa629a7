from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration data set of 邵阳市大祥区 (`gongkai demo`): a data builder standing on every
    domain app, and on `exchange` where the demo brings a file in through an importer."""

    name = "gongkai.demo"
    label = "demo"
