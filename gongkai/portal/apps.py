from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"

    def ready(self):
        # A record published, revised or withdrawn drops the cached pages that list it.
        from gongkai.portal import page_cache

        page_cache.connect()
