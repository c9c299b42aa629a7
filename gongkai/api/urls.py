from django.urls import path

from gongkai.api import views, views_records

app_name = "api"
urlpatterns = [
    path("", views.root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    path("domains", views.domains, name="domains"),
    path("jurisdictions/<str:code>/catalog", views.jurisdiction_catalog, name="jurisdiction_catalog"),
    path("records", views_records.records, name="records"),  # public records (views_records.py)
    path("records/<int:pk>", views_records.record, name="record"),
]
