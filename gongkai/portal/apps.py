from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"

    def ready(self):
        # Records published, revised or withdrawn reach the search index and the cached pages.
        from gongkai.portal import search_index

        search_index.connect()
