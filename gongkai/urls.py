from django.urls import include, path

from gongkai.api.urls import api_urls
from gongkai.core import error_pages

urlpatterns = [
    path("favicon.ico", error_pages.favicon),
    path("accounts/", include("gongkai.accounts.urls")),
    path("admin/", include("gongkai.backoffice.urls")),
    path("api/v1/", api_urls),
    path("", include("gongkai.portal.urls")),
]

# Chinese pages (JSON on /api/) for every error; see gongkai/core/error_pages.py.
handler400 = error_pages.bad_request
handler403 = error_pages.permission_denied
handler404 = error_pages.page_not_found
handler500 = error_pages.server_error
