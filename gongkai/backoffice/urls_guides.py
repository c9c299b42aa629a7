"""办事服务 screens: the 办事指南 of catalog items (their unit, the office) and the 政务公开专区 (the office)."""

from django.urls import path

from gongkai.backoffice import views_guides as views

urlpatterns = [
    path("services/", views.guides, name="guides"),
    path("services/new/", views.guide_new, name="guide_new"),
    path("services/<int:pk>/", views.guide_edit, name="guide"),
    path("services/<int:pk>/delete/", views.guide_delete, name="guide_delete"),
    path("zones/", views.zones, name="zones"),
    path("zones/new/", views.zone_new, name="zone_new"),
    path("zones/<int:pk>/", views.zone_edit, name="zone"),
    path("zones/<int:pk>/delete/", views.zone_delete, name="zone_delete"),
    path("zones/checklist/", views.zone_checklist, name="zone_checklist"),
]
