from django.urls import include, path

urlpatterns = [
    path("accounts/", include("gongkai.accounts.urls")),
    path("admin/", include("gongkai.backoffice.urls")),
    path("api/v1/", include("gongkai.api.urls")),
    path("", include("gongkai.portal.urls")),
]
