"""The disclosure map (公开地图) of a jurisdiction and its shapes."""

from django.urls import re_path

from gongkai.portal import views_map

CODE = r"(?P<code>[0-9]{12})"

urlpatterns = [
    re_path(rf"^j/{CODE}/map/$", views_map.disclosure_map, name="map"),
    re_path(rf"^j/{CODE}/map\.geojson$", views_map.map_features, name="map_features"),
]
