"""依申请公开 on the portal: the request form, the page after it, and tracking by code."""

from django.urls import path, re_path

from gongkai.portal import views_requests as views

CODE = r"(?P<code>[0-9]{12})"

urlpatterns = [
    path("requests/new/", views.request_choose, name="request_choose"),
    re_path(rf"^j/{CODE}/requests/new/$", views.request_new, name="request_new"),
    path("requests/submitted/", views.request_submitted, name="request_submitted"),
    path("requests/track/", views.request_track, name="request_track"),
]
