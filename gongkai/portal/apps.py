from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"

    def ready(self):
        # Publishing (records, catalogs), the domain table, units, guides and 高频事项 drop the cached pages they change.
        from gongkai.portal import page_cache

        page_cache.connect()
