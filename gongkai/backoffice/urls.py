"""The back office. Each area keeps its own URL module so that screens can grow without collisions."""

from django.urls import include, path

from gongkai.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("large-type/", views.large_type, name="large_type"),
    path("", include("gongkai.backoffice.urls_accounts")),
    path("", include("gongkai.backoffice.urls_organizations")),
    path("", include("gongkai.backoffice.urls_catalog")),
    path("", include("gongkai.backoffice.urls_lists")),
    path("", include("gongkai.backoffice.urls_publishing")),
    path("", include("gongkai.backoffice.urls_channels")),
    path("", include("gongkai.backoffice.urls_consultations")),
    path("", include("gongkai.backoffice.urls_interaction")),
    path("", include("gongkai.backoffice.urls_requests")),
    path("", include("gongkai.backoffice.urls_reports")),
    path("", include("gongkai.backoffice.urls_calendar")),
    path("", include("gongkai.backoffice.urls_oversight")),
    path("", include("gongkai.backoffice.urls_guides")),
    path("", include("gongkai.backoffice.urls_columns")),
]
