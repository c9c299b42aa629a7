"""The project's URLs plus one view that fails, for the 500 pages (handlers come from gongkai.urls)."""

from django.urls import path

from gongkai.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("deliberate failure")


urlpatterns = [path("boom/", boom), path("api/v1/boom", boom), *urlpatterns]
