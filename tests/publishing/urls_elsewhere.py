"""The site's addresses under /elsewhere/ (a URL configuration of a test)."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("gongkai.urls"))]
