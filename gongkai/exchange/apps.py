from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "gongkai.exchange"
    label = "exchange"
