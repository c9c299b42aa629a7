"""/api/v1/: every route is an operation of the one `NinjaAPI` (gongkai/api/api.py), included in gongkai/urls.py
under the namespace "api". The route modules register their operations on it when imported here (they import
api.py; api.py imports none of them)."""

from gongkai.api import (  # noqa: F401 — register
    routes_catalog,
    routes_columns,
    routes_records,
    routes_services,
    routes_staff,
)
from gongkai.api.api import api, wrapped

_patterns, _app_name, _namespace = api.urls
# `api.urls` with every view wrapped by `delivered` (ETag, 304, Cache-Control, the one error format).
api_urls = (wrapped(_patterns), _app_name, _namespace)
