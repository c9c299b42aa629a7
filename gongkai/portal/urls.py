"""The public portal. These paths are stable: other sites, printed bulletins and QR codes link to them."""

from django.urls import include, path, re_path

from gongkai.portal import views

app_name = "portal"

CODE = r"(?P<code>[0-9]{12})"

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("elder-mode/", views.elder_mode, name="elder_mode"),
    re_path(rf"^j/{CODE}/$", views.jurisdiction_home, name="jurisdiction"),
    re_path(rf"^j/{CODE}/d/(?P<slug>[-a-zA-Z0-9_]+)/$", views.domain_column, name="domain"),
    re_path(rf"^j/{CODE}/catalog/$", views.catalog_table, name="catalog"),
    re_path(rf"^j/{CODE}/catalog\.(?P<fmt>xlsx|docx|csv)$", views.catalog_download, name="download"),
    re_path(rf"^j/{CODE}/versions/$", views.version_history, name="versions"),
    re_path(rf"^j/{CODE}/v/(?P<label>[^/]+)/$", views.version_detail, name="version"),
    re_path(rf"^j/{CODE}/v/(?P<label>[^/]+)/catalog\.(?P<fmt>xlsx|docx|csv)$", views.catalog_download,
            name="version_download"),
    path("", include("gongkai.portal.urls_records")),
    path("", include("gongkai.portal.urls_requests")),
    path("", include("gongkai.portal.urls_reports")),
    path("", include("gongkai.portal.urls_notices")),
    path("", include("gongkai.portal.urls_consultations")),
    path("", include("gongkai.portal.urls_messages")),
    path("", include("gongkai.portal.urls_map")),
    path("", include("gongkai.portal.urls_services")),
    path("", include("gongkai.portal.urls_column")),
    # Anything else under /j/ gets the portal's own Chinese "not found" page.
    re_path(r"^j/", views.not_found, name="not_found"),
]
