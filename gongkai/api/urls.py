"""/api/v1/: every route is an operation of the one `NinjaAPI` (gongkai/api/api.py), included in gongkai/urls.py
under the namespace "api"."""

from gongkai.api.api import urls

api_urls = urls()
