"""Organisation screens: jurisdictions and their units, units, the domain-to-unit table."""

from django.urls import path

from gongkai.backoffice import views_organizations as views

urlpatterns = [
    path("jurisdictions/", views.jurisdictions, name="jurisdictions"),
    path("jurisdictions/<int:pk>/domains/", views.jurisdiction_domains, name="jurisdiction_domains"),
    path("jurisdictions/<int:pk>/domains/export/", views.jurisdiction_domains_export, name="jurisdiction_domains_export"),
    path("jurisdictions/<int:pk>/domains/import/", views.jurisdiction_domains_import, name="jurisdiction_domains_import"),
    path("jurisdictions/<int:pk>/boundary/", views.jurisdiction_boundary, name="jurisdiction_boundary"),
    path("units/", views.units, name="units"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
]
