from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "gongkai.channels"
    label = "channels"
    verbose_name = "发布渠道"
