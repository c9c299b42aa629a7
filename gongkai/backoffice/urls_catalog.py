"""Catalog screens: the national standard catalog and each jurisdiction's catalog, versions and items."""

from django.urls import path

from gongkai.backoffice import views_catalog as views

urlpatterns = [
    path("standard/", views.standard_domains, name="standard_domains"),
    path("standard/search/", views.standard_search, name="standard_search"),
    path("standard/<slug:slug>/", views.standard_domain, name="standard_domain"),
    path("catalogs/", views.catalogs, name="catalogs"),
    path("catalogs/new/", views.catalog_create, name="catalog_create"),
    path("catalogs/<int:pk>/", views.catalog_detail, name="catalog"),
    path("catalogs/<int:pk>/adopt/", views.reference_adopt, name="reference_adopt"),
    path("catalogs/<int:pk>/adoptions/<int:version_pk>/", views.reference_adoption, name="reference_adoption"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/adopt/", views.version_adopt, name="version_adopt"),
    path("versions/<int:pk>/village-topics/", views.version_village_topics, name="version_village_topics"),
    path("versions/<int:pk>/domains/<slug:slug>/", views.version_domain, name="version_domain"),
    path("versions/<int:pk>/items/new/", views.item_add, name="item_add"),
    *[path(f"versions/<int:pk>/{step}/", views.version_move, {"step": step}, name=f"version_{step}")
      for step in views.VERSION.steps],
    path("versions/<int:pk>/compare/", views.version_compare, name="version_compare"),
    path("versions/<int:pk>/export/<str:fmt>/", views.version_export, name="version_export"),
    path("versions/<int:pk>/import/", views.version_import, name="version_import"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/applicable/", views.item_applicable, name="item_applicable"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
]
