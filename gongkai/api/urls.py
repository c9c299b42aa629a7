from django.urls import path

from gongkai.api import views

app_name = "api"
urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    path("domains", views.domains, name="domains"),
    path("jurisdictions/<str:code>/catalog", views.jurisdiction_catalog, name="jurisdiction_catalog"),
]
